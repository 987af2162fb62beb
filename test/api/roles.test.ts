/**
 * Roles, API tokens and the break-glass token, over real HTTPS against a
 * coordinator in this process (with an injected clock for expiry).
 *
 * The matrix walks EVERY operation of `/openapi.json` with every kind of
 * caller: viewer, operator and admin for all clusters, an operator of the
 * target cluster, an operator of another cluster, the break-glass token,
 * a revoked and an expired token. The expected outcome comes from this
 * file's own table (not from the routes' declarations, which it checks),
 * and the table must cover exactly the operations the document lists, so a
 * new route fails here until someone decides who may call it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyAssignmentState, startCoordinator, type NodeRow, type RunningCoordinator } from '@k3sgrid/coordinator';
import { tempDir } from '@k3sgrid/testkit';

const DAY = 86_400;
/** The coordinator's configured maximum API token lifetime in this test. */
const MAX_TTL = 40 * DAY;

let co: RunningCoordinator;
let dir: string;
let ca: string;
let now = Date.parse('2026-03-01T12:00:00Z');
const logs: string[] = [];

interface Res {
  status: number;
  body: string;
}

/** One request over TLS; an event stream is cut after its headers. */
function call(method: string, path: string, token: string | null, body?: unknown): Promise<Res> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: co.port,
        path,
        method,
        ca,
        agent: false,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.byteLength) } : {}),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if ((res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          res.destroy();
          return resolve({ status, body: '' });
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.end(payload);
  });
}

