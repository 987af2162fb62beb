/**
 * Cluster changes, decided purely: shrinking one server at a time (never
 * the first server, never below quorum, never while another member change
 * is pending), a demotion's end, a crash between a demotion's writes, the
 * operation's progress and end, growth through election, and the label and
 * taint diff patched onto Nodes; the CLI's kubectl-style edits.
 */
import { describe, expect, it } from 'vitest';
import { emptyReport, type CapabilityReport, type K3sReleaseRef, type Role } from '@k3sgrid/proto';
import { UpdateClusterBody, clusterSpec } from '../src/api/schemas.js';
import { editPools } from '../src/cli/pool-edits.js';
import { decideChange, demotionCandidate, type ChangeAction } from '../src/formation/decide-change.js';
import { decideFormation } from '../src/formation/decide-formation.js';
import { decideReplacement } from '../src/formation/decide-replacement.js';
import {
  MANAGED_LABELS_ANNOTATION,
  MANAGED_TAINTS_ANNOTATION,
  nodeMetadataPatch,
  parseTaint,
  poolError,
  type KubeNodeMeta,
} from '../src/formation/node-metadata.js';
import type { ClusterSnapshot } from '../src/formation/snapshot.js';
import { planCluster } from '../src/planner/plan.js';
import {
  emptyAssignmentState,
  emptyFormation,
  type ClusterFormation,
  type ClusterOperation,
  type ClusterRow,
  type ClusterSpec,
  type NodeRow,
} from '../src/store/types.js';

const T0 = Date.UTC(2026, 0, 1);
const AMD64: K3sReleaseRef = { version: 'v1.33.4+k3s1', arch: 'amd64', sha256: 'a'.repeat(64), size: 1, images: null };

function report(i: number): CapabilityReport {
  return {
    ...emptyReport(),
    arch: 'x64',
    cpuCount: 4,
    memoryBytes: 8 * 2 ** 30,
    hostname: `node${i}`,
    addresses: [`10.0.0.${i}`],
    modules: [{ name: 'vxlan', configSymbol: 'VXLAN', state: 'loaded', sourceFile: 'proc/modules' }],
  };
}

function node(i: number, role: Role, over: Partial<NodeRow> = {}): NodeRow {
  return {
    id: `n${i}`,
    clusterId: 'c1',
    name: `node${i}`,
    hostname: `node${i}`,
    signPub: Buffer.alloc(32),
    boxPub: Buffer.alloc(32),
    tokenId: 't',
    allowedRoles: ['server', 'agent'],
    role,
    phase: 'ready',
    lastError: '',
    connected: true,
    revokedAt: null,
    enrolledAt: T0 + i,
    lastSeenAt: T0 + 1000,
    agentVersion: 'test',
    address: `10.0.0.${i}`,
    replicaId: '',
    connectedAt: 0,
    pendingRemoval: '',
    report: report(i),
    prevReport: null,
    assignment: { ...emptyAssignmentState(), epoch: 1, generation: 2, ackedEpoch: 1, ackedGeneration: 2 },
    ...over,
  };
}

function op(over: Partial<ClusterOperation> = {}): ClusterOperation {
  return {
    id: 'op1',
    kind: 'change',
    state: 'running',
    requestedBy: 'test',
    requestedAt: T0,
    finishedAt: null,
    from: { servers: 3 },
    target: { servers: 1 },
    progress: 'requested',
    demoting: null,
    demoted: [],
    ...over,
  };
}

/** A formed cluster (CA known, ready, kubeconfig held) with the first server node1. */
function cluster(spec: Partial<ClusterSpec>, formation: Partial<ClusterFormation> = {}): ClusterRow {
  return {
    id: 'c1',
    name: 'demo',
    spec: clusterSpec({ name: 'demo', formation: { minNodes: 1, timeoutSeconds: 60 }, ...spec }),
    phase: 'ready',
    epoch: 1,
    createdAt: T0,
    updatedAt: T0,
    formation: {
      ...emptyFormation(),
      caHash: 'ca',
      readyAt: T0,
      kubeconfigSealed: Buffer.from('sealed'),
      initNodeId: 'n1',
      serverTokenSealed: Buffer.from('s'),
      agentTokenSealed: Buffer.from('a'),
      ...formation,
    },
  };
}

