import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { emptyReport, MODULE_STATES, type CapabilityReport, type ModuleStateName } from '@k3sgrid/proto';
import { registerPlanCommand } from '../src/cli/plan-command.js';
import {
  CATALOG_VERSION,
  CHARTS,
  CNI_OPTIONS,
  STORAGE_OPTIONS,
  cniManifests,
  cniToK3s,
  planCluster,
  storageManifests,
  type CniOption,
  type Plan,
  type PlanInput,
  type PlanNode,
  type StorageOption,
} from '../src/planner/index.js';

const SYMBOLS: Record<string, string> = {
  rbd: 'BLK_DEV_RBD',
  ceph: 'CEPH_FS',
  iscsi_tcp: 'ISCSI_TCP',
  nfs: 'NFS_FS',
  nfsv4: 'NFS_V4',
  ip_set: 'IP_SET',
  xt_set: 'NETFILTER_XT_SET',
  ipip: 'NET_IPIP',
  vxlan: 'VXLAN',
  wireguard: 'WIREGUARD',
  nf_conntrack_netlink: 'NF_CT_NETLINK',
  ip_tables: 'IP_NF_IPTABLES',
  ip6_tables: 'IP6_NF_IPTABLES',
  ipt_REJECT: 'IP_NF_TARGET_REJECT',
  ipt_rpfilter: 'IP_NF_MATCH_RPFILTER',
  br_netfilter: 'BRIDGE_NETFILTER',
  overlay: 'OVERLAY_FS',
  dm_crypt: 'DM_CRYPT',
};
const TOOLS = ['iscsiadm', 'mount.nfs', 'wg', 'ipset', 'iptables', 'nft', 'haproxy'];
const CALICO = [
  'ip_set',
  'xt_set',
  'nf_conntrack_netlink',
  'ip_tables',
  'ip6_tables',
  'ipt_REJECT',
  'ipt_rpfilter',
  'ipip',
];

/** A report where every module not named is absent per boot/config-<kernel>, no tools, no disks. */
function report(
  o: { modules?: Record<string, ModuleStateName>; tools?: string[]; unusedDisks?: number; kernel?: string } = {},
): CapabilityReport {
  const kernel = o.kernel ?? '6.1.0';
  return {
    ...emptyReport(),
    kernelRelease: kernel,
    kernelConfigSource: `boot/config-${kernel}`,
    modules: Object.entries(SYMBOLS).map(([name, configSymbol]) => {
      const state = o.modules?.[name] ?? 'absent';
      const sourceFile = state === 'loaded' ? 'proc/modules' : state === 'unknown' ? '' : `boot/config-${kernel}`;
      return { name, configSymbol, state, sourceFile };
    }),
    tools: TOOLS.map((name) => {
      const present = o.tools?.includes(name) ?? false;
      return { name, present, path: present ? `/usr/sbin/${name}` : '' };
    }),
    disks: Array.from({ length: o.unusedDisks ?? 0 }, (_, i) => ({
      name: `sd${String.fromCharCode(98 + i)}`,
      sizeBytes: 1e11,
      unused: true,
      type: 'disk',
    })),
  };
}
const loaded = (...names: string[]): Record<string, ModuleStateName> =>
  Object.fromEntries(names.map((n) => [n, 'loaded' as const]));
const node = (name: string, r: CapabilityReport, extra: Partial<PlanNode> = {}): PlanNode => ({
  name,
  report: r,
  ...extra,
});
const plan = (nodes: PlanNode[], o: Partial<Omit<PlanInput, 'nodes'>> = {}): Plan =>
  planCluster({ nodes, storage: 'auto', cni: 'auto', encryption: false, ...o });

const longhornNode = report({ modules: loaded('iscsi_tcp', 'vxlan'), tools: ['iscsiadm'] });
const cephNode = report({ modules: loaded('rbd', 'ceph', 'iscsi_tcp', 'vxlan'), tools: ['iscsiadm'], unusedDisks: 1 });

