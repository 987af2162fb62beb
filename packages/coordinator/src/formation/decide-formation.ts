/**
 * Formation, decided: pure. From a {@link ClusterSnapshot} it decides the
 * election (first server, servers, workers, load balancer), the fencing of a
 * first server that never came up, which nodes get their assignment now,
 * and the cluster's phase and status. Nothing here reads a clock, a store
 * or the network; the formation controller applies the decision (commit,
 * then send).
 */
import type { Role } from '@k3sgrid/proto';
import { elect, isServer, type ElectionNode } from '../planner/election.js';
import type { ClusterFormation, ClusterPhase, NodeRow } from '../store/types.js';
import { archOf, byJoinOrder, isConnected, isReady, nodeIpOf, type ClusterSnapshot } from './snapshot.js';

/** An event the decision asks to record. */
export interface DecidedEvent {
  type: string;
  message: string;
  data: Record<string, unknown>;
  nodeId: string | null;
}

export interface FormationDecision {
  /** Role changes to commit. */
  roles: Array<{ nodeId: string; role: Role }>;
  /** Formation fields to commit. */
  formation: Partial<ClusterFormation>;
  /** A new fencing epoch to commit (the first server was fenced out). */
  epoch?: number;
  /** Generate the cluster's server and agent token secrets (once). */
  newSecrets: boolean;
  /** Nodes that should hold their assignment now, in order (built, committed if changed, sent). */
  assign: string[];
  status: { phase: ClusterPhase; message: string };
  events: DecidedEvent[];
  /** Ask for another pass (something changed that the next pass builds on). */
  again: boolean;
}

const none = (status: FormationDecision['status'], extra: Partial<FormationDecision> = {}): FormationDecision => ({
  roles: [],
  formation: {},
  newSecrets: false,
  assign: [],
  status,
  events: [],
  again: false,
  ...extra,
});

/** At most 10 names, then a count: a 1,000-node status must stay readable. */
export function summarize(items: string[]): string {
  return items.length <= 10 ? items.join(', ') : `${items.slice(0, 10).join(', ')} and ${items.length - 10} more`;
}

/** Which (arch → node names) of the snapshot lack a held release. */
export function missingReleases(s: ClusterSnapshot, nodes: readonly NodeRow[]): Map<string, string[]> {
  const missing = new Map<string, string[]>();
  for (const n of nodes) {
    if (!n.report) continue;
    const arch = archOf(n) ?? `unsupported arch ${n.report.arch || '(none)'}`;
    if (s.releases.has(arch)) continue;
    missing.set(arch, [...(missing.get(arch) ?? []), n.name]);
  }
  return missing;
}

function releaseHold(s: ClusterSnapshot, missing: Map<string, string[]>): string {
  const v = s.cluster.spec.k3sVersion;
  return [...missing]
    .map(([arch, names]) =>
      arch.startsWith('unsupported')
        ? `k3s has no binary for ${arch} (nodes ${summarize(names)})`
        : `the coordinator holds no k3s ${v} for ${arch} (nodes ${summarize(names)}): k3sgrid release import --version ${v} --arch ${arch} --file ./k3s, or k3sgrid release fetch ${v} --arch ${arch}`,
    )
    .join('; ');
}