function snap(
  c: ClusterRow,
  nodes: NodeRow[],
  o: { notReady?: string[]; disconnected?: string[]; kubeNodes?: Map<string, KubeNodeMeta> } = {},
): ClusterSnapshot {
  return {
    now: T0 + 10_000,
    cluster: c,
    nodes,
    connected: new Map(nodes.map((n) => [n.id, !(o.disconnected ?? []).includes(n.id)])),
    kubeReady: new Set(nodes.filter((n) => !(o.notReady ?? []).includes(n.id)).map((n) => n.name)),
    releases: new Map([[AMD64.arch, AMD64]]),
    plan: planCluster({
      nodes: nodes.map((n) => ({ name: n.name, report: n.report as CapabilityReport })),
      storage: 'auto',
      cni: 'auto',
      encryption: false,
    }),
    pendingRemovals: new Map(nodes.filter((n) => n.pendingRemoval).map((n) => [n.id, n.pendingRemoval])),
    kubeNodes: o.kubeNodes ?? null,
  };
}

const kinds = (a: ChangeAction[]): string[] => a.map((x) => x.kind);
const demoted = (a: ChangeAction[]): string | undefined =>
  a.find((x): x is Extract<ChangeAction, { kind: 'demote' }> => x.kind === 'demote')?.node.name;
const opOf = (a: ChangeAction[]): ClusterOperation | undefined =>
  a.find((x): x is Extract<ChangeAction, { kind: 'operation' }> => x.kind === 'operation')?.operation;

const three = (): NodeRow[] => [node(1, 'server-init'), node(2, 'server'), node(3, 'server')];
const five = (): NodeRow[] => [...three(), node(4, 'server'), node(5, 'server')];