describe('storage rules', () => {
  interface Row {
    name: string;
    nodes: PlanNode[];
    input?: Partial<Omit<PlanInput, 'nodes'>>;
    option: StorageOption;
    usable: boolean;
    reason?: string;
    warning?: string;
  }
  const rows: Row[] = [
    {
      name: 'local-path is always usable',
      nodes: [node('n1', report())],
      option: 'local-path',
      usable: true,
      reason: 'ReadWriteOnce only',
    },
    {
      name: 'longhorn with iscsi_tcp and iscsiadm everywhere',
      nodes: [node('n1', longhornNode), node('n2', longhornNode)],
      option: 'longhorn',
      usable: true,
    },
    {
      name: 'longhorn without iscsiadm on one node',
      nodes: [node('n1', longhornNode), node('n3', report({ modules: loaded('iscsi_tcp') }))],
      option: 'longhorn',
      usable: false,
      reason: 'longhorn needs iscsiadm (open-iscsi) on node n3; missing',
    },
    {
      name: 'longhorn without iscsi_tcp',
      nodes: [node('n1', report({ tools: ['iscsiadm'] }))],
      option: 'longhorn',
      usable: false,
      reason: 'longhorn needs kernel module iscsi_tcp (CONFIG_ISCSI_TCP) on node n1; absent per boot/config-6.1.0',
    },
    {
      name: 'longhorn: a node that holds no volumes is exempt',
      nodes: [node('n1', longhornNode), node('n2', report(), { storage: false })],
      option: 'longhorn',
      usable: true,
    },
    {
      name: 'longhorn RWX needs mount.nfs',
      nodes: [node('n1', report({ modules: loaded('iscsi_tcp', 'nfsv4'), tools: ['iscsiadm'] }))],
      input: { longhornRwx: true },
      option: 'longhorn',
      usable: false,
      reason: 'longhorn RWX needs mount.nfs (nfs-common / nfs-utils) on node n1; missing',
    },
    {
      name: 'longhorn RWX needs nfsv4',
      nodes: [node('n1', report({ modules: loaded('iscsi_tcp'), tools: ['iscsiadm', 'mount.nfs'] }))],
      input: { longhornRwx: true },
      option: 'longhorn',
      usable: false,
      reason:
        'longhorn RWX needs kernel module nfsv4 (CONFIG_NFS_V4) for RWX volumes on node n1; absent per boot/config-6.1.0',
    },
    {
      name: 'longhorn RWX with mount.nfs and nfsv4',
      nodes: [node('n1', report({ modules: loaded('iscsi_tcp', 'nfsv4'), tools: ['iscsiadm', 'mount.nfs'] }))],
      input: { longhornRwx: true },
      option: 'longhorn',
      usable: true,
    },
    {
      name: 'longhorn with config-only iscsi_tcp is usable with a warning',
      nodes: [node('n1', report({ modules: { iscsi_tcp: 'config-module' }, tools: ['iscsiadm'] }))],
      option: 'longhorn',
      usable: true,
      warning:
        'longhorn: iscsi_tcp on node n1 is built as a module per kernel config (boot/config-6.1.0); module files not verified',
    },
    {
      name: 'longhorn with unknown iscsi_tcp is not usable',
      nodes: [node('n1', report({ modules: { iscsi_tcp: 'unknown' }, tools: ['iscsiadm'] }))],
      option: 'longhorn',
      usable: false,
      reason: 'longhorn needs kernel module iscsi_tcp (CONFIG_ISCSI_TCP) on node n1; unknown',
    },
    {
      name: 'rook-ceph with 3 rbd nodes with disks',
      nodes: ['a', 'b', 'c'].map((n) => node(n, cephNode)),
      option: 'rook-ceph',
      usable: true,
    },
    {
      name: 'rook-ceph with only 2 nodes',
      nodes: ['a', 'b'].map((n) => node(n, cephNode)),
      option: 'rook-ceph',
      usable: false,
      reason: 'rook-ceph needs at least 3 storage nodes with rbd usable and an unused raw disk; found 2 (a, b)',
    },
    {
      name: 'rook-ceph with 3 nodes, one without an unused disk',
      nodes: [node('a', cephNode), node('b', cephNode), node('c', report({ modules: loaded('rbd') }))],
      option: 'rook-ceph',
      usable: false,
      reason: 'found 2 (a, b); no unused disk on node c',
    },
    {
      name: 'rook-ceph with rbd absent on one storage node',
      nodes: [...['a', 'b', 'c'].map((n) => node(n, cephNode)), node('d', report({ unusedDisks: 1 }))],
      option: 'rook-ceph',
      usable: false,
      reason: 'rook-ceph needs kernel module rbd (CONFIG_BLK_DEV_RBD) on node d; absent per boot/config-6.1.0',
    },
    {
      name: 'rook-ceph: a node without rbd that holds no volumes is exempt',
      nodes: [...['a', 'b', 'c'].map((n) => node(n, cephNode)), node('d', report(), { storage: false })],
      option: 'rook-ceph',
      usable: true,
    },
    {
      name: 'rook-ceph CephFS needs ceph',
      nodes: ['a', 'b', 'c'].map((n) => node(n, report({ modules: loaded('rbd'), unusedDisks: 1 }))),
      input: { cephfs: true },
      option: 'rook-ceph',
      usable: false,
      reason: 'rook-ceph CephFS needs kernel module ceph (CONFIG_CEPH_FS) for CephFS on node a',
    },
    {
      name: 'rook-ceph CephFS on a kernel below 4.17 warns about quotas',
      nodes: ['a', 'b', 'c'].map((n) =>
        node(n, report({ modules: loaded('rbd', 'ceph'), unusedDisks: 1, kernel: '4.14.82-Zero-OS' })),
      ),
      input: { cephfs: true },
      option: 'rook-ceph',
      usable: true,
      warning: 'rook-ceph CephFS: kernel 4.14.82-Zero-OS on node a is older than 4.17; CephFS quotas are not enforced',
    },
    {
      name: 'nfs with mount.nfs and nfs everywhere',
      nodes: [node('n1', report({ modules: loaded('nfs'), tools: ['mount.nfs'] }))],
      option: 'nfs',
      usable: true,
    },
    {
      name: 'nfs without mount.nfs',
      nodes: [node('n2', report({ modules: loaded('nfs') }))],
      option: 'nfs',
      usable: false,
      reason: 'nfs needs mount.nfs (nfs-common / nfs-utils) on node n2; missing',
    },
    {
      name: 'nfs without the nfs module',
      nodes: [node('n2', report({ tools: ['mount.nfs'] }))],
      option: 'nfs',
      usable: false,
      reason: 'nfs needs kernel module nfs (CONFIG_NFS_FS) on node n2; absent per boot/config-6.1.0',
    },
    {
      name: 'nfs: a node that mounts nothing is exempt',
      nodes: [
        node('n1', report({ modules: loaded('nfs'), tools: ['mount.nfs'] })),
        node('n2', report(), { mounts: false }),
      ],
      option: 'nfs',
      usable: true,
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const p = plan(row.nodes, row.input);
      const v = p.storage.options[row.option];
      expect(v.usable).toBe(row.usable);
      if (row.reason !== undefined) expect(v.reasons.join('\n')).toContain(row.reason);
      if (row.warning !== undefined) expect(v.warnings).toContain(row.warning);
      // An explicit request for it either succeeds or explains itself.
      const explicit = plan(row.nodes, { ...row.input, storage: row.option });
      expect(explicit.storage.choice).toBe(row.usable ? row.option : null);
      if (!row.usable) expect(explicit.storage.error).toContain(`storage ${row.option} cannot be used: `);
    });
  }

  it('an explicit choice that cannot be met names each node and each missing piece', () => {
    const p = plan(
      [node('n1', report()), node('n2', report({ modules: loaded('iscsi_tcp') })), node('n3', longhornNode)],
      { storage: 'longhorn' },
    );
    expect(p.storage.choice).toBeNull();
    expect(p.storage.error).toBe(
      'storage longhorn cannot be used: ' +
        'longhorn needs kernel module iscsi_tcp (CONFIG_ISCSI_TCP) on node n1; absent per boot/config-6.1.0; ' +
        'longhorn needs iscsiadm (open-iscsi) on node n1; missing; ' +
        'longhorn needs iscsiadm (open-iscsi) on node n2; missing',
    );
    expect(p.storage.options.longhorn.perNode).toEqual({
      n1: { usable: false, reasons: expect.any(Array) },
      n2: { usable: false, reasons: ['longhorn needs iscsiadm (open-iscsi) on node n2; missing'] },
      n3: { usable: true, reasons: [] },
    });
  });

  it('auto picks rook-ceph, then longhorn, then local-path, never nfs', () => {
    const nfsToo = (r: CapabilityReport): CapabilityReport => ({
      ...r,
      tools: r.tools.map((t) => (t.name === 'mount.nfs' ? { ...t, present: true } : t)),
    });
    expect(plan(['a', 'b', 'c'].map((n) => node(n, cephNode))).storage.choice).toBe('rook-ceph');
    expect(plan(['a', 'b'].map((n) => node(n, cephNode))).storage.choice).toBe('longhorn');
    expect(plan([node('a', report())]).storage.choice).toBe('local-path');
    const nfsOnly = nfsToo(report({ modules: loaded('nfs') }));
    const p = plan([node('a', nfsOnly)]);
    expect(p.storage.options.nfs.usable).toBe(true);
    expect(p.storage.choice).toBe('local-path');
  });
});

