/**
 * Scenario 1: the coordinator is SIGKILLed at each commit-boundary failpoint
 * while agents enroll or a cluster forms; after a restart every agent
 * completes and the invariants hold.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { importK3sReleaseOverApi, spawnLabAgent, stopLabAgent, type LabNode } from '../../scripts/lib/lab-core.js';
import { DEFAULT_K3S_VERSION } from '@k3sgrid/coordinator';
import { SHARED_DIR } from '../support/paths.js';
import {
  killAll,
  startAgentProcess,
  startCoordinatorProcess,
  type AgentProc,
  type CoordinatorProc,
} from '../support/processes.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';
import type { ClusterJson, NodeJson, TokenCreatedJson, TokenJson } from '@k3sgrid/testkit/views';

const labNodes: LabNode[] = [];
afterAll(async () => {
  await Promise.all(labNodes.map((n) => stopLabAgent(n, 'SIGKILL')));
  await killAll();
});

/** Runs a coordinator that crashes at `failpoint`, waits for the crash, restarts it on the same port without failpoints. */
async function crashAndRestart(c: CoordinatorProc): Promise<CoordinatorProc> {
  const code = await Promise.race([c.exited, new Promise<string>((r) => setTimeout(() => r('no crash'), 120_000))]);
  expect(code, c.output().slice(-2000)).not.toBe('no crash');
  expect(c.output()).toContain('failpoint');
  return startCoordinatorProcess({ stateDir: c.stateDir, port: Number(new URL(c.url).port) });
}

describe('coordinator killed at the enrollment commit while 20 agents enroll', () => {
  it('every agent completes after the restart; token uses equal node records; nothing half-done', async () => {
    let c = await startCoordinatorProcess({ env: { K3SGRID_FAILPOINTS: 'after-enroll-commit=crash@5' } });
    await c.api('POST', '/v1/clusters', { name: 'crash', formation: { minNodes: 10_000, timeoutSeconds: 86_400 } });
    await importK3sReleaseOverApi(c.conn, DEFAULT_K3S_VERSION);
    const t = await c.api<TokenCreatedJson>('POST', '/v1/clusters/crash/join-tokens', { maxUses: 20 });
    const agents: AgentProc[] = [];
    for (let i = 0; i < 20; i++) {
      agents.push(
        startAgentProcess({
          coordinator: c.agentUrl,
          token: t.token,
          hostname: `crash-${i}`,
          args: ['--probe-root', join(SHARED_DIR, 'fixtures/kernels/debian12-cloud')],
        }),
      );
    }
    c = await crashAndRestart(c);
    const nodes = await waitFor(
      '20 connected nodes after restart',
      async () => {
        const r = await c.api<{ items: NodeJson[] }>('GET', '/v1/nodes?cluster=crash');
        return r.items.filter((n) => n.connected).length === 20 ? r.items : undefined;
      },
      60_000,
      500,
    );
    const token = (await c.api<{ items: TokenJson[] }>('GET', '/v1/clusters/crash/join-tokens')).items[0]!;
    expect(token.uses).toBeLessThanOrEqual(token.maxUses);
    expect(token.uses).toBe(nodes.length);
    expect(nodes).toHaveLength(20);
    expect(new Set(nodes.map((n) => n.name)).size).toBe(20);
    // Each enrollment committed its event with it: one enroll.ok per node, none for a rolled-back one.
    const enrolled = await c.api<{ items: Array<{ nodeId: string | null }> }>(
      'GET',
      '/v1/events?cluster=crash&type=enroll.ok&limit=1000',
    );
    expect(enrolled.items.map((e) => e.nodeId).sort()).toEqual(nodes.map((n) => n.id).sort());
    // Every agent holds an identity the coordinator knows: no enrollment left half-done.
    const ids = new Set(nodes.map((n) => n.id));
    for (const a of agents) {
      const info = JSON.parse(readFileSync(join(a.stateDir, 'coordinator.json'), 'utf8')) as { nodeId: string };
      expect(ids.has(info.nodeId)).toBe(true);
    }
  }, 240_000);
});

const FORMATION_FAILPOINTS = [
  'after-election',
  'after-password-stored',
  'before-assignment-send',
  'after-assignment-send',
] as const;

describe.each(FORMATION_FAILPOINTS)('coordinator killed at %s during formation (1 server + 2 workers)', (fp) => {
  it('the cluster still forms with one cluster-init, and node passwords never change', async () => {
    const dir = tempDir(`crash-${fp}`);
    // The election commits once for this cluster; the others fire once per node.
    let c = await startCoordinatorProcess({
      env: { K3SGRID_FAILPOINTS: `${fp}=crash@${fp === 'after-election' ? 1 : 2}` },
    });
    await c.api('POST', '/v1/clusters', { name: 'f', formation: { minNodes: 3, timeoutSeconds: 60 } });
    await importK3sReleaseOverApi(c.conn, DEFAULT_K3S_VERSION);
    const t = await c.api<TokenCreatedJson>('POST', '/v1/clusters/f/join-tokens', { maxUses: 3 });
    const subnet = `127.0.${100 + FORMATION_FAILPOINTS.indexOf(fp)}`;
    const nodes = [1, 2, 3].map((i) =>
      spawnLabAgent({ labDir: dir, subnet, index: i, agentUrl: c.agentUrl, token: t.token }),
    );
    labNodes.push(...nodes);
    c = await crashAndRestart(c);
    await waitFor(
      'cluster ready after the crash',
      async () => {
        const cl = await c.api<ClusterJson>('GET', '/v1/clusters/f');
        return cl.phase === 'ready' && cl.kubeconfigAvailable ? cl : undefined;
      },
      150_000,
      500,
    );
    const cl = await c.api<ClusterJson>('GET', '/v1/clusters/f');
    expect(cl.epoch).toBe(1);
    const configs = nodes.map((n) => {
      const p = join(n.rootPrefix, 'etc/rancher/k3s/config.yaml');
      return existsSync(p) ? (parse(readFileSync(p, 'utf8'), { version: '1.1' }) as Record<string, unknown>) : {};
    });
    expect(configs.filter((x) => x['cluster-init'] === true)).toHaveLength(1);
    // The k3s double refuses a changed password with k3s's own message; it must never have happened.
    for (const n of nodes) expect(readFileSync(n.logFile, 'utf8')).not.toContain('Node password rejected');
    const passwords = nodes.map((n) => readFileSync(join(n.rootPrefix, 'etc/rancher/node/password'), 'utf8'));
    expect(new Set(passwords).size).toBe(3);
    for (const n of nodes) await stopLabAgent(n);
    await c.kill();
  }, 240_000);
});
