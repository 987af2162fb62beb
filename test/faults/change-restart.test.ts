/**
 * A shrink survives a coordinator restart: 3 servers are asked to become 1;
 * once the first demotion is under way the coordinator closes and a new one
 * starts on the same state dir and port. The operation (in the store, not in
 * memory) goes on from where it was: two demotions in all, each started
 * once, and etcd ends with the first server's member alone.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startCoordinator } from '@k3sgrid/coordinator';
import { Lab } from '../../scripts/lib/lab-core.js';
import { etcdctl } from '../formation/helpers.js';
import { tempDir } from '@k3sgrid/testkit';

const SUBNET = '127.0.143';
let lab: Lab | undefined;
afterAll(async () => {
  await lab?.stop();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

describe('cluster update across a coordinator restart', () => {
  it('3 → 1 resumes after the coordinator restarts mid-shrink; no demotion starts twice', async () => {
    const port = await freePort();
    lab = await Lab.start({
      dir: tempDir('change-restart'),
      subnet: SUBNET,
      port,
      spec: { servers: 3, formation: { minNodes: 3, timeoutSeconds: 60 } },
    });
    const l = lab;
    const token = await l.token({ uses: 3, roles: ['server'] });
    for (let i = 1; i <= 3; i++) l.startNode(i, token);
    await l.waitReady(240_000);
    const first = (await l.coordinator.service.listNodes(l.cluster.id)).find((n) => n.role === 'server-init')!;
    const ip = first.report!.addresses[0]!;
    const id = (await l.coordinator.service.updateCluster(l.cluster.id, { servers: 1 }, 'test')).formation.operation!
      .id;
    await l.waitFor('a demotion under way', (c) => c.formation.operation?.demoting !== null, 60_000);

    await l.coordinator.close();
    l.coordinators[0] = await startCoordinator({
      stateDir: join(l.o.dir, 'coordinator'),
      listen: `127.0.0.1:${port}`,
      advertise: ['127.0.0.1'],
      logger: pino({ level: 'info' }, pino.destination({ dest: join(l.o.dir, 'coordinator-2.log'), sync: false })),
      reconcileIntervalMs: 1000,
    });
    const done = await l.waitFor(
      'shrunk to 1 server after the restart',
      (c) => c.formation.operation?.id === id && c.formation.operation.state === 'succeeded',
      300_000,
    );
    expect(done.formation.operation!.demoted).toHaveLength(2);
    const m = etcdctl(ip, ['member', 'list']).trim().split('\n');
    expect(m).toHaveLength(1);
    expect(m[0]).toContain(first.name);
    const events = await l.coordinator.state.store.listEvents({ limit: 1000, clusterId: l.cluster.id });
    const demoting = events.filter((e) => e.type === 'cluster.server-demoting').map((e) => e.data.node);
    expect(demoting.sort()).toEqual([...done.formation.operation!.demoted].sort());
  });
});