describe('CNI rules', () => {
  interface Row {
    name: string;
    nodes: PlanNode[];
    encryption?: boolean;
    option: CniOption;
    usable: boolean;
    reason?: string;
  }
  const allCalico = loaded(...CALICO);
  const withoutRpfilter = { ...allCalico, ipt_rpfilter: 'absent' as const };
  const rows: Row[] = [
    {
      name: 'flannel-vxlan with vxlan everywhere',
      nodes: [node('n1', report({ modules: loaded('vxlan') }))],
      option: 'flannel-vxlan',
      usable: true,
    },
    {
      name: 'flannel-vxlan without vxlan',
      nodes: [node('n1', report({ modules: loaded('vxlan') })), node('n2', report())],
      option: 'flannel-vxlan',
      usable: false,
      reason: 'flannel-vxlan needs kernel module vxlan (CONFIG_VXLAN) on node n2; absent per boot/config-6.1.0',
    },
    {
      name: 'flannel-wireguard with wireguard everywhere',
      nodes: [node('n1', report({ modules: loaded('wireguard') }))],
      option: 'flannel-wireguard',
      usable: true,
    },
    {
      name: 'flannel-wireguard without wireguard',
      nodes: [node('n1', report({ modules: { wireguard: 'unknown' } }))],
      option: 'flannel-wireguard',
      usable: false,
      reason: 'flannel-wireguard needs kernel module wireguard (CONFIG_WIREGUARD) on node n1; unknown',
    },
    {
      name: 'calico with all its modules',
      nodes: [node('n1', report({ modules: allCalico }))],
      option: 'calico',
      usable: true,
    },
    {
      name: 'calico without ipt_rpfilter',
      nodes: [node('n1', report({ modules: withoutRpfilter }))],
      option: 'calico',
      usable: false,
      reason: 'calico needs kernel module ipt_rpfilter (CONFIG_IP_NF_MATCH_RPFILTER) on node n1; absent',
    },
    {
      name: 'calico without ipip',
      nodes: [node('n1', report({ modules: { ...allCalico, ipip: 'absent' } }))],
      option: 'calico',
      usable: false,
      reason: 'calico needs kernel module ipip (CONFIG_NET_IPIP) for the default IPIP encapsulation on node n1',
    },
    {
      name: 'calico with encryption also needs wireguard',
      nodes: [node('n1', report({ modules: allCalico }))],
      encryption: true,
      option: 'calico',
      usable: false,
      reason: 'calico needs kernel module wireguard (CONFIG_WIREGUARD) for encryption on node n1',
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const p = plan(row.nodes, { encryption: row.encryption ?? false });
      expect(p.cni.options[row.option].usable).toBe(row.usable);
      if (row.reason !== undefined) expect(p.cni.options[row.option].reasons.join('\n')).toContain(row.reason);
      const explicit = plan(row.nodes, { encryption: row.encryption ?? false, cni: row.option });
      expect(explicit.cni.choice).toBe(row.usable ? row.option : null);
      if (!row.usable) expect(explicit.cni.error).toContain(`cni ${row.option} cannot be used: `);
    });
  }

  it('auto: wireguard when encryption is asked and every node has it', () => {
    const both = report({ modules: loaded('vxlan', 'wireguard') });
    expect(plan([node('a', both)], { encryption: true }).cni.choice).toBe('flannel-wireguard');
    expect(plan([node('a', both)], { encryption: false }).cni.choice).toBe('flannel-vxlan');
  });
  it('auto: vxlan with a warning when encryption is asked but a node lacks wireguard', () => {
    const p = plan(
      [node('a', report({ modules: loaded('vxlan', 'wireguard') })), node('b', report({ modules: loaded('vxlan') }))],
      { encryption: true },
    );
    expect(p.cni.choice).toBe('flannel-vxlan');
    expect(p.cni.warnings.join()).toContain('falling back to unencrypted flannel-vxlan');
    expect(p.cni.warnings.join()).toContain(
      'flannel-wireguard needs kernel module wireguard (CONFIG_WIREGUARD) on node b',
    );
  });
  it('auto: no CNI when vxlan is missing', () => {
    const p = plan([node('a', report())]);
    expect(p.cni.choice).toBeNull();
    expect(p.cni.error).toContain('flannel-vxlan needs kernel module vxlan (CONFIG_VXLAN) on node a');
  });
});

