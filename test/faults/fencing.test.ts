/**
 * Scenario 2: the elected first server is cut off before it reports ready.
 * After the bootstrap grace the coordinator fences it out (epoch + 1) and
 * elects a new first server; when the old one comes back it obeys the new
 * epoch: it stops its lone datastore and joins the new cluster, never serving
 * a second one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Lab } from '../../scripts/lib/lab-core.js';
import { etcdctl, kubectl, nodeTable, saveKubeconfig } from '../formation/helpers.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

let lab: Lab | undefined;
afterAll(async () => {
  if (!lab) return;
  for (const n of lab.nodes) {
    try {
      if (n.child.pid) process.kill(-n.child.pid, 'SIGCONT');
    } catch {
      /* gone */
    }
  }
  await lab.stop();
});

describe('scenario 2: first server cut off before it is ready', () => {
  it('is fenced out with a new epoch; a new first server forms the cluster; the old one joins it', async () => {
    lab = await Lab.start({
      dir: tempDir('fence'),
      subnet: '127.0.120',
      gateway: { pingIntervalMs: 1000 },
      spec: { servers: 1, formation: { minNodes: 3, timeoutSeconds: 60, bootstrapGraceSeconds: 5 } },
    });
    const l = lab;
    const token = await l.token({ uses: 3 });
    for (let i = 1; i <= 3; i++) l.startNode(i, token);
    // Freeze the first server's whole process group (agent, k3s, etcd) once its k3s is starting, before it is ready.
    const first = await waitFor(
      'first server starting k3s',
      async () => {
        const c = await l.coordinator.service.getCluster(l.cluster.id);
        if (!c.formation.initNodeId) return undefined;
        const n = await l.coordinator.service.getNode(c.formation.initNodeId);
        return n.phase === 'starting' || n.phase === 'running' ? n.id : undefined;
      },
      120_000,
      25,
    );
    const firstRow = await l.coordinator.service.getNode(first);
    const frozen = l.nodes.find((n) => n.ip === firstRow.report?.addresses[0])!;
    process.kill(-frozen.child.pid!, 'SIGSTOP');

    const c2 = await l.waitFor(
      'epoch 2 cluster ready',
      (c) => c.epoch === 2 && c.phase === 'ready' && c.formation.kubeconfigSealed !== null,
      150_000,
    );
    expect(c2.formation.initNodeId).not.toBe(first);
    const fenced = await l.coordinator.state.store.listEvents({
      limit: 100,
      clusterId: l.cluster.id,
      type: 'formation.fenced',
    });
    expect(fenced).toHaveLength(1);

    process.kill(-frozen.child.pid!, 'SIGCONT');
    const kc = await saveKubeconfig(l);
    const table = await waitFor(
      'old first server joined the new cluster',
      () => {
        try {
          const t = nodeTable(kubectl(kc, ['get', 'nodes']));
          return t.find((r) => r.name === firstRow.name && r.status === 'Ready') ? t : undefined;
        } catch {
          return undefined;
        }
      },
      120_000,
      1000,
    );
    expect(table).toHaveLength(3);
    // Its epoch-1 datastore was moved aside; its config no longer initialises a cluster.
    const cfg = parse(readFileSync(join(frozen.rootPrefix, 'etc/rancher/k3s/config.yaml'), 'utf8'), {
      version: '1.1',
    }) as Record<string, unknown>;
    expect(cfg['cluster-init']).toBeUndefined();
    const k3sDir = join(frozen.rootPrefix, 'var/lib/rancher/k3s');
    expect(readdirSync(k3sDir).some((d) => d.startsWith('server.fenced-epoch-1-'))).toBe(true);
    // One cluster-init per epoch: epoch 1 on the fenced node, epoch 2 on the new one.
    const inits = await l.coordinator.state.store.listEvents({
      limit: 1000,
      clusterId: l.cluster.id,
      type: 'assignment.committed',
    });
    const byEpoch = new Map<number, number>();
    for (const e of inits.filter((x) => x.data.role === 'server-init'))
      byEpoch.set(Number(e.data.epoch), (byEpoch.get(Number(e.data.epoch)) ?? 0) + 1);
    expect([...byEpoch.entries()].sort()).toEqual([
      [1, 1],
      [2, 1],
    ]);
    // The new cluster's etcd has exactly one member: the fenced node never joined it as a second etcd cluster.
    const newInit = l.nodes.find(
      (n) => n.ip !== frozen.ip && existsSync(join(n.rootPrefix, 'var/lib/rancher/k3s/server')),
    )!;
    expect(etcdctl(newInit.ip, ['member', 'list']).trim().split('\n')).toHaveLength(1);
  }, 360_000);
});
