/**
 * Failover between coordinator replicas with the real session client and
 * real in-process coordinators (TLS, WebSocket, SQLite): a dead first
 * address is skipped, a replica that goes away is replaced by another with
 * the same identity (same state directory, new port), a dropped session
 * retries its own replica first, and a revocation is final on every address.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import { CloseCode, emptyReport } from '@k3sgrid/proto';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterSpec, type RunningCoordinator, startCoordinator } from '@k3sgrid/coordinator';
import { AgentError } from '../src/errors.js';
import { AgentSessionClient, type SessionStatus } from '../src/session/client.js';
import { silentLogger, tempDir, waitFor as poll } from '@k3sgrid/testkit';

const quiet = silentLogger;
const work = tempDir('failover');
const running = new Set<RunningCoordinator>();
const clients: AgentSessionClient[] = [];

afterAll(async () => {
  for (const c of clients) c.stop();
  for (const c of running) await c.close().catch(() => undefined);
});

/** A loopback port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function coordinator(port: number): Promise<RunningCoordinator> {
  const c = await startCoordinator({
    stateDir: path.join(work, 'coordinator'),
    listen: `127.0.0.1:${port}`,
    advertise: ['127.0.0.1'],
    logger: quiet,
  });
  running.add(c);
  return c;
}

async function stopCoordinator(c: RunningCoordinator): Promise<void> {
  running.delete(c);
  await c.close();
}

const waitFor = <T>(what: string, f: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> =>
  poll(what, f, ms, 50);

describe('agent failover between coordinator replicas', () => {
  it('skips a dead address, follows the identity to a new replica, retries its own replica first, stops on revoke', async () => {
    const dead = `wss://127.0.0.1:${await freePort()}`;
    const portB = await freePort();
    const a = await coordinator(0);
    const urlB = `wss://127.0.0.1:${portB}`;
    const cluster = await a.service.createCluster(
      clusterSpec({
        name: 'failover', // Never forms: this test is about the session, not about roles.
        formation: { minNodes: 5, timeoutSeconds: 600 },
      }),
      'test',
    );
    const { token } = await a.service.createToken(
      cluster.id,
      { ttlSeconds: 600, maxUses: 1, roles: ['server', 'agent', 'lb'], description: 'failover' },
      'test',
    );

    const statuses: Array<[SessionStatus, string]> = [];
    const client = new AgentSessionClient({
      coordinators: [dead, a.agentUrl, urlB],
      token,
      stateDir: path.join(work, 'agent'),
      hostname: 'n1',
      probe: () => Promise.resolve({ ...emptyReport(), hostname: 'n1', cpuCount: 2, addresses: ['127.0.0.1'] }),
      log: quiet,
      // A long back-off ceiling between sweeps would show up as a slow failover to A.
      backoff: { baseMs: 200, capMs: 1000 },
      hopDelayMs: 20,
      handlers: { onStatus: (s, at) => statuses.push([s, at]) },
    });
    clients.push(client);
    const done = client.run().then(
      () => null,
      (err: unknown) => err,
    );
    const connectedTo = (url: string, from: number): true | undefined =>
      statuses.slice(from).some(([s, at]) => s === 'connected' && at === url) ? true : undefined;

    // 1. The first address refuses TCP; the agent enrolls through the second.
    await waitFor('enrolled via the second address', () => connectedTo(a.agentUrl, 0));
    expect(statuses[0]).toEqual(['connecting', dead]);
    // Moving from the dead address to the next one is a hop, not a back-off.
    expect(statuses.findIndex(([s]) => s === 'backoff')).toBe(-1);
    expect(client.currentCoordinator).toBe(a.agentUrl);
    const nodeId = client.coordinatorInfo?.nodeId;
    expect(nodeId).toBeTruthy();
    await waitFor('A sees the node', () => (a.gateway.isConnected(nodeId!) ? true : undefined));

    // 2. A goes away; nothing answers for a while (a whole sweep fails and the
    //    agent backs off); then B comes up on another port with A's state
    //    directory, i.e. the same CA, pin and signing key.
    let mark = statuses.length;
    await stopCoordinator(a);
    // After the drop: one back-off, then a sweep (B first: A said it was going
    // away), and a back-off once every address has failed.
    const sweep = await waitFor('a failed sweep', () => {
      const after = statuses.slice(mark);
      const second = after.findIndex(([s], i) => s === 'backoff' && i > 0);
      return second > 0 ? after.slice(0, second + 1) : undefined;
    });
    expect(sweep).toEqual([
      ['backoff', urlB],
      ['connecting', urlB],
      ['connecting', dead],
      ['connecting', a.agentUrl],
      ['backoff', urlB],
    ]);
    const b = await coordinator(portB);
    expect(b.agentUrl).toBe(urlB);
    await waitFor('reconnected to B', () => connectedTo(urlB, mark));
    expect(client.currentCoordinator).toBe(urlB);
    expect(client.coordinatorInfo?.nodeId).toBe(nodeId);
    await waitFor('B sees the node', () => (b.gateway.isConnected(nodeId!) ? true : undefined));
    // Reconnected by signature: still one enrollment, the token used once.
    expect((await b.service.listNodes(cluster.id)).map((n) => n.id)).toEqual([nodeId]);
    expect((await b.service.listTokens(cluster.id))[0]?.uses).toBe(1);

    // 3. B drops the session (not a shutdown): the agent retries B before any other address.
    mark = statuses.length;
    expect(b.gateway.closeNode(nodeId!, CloseCode.tryAgainLater, 'test drop')).toBe(true);
    await waitFor('reconnected to B after a drop', () => connectedTo(urlB, mark));
    const attempts = statuses.slice(mark).filter(([s]) => s === 'connecting');
    expect(attempts.map(([, at]) => at)).toEqual([urlB]);

    // 4. Revoked: the agent stops for good instead of trying the other addresses.
    mark = statuses.length;
    await b.service.deleteNode(nodeId!, 'test');
    const err = await done;
    expect(err).toBeInstanceOf(AgentError);
    expect((err as AgentError).code).toBe('refused-permanently');
    expect(statuses.slice(mark).filter(([s]) => s === 'connecting')).toEqual([]);
    expect(statuses.at(-1)?.[0]).toBe('stopped');
  });

  it('tries every address of a sweep before backing off', async () => {
    const dead = await Promise.all([freePort(), freePort(), freePort()]);
    const urls = dead.map((p) => `wss://127.0.0.1:${p}`);
    const statuses: Array<[SessionStatus, string]> = [];
    const client = new AgentSessionClient({
      coordinators: urls,
      // Never reached: every address refuses TCP before the pin is checked.
      token: `K3G1${'a'.repeat(43)}::abcdefghij.${'b'.repeat(43)}`,
      stateDir: path.join(work, 'sweep-agent'),
      probe: () => Promise.resolve(emptyReport()),
      log: quiet,
      // The first back-off ceiling is 60 s: if it were paid between addresses, this test would time out.
      backoff: { baseMs: 60_000, capMs: 60_000 },
      hopDelayMs: 10,
      handlers: { onStatus: (s, at) => statuses.push([s, at]) },
    });
    clients.push(client);
    const done = client.run();
    await waitFor('one sweep', () => (statuses.some(([s]) => s === 'backoff') ? true : undefined), 5000);
    client.stop();
    await done;
    const upToBackoff = statuses.slice(0, statuses.findIndex(([s]) => s === 'backoff') + 1);
    expect(upToBackoff).toEqual([
      ['connecting', urls[0]],
      ['connecting', urls[1]],
      ['connecting', urls[2]],
      ['backoff', urls[0]],
    ]);
    expect(statuses.at(-1)?.[0]).toBe('stopped');
  });
});
