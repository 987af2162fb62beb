/**
 * Liveness pings are staggered: each session is pinged once per ping interval
 * at its own phase, so a fleet's pings spread over the interval instead of
 * all leaving in one sweep (a burst of N TLS writes; see Gateway.sweep).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCoordinator, startCoordinator } from '@k3sgrid/coordinator';
import { rawEnroll, type RawConn } from '../support/raw-client.js';
import { tempDir, waitFor, silentLogger } from '@k3sgrid/testkit';

const SESSIONS = 60;
const PING_MS = 3000;
let c: RunningCoordinator;
const conns: RawConn[] = [];

beforeAll(async () => {
  c = await startCoordinator({
    stateDir: join(tempDir('pings'), 'state'),
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: silentLogger,
    gateway: { pingIntervalMs: PING_MS },
  });
  const admin = readFileSync(join(c.state.dir, 'admin.token'), 'utf8').trim();
  const headers = { authorization: `Bearer ${admin}` };
  expect(
    (await c.app.inject({ method: 'POST', url: '/v1/clusters', headers, payload: { name: 'p' } })).statusCode,
  ).toBe(201);
  const res = await c.app.inject({
    method: 'POST',
    url: '/v1/clusters/p/join-tokens',
    headers,
    payload: { maxUses: SESSIONS },
  });
  expect(res.statusCode).toBe(201);
  const token = res.json<{ token: string }>().token;
  for (let i = 0; i < SESSIONS; i++) {
    const { result, conn } = await rawEnroll(c.agentUrl, c.state.tls.caCert, token, { hostname: `p-${i}` });
    expect(result.kind).toBe('welcome');
    conns.push(conn);
  }
}, 60_000);

afterAll(async () => {
  for (const x of conns) x.ws.terminate();
  await c?.close();
});

describe('liveness pings', () => {
  it('reach every session once per interval, spread over the interval rather than in one sweep', async () => {
    const arrivals: Array<{ session: number; at: number }> = [];
    const start = Date.now();
    conns.forEach((x, session) => x.ws.on('ping', () => arrivals.push({ session, at: Date.now() - start })));
    // Two full intervals: every session must have been pinged at least once.
    await waitFor(
      'every session pinged',
      () => new Set(arrivals.map((a) => a.session)).size === SESSIONS,
      3 * PING_MS,
      100,
    );
    await new Promise((r) => setTimeout(r, PING_MS));
    // Pings of one sweep arrive within a few ms of each other; sweeps are 1 s
    // apart. Group arrivals separated by less than 400 ms.
    const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
    const bursts: number[] = [];
    let last = -Infinity;
    for (const t of times) {
      if (t - last > 400) bursts.push(0);
      bursts[bursts.length - 1]!++;
      last = t;
    }
    // All sessions in one sweep was the old behaviour; with random phases a
    // sweep carries about SESSIONS / 3 (binomial, sd ~3.7).
    expect(Math.max(...bursts)).toBeLessThan(SESSIONS * 0.7);
    expect(bursts.length).toBeGreaterThanOrEqual(3);
    // Nobody is pinged more than once per interval (plus one sweep of slack).
    const perSession = new Map<number, number[]>();
    for (const a of arrivals) perSession.set(a.session, [...(perSession.get(a.session) ?? []), a.at]);
    for (const ts of perSession.values())
      for (let i = 1; i < ts.length; i++) expect(ts[i]! - ts[i - 1]!).toBeGreaterThan(PING_MS - 1100);
  }, 30_000);
});
