/**
 * `node replace` of a server (3 servers, real etcd under the double, which
 * refuses a joining server whose name an etcd member still carries, as k3s
 * does). A reinstalled machine takes over a joining server's name and node
 * password: the coordinator first removes the old etcd member through a live
 * server (deleting its Node), and only then lets the new machine join. Then
 * the same for the first server: its replacement joins the formed cluster as
 * a plain server (no cluster-init on an empty disk, which would start a
 * second cluster with another CA). The other servers take the moved first
 * server's address one restart at a time.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Lab } from '../../scripts/lib/lab-core.js';
import { etcdctl, k3sConfig, kubectl, nodeTable, saveKubeconfig } from '../formation/helpers.js';
import { tempDir } from '@k3sgrid/testkit';

const SUBNET = '127.0.131';
let lab: Lab | undefined;
afterAll(async () => {
  await lab?.stop();
});

/** Reinstalls lab node `index`: its agent and k3s die, its disk is wiped, it comes back with a replace token. */
async function reinstall(l: Lab, index: number, nodeId: string): Promise<void> {
  const token = await l.token({ replaceNodeId: nodeId });
  await l.stopNode(index, 'SIGKILL');
  rmSync(join(l.o.dir, `node${index}`, 'root'), { recursive: true, force: true });
  l.startNode(index, token, { wipe: true });
}

function etcdMembers(viaIp: string): string[] {
  return etcdctl(viaIp, ['member', 'list']).trim().split('\n');
}

describe('node replace of a server', () => {
  it('removes the old etcd member first, then the replacement joins under the same name; never a second cluster-init', async () => {
    lab = await Lab.start({
      dir: tempDir('replace'),
      subnet: SUBNET,
      spec: { servers: 3, formation: { minNodes: 3, timeoutSeconds: 60 } },
    });
    const l = lab;
    const token = await l.token({ uses: 3, roles: ['server'] });
    for (let i = 1; i <= 3; i++) l.startNode(i, token);
    const formed = await l.waitReady(240_000);
    const caHash = formed.formation.caHash;
    const nodes = await l.coordinator.service.listNodes(l.cluster.id);
    const byIp = (ip: string) => nodes.find((n) => n.report?.addresses[0] === ip)!;
    const first = nodes.find((n) => n.role === 'server-init')!;
    const joiner = nodes.find((n) => n.role === 'server')!;
    const joinerIndex = Number(joiner.report!.addresses[0]!.split('.').at(-1));
    const firstIndex = Number(first.report!.addresses[0]!.split('.').at(-1));
    const third = nodes.find((n) => n.id !== first.id && n.id !== joiner.id)!;

    // ---- a joining server
    await reinstall(l, joinerIndex, joiner.id);
    await l.waitFor('degraded while the replacement waits', (c) => c.phase === 'degraded', 60_000);
    await l.waitFor('ready again with the replacement', (c) => c.phase === 'ready', 240_000);
    const removed = await l.coordinator.state.store.listEvents({
      limit: 100,
      clusterId: l.cluster.id,
      type: 'formation.member-removed',
    });
    expect(removed.map((e) => e.data.name)).toEqual([joiner.name]);
    let members = etcdMembers(third.report!.addresses[0]!);
    expect(members).toHaveLength(3);
    expect(members.filter((m) => m.includes(joiner.name))).toHaveLength(1);
    expect(members.every((m) => m.includes('started'))).toBe(true);

    // ---- the first server
    await reinstall(l, firstIndex, first.id);
    await l.waitFor(
      'ready again after replacing the first server',
      (c) => c.phase === 'ready' && c.formation.initNodeId !== first.id,
      240_000,
    );
    // The moved first server changes the other servers' `server:` URL: they
    // restart with it one at a time, never while another server is down.
    const held = await l.coordinator.state.store.listEvents({
      limit: 100,
      clusterId: l.cluster.id,
      type: 'assignment.held',
    });
    expect(held.length).toBeGreaterThan(0);
    const nameOf = new Map((await l.coordinator.service.listNodes(l.cluster.id)).map((n) => [n.id, n.name]));
    expect(new Set(held.map((e) => nameOf.get(e.nodeId ?? '')))).toEqual(new Set([joiner.name, third.name]));
    const after = await l.coordinator.service.getCluster(l.cluster.id);
    // The same cluster: its CA never changed, and only the very first start ran cluster-init.
    expect(after.formation.caHash).toBe(caHash);
    expect(after.epoch).toBe(formed.epoch);
    const replacement = (await l.coordinator.service.listNodes(l.cluster.id)).find(
      (n) => n.name === first.name && n.revokedAt === null,
    )!;
    expect(replacement.role).toBe('server');
    expect(k3sConfig(l, firstIndex)?.['cluster-init']).toBeUndefined();
    expect(k3sConfig(l, firstIndex)?.['server']).toMatch(/^https:\/\//);
    members = etcdMembers(third.report!.addresses[0]!);
    expect(members).toHaveLength(3);
    expect(members.filter((m) => m.includes(first.name))).toHaveLength(1);
    const table = nodeTable(kubectl(await saveKubeconfig(l), ['get', 'nodes']));
    expect(table.map((r) => `${r.name} ${r.status}`).sort()).toEqual(
      [first.name, joiner.name, third.name].map((n) => `${n} Ready`).sort(),
    );
    expect(byIp(`${SUBNET}.${firstIndex}`).name).toBe(first.name);
  });
});