describe('NetworkPolicy enforcement', () => {
  it('warns when flannel is chosen and a node lacks ip_set (k3s skips its policy controller)', () => {
    const p = plan([
      node('a', report({ modules: loaded('vxlan', 'ip_set') })),
      node('b', report({ modules: loaded('vxlan') })),
    ]);
    expect(p.cni.choice).toBe('flannel-vxlan');
    expect(p.cni.warnings).toEqual([
      "NetworkPolicies will not be enforced: k3s's network policy controller needs kernel module ip_set (CONFIG_IP_SET) and skips itself without it; missing or unknown on nodes b",
    ]);
    const everywhere = plan([node('a', report({ modules: loaded('vxlan') }))]);
    expect(everywhere.cni.warnings.at(-1)).toMatch(/missing or unknown on every node$/);
  });

  it('says nothing when every node has ip_set, or when Calico (its own policy engine, which needs ip_set) is chosen', () => {
    expect(plan([node('a', report({ modules: loaded('vxlan', 'ip_set') }))]).cni.warnings).toEqual([]);
    const calico = plan([node('a', report({ modules: loaded(...CALICO) }))], { cni: 'calico' });
    expect(calico.cni.choice).toBe('calico');
    expect(calico.cni.warnings.join()).not.toContain('NetworkPolicies');
  });
});

