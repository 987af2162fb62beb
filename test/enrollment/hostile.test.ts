/**
 * Hostile input against an in-process coordinator (real TLS, real WebSocket,
 * real SQLite). Each case ends by enrolling a healthy agent, which must
 * still succeed: a bad client only ever loses its own connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { connect } from 'node:tls';
import pino from 'pino';
import { type RunningCoordinator, startCoordinator } from '@k3sgrid/coordinator';
import { AgentSessionClient } from '@k3sgrid/agent';
import {
  type Body,
  CloseCode,
  emptyReport,
  encodeFrame,
  formatJoinToken,
  type OutBody,
  parseJoinToken,
} from '@k3sgrid/proto';
import { enrollBody, newIdentity, openRaw, rawEnroll } from '../support/raw-client.js';
import { tempDir, waitFor, silentLogger } from '@k3sgrid/testkit';

let now = Date.now();
let c: RunningCoordinator;
let logs = '';
const logStream = new Writable({
  write(chunk: Buffer, _enc, cb) {
    logs += chunk.toString();
    cb();
  },
});
const issued: string[] = [];

async function token(body: Record<string, unknown> = {}): Promise<string> {
  const res = await c.app.inject({
    method: 'POST',
    url: '/v1/clusters/demo/join-tokens',
    headers: { authorization: `Bearer ${adminToken()}` },
    payload: body,
  });
  expect(res.statusCode).toBe(201);
  const t = res.json<{ token: string }>().token;
  issued.push(t);
  return t;
}
const adminToken = (): string => readFileSync(join(c.state.dir, 'admin.token'), 'utf8').trim();
const ca = (): string => c.state.tls.caCert;

/** A healthy agent must still enroll. */
async function healthyEnrolls(): Promise<void> {
  const { result, conn } = await rawEnroll(c.agentUrl, ca(), await token(), { hostname: 'healthy' });
  expect(result.kind).toBe('welcome');
  conn.ws.close();
}

async function eventsOfType(prefix: string): Promise<Array<{ data: Record<string, unknown> }>> {
  return c.state.store.listEvents({ limit: 10_000, type: prefix });
}

beforeAll(async () => {
  c = await startCoordinator({
    stateDir: join(tempDir('hostile'), 'state'),
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: pino({ level: 'debug' }, logStream),
    clock: () => now,
    gateway: { handshakeTimeoutMs: 1500 },
    maxFailuresPerAddress: 60,
  });
  const res = await c.app.inject({
    method: 'POST',
    url: '/v1/clusters',
    headers: { authorization: `Bearer ${adminToken()}` },
    payload: { name: 'demo' },
  });
  expect(res.statusCode).toBe(201);
});

afterAll(async () => {
  await c.close();
});

