/**
 * Model-based testing of the token and session state machines: a reference
 * model, the fast-check commands, and the real system they drive (an
 * in-process coordinator with an injected clock, spoken to over real TLS
 * WebSockets by hand-driven agents).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { type RunningCoordinator, startCoordinator } from '@k3sgrid/coordinator';
import { authTranscript, CloseCode, parseJoinToken, reportDigest, sign } from '@k3sgrid/proto';
import { enrollBody, newIdentity, openRaw, type Identity, type RawConn } from '../../support/raw-client.js';
import { tempDir, silentLogger } from '@k3sgrid/testkit';

export interface ModelToken {
  id: string;
  token: string;
  maxUses: number;
  uses: number;
  expiresAt: number;
  revoked: boolean;
  /**
   * Guesses from this test's one address (127.0.0.1): after a wrong secret
   * it must wait 1 s, 2 s, 4 s, ... before its next attempt on the token is
   * checked (GuessLimiter); a success or a coordinator restart forgets it.
   */
  guess: { failures: number; notBefore: number } | null;
}

export interface ModelAgent {
  identity: Identity;
  nodeId: string;
  name: string;
  tokenId: string;
  revoked: boolean;
  connected: boolean;
}

/** The reference model: what the coordinator must believe. */
export class TokenSessionModel {
  tokens: ModelToken[] = [];
  agents: ModelAgent[] = [];
  constructor(public now: number) {}

  /** Whether an enrollment with this token and a correct secret must succeed now (never locked by guesses). */
  usable(t: ModelToken): boolean {
    return !t.revoked && this.now < t.expiresAt && t.uses < t.maxUses;
  }

  /** Whether this address must wait before its next attempt on `t` is checked. */
  delayed(t: ModelToken): boolean {
    return t.guess !== null && this.now < t.guess.notBefore;
  }
}

/** The guess delay after the n-th wrong secret of one address on one token (DEFAULT_GUESS_POLICY). */
const guessDelayMs = (failures: number): number => Math.min(1000 * 2 ** (failures - 1), 5 * 60_000);
/** Sessions silent for longer than two ping intervals are cut by the coordinator (half-open detection). */
const HALF_OPEN_MS = 30_000;

export interface Real {
  c: RunningCoordinator;
  cluster: string;
  conns: Map<string, RawConn>;
  stats: {
    enrolled: number;
    refused: number;
    reconnected: number;
    revokedRefused: number;
    crashes: number;
    ticks: number;
    acks: number;
  };
  now(): number;
  tick(ms: number): void;
  newRun(): Promise<void>;
  restart(): Promise<void>;
  inject(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: unknown,
  ): Promise<{ status: number; json: () => unknown }>;
  checkStoreInvariants(model?: TokenSessionModel): Promise<void>;
  shutdown(): Promise<void>;
}

