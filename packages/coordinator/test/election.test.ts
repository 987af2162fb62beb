/**
 * planner/election.ts, table-driven: odd server counts, failure-domain
 * spread, resource and token-role rules, the load balancer's preference
 * order, kept roles, and deterministic tie-breaks.
 */
import { describe, expect, it } from 'vitest';
import { emptyReport, type Role } from '@k3sgrid/proto';
import { elect, type ElectionInput, type ElectionNode } from '../src/planner/election.js';

function n(
  name: string,
  over: Partial<ElectionNode> & { farm?: string; cpu?: number; mem?: number; pub?: string } = {},
): ElectionNode {
  const { farm = '', cpu = 4, mem = 8 * 2 ** 30, pub = '', ...rest } = over;
  return {
    id: name,
    name,
    connected: true,
    revoked: false,
    enrolledAt: 0,
    allowedRoles: ['server', 'agent', 'lb'],
    role: 'none',
    report: { ...emptyReport(), gridFarmId: farm, cpuCount: cpu, memoryBytes: mem, publicIp: pub },
    meetsPlan: true,
    ...rest,
  };
}

function run(
  nodes: ElectionNode[],
  over: Partial<ElectionInput> = {},
): { roles: Record<string, Role>; r: ReturnType<typeof elect> } {
  const r = elect({
    servers: 3,
    registration: 'server',
    failureDomainKey: 'farm',
    minNodes: 1,
    timedOut: false,
    initNodeId: null,
    lbNodeId: null,
    nodes,
    ...over,
  });
  return { roles: Object.fromEntries([...r.roles].filter(([, v]) => v !== 'none')), r };
}

describe('elect', () => {
  it.each([
    [1, 1, 0],
    [2, 1, 1],
    [3, 3, 0],
    [4, 3, 1],
    [5, 3, 2],
  ])('servers: 3 with %i nodes → %i server(s), %i worker(s)', (count, servers, workers) => {
    const { roles } = run(Array.from({ length: count }, (_, i) => n(`n${i + 1}`)));
    const values = Object.values(roles);
    expect(values.filter((v) => v === 'server-init' || v === 'server')).toHaveLength(servers);
    expect(values.filter((v) => v === 'agent')).toHaveLength(workers);
    expect(values.filter((v) => v === 'server-init')).toHaveLength(1);
  });

  it('spreads servers over farms before doubling up', () => {
    const { roles } = run([
      n('a1', { farm: '1' }),
      n('a2', { farm: '1' }),
      n('b1', { farm: '2' }),
      n('c1', { farm: '3' }),
    ]);
    expect(roles).toEqual({ a1: 'server-init', b1: 'server', c1: 'server', a2: 'agent' });
  });

  it('a node without server resources or a server-role token is never a server', () => {
    const { roles } = run(
      [n('small', { cpu: 1 }), n('lowmem', { mem: 2 ** 30 }), n('agentonly', { allowedRoles: ['agent'] }), n('big')],
      { servers: 1 },
    );
    expect(roles).toEqual({ big: 'server-init', small: 'agent', lowmem: 'agent', agentonly: 'agent' });
  });

  it('prefers nodes that meet the plan, then name order', () => {
    const { roles } = run([n('a', { meetsPlan: false }), n('b'), n('c')], { servers: 1 });
    expect(roles['b']).toBe('server-init');
  });

  it.each([
    ['an lb-only token first', [n('s1'), n('s2'), n('lbonly', { allowedRoles: ['lb'] })], 'lbonly'],
    ['else a node with a public address', [n('s1'), n('s2', { pub: '203.0.113.1' }), n('s3')], 's2'],
    ['else the last node by rank', [n('s1'), n('s2'), n('s3')], 's3'],
  ])('lb mode: %s', (_what, nodes, lb) => {
    const { r } = run(nodes, { registration: 'lb', servers: 1 });
    expect(r.lbNodeId).toBe(lb);
    expect(r.roles.get(lb)).toBe('lb');
  });

  it('keeps roles already decided; a disconnected node keeps its role and is never newly elected', () => {
    const nodes = [
      n('init', { role: 'server-init', connected: false }),
      n('s2', { role: 'server' }),
      n('gone', { connected: false }),
      n('w1'),
    ];
    const { roles, r } = run(nodes, { initNodeId: 'init' });
    expect(r.initNodeId).toBe('init');
    // Two servers kept; the third comes from the connected spare (three is odd).
    expect(roles).toEqual({ init: 'server-init', s2: 'server', w1: 'server' });
  });

  it('waits, with the reason, for enough nodes, a server-capable node, and a second node for the lb', () => {
    expect(run([n('a')], { minNodes: 3 }).r.waiting).toBe('waiting for nodes: 1 of 3 enrolled and reporting');
    expect(run([n('a', { allowedRoles: ['agent'] })]).r.waiting).toMatch(/may be a server/);
    expect(run([n('a')], { registration: 'lb', minNodes: 1, timedOut: true }).r.waiting).toBe(
      'registration lb needs a second node for HAProxy',
    );
  });

  it('is deterministic: the same input gives the same roles whatever the order', () => {
    const nodes = [n('c', { farm: '2' }), n('a', { farm: '1' }), n('b', { farm: '1' }), n('d', { farm: '3' })];
    expect(run(nodes).roles).toEqual(run([...nodes].reverse()).roles);
  });
});