describe('hostile input', () => {
  it('wrong pin: the agent refuses to talk before sending anything', async () => {
    const good = parseJoinToken(await token());
    const bad = formatJoinToken({ ...good, pin: 'A'.repeat(43) });
    const before = (await eventsOfType('enroll.')).length;
    const agent = new AgentSessionClient({
      coordinator: c.agentUrl,
      token: bad,
      stateDir: join(tempDir('pin'), 'state'),
      probe: () => Promise.resolve(emptyReport()),
      log: silentLogger,
    });
    await expect(agent.run()).rejects.toMatchObject({ code: 'pin-mismatch', permanent: true });
    expect((await eventsOfType('enroll.')).length).toBe(before);
    await healthyEnrolls();
  });

  it('wrong secret, expired and used-up tokens all get the same answer; the audit log has the reason', async () => {
    const wrong = await rawEnroll(c.agentUrl, ca(), await token(), { secretOverride: 'x'.repeat(43) });
    const t = await token({ ttlSeconds: 60 });
    now += 61_000;
    const expired = await rawEnroll(c.agentUrl, ca(), t);
    const once = await token();
    const first = await rawEnroll(c.agentUrl, ca(), once);
    const used = await rawEnroll(c.agentUrl, ca(), once);
    expect(first.result.kind).toBe('welcome');
    const answers = [wrong, expired, used].map(({ result }) =>
      result.kind === 'error'
        ? { code: result.value.code, message: result.value.message, permanent: result.value.permanent }
        : result.kind,
    );
    expect(answers[0]).toEqual({
      code: 'unauthenticated',
      message: 'join token is invalid, expired, revoked or used up',
      permanent: true,
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    for (const r of [wrong, expired, used]) expect((await r.conn.closed).code).toBe(CloseCode.unauthenticated);
    const reasons = (await eventsOfType('enroll.refused')).map((e) => e.data.reason);
    expect(reasons).toEqual(expect.arrayContaining(['bad-mac', 'expired', 'used-up']));
    first.conn.ws.close();
    await healthyEnrolls();
  });

  it('a single-use token raced by 20 agents: exactly one wins', async () => {
    const t = await token({ maxUses: 1 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => rawEnroll(c.agentUrl, ca(), t, { hostname: `racer-${i}` })),
    );
    expect(results.filter((r) => r.result.kind === 'welcome')).toHaveLength(1);
    expect(results.filter((r) => r.result.kind === 'error')).toHaveLength(19);
    const row = await c.state.store.getToken(parseJoinToken(t).id);
    expect(row?.uses).toBe(1);
    for (const r of results) r.conn.ws.close();
    await healthyEnrolls();
  });

  it('a handshake message replayed in a new session is refused and consumes nothing', async () => {
    const t = await token();
    const id = await newIdentity();
    const a = await openRaw(c.agentUrl, ca());
    const captured = await enrollBody(await a.next('serverHello'), t, id);
    a.ws.close();
    const b = await openRaw(c.agentUrl, ca());
    await b.next('serverHello');
    b.send(captured);
    const err = await b.next('error');
    expect(err.kind === 'error' && err.value.code).toBe('unauthenticated');
    expect((await c.state.store.getToken(parseJoinToken(t).id))?.uses).toBe(0);
    expect(await c.state.store.getNodeBySignPub(id.sign.publicKey)).toBeNull();
    await healthyEnrolls();
  });

  it.each([
    ['random bytes', (): Uint8Array => Buffer.from('0f3a9c77e1d2b8a4c6e0ffffffffff', 'hex'), CloseCode.invalidData],
    [
      'a truncated protobuf',
      (): Uint8Array => encodeFrame(1, { kind: 'heartbeat', value: { phase: 'ready-ready-ready' } }).subarray(0, 9),
      CloseCode.invalidData,
    ],
    ['a frame over the cap', (): Uint8Array => new Uint8Array(64 * 1024 + 1), CloseCode.tooBig],
    [
      'an out-of-order message',
      (): Uint8Array => encodeFrame(1, { kind: 'heartbeat', value: { phase: 'ready' } }),
      CloseCode.protocolError,
    ],
    ['a text frame', (): string => 'hello', CloseCode.invalidData],
  ])('%s closes that session with a precise code', async (_name, make, code) => {
    const conn = await openRaw(c.agentUrl, ca());
    await conn.next('serverHello');
    conn.sendRaw(make());
    expect((await conn.closed).code).toBe(code);
    await healthyEnrolls();
  });

  it.each([
    ['an EnrollRequest', async (h: Body): Promise<OutBody> => enrollBody(h, await token(), await newIdentity())],
    [
      'an AuthRequest',
      (): Promise<OutBody> =>
        Promise.resolve({
          kind: 'authRequest',
          value: { clientNonce: new Uint8Array(32), nodeSignPub: new Uint8Array(32), signature: new Uint8Array(64) },
        }),
    ],
    [
      'a ServerHello',
      (): Promise<OutBody> =>
        Promise.resolve({
          kind: 'serverHello',
          value: { sessionId: new Uint8Array(16), serverNonce: new Uint8Array(32) },
        }),
    ],
    [
      'an Assignment',
      (): Promise<OutBody> => Promise.resolve({ kind: 'assignment', value: { body: new Uint8Array(8) } }),
    ],
    [
      'a Welcome',
      (): Promise<OutBody> =>
        Promise.resolve({ kind: 'welcome', value: { nodeId: 'x', nodeName: 'x', clusterId: 'x' } }),
    ],
  ] as const)('after authentication, %s closes the session with 1002', async (_name, make) => {
    const { result, conn } = await rawEnroll(c.agentUrl, ca(), await token(), { hostname: 'late-handshake' });
    expect(result.kind).toBe('welcome');
    const hello = conn.received.find((b) => b.kind === 'serverHello');
    if (!hello) throw new Error('no ServerHello');
    conn.send(await make(hello));
    expect((await conn.closed).code).toBe(CloseCode.protocolError);
    await healthyEnrolls();
  });

  it('a replayed sequence number inside a session is refused', async () => {
    const conn = await openRaw(c.agentUrl, ca());
    const hello = await conn.next('serverHello');
    const t = await token();
    const body = await enrollBody(hello, t, await newIdentity());
    conn.send(body, 5);
    await conn.next('welcome');
    conn.send({ kind: 'heartbeat', value: { phase: 'pending' } }, 5);
    expect((await conn.closed).code).toBe(CloseCode.protocolError);
    await healthyEnrolls();
  });

  it('an ack for an assignment the node does not hold (invented, future or refused) changes nothing', async () => {
    const { result, conn } = await rawEnroll(c.agentUrl, ca(), await token(), { hostname: 'acker' });
    expect(result.kind).toBe('welcome');
    const node = (await c.state.store.listNodes()).find((n) => n.hostname === 'acker');
    expect(node).toBeDefined();
    conn.send({ kind: 'ack', value: { epoch: 7, generation: 99, accepted: true, reason: '' } });
    conn.send({ kind: 'ack', value: { epoch: 7, generation: 99, accepted: false, reason: 'made up' } });
    conn.send({ kind: 'heartbeat', value: { phase: 'pending' } });
    await waitFor(
      'the coordinator handled the frames',
      () => (logs.includes('ignored an ack') ? true : undefined),
      5000,
      20,
    );
    const after = await c.state.store.getNode(node!.id);
    expect([after?.assignment.ackedEpoch, after?.assignment.ackedGeneration, after?.lastError]).toEqual([0, 0, '']);
    expect((await eventsOfType('assignment.refused')).length).toBe(0);
    conn.ws.close();
    await healthyEnrolls();
  });

  it('an idle unauthenticated socket is closed by the handshake deadline', async () => {
    const conn = await openRaw(c.agentUrl, ca());
    await conn.next('serverHello');
    now += 2000; // past the 1.5 s deadline; the sweep runs every second
    expect((await conn.closed).code).toBe(CloseCode.timeout);
    await healthyEnrolls();
  });

  it('a socket that never upgrades (slowloris) cannot block others, and a wrong subprotocol is refused', async () => {
    const sock = connect({ host: '127.0.0.1', port: c.port, rejectUnauthorized: false });
    await new Promise((r) => sock.once('secureConnect', r));
    sock.write('GET /v1/agent/connect HTTP/1.1\r\nHost: x\r\n');
    await expect(openRaw(c.agentUrl, ca(), 'k3sgrid.v0')).rejects.toThrow();
    await healthyEnrolls();
    sock.destroy();
  });

  it('API bodies with unknown or wrong-typed fields are refused with the uniform error body and change nothing', async () => {
    const auth = { authorization: `Bearer ${adminToken()}` };
    const before = (await c.state.store.listClusters()).length;
    for (const payload of [
      { name: 'x', bogus: true },
      { name: 'x', servers: 'three' },
      { name: 'x', servers: 2 },
      { name: 42 },
    ]) {
      const res = await c.app.inject({ method: 'POST', url: '/v1/clusters', headers: auth, payload });
      expect(res.statusCode).toBe(400);
      expect(Object.keys(res.json<object>()).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
      expect(res.json<{ code: string }>().code).toBe('bad-request');
    }
    const bad = await c.app.inject({
      method: 'POST',
      url: '/v1/clusters/demo/join-tokens',
      headers: auth,
      payload: { ttlSeconds: 999_999 },
    });
    expect(bad.statusCode).toBe(400);
    const json = await c.app.inject({
      method: 'POST',
      url: '/v1/clusters',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(json.statusCode).toBe(400);
    const noAuth = await c.app.inject({ method: 'GET', url: '/v1/clusters' });
    expect(noAuth.statusCode).toBe(401);
    expect(noAuth.json()).toEqual({
      statusCode: 401,
      code: 'unauthorized',
      error: 'Unauthorized',
      message: 'missing or invalid bearer token',
    });
    expect((await c.state.store.listClusters()).length).toBe(before);
    await healthyEnrolls();
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await c.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await c.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ok' });
    const metrics = (await c.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(
      /k3sgrid_refusals_total\{reason="frame-too-large"|k3sgrid_refusals_total\{reason="ws-error"/,
    );
    expect(metrics).toMatch(/k3sgrid_enrollments_total\{result="enrolled"\} \d+/);
    const doc = (await c.app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/clusters', '/v1/clusters/{id}/join-tokens', '/v1/nodes/{id}', '/v1/events']),
    );
    expect((await c.app.inject({ url: '/docs/' })).statusCode).toBe(200);
  });

  it('token brute force from one address is throttled at that address; the token stays usable and active', async () => {
    const t = await token({ maxUses: 3 });
    const id = parseJoinToken(t).id;
    const attacker = '127.0.0.9';
    let refusedAtUpgrade = false;
    for (let i = 0; i < 80 && !refusedAtUpgrade; i++) {
      try {
        const r = await rawEnroll(c.agentUrl, ca(), t, {
          secretOverride: `guess${String(i).padStart(38, '0')}`,
          localAddress: attacker,
        });
        expect(r.result.kind).toBe('error');
        r.conn.ws.close();
      } catch (err) {
        expect(String(err)).toContain('HTTP 429');
        refusedAtUpgrade = true;
      }
    }
    expect(refusedAtUpgrade).toBe(true);
    // The owner, from another address, gets in at once with the right secret:
    // bad guesses cost the guesser, not the token (this was a permanent lock).
    const owner = await rawEnroll(c.agentUrl, ca(), t, { localAddress: '127.0.0.10', hostname: 'owner' });
    expect(owner.result.kind).toBe('welcome');
    owner.conn.ws.close();
    const listed = (
      await c.app.inject({
        method: 'GET',
        url: '/v1/join-tokens',
        headers: { authorization: `Bearer ${adminToken()}` },
      })
    ).json<{ items: Array<{ id: string; state: string; failedAttempts: number; uses: number }> }>();
    const row = listed.items.find((x) => x.id === id);
    expect(row).toMatchObject({ state: 'active', uses: 1 });
    expect(row?.failedAttempts).toBeGreaterThan(0);
    // The clock stands still here: after its first wrong secret the attacker
    // waited out no delay, so every later guess was refused unchecked.
    const checked = (await eventsOfType('enroll.refused')).filter(
      (e) => e.data.tokenId === id && e.data.reason === 'bad-mac',
    );
    expect(checked).toHaveLength(1);
    // After the window and the delay, the attacker's address is forgiven.
    now += 61_000;
    const later = await rawEnroll(c.agentUrl, ca(), t, { localAddress: attacker, hostname: 'later' });
    expect(later.result.kind).toBe('welcome');
    later.conn.ws.close();
    expect((await eventsOfType('enroll.refused')).some((e) => e.data.reason === 'locked')).toBe(false);
    await healthyEnrolls();
  });

  it('guesses sent in parallel from one address are counted when accepted: no more MAC checks than the budget', async () => {
    now += 10 * 60_000;
    const t = await token({ maxUses: 1 });
    const id = parseJoinToken(t).id;
    const budget = 60; // maxFailuresPerAddress of this coordinator
    const conns = await Promise.all(
      Array.from({ length: budget + 30 }, () => openRaw(c.agentUrl, ca(), undefined, { localAddress: '127.0.0.11' })),
    );
    const hellos = await Promise.all(conns.map((x) => x.next('serverHello')));
    const bodies = await Promise.all(
      hellos.map(async (h, i) =>
        enrollBody(h, t, await newIdentity(), { secretOverride: `par${String(i).padStart(40, '0')}` }),
      ),
    );
    // All requests leave before any answer can come back.
    conns.forEach((x, i) => x.send(bodies[i]!));
    const answers = await Promise.all(conns.map((x) => x.next('error')));
    conns.forEach((x) => x.ws.close());
    const checked = (await eventsOfType('enroll.refused')).filter(
      (e) => e.data.tokenId === id && e.data.reason === 'bad-mac',
    );
    expect(checked.length).toBeLessThanOrEqual(budget);
    const limited = answers.filter((a) => a.kind === 'error' && a.value.code === 'rate-limited');
    expect(limited.length).toBeGreaterThanOrEqual(30);
    await healthyEnrolls();
  });

  it('an enrolled signing key presented with another X25519 key is refused with the reason; the stored key stays', async () => {
    now += 10 * 60_000;
    const t = await token({ maxUses: 2 });
    const id = await newIdentity();
    const first = await rawEnroll(c.agentUrl, ca(), t, { identity: id, hostname: 'keys' });
    expect(first.result.kind).toBe('welcome');
    first.conn.ws.close();
    const other = await newIdentity();
    const second = await rawEnroll(c.agentUrl, ca(), t, {
      identity: { sign: id.sign, box: other.box },
      hostname: 'keys',
    });
    expect(second.result).toMatchObject({ kind: 'error', value: { code: 'bad-request', permanent: true } });
    expect(second.result.kind === 'error' ? second.result.value.message : '').toMatch(/different X25519 key/);
    second.conn.ws.close();
    const node = await c.state.store.getNodeBySignPub(id.sign.publicKey);
    expect(node?.boxPub.equals(Buffer.from(id.box.publicKey))).toBe(true);
    expect((await eventsOfType('enroll.refused')).some((e) => e.data.reason === 'key-mismatch')).toBe(true);
  });

  it('secret canary: token secrets, the admin token and the encryption key appear nowhere but the creation reply', async () => {
    await waitFor('heartbeat flush', () => true);
    const admin = adminToken();
    const key = readFileSync(join(c.state.dir, 'encryption.key'));
    const secrets = issued.map((t) => parseJoinToken(t).secret);
    expect(secrets.length).toBeGreaterThan(10);
    const auth = { authorization: `Bearer ${admin}` };
    const apiText = [
      (await c.app.inject({ url: '/v1/join-tokens', headers: auth })).body,
      (await c.app.inject({ url: '/v1/events?limit=1000', headers: auth })).body,
      (await c.app.inject({ url: '/v1/nodes', headers: auth })).body,
      (await c.app.inject({ url: '/v1/clusters', headers: auth })).body,
      (await c.app.inject({ url: '/metrics' })).body,
    ].join('\n');
    const dbBytes = Buffer.concat(
      readdirSync(c.state.dir)
        .filter((f) => f.startsWith('k3sgrid.db'))
        .map((f) => readFileSync(join(c.state.dir, f))),
    );
    const forms = (s: string | Buffer): string[] =>
      typeof s === 'string' ? [s] : [s.toString('hex'), s.toString('base64'), s.toString('base64url')];
    const needles = [...secrets.flatMap((s) => forms(s)), ...forms(admin), ...forms(key)];
    for (const n of needles) {
      expect(logs.includes(n), 'in logs').toBe(false);
      expect(apiText.includes(n), 'in API responses').toBe(false);
      expect(dbBytes.includes(Buffer.from(n)), 'in the database file').toBe(false);
    }
    expect(dbBytes.includes(key), 'raw key bytes in the database').toBe(false);
    expect(logs.length).toBeGreaterThan(0);
  });
});