export async function startReal(): Promise<Real> {
  const stateDir = join(tempDir('model'), 'state');
  let now = Date.now();
  const clock = (): number => now;
  const start = (): Promise<RunningCoordinator> =>
    startCoordinator({
      stateDir,
      listen: '127.0.0.1:0',
      advertise: ['127.0.0.1'],
      logger: silentLogger,
      clock,
      // Bad secrets are part of the model; the per-address throttle is tested elsewhere.
      maxFailuresPerAddress: 1_000_000,
    });
  let runNo = 0;
  const real: Real = {
    c: await start(),
    cluster: '',
    conns: new Map(),
    stats: { enrolled: 0, refused: 0, reconnected: 0, revokedRefused: 0, crashes: 0, ticks: 0, acks: 0 },
    now: () => now,
    tick(ms) {
      now += ms;
    },
    async inject(method, url, payload) {
      const admin = (await import('node:fs')).readFileSync(join(stateDir, 'admin.token'), 'utf8').trim();
      const res = await real.c.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${admin}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return { status: res.statusCode, json: () => res.json() };
    },
    async newRun() {
      for (const conn of real.conns.values()) conn.ws.terminate();
      real.conns.clear();
      real.cluster = `model-${++runNo}-${randomBytes(3).toString('hex')}`;
      // minNodes keeps formation out of the way: no assignments, only tokens and sessions.
      const res = await real.inject('POST', '/v1/clusters', { name: real.cluster, formation: { minNodes: 10_000 } });
      expect(res.status).toBe(201);
    },
    async restart() {
      await real.c.close();
      for (const conn of real.conns.values()) conn.ws.terminate();
      real.conns.clear();
      real.c = await start();
    },
    async checkStoreInvariants(model) {
      const store = real.c.state.store;
      const cluster = await store.getCluster(real.cluster);
      expect(cluster).not.toBeNull();
      const tokens = await store.listTokens(cluster!.id);
      const nodes = await store.listNodes({ clusterId: cluster!.id });
      for (const t of tokens) {
        expect(t.uses, `token ${t.id}`).toBeLessThanOrEqual(t.maxUses);
        expect(nodes.filter((n) => n.tokenId === t.id).length, `nodes of token ${t.id}`).toBe(t.uses);
        // No enrollment after expiry or revocation (coordinator clock).
        for (const n of nodes.filter((x) => x.tokenId === t.id)) {
          expect(n.enrolledAt).toBeLessThan(t.expiresAt);
          if (t.revokedAt !== null) expect(n.enrolledAt).toBeLessThanOrEqual(t.revokedAt);
        }
      }
      expect(new Set(nodes.map((n) => n.name)).size).toBe(nodes.length);
      if (!model) return;
      for (const mt of model.tokens) {
        const row = tokens.find((t) => t.id === mt.id);
        expect(row?.uses, `uses of ${mt.id}`).toBe(mt.uses);
        expect(row?.revokedAt !== null, `revoked ${mt.id}`).toBe(mt.revoked);
      }
      expect(nodes.length).toBe(model.agents.length);
      for (const a of model.agents) {
        const n = nodes.find((x) => x.id === a.nodeId);
        expect(n?.name, 'names are stable').toBe(a.name);
        expect(n?.revokedAt !== null).toBe(a.revoked);
      }
    },
    async shutdown() {
      for (const conn of real.conns.values()) conn.ws.terminate();
      await real.c.close();
    },
  };
  return real;
}

type Cmd = fc.AsyncCommand<TokenSessionModel, Real>;
const closedCode = async (conn: RawConn, ms = 3000): Promise<number | null> =>
  Promise.race([conn.closed.then((c) => c.code), new Promise<null>((r) => setTimeout(() => r(null), ms))]);
const stillOpen = async (conn: RawConn, ms = 150): Promise<boolean> => (await closedCode(conn, ms)) === null;

async function afterCommand(m: TokenSessionModel, r: Real): Promise<void> {
  await r.checkStoreInvariants(m);
}

class CreateToken implements Cmd {
  constructor(
    readonly maxUses: number,
    readonly ttlSeconds: number,
  ) {}
  check = (m: Readonly<TokenSessionModel>): boolean => m.tokens.length < 6;
  async run(m: TokenSessionModel, r: Real): Promise<void> {
    const res = await r.inject('POST', `/v1/clusters/${r.cluster}/join-tokens`, {
      maxUses: this.maxUses,
      ttlSeconds: this.ttlSeconds,
    });
    expect(res.status).toBe(201);
    const token = (res.json() as { token: string }).token;
    m.tokens.push({
      id: parseJoinToken(token).id,
      token,
      maxUses: this.maxUses,
      uses: 0,
      expiresAt: m.now + this.ttlSeconds * 1000,
      revoked: false,
      guess: null,
    });
    await afterCommand(m, r);
  }
  toString = (): string => `createToken(maxUses=${this.maxUses}, ttl=${this.ttlSeconds}s)`;
}

class RevokeToken implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<TokenSessionModel>): boolean => m.tokens.length > 0;
  async run(m: TokenSessionModel, r: Real): Promise<void> {
    const t = m.tokens[this.i % m.tokens.length]!;
    const res = await r.inject('DELETE', `/v1/join-tokens/${t.id}`);
    expect(res.status).toBe(204);
    t.revoked = true;
    await afterCommand(m, r);
  }
  toString = (): string => `revokeToken(${this.i})`;
}

