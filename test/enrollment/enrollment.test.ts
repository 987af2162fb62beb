/**
 * Real coordinator process, real agent processes, loopback: concurrent
 * enrollment, reconnection by signature after a coordinator restart, and
 * revocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { SHARED_DIR } from '../support/paths.js';
import {
  killAll,
  startAgentProcess,
  startCoordinatorProcess,
  type AgentProc,
  type CoordinatorProc,
} from '../support/processes.js';
import { waitFor } from '@k3sgrid/testkit';
import type { EventJson, NodeJson, TokenCreatedJson, TokenJson } from '@k3sgrid/testkit/views';

const PROBE_ROOT = join(SHARED_DIR, 'fixtures/kernels/debian12-cloud');
const AGENTS = 20;

describe('enrollment with real processes', () => {
  let coord: CoordinatorProc;
  const agents: AgentProc[] = [];
  let token: TokenCreatedJson;

  beforeAll(async () => {
    coord = await startCoordinatorProcess();
    await coord.api('POST', '/v1/clusters', { name: 'demo' });
    token = await coord.api<TokenCreatedJson>('POST', '/v1/clusters/demo/join-tokens', { maxUses: AGENTS + 5 });
  }, 120_000);

  afterAll(async () => {
    await killAll();
  });

  it(`enrolls ${AGENTS} agents concurrently`, async () => {
    for (let i = 0; i < AGENTS; i++) {
      agents.push(
        startAgentProcess({
          coordinator: coord.agentUrl,
          token: token.token,
          hostname: `worker-${i}`,
          args: ['--probe-root', PROBE_ROOT],
        }),
      );
    }
    const nodes = await waitFor(
      `${AGENTS} connected nodes`,
      async () => {
        const r = await coord.api<{ items: NodeJson[] }>('GET', '/v1/nodes?cluster=demo');
        return r.items.filter((n) => n.connected).length === AGENTS ? r.items : undefined;
      },
      // A completion bound, not a speed target: 20 agent processes start from TypeScript on 2 cores.
      180_000,
      500,
    ).catch(async (err: unknown) => {
      // Say which agents are missing and what they last logged.
      const r = await coord.api<{ items: NodeJson[] }>('GET', '/v1/nodes?cluster=demo');
      const connected = new Set(r.items.filter((n) => n.connected).map((n) => n.name));
      const missing = agents
        .map((a, i) => ({ a, name: `worker-${i}` }))
        .filter(({ name }) => !connected.has(name))
        .map(
          ({ a, name }) =>
            `${name} (exit ${String(a.child.exitCode)}): ${a.output().split('\n').slice(-6).join(' | ')}`,
        );
      throw new Error(
        `${(err as Error).message}; missing:\n${missing.join('\n')}\ncoordinator: ${coord.output().split('\n').slice(-20).join(' | ')}`,
      );
    });
    expect(new Set(nodes.map((n) => n.name)).size).toBe(AGENTS);
    const t = (await coord.api<{ items: TokenJson[] }>('GET', '/v1/clusters/demo/join-tokens')).items[0];
    expect(t?.uses).toBe(AGENTS);
    for (const a of agents) {
      expect(existsSync(join(a.stateDir, 'identity.json'))).toBe(true);
      expect(readFileSync(join(a.stateDir, 'coordinator.json'), 'utf8')).toContain('"nodeId"');
    }
  }, 240_000);

  it('after a coordinator restart every agent reconnects by signature, without using the token', async () => {
    const before = await coord.api<{ items: EventJson[] }>('GET', '/v1/events?limit=1000');
    const lastId = before.items.at(-1)?.id ?? 0;
    const port = Number(new URL(coord.url).port);
    await coord.kill('SIGTERM');
    coord = await startCoordinatorProcess({ stateDir: coord.stateDir, port });
    await waitFor(
      'all agents reconnected',
      async () => {
        const r = await coord.api<{ items: NodeJson[] }>('GET', '/v1/nodes?cluster=demo');
        return r.items.filter((n) => n.connected).length === AGENTS ? true : undefined;
      },
      150_000,
      500,
    );
    const after = await coord.api<{ items: EventJson[] }>('GET', `/v1/events?after=${lastId}&limit=1000`);
    expect(after.items.filter((e) => e.type === 'node.connected')).toHaveLength(AGENTS);
    expect(after.items.filter((e) => e.type.startsWith('enroll.'))).toHaveLength(0);
    const t = (await coord.api<{ items: TokenJson[] }>('GET', '/v1/clusters/demo/join-tokens')).items[0];
    expect(t?.uses).toBe(AGENTS);
  }, 200_000);

  it('revoking a node closes its session at once and refuses its reconnection', async () => {
    const victim = agents[0]!;
    const info = JSON.parse(readFileSync(join(victim.stateDir, 'coordinator.json'), 'utf8')) as { nodeId: string };
    await coord.api('DELETE', `/v1/nodes/${info.nodeId}`);
    // The agent hears close code 4003 and exits with the "refused" code.
    const code = await Promise.race([victim.exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
    expect(code).toBe(3);
    expect(victim.output()).toMatch(/revoked/);
    const node = await coord.api<NodeJson>('GET', `/v1/nodes/${info.nodeId}`);
    expect(node).toMatchObject({ revoked: true, connected: false });

    // Restarting the agent with the same identity is refused for good.
    const again = startAgentProcess({
      coordinator: coord.agentUrl,
      stateDir: victim.stateDir,
      args: ['--probe-root', PROBE_ROOT],
    });
    const code2 = await Promise.race([again.exited, new Promise((r) => setTimeout(() => r('timeout'), 30_000))]);
    expect(code2).toBe(3);
    expect(again.output()).toMatch(/removed by an operator|revoked/);
    const events = await coord.api<{ items: EventJson[] }>('GET', '/v1/events?type=auth.refused&limit=1000');
    expect(events.items.some((e) => e.nodeId === info.nodeId && e.data.reason === 'revoked')).toBe(true);
    // The others are unaffected.
    const r = await coord.api<{ items: NodeJson[] }>('GET', '/v1/nodes?cluster=demo');
    expect(r.items.filter((n) => n.connected)).toHaveLength(AGENTS - 1);
  }, 90_000);
});