describe('decideChange: shrinking', () => {
  it('5 → 3 demotes one server, the last to join, never the first server', () => {
    const a = decideChange(snap(cluster({ servers: 3 }, { operation: op({ target: { servers: 3 } }) }), five()));
    expect(kinds(a)).toEqual(['demote']);
    expect(demoted(a)).toBe('node5');
    const d = a[0] as Extract<ChangeAction, { kind: 'demote' }>;
    expect(d.operation.demoting).toEqual({ nodeId: 'n5', name: 'node5', generation: 2 });
  });

  it('a server that is not ready is demoted before a healthy one', () => {
    const s = snap(cluster({ servers: 3 }, { operation: op() }), five(), { notReady: ['n2'] });
    expect(demotionCandidate(s, s.nodes)?.name).toBe('node2');
  });

  it('the first server is never demoted, even when it is the one not ready', () => {
    const s = snap(cluster({ servers: 1 }, { operation: op() }), three(), { notReady: ['n1'] });
    expect(demotionCandidate(s, s.nodes)?.name).toBe('node3');
  });

  it('one at a time: nothing new while a demotion is under way', () => {
    const nodes = [node(1, 'server-init'), node(2, 'server'), node(3, 'none', { pendingRemoval: 'node3' })];
    const a = decideChange(
      snap(
        cluster({ servers: 1 }, { operation: op({ demoting: { nodeId: 'n3', name: 'node3', generation: 2 } }) }),
        nodes,
      ),
    );
    expect(demoted(a)).toBeUndefined();
    expect(opOf(a)?.progress).toMatch(/demoting node3: removing its etcd member/);
  });

  it('refuses below quorum: 3 servers with two not ready keep every member', () => {
    const a = decideChange(snap(cluster({ servers: 1 }, { operation: op() }), three(), { notReady: ['n1', 'n2'] }));
    expect(demoted(a)).toBeUndefined();
    expect(opOf(a)?.progress).toMatch(/quorum needs 2/);
    expect(a.some((x) => x.kind === 'operation' && x.event?.type === 'cluster.change-held')).toBe(true);
  });

  it('5 → 3 with one other server down still demotes (4 live of 5 is above quorum 3)', () => {
    const a = decideChange(snap(cluster({ servers: 3 }, { operation: op() }), five(), { notReady: ['n5'] }));
    expect(demoted(a)).toBe('node5');
  });

  it('waits while another member change (a replacement) is pending', () => {
    const nodes = three().map((n) => (n.id === 'n2' ? { ...n, pendingRemoval: 'node2' } : n));
    const a = decideChange(snap(cluster({ servers: 1 }, { operation: op() }), nodes));
    expect(demoted(a)).toBeUndefined();
    expect(opOf(a)?.progress).toMatch(/another etcd member change/);
  });

  it('waits until the cluster formed (members are removed through its API)', () => {
    const a = decideChange(snap(cluster({ servers: 1 }, { operation: op(), kubeconfigSealed: null }), three()));
    expect(demoted(a)).toBeUndefined();
    expect(opOf(a)?.progress).toMatch(/not formed/);
  });

  it('a demotion recorded but not committed in full (crash) is committed again', () => {
    const a = decideChange(
      snap(
        cluster({ servers: 1 }, { operation: op({ demoting: { nodeId: 'n3', name: 'node3', generation: 2 } }) }),
        three(),
      ),
    );
    expect(demoted(a)).toBe('node3');
  });

  it('a demotion ends once the member is gone and the node acknowledged a newer assignment', () => {
    const gone = node(3, 'none', {
      assignment: { ...emptyAssignmentState(), epoch: 1, generation: 3, ackedEpoch: 1, ackedGeneration: 3 },
    });
    const c = cluster({ servers: 1 }, { operation: op({ demoting: { nodeId: 'n3', name: 'node3', generation: 2 } }) });
    const a = decideChange(snap(c, [node(1, 'server-init'), node(2, 'server'), gone]));
    const o = opOf(a);
    expect(o?.demoting).toBeNull();
    expect(o?.demoted).toEqual(['node3']);
    // Not acknowledged yet: still under way.
    const waiting = { ...gone, assignment: { ...gone.assignment, ackedGeneration: 2 } };
    expect(opOf(decideChange(snap(c, [node(1, 'server-init'), node(2, 'server'), waiting])))?.demoting).not.toBeNull();
  });

  it('a demoted server still counts as a member for the replacement controller’s quorum', () => {
    // 3 members (node3 demoted, not yet removed), node2 down: removing node3 leaves 1 live of 2, quorum 2.
    const nodes = [node(1, 'server-init'), node(2, 'server'), node(3, 'none', { pendingRemoval: 'node3' })];
    const a = decideReplacement(snap(cluster({ servers: 1 }), nodes, { notReady: ['n2'] }));
    expect(a.map((x) => x.kind)).toEqual(['event']);
    // With node2 live: the member goes.
    expect(decideReplacement(snap(cluster({ servers: 1 }), nodes)).map((x) => x.kind)).toEqual(['remove-member']);
  });

  it('formation sends the demoted server its none assignment only once its member is removed, and keeps it out of election', () => {
    const nodes = [node(1, 'server-init'), node(2, 'server'), node(3, 'none', { pendingRemoval: 'node3' })];
    const c = cluster({ servers: 1 }, { operation: op({ demoting: { nodeId: 'n3', name: 'node3', generation: 2 } }) });
    // Still a member: it keeps running k3s (stopping it first could leave a two-member etcd without quorum).
    const d = decideFormation(snap(c, nodes));
    expect(d.assign).not.toContain('n3');
    expect(d.roles.find((r) => r.nodeId === 'n3')).toBeUndefined();
    const removed = nodes.map((n) => ({ ...n, pendingRemoval: '' }));
    expect(decideFormation(snap(c, removed)).assign).toContain('n3');
    // Once the demotion is over it may be elected a worker.
    const after = decideFormation(
      snap(
        cluster({ servers: 1 }, { operation: op({ demoted: ['node3'] }) }),
        nodes.map((n) => ({ ...n, pendingRemoval: '' })),
      ),
    );
    expect(after.roles).toContainEqual({ nodeId: 'n3', role: 'agent' });
  });
});

