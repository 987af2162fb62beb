/**
 * A node cut off for real: the agent runs in its own network namespace and
 * the veth link to it goes down (no FIN, no RST). The coordinator notices
 * within two ping intervals, the node keeps its role, and it reconnects by
 * itself when the link comes back.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterSpec, type RunningCoordinator, startCoordinator } from '@k3sgrid/coordinator';
import { AGENT_BIN, REPO_ROOT, SHARED_DIR, TS_NODE_ARGS } from '../support/paths.js';
import { createNetnsHost, type NetnsHost } from '../support/netns.js';
import { tempDir, waitFor, silentLogger } from '@k3sgrid/testkit';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('partition through a network namespace', () => {
  it('detects the cut within two ping intervals, keeps the role, and heals', async () => {
    const host: NetnsHost = createNetnsHost();
    cleanups.push(() => host.destroy());
    const c: RunningCoordinator = await startCoordinator({
      stateDir: join(tempDir('netns'), 'state'),
      listen: `${host.hostIp}:0`,
      advertise: [host.hostIp],
      logger: silentLogger,
      gateway: { pingIntervalMs: 1000 },
    });
    cleanups.push(() => c.close());
    const cl = await c.service.createCluster(
      clusterSpec({ name: 'ns', formation: { minNodes: 100, timeoutSeconds: 86_400 } }),
      'test',
    );
    const { token } = await c.service.createToken(
      cl.id,
      { ttlSeconds: 3600, maxUses: 1, roles: ['agent'], description: '' },
      'test',
    );
    const agent = spawn(
      'ip',
      host.execArgs([
        process.execPath,
        ...TS_NODE_ARGS,
        AGENT_BIN,
        'run',
        '--coordinator',
        `wss://${host.hostIp}:${c.port}`,
        '--token',
        token,
        '--state-dir',
        join(tempDir('netns-agent'), 'state'),
        '--hostname',
        'cut-off',
        '--node-ip',
        host.nodeIp,
        '--probe-root',
        join(SHARED_DIR, 'fixtures/kernels/debian12-cloud'),
      ]),
      { cwd: REPO_ROOT, stdio: 'ignore', env: { ...process.env, K3SGRID_RECONNECT_MAX_MS: '2000' } },
    );
    cleanups.push(() => void agent.kill('SIGKILL'));
    const node = await waitFor(
      'agent enrolled from inside the namespace',
      async () => {
        const n = (await c.service.listNodes(cl.id))[0];
        return n && c.gateway.isConnected(n.id) ? n : undefined;
      },
      60_000,
      200,
    );
    expect(node.address).toBe(host.nodeIp);
    const roleBefore = node.role;

    host.cut();
    const t0 = Date.now();
    await waitFor('partition detected', () => !c.gateway.isConnected(node.id), 10_000, 100);
    expect(Date.now() - t0).toBeLessThanOrEqual(3500); // two 1 s ping intervals + the 1 s sweep
    expect((await c.service.getNode(node.id)).connected).toBe(false);
    expect((await c.service.getNode(node.id)).role).toBe(roleBefore);

    host.heal();
    await waitFor('agent back after the link heals', () => c.gateway.isConnected(node.id), 60_000, 200);
    expect((await c.service.getNode(node.id)).role).toBe(roleBefore);
  }, 120_000);
});
