/**
 * The formation controllers' pure decisions, table-driven: election through
 * decideFormation, fencing, release holds, the hard stop, a formed cluster
 * that never gets a second cluster-init, server replacement and quorum.
 */
import { describe, expect, it } from 'vitest';
import type { CapabilityReport, K3sReleaseRef, Role } from '@k3sgrid/proto';
import { clusterSpec } from '../src/api/schemas.js';
import { decideFormation, missingReleases } from '../src/formation/decide-formation.js';
import { decideReplacement, quorumAfterRemoval } from '../src/formation/decide-replacement.js';
import { decideKubeconfigRequest } from '../src/formation/kubeconfig-controller.js';
import { RollingGate } from '../src/formation/rolling.js';
import type { ClusterSnapshot } from '../src/formation/snapshot.js';
import { planCluster } from '../src/planner/plan.js';
import {
  emptyAssignmentState,
  emptyFormation,
  type ClusterFormation,
  type ClusterRow,
  type ClusterSpec,
  type NodeRow,
} from '../src/store/types.js';
import { nodeReport } from '@k3sgrid/testkit/reports';
import { nodeRow } from '@k3sgrid/testkit/rows';

const T0 = Date.UTC(2026, 0, 1);
const AMD64: K3sReleaseRef = { version: 'v1.33.4+k3s1', arch: 'amd64', sha256: 'a'.repeat(64), size: 1, images: null };

function node(i: number, over: Partial<NodeRow> = {}): NodeRow {
  return nodeRow('c1', 't', {
    id: `n${i}`,
    name: `node${i}`,
    hostname: `node${i}`,
    signPub: Buffer.alloc(32),
    boxPub: Buffer.alloc(32),
    allowedRoles: ['server', 'agent', 'lb'],
    connected: true,
    enrolledAt: T0 + i,
    lastSeenAt: T0 + 1000,
    agentVersion: 'test',
    address: `10.0.0.${i}`,
    report: nodeReport({ hostname: `node${i}`, addresses: [`10.0.0.${i}`] }),
    ...over,
  });
}

function cluster(spec: Partial<ClusterSpec> = {}, formation: Partial<ClusterFormation> = {}, epoch = 1): ClusterRow {
  return {
    id: 'c1',
    name: 'demo',
    spec: clusterSpec({ name: 'demo', formation: { minNodes: 1, timeoutSeconds: 60 }, ...spec }),
    phase: 'pending',
    epoch,
    createdAt: T0,
    updatedAt: T0,
    formation: { ...emptyFormation(), ...formation },
  };
}

function snap(
  c: ClusterRow,
  nodes: NodeRow[],
  o: { now?: number; disconnected?: string[]; kubeReady?: string[] | null; releases?: K3sReleaseRef[] } = {},
): ClusterSnapshot {
  const live = nodes.filter((n) => n.revokedAt === null);
  return {
    now: o.now ?? T0 + 10_000,
    cluster: c,
    nodes: live,
    connected: new Map(live.map((n) => [n.id, !(o.disconnected ?? []).includes(n.id)])),
    kubeReady: o.kubeReady === undefined ? null : o.kubeReady === null ? null : new Set(o.kubeReady),
    releases: new Map((o.releases ?? [AMD64]).map((r) => [r.arch, r])),
    plan: planCluster({
      nodes: live.filter((n) => n.report).map((n) => ({ name: n.name, report: n.report as CapabilityReport })),
      storage: c.spec.storage as 'auto',
      cni: c.spec.cni as 'auto',
      encryption: false,
    }),
    pendingRemovals: new Map(live.filter((n) => n.pendingRemoval).map((n) => [n.id, n.pendingRemoval])),
  };
}

const rolesOf = (d: ReturnType<typeof decideFormation>): Record<string, Role> =>
  Object.fromEntries(d.roles.map((r) => [r.nodeId, r.role]));

