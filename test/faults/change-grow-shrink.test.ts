/**
 * A cluster change on real etcd under the double, checked with the real
 * etcdctl and kubectl: 1 → 3 servers (election promotes the two spare
 * nodes, which join one at a time through the registration address), pool
 * labels and taints set on the existing Nodes through the cluster's API
 * (k3s would apply them only at registration), then 3 → 1 (one member at a
 * time removed through a live server; the demoted nodes stop k3s and move
 * their server datastore aside).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Lab } from '../../scripts/lib/lab-core.js';
import { etcdctl, kubectl, saveKubeconfig } from '../formation/helpers.js';
import { tempDir } from '@k3sgrid/testkit';

const SUBNET = '127.0.141';
let lab: Lab | undefined;
afterAll(async () => {
  await lab?.stop();
});

const members = (ip: string): string[] => etcdctl(ip, ['member', 'list']).trim().split('\n').filter(Boolean);

/** `kubectl get nodes --show-labels` as name → labels, and the taints per node. */
function nodes(kubeconfig: string): Map<string, { labels: Record<string, string>; taints: string[] }> {
  const out = kubectl(kubeconfig, ['get', 'nodes', '--show-labels', '--no-headers']);
  const taints = JSON.parse(kubectl(kubeconfig, ['get', 'nodes', '-o', 'json'])) as {
    items: Array<{
      metadata: { name: string };
      spec: { taints?: Array<{ key: string; value?: string; effect: string }> };
    }>;
  };
  const m = new Map<string, { labels: Record<string, string>; taints: string[] }>();
  for (const line of out.trim().split('\n')) {
    const cols = line.trim().split(/\s+/);
    const labels = Object.fromEntries(
      (cols.at(-1) ?? '').split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
    const t = taints.items.find((i) => i.metadata.name === cols[0])?.spec.taints ?? [];
    m.set(cols[0] ?? '', { labels, taints: t.map((x) => `${x.key}${x.value ? `=${x.value}` : ''}:${x.effect}`) });
  }
  return m;
}

describe('cluster update: grow and shrink servers, pool labels and taints', () => {
  it('1 → 3 → 1 with labels and taints on existing nodes', async () => {
    lab = await Lab.start({ dir: tempDir('grow-shrink'), subnet: SUBNET, spec: { servers: 1 } });
    const l = lab;
    // Nodes whose token allows only the server role: spares (role none) until the cluster grows.
    const token = await l.token({ uses: 3, roles: ['server'] });
    for (let i = 1; i <= 3; i++) l.startNode(i, token);
    await l.waitReady(240_000);
    const svc = l.coordinator.service;
    const first = (await svc.listNodes(l.cluster.id)).find((n) => n.role === 'server-init')!;
    const firstIp = first.report!.addresses[0]!;
    expect(members(firstIp)).toHaveLength(1);

    // ---- grow 1 → 3, with a label and a taint for the servers
    let c = await svc.updateCluster(
      l.cluster.id,
      { servers: 3, pools: { servers: { labels: { tier: 'control' }, taints: ['dedicated=control:NoSchedule'] } } },
      'test',
    );
    const growId = c.formation.operation!.id;
    await l.waitFor(
      'grown to 3 servers',
      (x) => x.formation.operation?.id === growId && x.formation.operation.state === 'succeeded',
      300_000,
    );
    const all = await svc.listNodes(l.cluster.id);
    expect(all.filter((n) => n.role === 'server' || n.role === 'server-init')).toHaveLength(3);
    const m3 = members(firstIp);
    expect(m3).toHaveLength(3);
    expect(m3.every((m) => m.includes('started'))).toBe(true);
    const kubeconfig = await saveKubeconfig(l);
    let seen = nodes(kubeconfig);
    expect([...seen.keys()].sort()).toEqual(all.map((n) => n.name).sort());
    for (const [name, n] of seen) {
      expect(n.labels.tier, name).toBe('control');
      expect(n.taints, name).toContain('dedicated=control:NoSchedule');
      expect(n.labels['node-role.kubernetes.io/etcd'], name).toBe('true');
    }

    // ---- change the label, drop the taint: reconciled on the existing Nodes
    await svc.updateCluster(l.cluster.id, { pools: { servers: { labels: { tier: 'cp' }, taints: [] } } }, 'test');
    await l.waitFor('label change done', (x) => x.formation.operation?.state === 'succeeded', 120_000);
    seen = nodes(kubeconfig);
    for (const [name, n] of seen) {
      expect(n.labels.tier, name).toBe('cp');
      expect(n.taints, name).not.toContain('dedicated=control:NoSchedule');
    }

    // ---- shrink 3 → 1: one member at a time, through a live server
    c = await svc.updateCluster(l.cluster.id, { servers: 1 }, 'test');
    const shrinkId = c.formation.operation!.id;
    c = await l.waitFor(
      'shrunk to 1 server',
      (x) => x.formation.operation?.id === shrinkId && x.formation.operation.state === 'succeeded',
      300_000,
    );
    const demoted = c.formation.operation!.demoted;
    expect(demoted).toHaveLength(2);
    expect(demoted).not.toContain(first.name);
    const after = await svc.listNodes(l.cluster.id);
    expect(after.find((n) => n.id === first.id)?.role).toBe('server-init');
    expect(after.filter((n) => n.role === 'server' || n.role === 'server-init')).toHaveLength(1);
    const m1 = members(firstIp);
    expect(m1).toHaveLength(1);
    expect(m1[0]).toContain(first.name);
    expect([...nodes(kubeconfig).keys()]).toEqual([first.name]);
    // One demotion at a time: each started only after the previous one ended.
    const events = await l.coordinator.state.store.listEvents({ limit: 1000, clusterId: l.cluster.id });
    const seq = events
      .filter((e) => e.type === 'cluster.server-demoting' || e.type === 'cluster.server-demoted')
      .sort((a, b) => a.id - b.id)
      .map((e) => e.type);
    expect(seq).toEqual([
      'cluster.server-demoting',
      'cluster.server-demoted',
      'cluster.server-demoting',
      'cluster.server-demoted',
    ]);
    expect(
      events
        .filter((e) => e.type === 'formation.member-removed')
        .map((e) => e.data.name)
        .sort(),
    ).toEqual([...demoted].sort());
    // The demoted machines moved their server datastore aside.
    for (const name of demoted) {
      const n = after.find((x) => x.name === name)!;
      const idx = Number(n.report!.addresses[0]!.split('.').at(-1));
      const k3sDir = join(l.o.dir, `node${idx}`, 'root/var/lib/rancher/k3s');
      expect(existsSync(join(k3sDir, 'server')), name).toBe(false);
      expect(
        readdirSync(k3sDir).some((d) => d.startsWith('server.demoted-')),
        name,
      ).toBe(true);
    }
  });
});
