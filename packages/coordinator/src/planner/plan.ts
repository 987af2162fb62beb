/**
 * The planner: pure functions from capability reports to a storage and CNI
 * decision, with every verdict explained in words an operator can act on
 * ("longhorn needs iscsiadm (open-iscsi) on node n3; missing").
 */
import type { CapabilityReport } from '@k3sgrid/proto';
import {
  CALICO_MODULES,
  CATALOG_VERSION,
  CEPHFS_QUOTA_KERNEL,
  CNI_OPTIONS,
  LABEL_PREFIX,
  MOD,
  ROOK_MIN_NODES,
  STORAGE_AUTO_ORDER,
  STORAGE_OPTIONS,
  TOOL,
  USABLE_STATES,
  type CniOption,
  type ModuleRequirement,
  type StorageOption,
  type ToolRequirement,
} from './catalog.js';
import { PlanInputError } from './errors.js';

/** One node as the planner sees it. */
export interface PlanNode {
  name: string;
  report: CapabilityReport;
  /** Will hold volumes (longhorn replicas, ceph OSDs). Default true. */
  storage?: boolean;
  /** Will mount volumes (NFS clients, longhorn RWX). Default true. */
  mounts?: boolean;
}

/** What the cluster asks for. */
export interface PlanInput {
  nodes: PlanNode[];
  storage: StorageOption | 'auto';
  cni: CniOption | 'auto';
  /** Pod traffic between nodes must be encrypted. */
  encryption: boolean;
  /** Longhorn ReadWriteMany volumes (NFS-backed share manager). */
  longhornRwx?: boolean;
  /** Rook-Ceph with CephFS as well as RBD. */
  cephfs?: boolean;
}

/** Verdict for one node and one option. */
export interface NodeVerdict {
  usable: boolean;
  /** Why not (blocking), or why it does not apply. */
  reasons: string[];
}

/** Verdict for one option over the whole cluster. */
export interface OptionVerdict {
  usable: boolean;
  /** Blocking reasons when not usable; a one-line justification when usable. */
  reasons: string[];
  /** Usable, but the operator should know (config-only evidence, old kernel, no encryption). */
  warnings: string[];
  perNode: Record<string, NodeVerdict>;
}

/** A decision among options of one kind. */
export interface Decision<O extends string> {
  requested: O | 'auto';
  /** The chosen option, or null when the request cannot be met. */
  choice: O | null;
  options: Record<O, OptionVerdict>;
  /** Warnings about the choice itself (e.g. a fallback). */
  warnings: string[];
  /** Set when choice is null: every node and every missing piece. */
  error?: string;
}

/** The planner's output. */
export interface Plan {
  catalogVersion: string;
  storage: Decision<StorageOption>;
  cni: Decision<CniOption>;
  /** Per node, capability labels in k3s `node-label` form (`key=value`). */
  labels: Record<string, string[]>;
}

/** Result of one requirement check on one node. */
export interface Check {
  ok: boolean;
  /** Blocking reason when not ok. */
  reason?: string;
  /** Usable only on the kernel config's word: which module, how built, which file. */
  configOnly?: { module: string; kind: 'module' | 'builtin'; source: string };
}

function moduleName(s: string): string {
  return s.replace(/-/g, '_');
}

/** Checks one kernel module on one node for an option. */
export function checkModule(option: string, node: PlanNode, req: ModuleRequirement): Check {
  const fact = node.report.modules.find((m) => moduleName(m.name) === moduleName(req.module));
  const state = fact?.state ?? 'unknown';
  const source = fact?.sourceFile || 'kernel config';
  if (USABLE_STATES.has(state)) {
    if (state === 'config-module') return { ok: true, configOnly: { module: req.module, kind: 'module', source } };
    if (state === 'config-builtin') return { ok: true, configOnly: { module: req.module, kind: 'builtin', source } };
    return { ok: true };
  }
  const purpose = req.purpose !== undefined ? ` ${req.purpose}` : '';
  const why =
    state === 'absent' ? `absent per ${source}` : 'unknown (no module list, loaded module or kernel config said so)';
  return {
    ok: false,
    reason: `${option} needs kernel module ${req.module} (CONFIG_${req.configSymbol})${purpose} on node ${node.name}; ${why}`,
  };
}

/**
 * Warnings for modules known only from the kernel config, one line per node
 * and kind so a calico plan does not repeat itself eight times.
 */