describe('decideFormation: election', () => {
  const cases: Array<{
    name: string;
    spec: Partial<ClusterSpec>;
    nodes: number;
    want: Record<string, Role>;
    lb?: string | null;
  }> = [
    {
      name: 'one server, two workers',
      spec: { servers: 1 },
      nodes: 3,
      want: { n1: 'server-init', n2: 'agent', n3: 'agent' },
    },
    {
      name: 'three servers, one worker',
      spec: { servers: 3 },
      nodes: 4,
      want: { n1: 'server-init', n2: 'server', n3: 'server', n4: 'agent' },
    },
    {
      name: 'three servers wanted, two nodes: one server (never an even count)',
      spec: { servers: 3 },
      nodes: 2,
      want: { n1: 'server-init', n2: 'agent' },
    },
    {
      name: 'lb mode: a spare node runs HAProxy',
      spec: { servers: 1, registration: { mode: 'lb' } },
      nodes: 3,
      want: { n3: 'lb', n1: 'server-init', n2: 'agent' },
      lb: 'n3',
    },
  ];
  it.each(cases)('$name', ({ spec, nodes, want, lb }) => {
    const d = decideFormation(
      snap(
        cluster(spec),
        Array.from({ length: nodes }, (_, i) => node(i + 1)),
      ),
    );
    expect(rolesOf(d)).toEqual(want);
    expect(d.formation.initNodeId).toBe('n1');
    if (lb !== undefined) expect(d.formation.lbNodeId).toBe(lb);
    expect(d.newSecrets).toBe(true);
    expect(d.events.map((e) => e.type)).toEqual(['election']);
    // The first server is assigned at once; joiners wait for its CA hash.
    expect(d.assign).toEqual(lb ? ['n1', lb] : ['n1']);
    expect(d.status.phase).toBe('bootstrapping');
  });

  it('waits for enough reporting nodes until the timeout', () => {
    const c = cluster({ formation: { minNodes: 3, timeoutSeconds: 60 } });
    expect(decideFormation(snap(c, [node(1)])).status).toEqual({
      phase: 'pending',
      message: 'waiting for nodes: 1 of 3 enrolled and reporting',
    });
    const late = decideFormation(snap(c, [node(1)], { now: T0 + 61_000 }));
    expect(rolesOf(late)).toEqual({ n1: 'server-init' });
  });
});

describe('decideFormation: holds and stops', () => {
  it('holds before the election until a release for every node arch is held, and says what to import', () => {
    const arm = node(2, { report: nodeReport({ arch: 'aarch64' }) });
    const d = decideFormation(snap(cluster(), [node(1), arm]));
    expect(d.roles).toEqual([]);
    expect(d.status.phase).toBe('pending');
    expect(d.status.message).toContain('the coordinator holds no k3s v1.33.4+k3s1 for arm64 (nodes node2)');
    expect(d.status.message).toContain('k3sgrid release import --version v1.33.4+k3s1 --arch arm64');
    const riscv = decideFormation(snap(cluster(), [node(1, { report: nodeReport({ arch: 'riscv64' }) })]));
    expect(riscv.status.message).toContain('k3s has no binary for unsupported arch riscv64');
  });

  it('after formation, a node of an arch without a release is not assigned, and the status says why', () => {
    const c = cluster(
      {},
      {
        initNodeId: 'n1',
        caHash: 'h',
        serverTokenSealed: Buffer.from('s'),
        agentTokenSealed: Buffer.from('a'),
        readyAt: T0,
      },
    );
    const nodes = [
      node(1, { role: 'server-init', phase: 'ready' }),
      node(2, { role: 'agent', report: nodeReport({ arch: 'arm64' }) }),
    ];
    const d = decideFormation(snap(c, nodes));
    expect(d.assign).toEqual(['n1']);
    expect(d.status.message).toContain('held: the coordinator holds no k3s v1.33.4+k3s1 for arm64 (nodes node2)');
    expect(missingReleases(snap(c, nodes), nodes)).toEqual(new Map([['arm64', ['node2']]]));
  });

  it('a halted cluster decides nothing and says how to resume', () => {
    const c = cluster({}, { initNodeId: 'n1', caHash: 'h', haltReason: 'server node2 reported CA hash x' });
    const d = decideFormation(snap(c, [node(1, { role: 'server-init' }), node(2, { role: 'server' })]));
    expect(d).toMatchObject({ roles: [], assign: [], formation: {}, status: { phase: 'halted' } });
    expect(d.status.message).toContain('k3sgrid cluster resume demo');
  });

  it('fences a first server that never came up and cannot be reached: epoch + 1, role none', () => {
    const c = cluster(
      { formation: { minNodes: 1, timeoutSeconds: 60, bootstrapGraceSeconds: 5 } },
      {
        initNodeId: 'n1',
        initAssignedAt: T0,
        serverTokenSealed: Buffer.from('s'),
        agentTokenSealed: Buffer.from('a'),
      },
    );
    const nodes = [node(1, { role: 'server-init' }), node(2)];
    const keep = decideFormation(snap(c, nodes, { now: T0 + 4000, disconnected: ['n1'] }));
    expect(keep.epoch).toBeUndefined();
    const d = decideFormation(snap(c, nodes, { now: T0 + 6000, disconnected: ['n1'] }));
    expect(d.epoch).toBe(2);
    expect(d.roles).toContainEqual({ nodeId: 'n1', role: 'none' });
    expect(d.formation).toMatchObject({ initNodeId: null, initAssignedAt: null });
    expect(d.events.map((e) => e.type)).toContain('formation.fenced');
    // A connected first server is never fenced, however long it takes.
    expect(decideFormation(snap(c, nodes, { now: T0 + 600_000 })).epoch).toBeUndefined();
  });
});