describe('decideChange: growing and the end', () => {
  it('1 → 3: election promotes two eligible nodes; the operation waits for them', () => {
    const nodes = [node(1, 'server-init'), node(2, 'none'), node(3, 'none')];
    const c = cluster({ servers: 3 }, { operation: op({ from: { servers: 1 }, target: { servers: 3 } }) });
    const d = decideFormation(snap(c, nodes));
    expect(d.roles).toEqual(
      expect.arrayContaining([
        { nodeId: 'n2', role: 'server' },
        { nodeId: 'n3', role: 'server' },
      ]),
    );
    expect(opOf(decideChange(snap(c, nodes)))?.progress).toMatch(/1 of 3 server\(s\) elected/);
  });

  it('succeeds once the servers are ready and the labels are on', () => {
    const a = decideChange(snap(cluster({ servers: 3 }, { operation: op({ target: { servers: 3 } }) }), three()));
    expect(opOf(a)).toMatchObject({ state: 'succeeded', finishedAt: T0 + 10_000 });
    expect(a.find((x) => x.kind === 'operation' && x.event)?.kind).toBe('operation');
  });

  it('a finished operation decides nothing more', () => {
    expect(decideChange(snap(cluster({ servers: 3 }, { operation: op({ state: 'succeeded' }) }), three()))).toEqual([]);
  });
});

