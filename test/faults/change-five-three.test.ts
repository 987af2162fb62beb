/**
 * 3 → 5 → 3 servers on real etcd under the double: growth promotes two
 * spares; the shrink removes two members one at a time through a live
 * server, never the first server, and etcd ends with three started members.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Lab } from '../../scripts/lib/lab-core.js';
import { etcdctl } from '../formation/helpers.js';
import { tempDir } from '@k3sgrid/testkit';

const SUBNET = '127.0.142';
let lab: Lab | undefined;
afterAll(async () => {
  await lab?.stop();
});

const members = (ip: string): string[] => etcdctl(ip, ['member', 'list']).trim().split('\n').filter(Boolean);

describe('cluster update: 3 → 5 → 3 servers', () => {
  it('grows to five members and shrinks back to three, one at a time', async () => {
    lab = await Lab.start({
      dir: tempDir('five-three'),
      subnet: SUBNET,
      spec: { servers: 3, formation: { minNodes: 5, timeoutSeconds: 60 } },
    });
    const l = lab;
    const token = await l.token({ uses: 5, roles: ['server'] });
    for (let i = 1; i <= 5; i++) l.startNode(i, token);
    await l.waitReady(300_000);
    const svc = l.coordinator.service;
    const first = (await svc.listNodes(l.cluster.id)).find((n) => n.role === 'server-init')!;
    const ip = first.report!.addresses[0]!;
    expect(members(ip)).toHaveLength(3);

    const grow = (await svc.updateCluster(l.cluster.id, { servers: 5 }, 'test')).formation.operation!.id;
    await l.waitFor(
      'five servers',
      (c) => c.formation.operation?.id === grow && c.formation.operation.state === 'succeeded',
      300_000,
    );
    const five = members(ip);
    expect(five).toHaveLength(5);
    expect(five.every((m) => m.includes('started'))).toBe(true);

    const shrink = (await svc.updateCluster(l.cluster.id, { servers: 3 }, 'test')).formation.operation!.id;
    const done = await l.waitFor(
      'three servers',
      (c) => c.formation.operation?.id === shrink && c.formation.operation.state === 'succeeded',
      300_000,
    );
    expect(done.formation.operation!.demoted).toHaveLength(2);
    expect(done.formation.operation!.demoted).not.toContain(first.name);
    const three = members(ip);
    expect(three).toHaveLength(3);
    expect(three.every((m) => m.includes('started'))).toBe(true);
    for (const name of done.formation.operation!.demoted) expect(three.some((m) => m.includes(name))).toBe(false);
    const servers = (await svc.listNodes(l.cluster.id)).filter((n) => n.role === 'server' || n.role === 'server-init');
    expect(servers).toHaveLength(3);
  });
});
