/**
 * Cluster formation end to end: a coordinator, real agent processes on their
 * own loopback addresses, the k3s test double with real etcd, real HAProxy,
 * and the real kubectl with the kubeconfig the API serves.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lab } from '../../scripts/lib/lab-core.js';
import { clusterInitRuns, etcdctl, k3sConfig, kubectl, nodeTable, saveKubeconfig } from './helpers.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

const labs: Lab[] = [];
afterAll(async () => {
  await Promise.all(labs.map((l) => l.stop()));
});

async function nodesOf(
  lab: Lab,
): Promise<Array<{ id: string; name: string; role: string; phase: string; index: number }>> {
  const rows = await lab.coordinator.service.listNodes(lab.cluster.id);
  return rows
    .filter((n) => n.revokedAt === null)
    .map((n) => ({
      id: n.id,
      name: n.name,
      role: n.role,
      phase: n.phase,
      index: Number(/(\d+)$/.exec(n.report?.addresses[0] ?? '')?.[1] ?? 0),
    }));
}

describe('formation: 1 server + 2 agents, registration server', () => {
  let lab: Lab;
  it('forms, and kubectl lists one control-plane node and two workers, all Ready', async () => {
    lab = await Lab.start({
      dir: tempDir('form1'),
      subnet: '127.0.81',
      spec: { servers: 1, registration: { mode: 'server' }, formation: { minNodes: 3, timeoutSeconds: 60 } },
    });
    labs.push(lab);
    const token = await lab.token({ uses: 3 });
    for (let i = 1; i <= 3; i++) lab.startNode(i, token);
    const c = await lab.waitReady();
    const nodes = await nodesOf(lab);
    const init = nodes.find((n) => n.role === 'server-init');
    expect(init).toBeDefined();
    expect(nodes.filter((n) => n.role === 'agent')).toHaveLength(2);
    expect(c.formation.registrationAddress).toBe(`127.0.81.${init!.index}`);
    const kc = await saveKubeconfig(lab);
    expect(readFileSync(kc, 'utf8')).toContain(`server: https://127.0.81.${init!.index}:6443`);
    const table = nodeTable(kubectl(kc, ['get', 'nodes']));
    expect(table).toHaveLength(3);
    expect(table.every((r) => r.status === 'Ready')).toBe(true);
    expect(table.filter((r) => r.roles.includes('control-plane'))).toHaveLength(1);
    expect(kubectl(kc, ['get', '--raw', '/readyz']).trim()).toBe('ok');
    // Workers got the agent token (node user), never the server token.
    for (const n of nodes.filter((x) => x.role === 'agent')) {
      expect(String(k3sConfig(lab, n.index)?.token)).toMatch(/^K10[0-9a-f]{64}::node:/);
    }
    expect(clusterInitRuns(lab)).toHaveLength(1);
  }, 240_000);

  it('a reinstalled worker joins under a new name; deleting the old node removes its password entry', async () => {
    const nodes = await nodesOf(lab);
    const worker = nodes.find((n) => n.role === 'agent')!;
    const init = nodes.find((n) => n.role === 'server-init')!;
    const secretKey = `/registry/secrets/kube-system/${worker.name}.node-password.k3s`;
    expect(etcdctl(`127.0.81.${init.index}`, ['get', secretKey, '--keys-only'])).toContain(secretKey);
    // Reinstall: wipe the agent state (new identity), new token, same machine and hostname.
    await lab.stopNode(worker.index);
    lab.startNode(worker.index, await lab.token(), { wipe: true });
    const renamed = await lab
      .waitFor('reinstalled worker ready', () => true)
      .then(async () => {
        for (;;) {
          const all = await lab.coordinator.service.listNodes(lab.cluster.id);
          const fresh = all.find(
            (n) =>
              n.revokedAt === null &&
              n.id !== worker.id &&
              n.report?.addresses[0] === `127.0.81.${worker.index}` &&
              n.phase === 'ready',
          );
          if (fresh) return fresh;
          await new Promise((r) => setTimeout(r, 500));
        }
      });
    expect(renamed.name).not.toBe(worker.name);
    expect(renamed.name.startsWith(worker.name)).toBe(true);
    const deleted = await lab.coordinator.service.deleteNode(worker.id, 'test');
    expect(deleted.kubernetes).toBe('deleted');
    // k3s's node controller removes the password secret on the Node's finalizer, after the DELETE answered.
    const secretGone = await waitFor(
      'the node-password secret of the old worker removed',
      () => etcdctl(`127.0.81.${init.index}`, ['get', secretKey, '--keys-only']).trim() === '',
      20_000,
    );
    expect(secretGone).toBe(true);
    const kc = await saveKubeconfig(lab);
    let names: string[] = [];
    for (let i = 0; i < 60 && !names.includes(renamed.name); i++) {
      names = nodeTable(kubectl(kc, ['get', 'nodes'])).map((r) => r.name);
      if (!names.includes(renamed.name)) await new Promise((r) => setTimeout(r, 500));
    }
    expect(names).toContain(renamed.name);
    expect(names).not.toContain(worker.name);
  }, 180_000);

  it('an operator-initiated replace keeps the node name and its node password', async () => {
    const nodes = await nodesOf(lab);
    const worker = nodes.find((n) => n.role === 'agent')!;
    const pwFile = join(lab.o.dir, `node${worker.index}`, 'root/etc/rancher/node/password');
    const before = readFileSync(pwFile, 'utf8');
    const token = await lab.token({ replaceNodeId: worker.id });
    await lab.stopNode(worker.index);
    lab.startNode(worker.index, token, { wipe: true });
    const replacement = await (async () => {
      for (let i = 0; i < 240; i++) {
        const all = await lab.coordinator.service.listNodes(lab.cluster.id);
        const r = all.find(
          (n) => n.revokedAt === null && n.id !== worker.id && n.name === worker.name && n.phase === 'ready',
        );
        if (r) return r;
        await new Promise((res) => setTimeout(res, 500));
      }
      throw new Error('replacement never became ready');
    })();
    expect(replacement.role).toBe('agent');
    expect(readFileSync(pwFile, 'utf8')).toBe(before);
    const kc = await saveKubeconfig(lab);
    const row = nodeTable(kubectl(kc, ['get', 'nodes'])).find((r) => r.name === worker.name);
    expect(row?.status).toBe('Ready');
  }, 180_000);
});

describe('formation: 3 servers + lb + 2 agents, registration lb with real HAProxy', () => {
  let lab: Lab;
  it('forms through HAProxy; kubectl through HAProxy lists 3 control-plane nodes and 2 workers Ready', async () => {
    lab = await Lab.start({
      dir: tempDir('form3'),
      subnet: '127.0.82',
      spec: { servers: 3, registration: { mode: 'lb' }, formation: { minNodes: 6, timeoutSeconds: 60 } },
    });
    labs.push(lab);
    const token = await lab.token({ uses: 6 });
    for (let i = 1; i <= 6; i++) lab.startNode(i, token);
    const c = await lab.waitReady(240_000);
    const nodes = await nodesOf(lab);
    const lb = nodes.find((n) => n.role === 'lb')!;
    expect(lb).toBeDefined();
    expect(c.formation.registrationAddress).toBe(`127.0.82.${lb.index}`);
    expect(nodes.filter((n) => n.role === 'server' || n.role === 'server-init')).toHaveLength(3);
    expect(nodes.filter((n) => n.role === 'agent')).toHaveLength(2);
    // Every joiner was pointed at HAProxy, and every server's certificate names it.
    for (const n of nodes.filter((x) => x.role === 'server' || x.role === 'agent')) {
      expect(k3sConfig(lab, n.index)?.server).toBe(`https://127.0.82.${lb.index}:6443`);
    }
    for (const n of nodes.filter((x) => x.role.startsWith('server')))
      expect(k3sConfig(lab, n.index)?.['tls-san']).toContain(`127.0.82.${lb.index}`);
    const kc = await saveKubeconfig(lab);
    expect(readFileSync(kc, 'utf8')).toContain(`server: https://127.0.82.${lb.index}:6443`);
    const table = nodeTable(kubectl(kc, ['get', 'nodes']));
    expect(table.filter((r) => r.roles.includes('control-plane') && r.status === 'Ready')).toHaveLength(3);
    expect(table.filter((r) => r.roles === '<none>' && r.status === 'Ready')).toHaveLength(2);
    const init = nodes.find((n) => n.role === 'server-init')!;
    expect(etcdctl(`127.0.82.${init.index}`, ['member', 'list']).trim().split('\n')).toHaveLength(3);
    expect(clusterInitRuns(lab)).toEqual([`node${init.index}`]);
  }, 300_000);

  it('with the first server stopped, kubectl still answers through HAProxy from another server', async () => {
    const nodes = await nodesOf(lab);
    const init = nodes.find((n) => n.role === 'server-init')!;
    await lab.stopNode(init.index);
    const kc = await saveKubeconfig(lab);
    // HAProxy's health check needs a moment to drop the dead backend; kubectl retries are the operator's experience.
    let out = '';
    for (let i = 0; i < 20 && !out; i++) {
      try {
        out = kubectl(kc, ['get', 'nodes']);
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const table = nodeTable(out);
    expect(table).toHaveLength(5);
    expect(table.find((r) => r.name === init.name)).toBeDefined();
    expect(clusterInitRuns(lab)).toEqual([`node${init.index}`]);
    const events = await lab.coordinator.state.store.listEvents({
      limit: 10_000,
      clusterId: lab.cluster.id,
      type: 'assignment.committed',
    });
    expect(events.filter((e) => e.data.role === 'server-init')).toHaveLength(1);
  }, 120_000);
});