export function configOnlyWarnings(option: string, nodeName: string, checks: readonly Check[]): string[] {
  const out: string[] = [];
  for (const kind of ['module', 'builtin'] as const) {
    const hits = checks.flatMap((c) => (c.ok && c.configOnly?.kind === kind ? [c.configOnly] : []));
    const first = hits[0];
    if (first === undefined) continue;
    const names = [...new Set(hits.map((h) => h.module))];
    const plural = names.length > 1;
    const what =
      kind === 'module'
        ? `${plural ? 'are' : 'is'} built as ${plural ? 'modules' : 'a module'} per kernel config (${first.source}); module files not verified`
        : `${plural ? 'are' : 'is'} built in per kernel config (${first.source}); not confirmed by the running kernel`;
    out.push(`${option}: ${names.join(', ')} on node ${nodeName} ${what}`);
  }
  return out;
}

/** Checks one userland tool on one node for an option. */
export function checkTool(option: string, node: PlanNode, req: ToolRequirement): Check {
  const fact = node.report.tools.find((t) => t.name === req.tool);
  if (fact?.present) return { ok: true };
  return { ok: false, reason: `${option} needs ${req.tool} (${req.pkg}) on node ${node.name}; missing` };
}

/** Major and minor of a kernel release such as `4.14.82-Zero-OS`, or null. */
export function parseKernelVersion(release: string): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(release);
  return m?.[1] !== undefined && m[2] !== undefined ? [Number(m[1]), Number(m[2])] : null;
}

function hasUnusedDisk(r: CapabilityReport): boolean {
  return r.disks.some((d) => d.unused);
}

interface NodeEval {
  verdict: NodeVerdict;
  warnings: string[];
}

function evalChecks(option: string, nodeName: string, checks: readonly Check[]): NodeEval {
  return {
    verdict: {
      usable: checks.every((c) => c.ok),
      reasons: checks.flatMap((c) => (c.reason !== undefined ? [c.reason] : [])),
    },
    warnings: configOnlyWarnings(option, nodeName, checks),
  };
}

/** Per-node capability checks of each option, independent of node roles (labels use these too). */
function storageChecks(option: StorageOption, node: PlanNode, input: PlanInput): { hold: Check[]; mount: Check[] } {
  switch (option) {
    case 'local-path':
      return { hold: [], mount: [] };
    case 'longhorn':
      return {
        hold: [checkModule(option, node, MOD.iscsi_tcp), checkTool(option, node, TOOL.iscsiadm)],
        mount: input.longhornRwx
          ? [checkTool(`${option} RWX`, node, TOOL.mountNfs), checkModule(`${option} RWX`, node, MOD.nfsv4)]
          : [],
      };
    case 'rook-ceph':
      return {
        hold: [
          checkModule(option, node, MOD.rbd),
          ...(input.cephfs ? [checkModule('rook-ceph CephFS', node, MOD.ceph)] : []),
        ],
        mount: [],
      };
    case 'nfs':
      return { hold: [], mount: [checkTool(option, node, TOOL.mountNfs), checkModule(option, node, MOD.nfs)] };
  }
}

function cniChecks(option: CniOption, node: PlanNode, input: PlanInput): Check[] {
  switch (option) {
    case 'flannel-vxlan':
      return [checkModule(option, node, MOD.vxlan)];
    case 'flannel-wireguard':
      return [checkModule(option, node, MOD.wireguard)];
    case 'calico':
      // Calico encrypts with WireGuard, so encryption adds that module.
      return [
        ...CALICO_MODULES.map((m) => checkModule(option, node, m)),
        ...(input.encryption ? [checkModule(option, node, { ...MOD.wireguard, purpose: 'for encryption' })] : []),
      ];
  }
}

function verdictFrom(
  perNodeEvals: Record<string, NodeEval>,
  extraReasons: string[],
  extraWarnings: string[],
  okText: string,
): OptionVerdict {
  const evals = Object.values(perNodeEvals);
  // Only blocking reasons count; a usable node's notes (e.g. role exemptions) stay per node.
  const reasons = [...evals.flatMap((e) => (e.verdict.usable ? [] : e.verdict.reasons)), ...extraReasons];
  const usable = reasons.length === 0;
  const perNode: Record<string, NodeVerdict> = {};
  for (const [name, e] of Object.entries(perNodeEvals)) perNode[name] = e.verdict;
  return {
    usable,
    reasons: usable ? [okText] : reasons,
    warnings: [...evals.flatMap((e) => e.warnings), ...extraWarnings],
    perNode,
  };
}