describe('decideFormation: a formed cluster never gets a second cluster-init', () => {
  const formed = (init: string): ClusterRow =>
    cluster(
      { servers: 3 },
      {
        initNodeId: init,
        caHash: 'h',
        readyAt: T0,
        serverTokenSealed: Buffer.from('s'),
        agentTokenSealed: Buffer.from('a'),
      },
    );

  it('a machine taking over the first server joins as a server, and the first-server pointer moves to a live server', () => {
    // n1 (the old first server) was replaced: its row is gone from the live
    // nodes; n4 took its name and came with its role.
    const nodes = [
      node(2, { role: 'server', phase: 'ready' }),
      node(3, { role: 'server', phase: 'ready' }),
      node(4, { name: 'node1', role: 'server-init', pendingRemoval: 'node1' }),
    ];
    const d = decideFormation(snap(formed('n1'), nodes, { kubeReady: ['node2', 'node3'] }));
    expect(rolesOf(d)).toEqual({ n4: 'server' });
    expect(d.formation.initNodeId).toBe('n2');
    expect(d.events.map((e) => e.type)).toEqual(['formation.role-normalized', 'formation.first-server-moved']);
    // It waits for its old etcd member to be removed before it may join.
    expect(d.assign).not.toContain('n4');
    expect(d.status.message).toContain('waiting for the old etcd member of node1 to be removed');
  });

  it('with no server left it asks for a restore instead of electing a new first server', () => {
    const d = decideFormation(snap(formed('n1'), [node(5, { role: 'agent' }), node(6)]));
    expect(d.roles).toEqual([]);
    expect(d.status).toEqual({
      phase: 'degraded',
      message: 'no server of this cluster is left: restore it from a snapshot onto new nodes',
    });
  });

  it('servers join one at a time: the next only once the one before is ready', () => {
    const nodes = [
      node(1, { role: 'server-init', phase: 'ready' }),
      node(2, { role: 'server', phase: 'starting' }),
      node(3, { role: 'server' }),
    ];
    const d = decideFormation(snap(formed('n1'), nodes, { kubeReady: ['node1'] }));
    expect(d.assign).toEqual(['n1', 'n2']);
    const after = decideFormation(
      snap(formed('n1'), [nodes[0]!, { ...nodes[1]!, phase: 'ready' }, nodes[2]!], { kubeReady: ['node1', 'node2'] }),
    );
    expect(after.assign).toEqual(['n1', 'n2', 'n3']);
  });
});