class Enroll implements Cmd {
  constructor(
    readonly i: number,
    readonly validSecret: boolean,
    readonly host: number,
  ) {}
  check = (m: Readonly<TokenSessionModel>): boolean => m.tokens.length > 0 && m.agents.length < 8;
  async run(m: TokenSessionModel, r: Real): Promise<void> {
    const t = m.tokens[this.i % m.tokens.length]!;
    const delayed = m.delayed(t);
    const expectWelcome = !delayed && this.validSecret && m.usable(t);
    const identity = await newIdentity();
    const conn = await openRaw(r.c.agentUrl, r.c.state.tls.caCert);
    const hello = await conn.next('serverHello');
    const hostname = `h${this.host}`;
    conn.send(
      await enrollBody(hello, t.token, identity, {
        hostname,
        ...(this.validSecret ? {} : { secretOverride: randomBytes(32).toString('base64url') }),
      }),
    );
    const result = await Promise.race([conn.next('welcome'), conn.next('error')]);
    if (delayed) {
      // Too early after a wrong secret from this address: refused unchecked, retry later.
      expect(result.kind, `enroll with ${t.id} must wait out the guess delay`).toBe('error');
      if (result.kind === 'error') expect(result.value).toMatchObject({ code: 'rate-limited', permanent: false });
      expect(await closedCode(conn)).toBe(CloseCode.tryAgainLater);
      r.stats.refused++;
    } else if (expectWelcome) {
      expect(result.kind, `enroll with ${t.id} must succeed`).toBe('welcome');
      if (result.kind !== 'welcome') return;
      t.uses++;
      t.guess = null;
      const name = result.value.nodeName;
      // The name is the hostname, or the hostname plus a short id when taken; never a duplicate.
      expect(name).toMatch(new RegExp(`^${hostname}(-[0-9a-f]{8})?$`));
      expect(m.agents.map((a) => a.name)).not.toContain(name);
      m.agents.push({ identity, nodeId: result.value.nodeId, name, tokenId: t.id, revoked: false, connected: true });
      r.conns.set(result.value.nodeId, conn);
      r.stats.enrolled++;
    } else {
      expect(result.kind, `enroll with ${t.id} must be refused`).toBe('error');
      if (result.kind === 'error') expect(result.value.code).toBe('unauthenticated');
      expect(await closedCode(conn)).toBe(CloseCode.unauthenticated);
      // A wrong secret is a guess; the right one for an unusable token is not.
      if (this.validSecret) t.guess = null;
      else {
        const failures = (t.guess?.failures ?? 0) + 1;
        t.guess = { failures, notBefore: m.now + guessDelayMs(failures) };
      }
      r.stats.refused++;
    }
    await afterCommand(m, r);
  }
  toString = (): string => `enroll(token=${this.i}, ${this.validSecret ? 'valid' : 'bad'} secret, h${this.host})`;
}

/** Reconnects an agent by signature (also "heal" after a partition). */
class Reconnect implements Cmd {
  constructor(
    readonly i: number,
    readonly onlyIfDisconnected: boolean,
  ) {}
  check = (m: Readonly<TokenSessionModel>): boolean =>
    m.agents.length > 0 && (!this.onlyIfDisconnected || m.agents.some((a) => !a.connected));
  async run(m: TokenSessionModel, r: Real): Promise<void> {
    const pool = this.onlyIfDisconnected ? m.agents.filter((a) => !a.connected) : m.agents;
    const a = pool[this.i % pool.length]!;
    const old = r.conns.get(a.nodeId);
    const conn = await openRaw(r.c.agentUrl, r.c.state.tls.caCert);
    const hello = await conn.next('serverHello');
    if (hello.kind !== 'serverHello') return;
    const clientNonce = randomBytes(32);
    const report = { hostname: a.name };
    const transcript = authTranscript({
      pin: r.c.state.pin,
      sessionId: hello.value.sessionId,
      serverNonce: hello.value.serverNonce,
      clientNonce,
      nodeSignPub: a.identity.sign.publicKey,
      reportDigest: reportDigest(report),
    });
    conn.send({
      kind: 'authRequest',
      value: {
        clientNonce,
        nodeSignPub: a.identity.sign.publicKey,
        report,
        signature: await sign(transcript, a.identity.sign.privateKey),
        agentVersion: 'model',
        hostname: a.name,
      },
    });
    const result = await Promise.race([conn.next('welcome'), conn.next('error')]);
    if (a.revoked) {
      // A revoked node can't reconnect.
      expect(result.kind).toBe('error');
      if (result.kind === 'error') expect(result.value.code).toBe('revoked');
      expect(await closedCode(conn)).toBe(CloseCode.revoked);
      r.stats.revokedRefused++;
    } else {
      expect(result.kind).toBe('welcome');
      if (result.kind !== 'welcome') return;
      expect(result.value.nodeId).toBe(a.nodeId);
      expect(result.value.nodeName, 'names are stable across reconnects').toBe(a.name);
      if (old && a.connected) expect(await closedCode(old)).toBe(CloseCode.superseded);
      r.conns.set(a.nodeId, conn);
      a.connected = true;
      r.stats.reconnected++;
    }
    await afterCommand(m, r);
  }
  toString = (): string => `${this.onlyIfDisconnected ? 'heal' : 'reconnect'}(${this.i})`;
}