describe('labels and taints', () => {
  const meta = (over: Partial<KubeNodeMeta> = {}): KubeNodeMeta => ({
    resourceVersion: '7',
    labels: { 'kubernetes.io/hostname': 'node1', other: 'x' },
    annotations: {},
    taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: '2026-01-01T00:00:00Z' }],
    ...over,
  });

  it('adds wanted labels and taints, keeps everyone else’s, records what it manages', () => {
    const p = nodeMetadataPatch(meta(), { labels: { tier: 'web' }, taints: ['dedicated=web:NoSchedule'] });
    expect(p).toEqual({
      metadata: {
        resourceVersion: '7',
        labels: { tier: 'web' },
        annotations: { [MANAGED_LABELS_ANNOTATION]: 'tier', [MANAGED_TAINTS_ANNOTATION]: 'dedicated:NoSchedule' },
      },
      spec: {
        taints: [
          { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: '2026-01-01T00:00:00Z' },
          { key: 'dedicated', value: 'web', effect: 'NoSchedule' },
        ],
      },
    });
  });

  it('removes a managed label and taint no longer wanted, never one it did not set', () => {
    const p = nodeMetadataPatch(
      meta({
        labels: { tier: 'web', other: 'x' },
        annotations: { [MANAGED_LABELS_ANNOTATION]: 'tier', [MANAGED_TAINTS_ANNOTATION]: 'dedicated:NoSchedule' },
        taints: [
          { key: 'dedicated', value: 'web', effect: 'NoSchedule' },
          { key: 'theirs', effect: 'NoExecute' },
        ],
      }),
      { labels: {}, taints: [] },
    );
    expect(p?.metadata.labels).toEqual({ tier: null });
    expect(p?.metadata.annotations).toEqual({ [MANAGED_LABELS_ANNOTATION]: null, [MANAGED_TAINTS_ANNOTATION]: null });
    expect(p?.spec?.taints).toEqual([{ key: 'theirs', effect: 'NoExecute' }]);
  });

  it('no patch when the Node already matches', () => {
    const m = meta({
      labels: { tier: 'web' },
      annotations: { [MANAGED_LABELS_ANNOTATION]: 'tier', [MANAGED_TAINTS_ANNOTATION]: 'd:NoSchedule' },
      taints: [{ key: 'd', effect: 'NoSchedule' }],
    });
    expect(nodeMetadataPatch(m, { labels: { tier: 'web' }, taints: ['d:NoSchedule'] })).toBeNull();
  });

  it('a changed taint value replaces the taint', () => {
    const m = meta({
      annotations: { [MANAGED_TAINTS_ANNOTATION]: 'd:NoSchedule' },
      taints: [{ key: 'd', value: 'a', effect: 'NoSchedule', timeAdded: 'then' }],
    });
    expect(nodeMetadataPatch(m, { labels: {}, taints: ['d=b:NoSchedule'] })?.spec?.taints).toEqual([
      { key: 'd', value: 'b', effect: 'NoSchedule' },
    ]);
  });

  it('decideChange patches each Node whose pool changed, with capability labels, and not a demoting one', () => {
    const nodes = [node(1, 'server-init'), node(2, 'agent')];
    const c = cluster({ servers: 1, pools: { agents: { labels: { tier: 'web' }, taints: ['d:NoSchedule'] } } });
    const kubeNodes = new Map(nodes.map((n) => [n.name, meta({ labels: {}, taints: [] })]));
    const a = decideChange(snap(c, nodes, { kubeNodes }));
    const patches = a.filter((x): x is Extract<ChangeAction, { kind: 'patch-node' }> => x.kind === 'patch-node');
    expect(patches.map((p) => p.name)).toEqual(['node1', 'node2']);
    const agent = patches[1]?.patch;
    expect(agent?.metadata.labels).toMatchObject({ tier: 'web' });
    expect(Object.keys(agent?.metadata.labels ?? {}).some((k) => k.startsWith('k3sgrid.io/'))).toBe(true);
    expect(agent?.spec?.taints).toEqual([{ key: 'd', effect: 'NoSchedule' }]);
    expect(patches[0]?.patch.metadata.labels).not.toHaveProperty('tier');
  });

  it('validates keys, values and taints as the API does', () => {
    expect(parseTaint('a=b:NoExecute')).toEqual({ key: 'a', value: 'b', effect: 'NoExecute' });
    expect(() => parseTaint('a=b')).toThrow(/key\[=value\]:Effect/);
    expect(() => parseTaint('a:Sometimes')).toThrow(/effect must be one of/);
    expect(poolError({ labels: { 'bad key': 'v' }, taints: [] })).toMatch(/name must be/);
    expect(poolError({ labels: { 'k3sgrid.io/x': 'v' }, taints: [] })).toMatch(/reserved/);
    expect(poolError({ labels: { ok: 'v'.repeat(64) }, taints: [] })).toMatch(/at most 63/);
    expect(poolError({ labels: {}, taints: ['a:NoSchedule', 'a=b:NoSchedule'] })).toMatch(/twice/);
    expect(poolError({ labels: { 'example.com/tier': 'web' }, taints: ['a:NoSchedule'] })).toBeNull();
  });
});

describe('PATCH body and CLI edits', () => {
  it('servers must be odd; unknown keys and empty bodies are refused', () => {
    expect(UpdateClusterBody.safeParse({ servers: 7 }).success).toBe(true);
    for (const bad of [
      { servers: 2 },
      { servers: 4 },
      { servers: 9 },
      { servers: 3, extra: 1 },
      {},
      { pools: { workers: {} } },
    ])
      expect(UpdateClusterBody.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('kubectl-style edits: set, overwrite and remove', () => {
    const cur = { agents: { labels: { a: '1', b: '2' }, taints: ['x=1:NoSchedule', 'y:NoExecute'] } };
    expect(editPools(cur, 'agents', ['a=9', 'b-', 'c=3'], ['x=2:NoSchedule', 'y:NoExecute-'])).toEqual({
      agents: { labels: { a: '9', c: '3' }, taints: ['x=2:NoSchedule'] },
    });
    expect(Object.keys(editPools(undefined, 'all', ['a=1'], []))).toEqual(['servers', 'agents']);
    expect(() => editPools(undefined, 'servers', ['nokey'], [])).toThrow(/key=value/);
  });
});