export function decideFormation(s: ClusterSnapshot): FormationDecision {
  const c = s.cluster;
  const f = c.formation;
  if (f.haltReason)
    return none({
      phase: 'halted',
      message: `${f.haltReason}; nothing more is assigned until an operator runs k3sgrid cluster resume ${c.name}`,
    });
  const plan = s.plan;
  if (!plan) return none({ phase: 'pending', message: 'waiting for the first node to enroll and report' });
  // An explicit storage or CNI choice that no node set can meet holds formation (before anything starts).
  if (!f.initNodeId) {
    const blocked = [
      plan.storage.choice === null ? plan.storage.error : null,
      plan.cni.choice === null ? plan.cni.error : null,
    ].filter(Boolean);
    if (blocked.length > 0) return none({ phase: 'pending', message: `formation held: ${blocked.join('; ')}` });
    const missing = missingReleases(s, s.nodes);
    if (missing.size > 0) return none({ phase: 'pending', message: `formation held: ${releaseHold(s, missing)}` });
  }

  const events: DecidedEvent[] = [];
  const roles = new Map(s.nodes.map((n) => [n.id, n.role]));
  const changes: Array<{ nodeId: string; role: Role }> = [];
  const setRole = (n: NodeRow, role: Role): void => {
    roles.set(n.id, role);
    changes.push({ nodeId: n.id, role });
  };
  // A formed cluster (its CA is known) never gets a second cluster-init: a
  // first server that is gone hands its pointer to another server, and a
  // machine taking over its name joins as a plain server.
  const formed = f.caHash !== '';
  let initId = f.initNodeId;
  const formation: Partial<ClusterFormation> = {};
  if (formed) {
    for (const n of s.nodes)
      if (n.role === 'server-init' && n.id !== initId) {
        setRole(n, 'server');
        events.push({
          type: 'formation.role-normalized',
          message: `${n.name} joins the formed cluster as a server, never with cluster-init`,
          data: { node: n.name },
          nodeId: n.id,
        });
      }
    if (!s.nodes.some((n) => n.id === initId)) {
      const servers = s.nodes.filter((n) => isServer(roles.get(n.id) ?? 'none')).sort(byJoinOrder);
      const next = servers.find((n) => isReady(s, n)) ?? servers[0];
      if (!next)
        return none({
          phase: 'degraded',
          message: 'no server of this cluster is left: restore it from a snapshot onto new nodes',
        });
      initId = next.id;
      formation.initNodeId = next.id;
      events.push({
        type: 'formation.first-server-moved',
        message: `the first server is gone; ${next.name} takes its place (it keeps its server role: the cluster exists, no cluster-init)`,
        data: { node: next.name },
        nodeId: next.id,
      });
    }
  }

  // ---- election (kept roles; only missing ones are decided)
  const usable = (name: string): boolean =>
    (plan.storage.choice ? (plan.storage.options[plan.storage.choice].perNode[name]?.usable ?? false) : false) &&
    (plan.cni.choice ? (plan.cni.options[plan.cni.choice].perNode[name]?.usable ?? false) : false);
  const firstEnrolled = Math.min(...s.nodes.map((n) => n.enrolledAt));
  // After a fencing (epoch > 1) the cluster already waited once: elect at once.
  const timedOut = c.epoch > 1 || s.now - firstEnrolled >= c.spec.formation.timeoutSeconds * 1000;
  // A server being demoted stays out of election (role none) until its
  // member is gone and it stopped k3s; then it may be elected a worker.
  const demoting = f.operation?.state === 'running' ? (f.operation.demoting?.nodeId ?? null) : null;
  const electionNodes: ElectionNode[] = s.nodes.map((n) => ({
    id: n.id,
    name: n.name,
    connected: isConnected(s, n) && n.id !== demoting,
    revoked: false,
    enrolledAt: n.enrolledAt,
    allowedRoles: n.allowedRoles,
    role: roles.get(n.id) ?? n.role,
    report: n.report,
    meetsPlan: usable(n.name),
  }));
  const result = elect({
    servers: c.spec.servers,
    registration: c.spec.registration.mode,
    failureDomainKey: c.spec.failureDomainKey === 'none' ? 'none' : 'farm',
    minNodes: c.spec.formation.minNodes,
    timedOut,
    initNodeId: initId,
    lbNodeId: f.lbNodeId,
    nodes: electionNodes,
  });
  const elected: Array<{ nodeId: string; role: Role }> = [];
  for (const n of s.nodes) {
    const r = result.roles.get(n.id) ?? roles.get(n.id) ?? n.role;
    if (r === (roles.get(n.id) ?? n.role)) continue;
    setRole(n, r);
    elected.push({ nodeId: n.id, role: r });
  }
  if (result.initNodeId !== initId) {
    formation.initNodeId = result.initNodeId;
    formation.initAssignedAt = s.now;
  }
  if (result.lbNodeId !== f.lbNodeId) formation.lbNodeId = result.lbNodeId;
  const newSecrets = !f.serverTokenSealed && result.initNodeId !== null;
  const byId = new Map(s.nodes.map((n) => [n.id, n]));
  const init = result.initNodeId ? byId.get(result.initNodeId) : undefined;
  const lb = result.lbNodeId ? byId.get(result.lbNodeId) : undefined;
  const mode = c.spec.registration.mode;
  const regAddr =
    mode === 'lb'
      ? lb
        ? nodeIpOf(lb)
        : ''
      : mode === 'server'
        ? init
          ? nodeIpOf(init)
          : ''
        : (c.spec.registration.address ?? '');
  if (regAddr && regAddr !== f.registrationAddress) formation.registrationAddress = regAddr;
  if (elected.length > 0)
    events.push({
      type: 'election',
      message: `cluster ${c.name} epoch ${c.epoch}: ${result.reasons.join('; ')}`,
      data: { reasons: result.reasons, roles: elected },
      nodeId: null,
    });
  const decided = (extra: Partial<FormationDecision>, status: FormationDecision['status']): FormationDecision => ({
    roles: changes,
    formation,
    newSecrets,
    assign: [],
    status,
    events,
    again: false,
    ...extra,
  });
  if (!init) return decided({}, { phase: 'pending', message: result.waiting ?? 'waiting' });
  const roleOf = (n: NodeRow): Role => roles.get(n.id) ?? n.role;

  // ---- fencing: a first server that never came up and cannot be reached is
  // abandoned with its epoch; every assignment of the new epoch supersedes it.
  const grace = (c.spec.formation.bootstrapGraceSeconds ?? 300) * 1000;
  const assignedAt = formation.initAssignedAt ?? f.initAssignedAt;
  if (
    !formed &&
    !isConnected(s, init) &&
    assignedAt !== null &&
    assignedAt !== undefined &&
    s.now - assignedAt > grace
  ) {
    return {
      roles: [...changes, { nodeId: init.id, role: 'none' }],
      formation: {
        ...formation,
        initNodeId: null,
        initAssignedAt: null,
        ...(mode === 'server' ? { registrationAddress: '' } : {}),
      },
      epoch: c.epoch + 1,
      newSecrets,
      assign: [],
      status: { phase: 'pending', message: `first server ${init.name} was fenced out` },
      events: [
        ...events,
        {
          type: 'formation.fenced',
          message: `first server ${init.name} did not become ready and is unreachable after ${grace / 1000}s: epoch ${c.epoch + 1} elects a new first server`,
          data: { from: c.epoch, to: c.epoch + 1, node: init.name },
          nodeId: init.id,
        },
      ],
      again: true,
    };
  }

  // ---- who gets an assignment now
  const ready = (n: NodeRow | undefined): boolean => (n ? isReady(s, { ...n, role: roleOf(n) }) : false);
  const initReady = ready(init);
  const caHash = f.caHash;
  // Joiners need a live cluster: the first server until formation, then any ready server.
  const clusterUp = initReady || (f.readyAt !== null && s.nodes.some((n) => isServer(roleOf(n)) && ready(n)));
  const lbReady = mode !== 'lb' || ready(lb);
  const joiners = s.nodes.filter((n) => roleOf(n) === 'server').sort(byJoinOrder);
  const assign: string[] = [];
  const blocked: string[] = [];
  const k3sNodes = s.nodes.filter((n) => roleOf(n) !== 'lb' && roleOf(n) !== 'none');
  const missing = missingReleases(s, k3sNodes);
  const lacking = new Set([...missing.values()].flat());
  for (const n of s.nodes) {
    const role = roleOf(n);
    // A node with nothing to run gets a `none` assignment only to supersede
    // an older epoch's (it stops k3s and moves a fenced datastore aside).
    if (role === 'none' && !(n.assignment.body && n.assignment.epoch < c.epoch) && n.id !== demoting) continue;
    if (lacking.has(n.name)) continue;
    if (s.pendingRemovals.has(n.id)) {
      // A demoted server keeps running k3s until its member is removed:
      // stopping it first takes a two-member etcd below quorum, and then
      // nothing can remove the member. Its `none` follows the removal.
      if (role !== 'none')
        blocked.push(
          `${n.name} (waiting for the old etcd member of ${s.pendingRemovals.get(n.id) ?? n.name} to be removed)`,
        );
      continue;
    }
    if (role === 'server' || role === 'agent') {
      if (!clusterUp || !lbReady || !caHash) continue;
      // Servers join one at a time: etcd adds one member per step, never two unpromoted at once.
      if (role === 'server' && !joiners.slice(0, joiners.indexOf(n)).every((j) => ready(j))) continue;
    }
    assign.push(n.id);
  }

  // ---- phase
  const servers = s.nodes.filter((n) => isServer(roleOf(n)));
  const agents = s.nodes.filter((n) => roleOf(n) === 'agent');
  const allServersReady = servers.length === c.spec.servers && servers.every((x) => ready(x));
  const allAgentsReady = agents.every((a) => ready(a));
  const notes = [
    missing.size > 0 ? `held: ${releaseHold(s, missing)}` : '',
    blocked.length > 0 ? `held: ${summarize(blocked)}` : '',
  ].filter(Boolean);
  const withNotes = (m: string): string => [m, ...notes].filter(Boolean).join('; ');
  let status: FormationDecision['status'];
  if (!initReady && !f.readyAt)
    status = { phase: 'bootstrapping', message: withNotes(`first server ${init.name} is starting`) };
  else if (allServersReady && allAgentsReady && lbReady && notes.length === 0) {
    status = { phase: 'ready', message: '' };
    if (!f.readyAt) formation.readyAt = s.now;
  } else {
    const notReady = [...servers, ...agents, ...(lb ? [lb] : [])]
      .filter((n) => !ready(n))
      .map((n) => `${n.name} (${roleOf(n)}, ${isConnected(s, n) ? n.phase : 'disconnected'})`);
    const missingServers = c.spec.servers - servers.length;
    if (f.readyAt && servers.some((x) => !ready(x)))
      status = { phase: 'degraded', message: withNotes(`not ready: ${summarize(notReady)}`) };
    else
      status = {
        phase: 'forming',
        message: withNotes(
          [
            notReady.length ? `waiting for ${summarize(notReady)}` : '',
            missingServers > 0 ? `${missingServers} more server(s) wanted: enroll more nodes` : '',
          ]
            .filter(Boolean)
            .join('; '),
        ),
      };
  }
  return decided({ assign }, status);
}