/** A call that must succeed; resolves the parsed body. */
async function ok<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const r = await call(method, path, token, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.body}`);
  return (r.body ? JSON.parse(r.body) : null) as T;
}

const breakGlass = (): string => readFileSync(join(dir, 'state', 'admin.token'), 'utf8').trim();

type Caller = 'viewer' | 'operator' | 'admin' | 'break-glass' | 'op-alpha' | 'op-beta' | 'revoked' | 'expired';
const CALLERS: readonly Caller[] = [
  'viewer',
  'operator',
  'admin',
  'break-glass',
  'op-alpha',
  'op-beta',
  'revoked',
  'expired',
];
const tokens = new Map<Caller, string>();
const secrets: string[] = [];
const tokenFor = (c: Caller): string => (c === 'break-glass' ? breakGlass() : (tokens.get(c) ?? ''));

/** Who may call an operation; every fixture the matrix targets lives in cluster `alpha`. */
type Rule =
  | 'coordinator-admin'
  | 'coordinator-operator'
  | 'cluster-viewer'
  | 'cluster-operator'
  | 'cluster-admin'
  | 'any'
  | 'self'
  | 'node-only';

const ALLOWED: Record<Rule, readonly Caller[]> = {
  'coordinator-admin': ['admin', 'break-glass'],
  'coordinator-operator': ['operator', 'admin', 'break-glass'],
  'cluster-viewer': ['viewer', 'operator', 'admin', 'break-glass', 'op-alpha'],
  'cluster-operator': ['operator', 'admin', 'break-glass', 'op-alpha'],
  'cluster-admin': ['admin', 'break-glass'],
  any: ['viewer', 'operator', 'admin', 'break-glass', 'op-alpha', 'op-beta'],
  self: ['viewer', 'operator', 'admin', 'break-glass', 'op-alpha', 'op-beta'],
  'node-only': [],
};

const PRINCIPAL_OPS = (base: string): Record<string, Rule> => ({
  [`POST ${base}`]: 'coordinator-admin',
  [`GET ${base}`]: 'coordinator-admin',
  [`GET ${base}/{name}`]: 'coordinator-admin',
  [`DELETE ${base}/{name}`]: 'coordinator-admin',
  [`PUT ${base}/{name}/grants`]: 'coordinator-admin',
  [`DELETE ${base}/{name}/grants/{scope}`]: 'coordinator-admin',
  [`POST ${base}/{name}/api-tokens`]: 'coordinator-admin',
  [`GET ${base}/{name}/api-tokens`]: 'coordinator-admin',
});

/** The test's own decision per operation (METHOD template). */
const EXPECTED: Record<string, Rule> = {
  'POST /v1/clusters': 'coordinator-operator',
  'GET /v1/clusters': 'any',
  'GET /v1/clusters/{id}': 'cluster-viewer',
  'GET /v1/clusters/{id}/plan': 'cluster-viewer',
  'GET /v1/clusters/{id}/kubeconfig': 'cluster-admin',
  'POST /v1/clusters/{id}/resume': 'cluster-operator',
  'PATCH /v1/clusters/{id}': 'cluster-operator',
  'DELETE /v1/clusters/{id}': 'cluster-operator',
  'POST /v1/clusters/{id}/join-tokens': 'cluster-operator',
  'GET /v1/clusters/{id}/join-tokens': 'cluster-viewer',
  'GET /v1/join-tokens': 'any',
  'DELETE /v1/join-tokens/{tokenId}': 'cluster-operator',
  'GET /v1/replicas': 'any',
  'GET /v1/nodes': 'any',
  'GET /v1/nodes/{id}': 'cluster-viewer',
  'DELETE /v1/nodes/{id}': 'cluster-operator',
  'POST /v1/nodes/{id}/replace': 'cluster-operator',
  'GET /v1/events': 'any',
  'GET /v1/events/stream': 'any',
  'GET /v1/releases': 'any',
  'PUT /v1/releases/{version}/{arch}/binary': 'coordinator-admin',
  'PUT /v1/releases/{version}/{arch}/images': 'coordinator-admin',
  'POST /v1/releases/fetch': 'coordinator-admin',
  'DELETE /v1/releases/{version}': 'coordinator-admin',
  'DELETE /v1/releases/{version}/{arch}': 'coordinator-admin',
  'GET /v1/agent/releases/{sha256}': 'node-only',
  ...PRINCIPAL_OPS('/v1/users'),
  ...PRINCIPAL_OPS('/v1/service-accounts'),
  'GET /v1/api-tokens': 'coordinator-admin',
  'DELETE /v1/api-tokens/{tokenId}': 'coordinator-admin',
  'GET /v1/me': 'self',
  'POST /v1/me/api-tokens': 'self',
  'GET /v1/me/api-tokens': 'self',
  'DELETE /v1/me/api-tokens/{tokenId}': 'self',
  'POST /v1/break-glass/rotate': 'coordinator-admin',
};

/** The fixtures in cluster alpha the matrix targets (re-made after a permitted delete). */
const fx = { alphaId: '', joinTokenId: '', nodeName: '' };
let seq = 0;

async function ensureFixtures(): Promise<void> {
  const admin = tokens.get('admin') ?? breakGlass();
  const have = await call('GET', '/v1/clusters/alpha', admin);
  if (have.status === 404) {
    fx.alphaId = (await ok<{ id: string }>('POST', '/v1/clusters', admin, { name: 'alpha' })).id;
    // Deleting a cluster deletes the grants on it.
    await ok('PUT', '/v1/users/op-alpha/grants', admin, { role: 'operator', cluster: 'alpha' });
  } else fx.alphaId = (JSON.parse(have.body) as { id: string }).id;
  const jt = await ok<{ id: string }>('POST', '/v1/clusters/alpha/join-tokens', admin, { maxUses: 100 });
  fx.joinTokenId = jt.id;
  const nodes = await ok<{ items: Array<{ name: string }> }>('GET', '/v1/nodes?cluster=alpha', admin);
  if (nodes.items[0]) fx.nodeName = nodes.items[0].name;
  else {
    const node = nodeRow(fx.alphaId, jt.id, `alpha-n${++seq}`);
    const r = await co.state.store.enrollNode(jt.id, now, node);
    expect(r.ok).toBe(true);
    fx.nodeName = node.name;
  }
}

function nodeRow(clusterId: string, tokenId: string, name: string): NodeRow {
  const id = randomUUID();
  return {
    id,
    clusterId,
    name,
    hostname: name,
    signPub: randomBytes(32),
    boxPub: randomBytes(32),
    tokenId,
    allowedRoles: ['agent'],
    role: 'none',
    phase: 'pending',
    lastError: '',
    connected: false,
    revokedAt: null,
    enrolledAt: now,
    lastSeenAt: now,
    agentVersion: '0.1.0',
    address: '10.0.0.9',
    replicaId: '',
    connectedAt: 0,
    pendingRemoval: '',
    report: null,
    prevReport: null,
    assignment: emptyAssignmentState(),
  };
}

/** A concrete request for an operation: path (fixtures of alpha) and a body that passes validation where cheap. */
function concrete(method: string, template: string): { path: string; body?: unknown } {
  const path = template
    .replace('/clusters/{id}', '/clusters/alpha')
    .replace('/nodes/{id}', `/nodes/${fx.nodeName}`)
    .replace('/join-tokens/{tokenId}', `/join-tokens/${fx.joinTokenId}`)
    .replace('{tokenId}', 'ffffffffffffffff')
    .replace('{name}', 'nobody')
    .replace('{scope}', '*')
    .replace('{version}', 'v1.33.4+k3s1')
    .replace('{arch}', 'amd64')
    .replace('{sha256}', '0'.repeat(64));
  if (method === 'POST' && path === '/v1/clusters') return { path, body: { name: `m-${++seq}` } };
  if (method === 'POST' && (path === '/v1/users' || path === '/v1/service-accounts'))
    return { path, body: { name: `m-${++seq}` } };
  if (method === 'POST' && path === '/v1/me/api-tokens') return { path, body: { name: `m-${++seq}` } };
  if (method === 'PUT' && path.endsWith('/grants')) return { path, body: { role: 'viewer' } };
  if (method === 'POST' || method === 'PUT') return { path, body: {} };
  return { path };
}

beforeAll(async () => {
  dir = tempDir('roles');
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  co = await startCoordinator({
    stateDir: join(dir, 'state'),
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: pino({ level: 'trace' }, sink),
    clock: () => now,
    apiTokens: { maxTtlSeconds: MAX_TTL },
  });
  ca = readFileSync(join(dir, 'state', 'ca.crt'), 'utf8');
  const bg = breakGlass();
  await ok('POST', '/v1/clusters', bg, { name: 'beta' });
  const grants: Array<[Caller, string, string | undefined]> = [
    ['viewer', 'viewer', undefined],
    ['operator', 'operator', undefined],
    ['admin', 'admin', undefined],
    ['op-beta', 'operator', 'beta'],
    ['revoked', 'admin', undefined],
    ['expired', 'admin', undefined],
  ];
  // op-alpha gets operator on alpha when ensureFixtures makes alpha.
  for (const [who, role, cluster] of [...grants, ['op-alpha', null, undefined] as const]) {
    await ok('POST', '/v1/users', bg, { name: who });
    if (role) await ok('PUT', `/v1/users/${who}/grants`, bg, { role, ...(cluster ? { cluster } : {}) });
    const ttl = who === 'expired' ? 3600 : undefined;
    const t = await ok<{ token: string; id: string }>('POST', `/v1/users/${who}/api-tokens`, bg, {
      name: 'matrix',
      ...(ttl ? { ttlSeconds: ttl } : {}),
    });
    tokens.set(who, t.token);
    secrets.push(t.token, t.token.slice(-43)); // the secret: base64url, it may hold `_`
    if (who === 'revoked') await ok('DELETE', `/v1/api-tokens/${t.id}`, bg);
  }
  await ensureFixtures();
  now += 3601 * 1000; // the `expired` token's hour is over
});
afterAll(async () => {
  await co?.close();
});

describe('every operation of the OpenAPI document × every kind of caller', () => {
  it('the expectation table covers exactly the operations the document lists', async () => {
    const doc = JSON.parse((await call('GET', '/openapi.json', null)).body) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const listed = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/v1/'))
      .flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(listed).toEqual(Object.keys(EXPECTED).sort());
  });

  it('exactly the permitted callers get past auth (non-401/403); the others get 403, or 401 for dead tokens', async () => {
    const bad: string[] = [];
    let permitted = 0;
    let refused = 0;
    for (const [op, rule] of Object.entries(EXPECTED)) {
      const [method = '', template = ''] = op.split(' ');
      // Callers who must be refused first: a refusal changes nothing, so the fixtures stay for the rest.
      const order = [...CALLERS].sort((a, b) => Number(ALLOWED[rule].includes(a)) - Number(ALLOWED[rule].includes(b)));
      for (const who of order) {
        const { path, body } = concrete(method, template);
        const res = await call(method, path, tokenFor(who), body);
        const allowed = ALLOWED[rule].includes(who);
        const want = who === 'revoked' || who === 'expired' || rule === 'node-only' ? [401] : allowed ? 'pass' : [403];
        const got = res.status;
        if (want === 'pass') {
          if (got === 401 || got === 403) bad.push(`${op} as ${who}: ${got} ${res.body.slice(0, 120)}`);
          else permitted++;
        } else if (!want.includes(got)) bad.push(`${op} as ${who}: ${got}, want ${want.join('/')}`);
        else refused++;
        if (allowed && (method === 'DELETE' || path === '/v1/break-glass/rotate')) await ensureFixtures();
      }
    }
    expect(bad).toEqual([]);
    // Both sides of the matrix were exercised on real routes.
    expect(permitted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('a per-cluster operator names its cluster by id or name, and lists show only its clusters', async () => {
    await ensureFixtures();
    const opAlpha = tokenFor('op-alpha');
    const opBeta = tokenFor('op-beta');
    expect((await call('GET', `/v1/clusters/${fx.alphaId}`, opAlpha)).status).toBe(200);
    expect((await call('GET', `/v1/clusters/${fx.alphaId}`, opBeta)).status).toBe(403);
    // A cluster that does not exist looks the same as another's to a per-cluster caller.
    expect((await call('GET', '/v1/clusters/nope', opBeta)).status).toBe(403);
    expect((await call('GET', '/v1/clusters/nope', tokenFor('viewer'))).status).toBe(404);
    const names = (r: { items: Array<{ name: string }> }): string[] => r.items.map((c) => c.name);
    expect(names(await ok('GET', '/v1/clusters', opBeta))).toEqual(['beta']);
    expect(names(await ok('GET', '/v1/clusters', opAlpha))).toEqual(['alpha']);
    // All clusters for an all-clusters viewer (the matrix made some more).
    const everything = names(await ok('GET', '/v1/clusters', tokenFor('viewer')));
    expect(everything).toEqual(expect.arrayContaining(['alpha', 'beta']));
    expect(everything.length).toBeGreaterThan(2);
    const jts = await ok<{ items: Array<{ clusterId: string }> }>('GET', '/v1/join-tokens', opBeta);
    expect(jts.items.filter((t) => t.clusterId === fx.alphaId)).toEqual([]);
    const nodes = await ok<{ items: Array<{ clusterId: string }> }>('GET', '/v1/nodes', opBeta);
    expect(nodes.items).toEqual([]);
    expect((await call('GET', '/v1/nodes?cluster=alpha', opBeta)).status).toBe(403);
    expect((await call('GET', '/v1/events?cluster=alpha', opBeta)).status).toBe(403);
    const ev = await ok<{ items: Array<{ clusterId: string | null }> }>('GET', '/v1/events?limit=1000', opBeta);
    expect(ev.items.length).toBeGreaterThan(0);
    expect(ev.items.filter((e) => e.clusterId !== (ev.items[0]?.clusterId ?? null))).toEqual([]);
    expect(ev.items.every((e) => e.clusterId !== null && e.clusterId !== fx.alphaId)).toBe(true);
    const mine = await ok<{ items: Array<{ clusterId: string | null }> }>('GET', '/v1/events?limit=1000', opAlpha);
    expect(mine.items.some((e) => e.clusterId === fx.alphaId)).toBe(true);
  });
});

describe('API tokens', () => {
  it('default lifetime 30 days; the configured maximum is enforced', async () => {
    const admin = tokenFor('admin');
    await ok('POST', '/v1/service-accounts', admin, { name: 'ci' });
    const t = await ok<{ createdAt: string; expiresAt: string; token: string }>(
      'POST',
      '/v1/service-accounts/ci/api-tokens',
      admin,
      { name: 'default' },
    );
    secrets.push(t.token);
    expect(Date.parse(t.expiresAt) - Date.parse(t.createdAt)).toBe(30 * DAY * 1000);
    const atMax = await call('POST', '/v1/service-accounts/ci/api-tokens', admin, { name: 'max', ttlSeconds: MAX_TTL });
    expect(atMax.status).toBe(201);
    secrets.push((JSON.parse(atMax.body) as { token: string }).token);
    const over = await call('POST', '/v1/service-accounts/ci/api-tokens', admin, {
      name: 'over',
      ttlSeconds: MAX_TTL + 1,
    });
    expect(over.status).toBe(400);
    expect(over.body).toContain(String(MAX_TTL));
    const list = await ok<{ items: Array<{ name: string }> }>('GET', '/v1/service-accounts/ci/api-tokens', admin);
    // Same creation time (the clock stands still): the order between them is the id's.
    expect(list.items.map((x) => x.name).sort()).toEqual(['default', 'max']);
  });

  it('a token works until it expires (injected clock) and from its revocation on, at once', async () => {
    const admin = tokenFor('admin');
    await ok('POST', '/v1/users', admin, { name: 'carol' });
    await ok('PUT', '/v1/users/carol/grants', admin, { role: 'viewer' });
    const a = await ok<{ id: string; token: string }>('POST', '/v1/users/carol/api-tokens', admin, {
      name: 'a',
      ttlSeconds: 600,
    });
    const b = await ok<{ id: string; token: string }>('POST', '/v1/users/carol/api-tokens', admin, { name: 'b' });
    secrets.push(a.token, b.token);
    expect((await call('GET', '/v1/clusters', a.token)).status).toBe(200);
    now += 599 * 1000;
    expect((await call('GET', '/v1/clusters', a.token)).status).toBe(200);
    now += 1000;
    expect((await call('GET', '/v1/clusters', a.token)).status).toBe(401);
    // Revoked by its owner: the very next request is refused.
    expect((await call('GET', '/v1/clusters', b.token)).status).toBe(200);
    expect((await call('DELETE', `/v1/me/api-tokens/${b.id}`, b.token)).status).toBe(204);
    expect((await call('GET', '/v1/clusters', b.token)).status).toBe(401);
    // Another user's token cannot be revoked through /me.
    const c = await ok<{ id: string; token: string }>('POST', '/v1/users/carol/api-tokens', admin, { name: 'c' });
    secrets.push(c.token);
    expect((await call('DELETE', `/v1/me/api-tokens/${c.id}`, tokenFor('viewer'))).status).toBe(404);
    expect((await call('GET', '/v1/me', c.token)).status).toBe(200);
    // Deleting the user ends its tokens.
    await ok('DELETE', '/v1/users/carol', admin);
    expect((await call('GET', '/v1/me', c.token)).status).toBe(401);
    // A wrong secret for a real token id is refused too.
    const forged = `${c.token.slice(0, c.token.lastIndexOf('_') + 1)}${'A'.repeat(43)}`;
    expect((await call('GET', '/v1/me', forged)).status).toBe(401);
  });

  it('secrets appear only in the creation answer: not in lists, events, errors, logs or the database', async () => {
    const admin = tokenFor('admin');
    const seen: string[] = [];
    for (const p of [
      '/v1/api-tokens',
      '/v1/users',
      '/v1/service-accounts',
      '/v1/me/api-tokens',
      '/v1/users/admin/api-tokens',
    ])
      seen.push((await call('GET', p, admin)).body);
    for (let after = 0; ;) {
      const page = await ok<{ items: Array<{ id: number }>; next: number | null }>(
        'GET',
        `/v1/events?limit=1000&after=${after}`,
        admin,
      );
      seen.push(JSON.stringify(page));
      if (page.next === null) break;
      after = page.next;
    }
    for (const t of [tokenFor('revoked'), tokenFor('expired')]) seen.push((await call('GET', '/v1/me', t)).body);
    seen.push(logs.join(''));
    for (const f of ['k3sgrid.db', 'k3sgrid.db-wal'])
      if (existsSync(join(dir, 'state', f))) seen.push(readFileSync(join(dir, 'state', f)).toString('latin1'));
    const all = seen.join('\n');
    expect(secrets.length).toBeGreaterThan(10);
    for (const s of secrets.filter((x) => x.length >= 40)) expect(all.includes(s), 'a token secret leaked').toBe(false);
    // The check above would see one: the lists do show token ids and names.
    expect(all).toContain('"name":"matrix"');
  });
});

describe('break-glass token', () => {
  it('each use is counted in an event with the route; rotation ends the old token at once', async () => {
    type Uses = {
      items: Array<{ type: string; actor: string; data: { route: string; method: string; count: number } }>;
    };
    const uses = async (): Promise<number> => {
      const r = await ok<Uses>('GET', '/v1/events?type=auth.break-glass&limit=1000', tokenFor('admin'));
      // The prefix also matches auth.break-glass.rotated (by whoever rotated it).
      const used = r.items.filter((e) => e.type === 'auth.break-glass');
      expect(used.every((e) => e.actor === 'break-glass')).toBe(true);
      return used
        .filter((e) => e.data.method === 'GET' && e.data.route === '/v1/clusters/:id')
        .reduce((n, e) => n + e.data.count, 0);
    };
    const old = breakGlass();
    const before = await uses();
    await ok('GET', '/v1/clusters/beta', old);
    expect(await uses()).toBe(before + 1);
    // Repeats within a minute fold into the same event (a refreshing dashboard makes no flood), still counted.
    const events = async (): Promise<number> =>
      (await ok<Uses>('GET', '/v1/events?type=auth.break-glass&limit=1000', tokenFor('admin'))).items.filter(
        (e) => e.type === 'auth.break-glass',
      ).length;
    const n = await events();
    await ok('GET', '/v1/clusters/beta', old);
    await ok('GET', '/v1/clusters/alpha', old);
    expect(await uses()).toBe(before + 3);
    expect(await events()).toBe(n);
    now += 61_000;
    await ok('GET', '/v1/clusters/beta', old);
    expect(await uses()).toBe(before + 4);
    expect(await events()).toBe(n + 1);
    const rotated = await ok<{ token: string }>('POST', '/v1/break-glass/rotate', old);
    expect(rotated.token).not.toBe(old);
    expect((await call('GET', '/v1/clusters', old)).status).toBe(401);
    expect((await call('GET', '/v1/clusters', rotated.token)).status).toBe(200);
    // Written to admin.token for the CLI on the coordinator host.
    expect(breakGlass()).toBe(rotated.token);
    const ev = await ok<{ items: Array<{ actor: string }> }>(
      'GET',
      '/v1/events?type=auth.break-glass.rotated',
      tokenFor('admin'),
    );
    expect(ev.items.map((e) => e.actor)).toContain('break-glass');
    // An admin user can rotate it too (the break-glass holder lost it).
    const again = await ok<{ token: string }>('POST', '/v1/break-glass/rotate', tokenFor('admin'));
    expect((await call('GET', '/v1/clusters', rotated.token)).status).toBe(401);
    expect((await call('GET', '/v1/clusters', again.token)).status).toBe(200);
  });
});

describe('audit per actor', () => {
  it('events record who acted, and ?actor= filters (exactly, or by kind)', async () => {
    await ok('POST', '/v1/clusters', tokenFor('operator'), { name: 'by-operator' });
    const byOp = await ok<{ items: Array<{ actor: string; type: string }> }>(
      'GET',
      '/v1/events?actor=user:operator&limit=1000',
      tokenFor('admin'),
    );
    expect(byOp.items.length).toBeGreaterThan(0);
    expect(byOp.items.every((e) => e.actor === 'user:operator')).toBe(true);
    expect(byOp.items.map((e) => e.type)).toContain('cluster.created');
    const users = await ok<{ items: Array<{ actor: string }> }>(
      'GET',
      '/v1/events?actor=user:&limit=1000',
      tokenFor('admin'),
    );
    const actors = new Set(users.items.map((e) => e.actor));
    expect(actors).toContain('user:operator');
    expect(actors).toContain('user:op-alpha');
    expect([...actors].every((a) => a.startsWith('user:'))).toBe(true);
    const bg = await ok<{ items: Array<{ actor: string }> }>(
      'GET',
      '/v1/events?actor=break-glass&limit=1000',
      tokenFor('admin'),
    );
    expect(bg.items.length).toBeGreaterThan(0);
    expect(bg.items.every((e) => e.actor === 'break-glass')).toBe(true);
    // `%` and `_` in a kind filter are literal, not wildcards.
    const none = await ok<{ items: unknown[] }>('GET', '/v1/events?actor=%25:&limit=1000', tokenFor('admin'));
    expect(none.items).toEqual([]);
  });
});
