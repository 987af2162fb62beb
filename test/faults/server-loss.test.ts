/**
 * Scenario 3: a server lost after formation (3 servers). The cluster turns
 * degraded and etcd keeps quorum; with a spare eligible node enrolled, the
 * coordinator removes the dead server through a live one (as `kubectl delete
 * node` does, which drops its etcd member) and promotes the spare. At the end
 * etcd has three healthy members again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Lab } from '../../scripts/lib/lab-core.js';
import { etcdctl, kubectl, nodeTable, saveKubeconfig } from '../formation/helpers.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

let lab: Lab | undefined;
afterAll(async () => {
  await lab?.stop();
});

describe('scenario 3: a server lost after formation', () => {
  it('is replaced by a spare through a live server; etcd ends with three healthy members', async () => {
    lab = await Lab.start({
      dir: tempDir('loss'),
      subnet: '127.0.130',
      gateway: { pingIntervalMs: 1000 },
      spec: {
        servers: 3,
        registration: { mode: 'lb' },
        formation: { minNodes: 4, timeoutSeconds: 60, serverLossGraceSeconds: 5 },
      },
    });
    const l = lab;
    const token = await l.token({ uses: 4, roles: ['server', 'lb'] });
    for (let i = 1; i <= 4; i++) l.startNode(i, token);
    await l.waitReady(240_000);
    // A spare: allowed to be a server only, so it waits with no role.
    l.startNode(5, await l.token({ roles: ['server'] }));
    const spare = await waitFor(
      'spare enrolled without a role',
      async () => {
        const n = (await l.coordinator.service.listNodes(l.cluster.id)).find(
          (x) => x.report?.addresses[0] === `127.0.130.5`,
        );
        return n && n.role === 'none' && l.coordinator.gateway.isConnected(n.id) ? n : undefined;
      },
      60_000,
      250,
    );

    const nodes = await l.coordinator.service.listNodes(l.cluster.id);
    const victim = nodes.find((n) => n.role === 'server')!;
    const survivor = nodes.find((n) => n.role === 'server-init')!;
    const victimLab = l.nodes.find((n) => n.ip === victim.report?.addresses[0])!;
    await l.stopNode(victimLab.index, 'SIGKILL');

    await l.waitFor('degraded', (c) => c.phase === 'degraded', 60_000);
    // Quorum kept: with two of three members a write still commits.
    expect(etcdctl(survivor.report!.addresses[0]!, ['put', '/k3sgrid-test/quorum', 'ok']).trim()).toBe('OK');

    await l.waitFor('ready again with the spare promoted', (c) => c.phase === 'ready', 240_000);
    const after = await l.coordinator.service.listNodes(l.cluster.id);
    expect(after.find((n) => n.id === spare.id)?.role).toBe('server');
    expect(after.find((n) => n.id === victim.id)?.role).toBe('none');
    const events = await l.coordinator.state.store.listEvents({
      limit: 100,
      clusterId: l.cluster.id,
      type: 'formation.server-replaced',
    });
    expect(events).toHaveLength(1);
    const members = etcdctl(survivor.report!.addresses[0]!, ['member', 'list']).trim().split('\n');
    expect(members).toHaveLength(3);
    expect(members.every((m) => m.includes('started'))).toBe(true);
    expect(members.some((m) => m.includes(victim.name))).toBe(false);
    const table = nodeTable(kubectl(await saveKubeconfig(l), ['get', 'nodes']));
    expect(
      table
        .filter((r) => r.roles.includes('control-plane') && r.status === 'Ready')
        .map((r) => r.name)
        .sort(),
    ).toEqual(
      after
        .filter((n) => n.role === 'server' || n.role === 'server-init')
        .map((n) => n.name)
        .sort(),
    );
  }, 420_000);
});