describe('plan output', () => {
  it('carries the catalog version and capability labels in node-label form', () => {
    const p = plan([node('n1', cephNode), node('n2', report({ modules: loaded('wireguard') }))]);
    expect(p.catalogVersion).toBe(CATALOG_VERSION);
    expect(p.labels.n1).toEqual([
      'k3sgrid.io/cni.vxlan=true',
      'k3sgrid.io/storage.local-path=true',
      'k3sgrid.io/storage.longhorn=true',
      'k3sgrid.io/storage.rook-ceph=true',
    ]);
    expect(p.labels.n2).toEqual(['k3sgrid.io/cni.wireguard=true', 'k3sgrid.io/storage.local-path=true']);
    for (const l of Object.values(p.labels).flat()) expect(l).toMatch(/^k3sgrid\.io\/[a-z0-9.-]+=true$/);
  });
  it('rejects no nodes and duplicate names with stable codes', () => {
    expect(() => plan([])).toThrow(expect.objectContaining({ code: 'PLAN_INPUT_INVALID' }));
    expect(() => plan([node('a', report()), node('a', report())])).toThrow(/duplicate node name a/);
  });
});

describe('k3s mapping and manifests', () => {
  it('maps CNI choices to k3s flags', () => {
    expect(cniToK3s('flannel-vxlan')).toEqual({ flannelBackend: 'vxlan', disable: [], disableNetworkPolicy: false });
    expect(cniToK3s('flannel-wireguard').flannelBackend).toBe('wireguard-native');
    expect(cniToK3s('calico')).toEqual({ flannelBackend: 'none', disable: [], disableNetworkPolicy: true });
  });
  it('renders pinned HelmCharts for storage', () => {
    expect(storageManifests('local-path')).toEqual([]);
    const [lh] = storageManifests('longhorn');
    const doc = parse(lh!.content) as {
      kind: string;
      spec: { repo: string; chart: string; version: string; valuesContent: string };
    };
    expect(doc.kind).toBe('HelmChart');
    expect(doc.spec).toMatchObject({
      repo: 'https://charts.longhorn.io',
      chart: 'longhorn',
      version: CHARTS.longhorn.version,
    });
    expect(parse(doc.spec.valuesContent)).toMatchObject({ persistence: { defaultClassReplicaCount: 3 } });
    const rook = storageManifests('rook-ceph').map(
      (m) => parse(m.content) as { spec: { repo: string; chart: string } },
    );
    expect(rook.map((d) => d.spec.chart)).toEqual(['rook-ceph', 'rook-ceph-cluster']);
    expect(rook[0]!.spec.repo).toBe('https://charts.rook.io/release');
    expect(() => storageManifests('nfs')).toThrow(expect.objectContaining({ code: 'PLAN_INPUT_INVALID' }));
    const nfs = parse(storageManifests('nfs', { nfsServer: '10.1.0.2', nfsPath: '/export' })[0]!.content) as {
      spec: { chart: string; valuesContent: string };
    };
    expect(nfs.spec.chart).toBe('nfs-subdir-external-provisioner');
    expect(parse(nfs.spec.valuesContent)).toMatchObject({ nfs: { server: '10.1.0.2', path: '/export' } });
  });
  it('renders the tigera-operator HelmChart for calico only', () => {
    expect(cniManifests('flannel-vxlan')).toEqual([]);
    const doc = parse(cniManifests('calico')[0]!.content) as { spec: { chart: string; version: string } };
    expect(doc.spec).toMatchObject({ chart: 'tigera-operator', version: CHARTS.tigeraOperator.version });
  });
});

