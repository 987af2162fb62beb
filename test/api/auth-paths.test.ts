/**
 * Authentication is decided by the matched route, never by the raw URL.
 * Every route of the OpenAPI document (and the live event stream) is tried
 * with every method, without a token, with a wrong one and with the right
 * token in the query string instead of the header, through every request
 * target that can reach a route: percent-encoded letters and slashes,
 * double slashes, dot segments, a trailing slash, case changes,
 * absolute-form targets and a Host that differs from the target. Each
 * answer is 401 (or 404 where nothing routes) and never carries data.
 *
 * Raw HTTP over TLS, so the request target reaches the server exactly as
 * written (a client library would normalise it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCoordinator, startCoordinator } from '@k3sgrid/coordinator';
import { tempDir, silentLogger } from '@k3sgrid/testkit';

let co: RunningCoordinator;
let token: string;
let ca: string;
let clusterName: string;
let clusterId: string;
let tokenId: string;

interface RawResponse {
  status: number;
  body: string;
}

/** One request on its own TLS connection; the target is sent byte for byte. */
function raw(method: string, target: string, headers: Record<string, string> = {}, body = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port: co.port, ca, servername: '127.0.0.1' }, () => {
      const all: Record<string, string> = {
        host: `127.0.0.1:${co.port}`,
        connection: 'close',
        ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
        ...headers,
      };
      const head = Object.entries(all)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      sock.write(`${method} ${target} HTTP/1.1\r\n${head}\r\n${body}`);
    });
    const chunks: Buffer[] = [];
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      // SSE never ends: the status line and headers are all we need.
      const text = Buffer.concat(chunks).toString('utf8');
      const head = text.split('\r\n\r\n')[0] ?? '';
      if (/^HTTP\/1\.1 200/.test(head) && /^content-type: text\/event-stream/im.test(head)) sock.destroy();
    });
    sock.on('error', reject);
    sock.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (!m)
        return reject(new Error(`no HTTP response to ${method} ${target}: ${JSON.stringify(text.slice(0, 200))}`));
      resolve({ status: Number(m[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    sock.setTimeout(10_000, () => sock.destroy(new Error(`timeout: ${method} ${target}`)));
  });
}

/** Every way of spelling `path` that a lenient router or proxy might route to the same handler. */
function pathForms(
  path: string,
  port: number,
): Array<{ form: string; target: string; headers?: Record<string, string>; invalid?: true }> {
  const segs = path.split('/').slice(1);
  const enc = (c: string): string => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  const encFirst = '/' + segs.map((s) => (s.length > 0 ? enc(s[0] ?? '') + s.slice(1) : s)).join('/');
  const encAll = '/' + segs.map((s) => Array.from(s, enc).join('')).join('/');
  const upperEnc = '/' + segs.map((s) => Array.from(s, (c) => enc(c).toUpperCase()).join('')).join('/');
  return [
    { form: 'plain', target: path },
    { form: 'first letter of each segment encoded', target: encFirst },
    { form: 'v of v1 encoded', target: path.replace(/^\/v/, '/%76') },
    { form: 'every letter encoded', target: encAll },
    { form: 'every letter encoded, upper-case hex', target: upperEnc },
    { form: 'slashes encoded', target: '/' + segs.join('%2F') },
    { form: 'slashes encoded lower-case', target: '/' + segs.join('%2f') },
    { form: 'double slashes', target: '/' + segs.join('//') },
    { form: 'leading double slash', target: `/${path}` },
    { form: 'dot segment', target: path.replace(/^\/v1\//, '/v1/./') },
    { form: 'encoded dot segment', target: path.replace(/^\/v1\//, '/v1/%2e/') },
    { form: 'dot-dot segment', target: `/x/..${path}` },
    { form: 'encoded dot-dot segment', target: `/x/%2e%2e${path}` },
    { form: 'trailing slash', target: `${path}/` },
    { form: 'upper-case prefix', target: path.replace(/^\/v1/, '/V1') },
    { form: 'upper-case path', target: path.toUpperCase() },
    { form: 'semicolon parameter', target: path.replace(/^\/v1/, '/v1;x=1') },
    { form: 'absolute-form', target: `https://127.0.0.1:${port}${path}` },
    { form: 'absolute-form, other host', target: `https://attacker.example${path}` },
    { form: 'absolute-form, encoded', target: `https://127.0.0.1:${port}${encFirst}` },
    { form: 'other Host header', target: path, headers: { host: 'attacker.example' } },
    // Not a valid request target at all: refused as a bad request before routing.
    { form: 'asterisk-form-like', target: `*${path}`, invalid: true },
  ];
}

beforeAll(async () => {
  const dir = tempDir('authpaths');
  co = await startCoordinator({
    stateDir: join(dir, 'state'),
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: silentLogger,
  });
  token = readFileSync(join(dir, 'state', 'admin.token'), 'utf8').trim();
  ca = readFileSync(join(dir, 'state', 'ca.crt'), 'utf8');
  // Real objects behind the routes, so a bypass would answer 2xx with data.
  clusterName = 'authc';
  const made = await raw(
    'POST',
    '/v1/clusters',
    { authorization: `Bearer ${token}` },
    JSON.stringify({ name: clusterName }),
  );
  expect(made.status).toBe(201);
  clusterId = (JSON.parse(made.body) as { id: string }).id;
  const t = await raw(
    'POST',
    `/v1/clusters/${clusterName}/join-tokens`,
    { authorization: `Bearer ${token}` },
    JSON.stringify({}),
  );
  expect(t.status).toBe(201);
  tokenId = (JSON.parse(t.body) as { id: string }).id;
});
afterAll(async () => {
  await co?.close();
});

/** Routes under /v1 from the OpenAPI document, with concrete ids and a body that would be accepted. */
async function v1Routes(): Promise<Array<{ method: string; path: string; body: string; nodeOnly: boolean }>> {
  const doc = JSON.parse((await raw('GET', '/openapi.json')).body) as {
    paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
  };
  const routes: Array<{ method: string; path: string; body: string; nodeOnly: boolean }> = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    if (!template.startsWith('/v1/')) continue;
    const path = template
      .replace('{id}', clusterName)
      .replace('{tokenId}', tokenId)
      .replace(/\{[^}]+\}/g, 'x');
    for (const [method, op] of Object.entries(methods)) {
      const m = method.toUpperCase();
      const body = m === 'POST' ? (path === '/v1/clusters' ? JSON.stringify({ name: 'bypass' }) : '{}') : '';
      // Routes only an enrolled node may call (node signature): an operator token is refused too.
      const nodeOnly = op.security?.some((x) => 'node' in x) === true;
      routes.push({ method: m, path, body, nodeOnly });
    }
  }
  return routes;
}

describe('every /v1 route needs the bearer header, whatever the path form', () => {
  it('the OpenAPI document lists the routes the test walks, and the stream', async () => {
    const routes = await v1Routes();
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes.some((r) => r.path === '/v1/events/stream')).toBe(true);
    expect(routes.some((r) => r.method === 'POST' && r.path.endsWith('/join-tokens'))).toBe(true);
  });

  it('no token, a wrong token, or the token in the query: 401 or 404 on every route and path form', async () => {
    const routes = await v1Routes();
    const creds: Array<{ name: string; headers: Record<string, string>; query: string }> = [
      { name: 'no token', headers: {}, query: '' },
      { name: 'wrong token', headers: { authorization: 'Bearer k3g_admin_wrong' }, query: '' },
      {
        name: 'basic auth',
        headers: { authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` },
        query: '',
      },
      {
        name: 'token in query',
        headers: {},
        query: `?token=${encodeURIComponent(token)}&access_token=${encodeURIComponent(token)}`,
      },
      { name: 'bearer with trailing junk', headers: { authorization: `Bearer ${token} x` }, query: '' },
    ];
    const bad: string[] = [];
    let tried = 0;
    let unauthorized = 0;
    const jobs: Array<() => Promise<void>> = [];
    for (const r of routes)
      for (const f of pathForms(r.path, co.port))
        for (const c of creds)
          jobs.push(async () => {
            const target = f.target + c.query;
            const res = await raw(r.method, target, { ...c.headers, ...(f.headers ?? {}) }, r.body);
            tried++;
            if (res.status === 401) unauthorized++;
            const want = f.invalid ? [400] : [401, 404];
            if (!want.includes(res.status))
              bad.push(`${r.method} ${target} (${f.form}, ${c.name}): ${res.status} ${res.body.slice(0, 80)}`);
            // The 404 message may echo the requested path, never what is stored.
            else if (res.body.includes(clusterId) || res.body.includes('"items"'))
              bad.push(`${r.method} ${target} (${f.form}, ${c.name}): ${res.status} body leaks data`);
            else if (!/^\{"statusCode":\d{3},"code":"[a-z-]+","error":"[A-Za-z ]+","message":/.test(res.body))
              bad.push(
                `${r.method} ${target} (${f.form}, ${c.name}): ${res.status} not the error body: ${res.body.slice(0, 80)}`,
              );
          });
    // A few connections at a time: the point is coverage, not load.
    const queue = [...jobs];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) await job();
      }),
    );
    expect(bad).toEqual([]);
    expect(tried).toBe(jobs.length);
    // The plain form of every route is refused by auth, not by a missing route.
    expect(unauthorized).toBeGreaterThanOrEqual(routes.length * creds.length);
  });

  it('nothing was created, changed or deleted by the refused requests', async () => {
    const res = await raw('GET', '/v1/clusters', { authorization: `Bearer ${token}` });
    const names = (JSON.parse(res.body) as { items: Array<{ name: string }> }).items.map((c) => c.name);
    expect(names).toEqual([clusterName]);
    const tokens = await raw('GET', '/v1/join-tokens', { authorization: `Bearer ${token}` });
    const list = (JSON.parse(tokens.body) as { items: Array<{ id: string; revoked: boolean }> }).items;
    expect(list.map((t) => [t.id, t.revoked])).toEqual([[tokenId, false]]);
    const events = await raw('GET', '/v1/events?limit=1000', { authorization: `Bearer ${token}` });
    const types = (JSON.parse(events.body) as { items: Array<{ type: string }> }).items.map((e) => e.type);
    // The break-glass token's own uses are audited (auth.break-glass); nothing else happened.
    expect(types.filter((t) => t !== 'cluster.created' && t !== 'token.created' && t !== 'auth.break-glass')).toEqual(
      [],
    );
  });
  it('the right token in the header reaches every route (so the matrix above tested real routes)', async () => {
    for (const r of await v1Routes()) {
      if (r.method === 'DELETE') continue; // would delete the fixtures
      if (r.path === '/v1/break-glass/rotate') continue; // would replace the token the test uses
      const res = await raw(r.method, r.path, { authorization: `Bearer ${token}` }, r.body);
      if (r.nodeOnly) expect(res.status, `${r.method} ${r.path} refuses the operator token`).toBe(401);
      else expect([401, 403], `${r.method} ${r.path}`).not.toContain(res.status);
    }
  });
});

describe('public routes stay public, and only those', () => {
  it('health, readiness, metrics, the OpenAPI document, the docs and the dashboard answer without a token', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs/', '/ui/']) {
      const res = await raw('GET', path);
      expect(res.status, path).toBe(200);
    }
  });

  it('an unknown path is 404 with the error body', async () => {
    const res = await raw('GET', '/nothing-here');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 404, code: 'not-found', error: 'Not Found' });
  });
});