function roleText(holds: boolean, mounts: boolean): string {
  const parts = [...(holds ? [] : ['holds no volumes']), ...(mounts ? [] : ['mounts no volumes'])];
  return parts.join(' and ');
}

function evalStorage(option: StorageOption, input: PlanInput): OptionVerdict {
  const perNode: Record<string, NodeEval> = {};
  const extraReasons: string[] = [];
  const extraWarnings: string[] = [];
  for (const node of input.nodes) {
    const holds = node.storage !== false;
    const mounts = node.mounts !== false;
    const c = storageChecks(option, node, input);
    const checks = [...(holds ? c.hold : []), ...(mounts ? c.mount : [])];
    perNode[node.name] =
      c.hold.length + c.mount.length > 0 && checks.length === 0
        ? {
            verdict: { usable: true, reasons: [`not required on node ${node.name}: it ${roleText(holds, mounts)}`] },
            warnings: [],
          }
        : evalChecks(option, node.name, checks);
  }
  const storageNodes = input.nodes.filter((n) => n.storage !== false);
  if ((option === 'longhorn' || option === 'rook-ceph') && storageNodes.length === 0) {
    extraReasons.push(`${option} needs at least one node that holds volumes; none is marked for storage`);
  }
  if (option === 'rook-ceph') {
    const withRbd = storageNodes.filter((n) => checkModule(option, n, MOD.rbd).ok);
    const capable = withRbd.filter((n) => hasUnusedDisk(n.report));
    if (capable.length < ROOK_MIN_NODES) {
      const noDisk = withRbd.filter((n) => !hasUnusedDisk(n.report)).map((n) => n.name);
      const detail =
        noDisk.length > 0 ? `; no unused disk on node${noDisk.length > 1 ? 's' : ''} ${noDisk.join(', ')}` : '';
      extraReasons.push(
        `rook-ceph needs at least ${ROOK_MIN_NODES} storage nodes with rbd usable and an unused raw disk; found ${capable.length}${capable.length > 0 ? ` (${capable.map((n) => n.name).join(', ')})` : ''}${detail}`,
      );
    }
    if (input.cephfs) {
      for (const n of storageNodes) {
        const v = parseKernelVersion(n.report.kernelRelease);
        const [maj, min] = CEPHFS_QUOTA_KERNEL;
        if (v && (v[0] < maj || (v[0] === maj && v[1] < min))) {
          extraWarnings.push(
            `rook-ceph CephFS: kernel ${n.report.kernelRelease} on node ${n.name} is older than ${maj}.${min}; CephFS quotas are not enforced`,
          );
        }
      }
    }
  }
  const okText: Record<StorageOption, string> = {
    'local-path': 'always available: node-local volumes, ReadWriteOnce only',
    longhorn: `iscsi_tcp and iscsiadm present on every storage node${input.longhornRwx ? '; mount.nfs and nfsv4 on every mounting node' : ''}`,
    'rook-ceph': `rbd usable on every storage node and at least ${ROOK_MIN_NODES} with an unused disk${input.cephfs ? '; ceph usable for CephFS' : ''}`,
    nfs: 'mount.nfs and the nfs module present on every mounting node',
  };
  return verdictFrom(perNode, extraReasons, extraWarnings, okText[option]);
}

function evalCni(option: CniOption, input: PlanInput): OptionVerdict {
  const perNode: Record<string, NodeEval> = {};
  for (const node of input.nodes) perNode[node.name] = evalChecks(option, node.name, cniChecks(option, node, input));
  const warnings =
    option === 'flannel-vxlan' && input.encryption
      ? ['flannel-vxlan does not encrypt pod traffic between nodes; encryption was requested']
      : [];
  const okText: Record<CniOption, string> = {
    'flannel-vxlan': 'vxlan usable on every node',
    'flannel-wireguard': 'wireguard usable on every node (flannel wireguard-native backend, encrypted)',
    calico: `${CALICO_MODULES.map((m) => m.module).join(', ')}${input.encryption ? ', wireguard' : ''} usable on every node`,
  };
  return verdictFrom(perNode, [], warnings, okText[option]);
}

function cannotUse(kind: string, option: string, v: OptionVerdict): string {
  return `${kind} ${option} cannot be used: ${v.reasons.join('; ')}`;
}