describe('decideReplacement', () => {
  const formed = cluster(
    { servers: 3, formation: { minNodes: 1, timeoutSeconds: 60, serverLossGraceSeconds: 30 } },
    { initNodeId: 'n1', caHash: 'h', readyAt: T0, kubeconfigSealed: Buffer.from('k') },
  );
  it.each([
    [3, 2],
    [5, 3],
    [1, 1],
  ])('removing one of %i members needs %i live servers', (members, needed) => {
    expect(quorumAfterRemoval(members)).toBe(needed);
  });

  it('removes the old member of a replaced server through the API when quorum allows', () => {
    const nodes = [
      node(2, { role: 'server', phase: 'ready' }),
      node(3, { role: 'server', phase: 'ready' }),
      node(4, { name: 'node1', role: 'server', pendingRemoval: 'node1' }),
    ];
    expect(decideReplacement(snap(formed, nodes, { kubeReady: ['node2', 'node3'] }))).toEqual([
      { kind: 'remove-member', nodeId: 'n4', name: 'node1' },
    ]);
    const oneLive = decideReplacement(snap(formed, nodes, { kubeReady: ['node2'] }));
    expect(oneLive.map((a) => a.kind)).toEqual(['event']);
  });

  it('replaces a server lost past the grace with a spare, never below quorum', () => {
    const nodes = [
      node(1, { role: 'server-init', phase: 'ready' }),
      node(2, { role: 'server', phase: 'ready' }),
      node(3, { role: 'server', lastSeenAt: T0 }),
      node(4),
    ];
    const actions = decideReplacement(
      snap(formed, nodes, { now: T0 + 60_000, disconnected: ['n3'], kubeReady: ['node1', 'node2'] }),
    );
    expect(actions).toMatchObject([{ kind: 'replace-lost', lost: { id: 'n3' }, spare: { id: 'n4' } }]);
    expect(
      decideReplacement(snap(formed, nodes, { now: T0 + 10_000, disconnected: ['n3'], kubeReady: ['node1', 'node2'] })),
    ).toEqual([]);
    const noQuorum = decideReplacement(
      snap(formed, nodes, { now: T0 + 60_000, disconnected: ['n3'], kubeReady: ['node1'] }),
    );
    expect(noQuorum.map((a) => a.kind)).toEqual(['event']);
  });
});

describe('decideKubeconfigRequest', () => {
  it('asks the first server once it is ready and connected, and only while no kubeconfig is held', () => {
    const c = cluster({}, { initNodeId: 'n1', caHash: 'h' });
    expect(decideKubeconfigRequest(snap(c, [node(1, { role: 'server-init', phase: 'ready' })]))).toBe('n1');
    expect(decideKubeconfigRequest(snap(c, [node(1, { role: 'server-init', phase: 'starting' })]))).toBeNull();
    const held = cluster({}, { initNodeId: 'n1', caHash: 'h', kubeconfigSealed: Buffer.from('k') });
    expect(decideKubeconfigRequest(snap(held, [node(1, { role: 'server-init', phase: 'ready' })]))).toBeNull();
  });
});

describe('RollingGate: one live server restarts at a time', () => {
  // A server running (and having acknowledged) generation 1 of epoch 1, Ready.
  const running = (i: number, role: NodeRow['role'] = 'server'): NodeRow =>
    node(i, {
      role,
      phase: 'ready',
      assignment: {
        ...emptyAssignmentState(),
        epoch: 1,
        generation: 1,
        ackedEpoch: 1,
        ackedGeneration: 1,
        body: Buffer.from('b'),
        signature: Buffer.from('s'),
      },
    });
  const gate = (nodes: NodeRow[], o: Parameters<typeof snap>[2] = {}) =>
    new RollingGate(snap(cluster({ servers: 3 }), nodes, o), (n) => n.role);

  it('lets the first live server through and holds the others in the same pass', () => {
    const nodes = [running(1, 'server-init'), running(2), running(3)];
    const g = gate(nodes);
    expect(g.wait(nodes[0]!)).toBeNull();
    expect(g.wait(nodes[1]!)).toMatch(/another server restarts/);
    expect(g.wait(nodes[2]!)).toMatch(/another server restarts/);
  });

  it('holds a live server while another is down, not acknowledged, or not Ready in the cluster API', () => {
    const down = [running(1, 'server-init'), running(2), { ...running(3), phase: 'starting' as const }];
    expect(gate(down).wait(down[0]!)).toMatch(/waiting for node3/);
    const unacked = [running(1, 'server-init'), running(2), running(3)];
    unacked[2] = { ...unacked[2]!, assignment: { ...unacked[2]!.assignment, generation: 2 } };
    expect(gate(unacked).wait(unacked[1]!)).toMatch(/waiting for node3/);
    const api = [running(1, 'server-init'), running(2), running(3)];
    expect(gate(api, { kubeReady: ['node1', 'node2'] }).wait(api[0]!)).toMatch(/waiting for node3/);
  });

  it('never holds a server that is down itself, nor workers', () => {
    const nodes = [
      running(1, 'server-init'),
      { ...running(2), phase: 'failed' as const },
      running(3),
      running(4, 'agent'),
    ];
    const g = gate(nodes);
    expect(g.wait(nodes[1]!)).toBeNull();
    expect(g.wait(nodes[3]!)).toBeNull();
    // the down server did not use the pass's turn, but it is down: live servers wait for it
    expect(g.wait(nodes[0]!)).toMatch(/waiting for node2/);
  });
});
