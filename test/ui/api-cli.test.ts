/**
 * The operator surface against an in-process coordinator (no agents needed):
 * the OpenAPI document is complete (every route has a summary and examples),
 * the dashboard's static files are public while data needs the token, the
 * SSE stream replays and follows with filters, and the CLI's `get`,
 * `describe`, `events --follow` and `get --watch` read it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CliIo, clusterSpec, runCli, type RunningCoordinator, startCoordinator } from '@k3sgrid/coordinator';
import { readFileSync } from 'node:fs';
import { tempDir, silentLogger } from '@k3sgrid/testkit';

let co: RunningCoordinator;
let dir: string;
let token: string;
const auth = (): Record<string, string> => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  dir = tempDir('apicli');
  co = await startCoordinator({
    stateDir: join(dir, 'state'),
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: silentLogger,
  });
  token = readFileSync(join(dir, 'state', 'admin.token'), 'utf8').trim();
});
afterAll(async () => {
  await co?.close();
});

/** Runs the CLI against the coordinator; returns its exit code and output. */
async function cli(args: string[], extra: Partial<CliIo> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['--state-dir', join(dir, 'state'), ...args], {
    out: (s) => (out += s),
    err: (s) => (err += s),
    ...extra,
  });
  return { code, out, err };
}

describe('OpenAPI', () => {
  it('documents every route with a summary, and every body and 2xx response with an example', async () => {
    const doc = (await co.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<
        string,
        Record<
          string,
          {
            summary?: string;
            requestBody?: { content: Record<string, { schema: { example?: unknown } }> };
            responses: Record<string, { content?: Record<string, { schema: { example?: unknown } }> }>;
          }
        >
      >;
    }>();
    const missing: string[] = [];
    let ops = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        ops++;
        if (!op.summary) missing.push(`${method} ${path}: summary`);
        for (const c of Object.values(op.requestBody?.content ?? {}))
          if (c.schema.example === undefined) missing.push(`${method} ${path}: body example`);
        for (const [status, r] of Object.entries(op.responses)) {
          if (status.startsWith('2') && status !== '204') {
            for (const c of Object.values(r.content ?? {}))
              if (c.schema.example === undefined) missing.push(`${method} ${path}: ${status} example`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
    expect(ops).toBeGreaterThanOrEqual(19);
    expect(Object.keys(doc.paths)).toContain('/v1/events/stream');
    expect((await co.app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
  });
});

describe('dashboard files', () => {
  it('are public; data calls need the token', async () => {
    const index = await co.app.inject({ method: 'GET', url: '/ui/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<script type="module" src="./app.mjs">');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    for (const f of [
      'app.mjs',
      'api.mjs',
      'lib.mjs',
      'style.css',
      'pages/cluster.mjs',
      'vendor/preact.mjs',
      'vendor/hooks.mjs',
      'vendor/htm.mjs',
    ]) {
      expect((await co.app.inject({ method: 'GET', url: `/ui/${f}` })).statusCode, f).toBe(200);
    }
    expect((await co.app.inject({ method: 'GET', url: '/ui/vendor/hooks.mjs' })).body).toContain('from"./preact.mjs"');
    expect((await co.app.inject({ method: 'GET', url: '/ui' })).headers.location).toBe('/ui/');
    expect((await co.app.inject({ method: 'GET', url: '/v1/clusters' })).statusCode).toBe(401);
    expect((await co.app.inject({ method: 'GET', url: '/v1/events/stream' })).statusCode).toBe(401);
  });
});

/** Reads SSE messages from the real HTTPS stream until `until` is satisfied. */
async function readStream(
  query: string,
  until: (events: Array<{ id: number; type: string }>) => boolean,
  during?: () => Promise<void>,
): Promise<Array<{ id: number; type: string; clusterId: string | null }>> {
  const { request } = await import('node:https');
  const events: Array<{ id: number; type: string; clusterId: string | null }> = [];
  return new Promise((resolve, reject) => {
    const req = request(`${co.url}/v1/events/stream${query}`, { ca: co.state.tls.caCert, headers: auth() }, (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          const id = block.split('\n').find((l) => l.startsWith('id: '));
          if (data) {
            const e = JSON.parse(data.slice(6)) as { id: number; type: string; clusterId: string | null };
            expect(Number(id?.slice(4))).toBe(e.id);
            events.push(e);
          }
        }
        if (until(events)) {
          req.destroy();
          resolve(events);
        }
      });
    });
    req.on('error', (e) => (e.message.includes('socket hang up') ? resolve(events) : reject(e)));
    req.end();
    setTimeout(() => void during?.().catch(reject), 200);
    setTimeout(
      () => reject(new Error(`stream timeout; got ${JSON.stringify(events.map((e) => e.type))}`)),
      15_000,
    ).unref();
  });
}

describe('GET /v1/events/stream', () => {
  it('follows live events, filtered by cluster', async () => {
    await co.service.createCluster(
      clusterSpec({ name: 'quiet', formation: { minNodes: 1, timeoutSeconds: 60 } }),
      'test',
    );
    const created = await co.app.inject({
      method: 'POST',
      url: '/v1/clusters',
      headers: auth(),
      payload: { name: 'alpha' },
    });
    const alpha = created.json<{ id: string }>();
    const got = await readStream(
      `?cluster=alpha`,
      (es) => es.some((e) => e.type === 'token.created'),
      async () => {
        await co.service.createToken(
          'quiet',
          { ttlSeconds: 600, maxUses: 1, roles: ['agent'], description: '' },
          'test',
        );
        await co.service.createToken(
          'alpha',
          { ttlSeconds: 600, maxUses: 1, roles: ['agent'], description: '' },
          'test',
        );
      },
    );
    expect(got.every((e) => e.clusterId === alpha.id)).toBe(true);
  });
  it('replays stored events after ?after= before the live ones, in order and without duplicates', async () => {
    const got = await readStream(
      '?after=0',
      (es) => es.filter((e) => e.type === 'token.created').length >= 3,
      async () => {
        await co.service.createToken(
          'alpha',
          { ttlSeconds: 600, maxUses: 1, roles: ['agent'], description: 'live' },
          'test',
        );
      },
    );
    const ids = got.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(got[0]?.type).toBe('cluster.created');
  });
});

describe('CLI against the API', () => {
  it('get clusters: table, wide, json, yaml and name', async () => {
    const t = await cli(['get', 'clusters']);
    expect(t.code, t.err).toBe(0);
    expect(t.out.split('\n')[0]).toMatch(/^NAME\s+PHASE\s+SERVERS\s+WORKERS\s+REGISTRATION/);
    expect(t.out).toMatch(/^alpha\s+pending\s+0\/1\s+0\/0\s+server\s+/m);
    expect(t.out).not.toContain('\x1b['); // not a TTY: no colour
    const wide = await cli(['get', 'clusters', '-o', 'wide']);
    expect(wide.out.split('\n')[0]).toMatch(/ID\s+STATUS$/);
    const j = JSON.parse((await cli(['get', 'clusters', '-o', 'json'])).out) as Array<{ name: string }>;
    expect(j.map((c) => c.name).sort()).toEqual(['alpha', 'quiet']);
    const y = parse((await cli(['get', 'cluster', 'alpha', '-o', 'yaml'])).out) as { name: string; ready: unknown };
    expect(y.name).toBe('alpha');
    expect(y.ready).toEqual({ servers: { ready: 0, desired: 1 }, workers: { ready: 0, desired: 0 } });
    expect((await cli(['get', 'clusters', '-o', 'name'])).out.split('\n').filter(Boolean).sort()).toEqual([
      'cluster/alpha',
      'cluster/quiet',
    ]);
    const tok = await cli(['get', 'tokens', '--cluster', 'alpha']);
    expect(tok.out).toMatch(/^[a-z0-9]{10}\s+alpha\s+active\s+agent\s+0\/1\s+in \d+m/m);
    expect((await cli(['get', 'nodes'])).out).toMatch(
      /^NAME\s+CLUSTER\s+ROLE\s+PHASE\s+CONNECTED\s+ADDRESS\s+LAST SEEN\s+AGE\n$/,
    );
  });
  it('colour on a TTY, none with NO_COLOR', async () => {
    expect((await cli(['get', 'clusters'], { tty: true })).out).toContain('\x1b[');
    const prev = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    try {
      expect((await cli(['get', 'clusters'], { tty: true })).out).not.toContain('\x1b[');
    } finally {
      if (prev === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = prev;
    }
  });
  it('describe cluster', async () => {
    const d = await cli(['describe', 'cluster', 'alpha']);
    expect(d.code, d.err).toBe(0);
    expect(d.out).toMatch(/^Name:\s+alpha$/m);
    expect(d.out).toMatch(/^Phase:\s+pending$/m);
    expect(d.out).toContain('Plan:\n  no node reports yet');
    expect(d.out).toMatch(/token\.created/);
    expect((await cli(['describe', 'cluster', 'nope'])).code).toBe(1);
  });
  it('events --follow prints stored events, then live ones as they happen', async () => {
    const ac = new AbortController();
    let out = '';
    const run = runCli(['--state-dir', join(dir, 'state'), 'events', '--follow', '--cluster', 'alpha', '-o', 'json'], {
      out: (s) => (out += s),
      err: () => {},
      signal: ac.signal,
    });
    await expect.poll(() => out.split('\n').filter(Boolean).length, { timeout: 5000 }).toBeGreaterThan(1);
    const before = out.split('\n').filter(Boolean).length;
    await new Promise((r) => setTimeout(r, 300));
    await co.service.createToken(
      'alpha',
      { ttlSeconds: 600, maxUses: 1, roles: ['agent'], description: 'followed' },
      'test',
    );
    await expect.poll(() => out.split('\n').filter(Boolean).length, { timeout: 5000 }).toBe(before + 1);
    const last = JSON.parse(out.trim().split('\n').at(-1)!) as { type: string };
    expect(last.type).toBe('token.created');
    ac.abort();
    expect(await run).toBe(0);
  });
  it('get clusters --watch re-renders changed rows on events (not a TTY: appended rows)', async () => {
    const ac = new AbortController();
    let out = '';
    const run = runCli(['--state-dir', join(dir, 'state'), 'get', 'clusters', '--watch'], {
      out: (s) => (out += s),
      err: () => {},
      signal: ac.signal,
    });
    await expect.poll(() => out, { timeout: 5000 }).toContain('alpha');
    await new Promise((r) => setTimeout(r, 300));
    await co.app.inject({ method: 'POST', url: '/v1/clusters', headers: auth(), payload: { name: 'beta' } });
    await expect.poll(() => out, { timeout: 5000 }).toMatch(/^beta\s+pending/m);
    expect(out.match(/^NAME/gm)).toHaveLength(1);
    ac.abort();
    expect(await run).toBe(0);
  });
});