/** Capability labels per node, `k3sgrid.io/<kind>.<capability>=true`, sorted. */
function nodeLabels(node: PlanNode, input: PlanInput): string[] {
  const out: string[] = [];
  for (const option of STORAGE_OPTIONS) {
    const c = storageChecks(option, node, input);
    let ok = [...c.hold, ...c.mount].every((x) => x.ok);
    if (option === 'rook-ceph') ok = ok && hasUnusedDisk(node.report);
    if (ok) out.push(`${LABEL_PREFIX}storage.${option}=true`);
  }
  const cniLabel: Record<CniOption, string> = {
    'flannel-vxlan': 'vxlan',
    'flannel-wireguard': 'wireguard',
    calico: 'calico',
  };
  for (const option of CNI_OPTIONS) {
    if (cniChecks(option, node, input).every((x) => x.ok)) out.push(`${LABEL_PREFIX}cni.${cniLabel[option]}=true`);
  }
  return out.sort();
}

/**
 * Plans storage and CNI for a set of nodes.
 * @throws PlanInputError when there are no nodes or two share a name.
 */
export function planCluster(input: PlanInput): Plan {
  if (input.nodes.length === 0) throw new PlanInputError('cannot plan a cluster without nodes');
  const seen = new Set<string>();
  for (const n of input.nodes) {
    if (seen.has(n.name)) throw new PlanInputError(`duplicate node name ${n.name}`);
    seen.add(n.name);
  }

  const storageOptions = Object.fromEntries(STORAGE_OPTIONS.map((o) => [o, evalStorage(o, input)])) as Record<
    StorageOption,
    OptionVerdict
  >;
  const storage: Decision<StorageOption> = {
    requested: input.storage,
    choice: null,
    options: storageOptions,
    warnings: [],
  };
  if (input.storage === 'auto') {
    storage.choice = STORAGE_AUTO_ORDER.find((o) => storageOptions[o].usable) ?? null;
    if (storage.choice === null) storage.error = 'no storage option is usable';
  } else if (storageOptions[input.storage].usable) {
    storage.choice = input.storage;
  } else {
    storage.error = cannotUse('storage', input.storage, storageOptions[input.storage]);
  }

  const cniOptions = Object.fromEntries(CNI_OPTIONS.map((o) => [o, evalCni(o, input)])) as Record<
    CniOption,
    OptionVerdict
  >;
  const cni: Decision<CniOption> = { requested: input.cni, choice: null, options: cniOptions, warnings: [] };
  if (input.cni === 'auto') {
    if (input.encryption && cniOptions['flannel-wireguard'].usable) {
      cni.choice = 'flannel-wireguard';
    } else if (cniOptions['flannel-vxlan'].usable) {
      cni.choice = 'flannel-vxlan';
      if (input.encryption) {
        cni.warnings.push(
          `encryption requested but flannel-wireguard is not usable (${cniOptions['flannel-wireguard'].reasons.join('; ')}); falling back to unencrypted flannel-vxlan`,
        );
      }
    } else {
      cni.error = `no CNI option usable automatically: ${cannotUse('cni', 'flannel-vxlan', cniOptions['flannel-vxlan'])}`;
    }
  } else if (cniOptions[input.cni].usable) {
    cni.choice = input.cni;
  } else {
    cni.error = cannotUse('cni', input.cni, cniOptions[input.cni]);
  }

  // With flannel, k3s's own network policy controller enforces
  // NetworkPolicies; without ip_set it skips itself with only a log warning
  // (k3s pkg/agent/netpol/netpol.go Run: "Skipping network policy controller
  // start, ipset ..."), so policies would silently allow everything.
  if (cni.choice === 'flannel-vxlan' || cni.choice === 'flannel-wireguard') {
    const lacking = input.nodes.filter((n) => !checkModule(cni.choice ?? '', n, MOD.ip_set).ok).map((n) => n.name);
    if (lacking.length > 0)
      cni.warnings.push(
        `NetworkPolicies will not be enforced: k3s's network policy controller needs kernel module ip_set (CONFIG_IP_SET) and skips itself without it; missing or unknown on ${lacking.length === input.nodes.length ? 'every node' : `nodes ${lacking.join(', ')}`}`,
      );
  }

  const labels: Record<string, string[]> = {};
  for (const node of input.nodes) labels[node.name] = nodeLabels(node, input);
  return { catalogVersion: CATALOG_VERSION, storage, cni, labels };
}