class Ack implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<TokenSessionModel>): boolean => m.agents.some((a) => a.connected && !a.revoked);
  async run(m: TokenSessionModel, r: Real): Promise<void> {
    const live = m.agents.filter((a) => a.connected && !a.revoked);
    const a = live[this.i % live.length]!;
    const conn = r.conns.get(a.nodeId)!;
    conn.send({ kind: 'ack', value: { epoch: 0, generation: 0, accepted: false, reason: 'model: nothing assigned' } });
    // An in-state message keeps the session.
    expect(await stillOpen(conn)).toBe(true);
    r.stats.acks++;
    await afterCommand(m, r);
  }
  toString = (): string => `ack(${this.i})`;
}

class RevokeNode implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<TokenSessionModel>): boolean => m.agents.some((a) => !a.revoked);
  async run(m: TokenSessionModel, r: Real): Promise<void> {
    const pool = m.agents.filter((a) => !a.revoked);
    const a = pool[this.i % pool.length]!;
    const res = await r.inject('DELETE', `/v1/nodes/${a.nodeId}`);
    expect(res.status).toBe(204);
    a.revoked = true;
    const conn = r.conns.get(a.nodeId);
    // A live session of a revoked node is closed at once.
    if (conn && a.connected) expect(await closedCode(conn, 1500)).toBe(CloseCode.revoked);
    a.connected = false;
    await afterCommand(m, r);
  }
  toString = (): string => `revokeNode(${this.i})`;
}

class Crash implements Cmd {
  check = (): boolean => true;
  async run(m: TokenSessionModel, r: Real): Promise<void> {
    await r.restart();
    for (const a of m.agents) a.connected = false;
    // Guess budgets live in the coordinator's memory: a restart forgets them.
    for (const t of m.tokens) t.guess = null;
    r.stats.crashes++;
    await afterCommand(m, r);
  }
  toString = (): string => 'crash(restart on the same state dir)';
}

class Partition implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<TokenSessionModel>): boolean => m.agents.some((a) => a.connected);
  async run(m: TokenSessionModel, r: Real): Promise<void> {
    const live = m.agents.filter((a) => a.connected);
    const a = live[this.i % live.length]!;
    r.conns.get(a.nodeId)?.ws.terminate();
    a.connected = false;
    await afterCommand(m, r);
  }
  toString = (): string => `partition(${this.i})`;
}

class Tick implements Cmd {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  async run(m: TokenSessionModel, r: Real): Promise<void> {
    r.tick(this.ms);
    m.now += this.ms;
    if (this.ms >= HALF_OPEN_MS) {
      // That long without traffic is indistinguishable from a half-open link: both sides may cut it.
      for (const a of m.agents) {
        r.conns.get(a.nodeId)?.ws.terminate();
        a.connected = false;
      }
    }
    r.stats.ticks++;
    await afterCommand(m, r);
  }
  toString = (): string => `tick(${this.ms} ms)`;
}

export function modelCommands(): Array<fc.Arbitrary<Cmd>> {
  const idx = fc.nat(20);
  const create = fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 60, max: 600 }))
    .map(([u, ttl]) => new CreateToken(u, ttl));
  // Valid secrets three times as often as bad ones; enrollments weighted up so runs get somewhere.
  const enroll = fc.tuple(idx, fc.nat(3), fc.nat(2)).map(([i, v, h]) => new Enroll(i, v !== 0, h));
  return [
    create,
    create,
    idx.map((i) => new RevokeToken(i)),
    enroll,
    enroll,
    enroll,
    idx.map((i) => new Reconnect(i, false)),
    idx.map((i) => new Reconnect(i, true)),
    idx.map((i) => new Ack(i)),
    idx.map((i) => new RevokeNode(i)),
    fc.constant(new Crash()),
    idx.map((i) => new Partition(i)),
    fc
      .oneof(fc.integer({ min: 1000, max: 20_000 }), fc.integer({ min: 30_000, max: 400_000 }))
      .map((ms) => new Tick(ms)),
  ];
}