describe('property: adding a capability never makes a plan worse', () => {
  const RELEVANT = Object.keys(SYMBOLS);
  const USABLE: ModuleStateName[] = ['loaded', 'builtin', 'loadable', 'config-module', 'config-builtin'];
  const STRONG: ModuleStateName[] = ['loaded', 'builtin', 'loadable'];
  const arbReport = fc
    .record({
      modules: fc.dictionary(fc.constantFrom(...RELEVANT), fc.constantFrom(...MODULE_STATES)),
      tools: fc.subarray(TOOLS),
      unusedDisks: fc.integer({ min: 0, max: 1 }),
      kernel: fc.constantFrom('4.14.82-Zero-OS', '5.10.55-Zero-OS', '6.1.0'),
    })
    .map((o) => report(o));
  type Improvement =
    { kind: 'module'; name: string; to: ModuleStateName } | { kind: 'tool'; name: string } | { kind: 'disk' };
  const arbImprovement: fc.Arbitrary<Improvement> = fc.oneof(
    fc.record({
      kind: fc.constant('module' as const),
      name: fc.constantFrom(...RELEVANT),
      to: fc.constantFrom(...USABLE),
    }),
    fc.record({ kind: fc.constant('tool' as const), name: fc.constantFrom(...TOOLS) }),
    fc.constant({ kind: 'disk' as const }),
  );
  function improve(r: CapabilityReport, imp: Improvement): CapabilityReport {
    switch (imp.kind) {
      case 'module':
        return {
          ...r,
          modules: r.modules.map((m) => {
            if (m.name !== imp.name) return m;
            // Only upgrades: unusable → usable, config-only → confirmed.
            const better = !USABLE.includes(m.state) || (!STRONG.includes(m.state) && STRONG.includes(imp.to));
            return better ? { ...m, state: imp.to } : m;
          }),
        };
      case 'tool':
        return {
          ...r,
          tools: r.tools.map((t) => (t.name === imp.name ? { ...t, present: true, path: `/usr/bin/${t.name}` } : t)),
        };
      case 'disk':
        return { ...r, disks: [...r.disks, { name: 'sdz', sizeBytes: 1e11, unused: true, type: 'disk' }] };
    }
  }
  const storageRank = (c: StorageOption | null): number =>
    c === null ? -1 : ['local-path', 'nfs', 'longhorn', 'rook-ceph'].indexOf(c);

  it('holds for every option, node and choice', () => {
    fc.assert(
      fc.property(
        fc.array(arbReport, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        arbImprovement,
        fc.record({
          storage: fc.constantFrom('auto' as const, ...STORAGE_OPTIONS),
          cni: fc.constantFrom('auto' as const, ...CNI_OPTIONS),
          encryption: fc.boolean(),
          longhornRwx: fc.boolean(),
          cephfs: fc.boolean(),
        }),
        (reports, pick, imp, req) => {
          const nodes = reports.map((r, i) => node(`n${i}`, r));
          const idx = pick % nodes.length;
          const better = nodes.map((n, i) => (i === idx ? { ...n, report: improve(n.report, imp) } : n));
          const a = planCluster({ nodes, ...req });
          const b = planCluster({ nodes: better, ...req });
          for (const kind of ['storage', 'cni'] as const) {
            for (const [opt, v] of Object.entries(a[kind].options)) {
              const w = (b[kind].options as Record<string, typeof v>)[opt]!;
              if (v.usable) expect(w.usable).toBe(true);
              for (const [n, nv] of Object.entries(v.perNode)) if (nv.usable) expect(w.perNode[n]!.usable).toBe(true);
            }
          }
          expect(storageRank(b.storage.choice)).toBeGreaterThanOrEqual(storageRank(a.storage.choice));
          if (a.cni.choice !== null) expect(b.cni.choice).not.toBeNull();
          if (a.cni.choice === 'flannel-wireguard') expect(b.cni.choice).toBe('flannel-wireguard');
          for (const [n, labels] of Object.entries(a.labels)) for (const l of labels) expect(b.labels[n]).toContain(l);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('k3sgrid plan on the three fixture reports', () => {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const fixtures = path.resolve(repoRoot, '../shared/fixtures/kernels');
  const names = ['zos-4.14.82', 'zos-5.10.55', 'debian12-cloud'];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'k3sgrid-plan-'));
  const files = names.map((n) => path.join(tmp, `${n}.json`));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  // The coordinator never imports the agent; the reports come from the agent's
  // probe in a child process, as an operator would produce them.
  beforeAll(async () => {
    const probe = path.join(repoRoot, 'packages/agent/src/probe/index.ts');
    const script = `import(${JSON.stringify(probe)}).then(async (m) => { for (const [root, out] of JSON.parse(process.argv[1])) { require('node:fs').writeFileSync(out, JSON.stringify(await m.probeCapabilities({ root, env: {} }))); } });`;
    const pairs = names.map((n, i) => [path.join(fixtures, n), files[i]]);
    await promisify(execFile)(
      path.join(repoRoot, 'node_modules/.bin/tsx'),
      ['--conditions=source', '-e', script, JSON.stringify(pairs)],
      { cwd: repoRoot },
    );
  }, 60_000);

  async function run(args: string[]): Promise<{ out: string; err: string; exitCode: unknown }> {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      out.push(String(c));
      return true;
    });
    const p = new Command('k3sgrid')
      .exitOverride()
      .configureOutput({ writeErr: (s) => err.push(s), writeOut: (s) => out.push(s) });
    registerPlanCommand(p);
    let exitCode: unknown;
    try {
      await p.parseAsync(args, { from: 'user' });
      exitCode = process.exitCode;
    } catch (e) {
      exitCode = (e as { exitCode?: unknown }).exitCode;
    }
    return { out: out.join(''), err: err.join(''), exitCode };
  }
  const reportArgs = (): string[] => files.flatMap((f) => ['--report', f]);

  it('JSON: longhorn and nfs not usable on the Zero-OS nodes, and why', async () => {
    const { out } = await run(['plan', ...reportArgs(), '-o', 'json']);
    const p = JSON.parse(out) as Plan;
    expect(p.storage.choice).toBe('local-path');
    expect(p.cni.choice).toBe('flannel-vxlan');
    for (const opt of ['longhorn', 'nfs'] as const) {
      expect(p.storage.options[opt].usable).toBe(false);
      expect(p.storage.options[opt].perNode['debian12-cloud']!.usable).toBe(true);
    }
    for (const zos of ['zos-4.14.82', 'zos-5.10.55']) {
      expect(p.storage.options.longhorn.perNode[zos]).toEqual({
        usable: false,
        reasons: [`longhorn needs iscsiadm (open-iscsi) on node ${zos}; missing`],
      });
      expect(p.storage.options.nfs.perNode[zos]).toEqual({
        usable: false,
        reasons: [`nfs needs mount.nfs (nfs-common / nfs-utils) on node ${zos}; missing`],
      });
      expect(p.storage.options['rook-ceph'].perNode[zos]!.usable).toBe(true);
    }
    expect(p.storage.options['rook-ceph'].reasons[0]).toContain('found 0');
    expect(p.storage.options['rook-ceph'].warnings).toContain(
      'rook-ceph: rbd on node zos-4.14.82 is built as a module per kernel config (boot/config-4.14.82-Zero-OS); module files not verified',
    );
  });

  it('table: per option usable or not and why; explicit longhorn fails with exit 3', async () => {
    const { out, exitCode } = await run(['plan', ...reportArgs(), '--storage', 'longhorn']);
    expect(out).toContain('longhorn needs iscsiadm (open-iscsi) on node zos-4.14.82; missing');
    expect(out).toContain('error: storage longhorn cannot be used');
    expect(out).toMatch(/storage choice: none/);
    expect(exitCode).toBe(3);
  });

  it('fails clearly on unreadable and invalid report files', async () => {
    const missing = await run(['plan', '--report', path.join(tmp, 'nope.json')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.err).toContain('nope.json: cannot read: ENOENT');
    const badJson = path.join(tmp, 'bad.json');
    writeFileSync(badJson, '{');
    expect((await run(['plan', '--report', badJson])).err).toContain('not valid JSON');
    const wrong = path.join(tmp, 'wrong.json');
    writeFileSync(
      wrong,
      JSON.stringify({ kernelRelease: '6.1', modules: [{ name: 'rbd', state: 'maybe' }], tools: [] }),
    );
    const r = await run(['plan', '--report', wrong]);
    expect(r.exitCode).toBe(2);
    expect(r.err).toMatch(/not a capability report \(modules\.0\.state: /);
    expect((await run(['plan', '--report', files[0]!, '--cni', 'cilium'])).err).toContain(
      "argument 'cilium' is invalid",
    );
  });
});
