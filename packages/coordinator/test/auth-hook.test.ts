/**
 * The auth hook (api/auth.ts) on a bare fastify app: deny by default (a
 * route that declares no permission is refused to every caller, the
 * break-glass token included), per-cluster grants checked against the
 * route's cluster (by the resolver), 401 before 403, and the pure role
 * rules (access/roles.ts).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerAuth, type AccessControl } from '../src/api/auth.js';
import { registerErrorHandling } from '../src/api/errors.js';
import { allowsAny, allowsCluster, allowsEverywhere, sees, visibility, type Principal } from '../src/access/roles.js';

const principals: Record<string, Principal> = {
  bg: {
    kind: 'break-glass',
    name: 'break-glass',
    id: null,
    tokenId: null,
    grants: [{ role: 'admin', clusterId: null }],
  },
  viewer: { kind: 'user', name: 'v', id: 'u1', tokenId: 't1', grants: [{ role: 'viewer', clusterId: null }] },
  opA: { kind: 'sa', name: 'deploy', id: 'u2', tokenId: 't2', grants: [{ role: 'operator', clusterId: 'c-a' }] },
};
const breakGlassUses: string[] = [];
const CLUSTERS: Record<string, string> = { a: 'c-a', 'c-a': 'c-a', b: 'c-b' };
const ac: AccessControl = {
  authenticate: (bearer) => Promise.resolve(principals[bearer] ?? null),
  clusterOf: (via, value) => Promise.resolve(via === 'cluster' ? (CLUSTERS[value] ?? null) : null),
  breakGlassUsed: (method, route) => {
    breakGlassUses.push(`${method} ${route}`);
    return Promise.resolve();
  },
};
const reached = (): Promise<{ reached: boolean }> => Promise.resolve({ reached: true });

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

async function build(): Promise<FastifyInstance> {
  app = Fastify();
  registerErrorHandling(app);
  registerAuth(app, ac);
  app.get('/undeclared', reached);
  app.post('/undeclared/:id', reached);
  app.get('/declared', { config: { permission: { on: 'any', role: 'viewer' } } }, (req) =>
    Promise.resolve({ actor: req.actor, all: req.visible.all }),
  );
  app.delete(
    '/clusters/:id',
    {
      config: { permission: { on: 'cluster', role: 'operator', ref: { from: 'params', field: 'id', via: 'cluster' } } },
    },
    reached,
  );
  app.get('/admin', { config: { permission: { on: 'coordinator', role: 'admin' } } }, reached);
  await app.ready();
  return app;
}

const as = (who: string): Record<string, string> => ({ authorization: `Bearer ${who}` });

describe('deny by default', () => {
  it('a route without a declared permission is refused to everyone, break-glass included', async () => {
    await build();
    for (const who of ['bg', 'viewer', 'opA']) {
      for (const [method, url] of [
        ['GET', '/undeclared'],
        ['POST', '/undeclared/x'],
      ] as const) {
        const r = await app.inject({ method, url, headers: as(who) });
        expect(r.statusCode, `${method} ${url} as ${who}`).toBe(403);
        expect(r.json()).toMatchObject({
          code: 'forbidden',
          message: expect.stringContaining('declares no permission'),
        });
        expect(r.body).not.toContain('reached');
      }
    }
    // Without a token it is 401 first (authentication before authorisation).
    expect((await app.inject({ method: 'GET', url: '/undeclared' })).statusCode).toBe(401);
    // The same app answers a declared route: the refusal above is the missing declaration.
    const ok = await app.inject({ method: 'GET', url: '/declared', headers: as('viewer') });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ actor: 'user:v', all: true });
  });

  it('per-cluster grants are checked against the cluster the route names; break-glass uses are reported', async () => {
    await build();
    breakGlassUses.length = 0;
    const del = (id: string, who: string): Promise<number> =>
      app.inject({ method: 'DELETE', url: `/clusters/${id}`, headers: as(who) }).then((r) => r.statusCode);
    expect(await del('a', 'opA')).toBe(200);
    expect(await del('c-a', 'opA')).toBe(200);
    expect(await del('b', 'opA')).toBe(403);
    expect(await del('unknown', 'opA')).toBe(403);
    expect(await del('a', 'viewer')).toBe(403);
    expect(await del('b', 'bg')).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/admin', headers: as('opA') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/admin', headers: as('bg') })).statusCode).toBe(200);
    expect(breakGlassUses).toEqual(['DELETE /clusters/:id', 'GET /admin']);
    const listed = await app.inject({ method: 'GET', url: '/declared', headers: as('opA') });
    expect(listed.json()).toEqual({ actor: 'sa:deploy', all: false });
  });
});

describe('role rules', () => {
  const g = [
    { role: 'operator' as const, clusterId: 'c1' },
    { role: 'viewer' as const, clusterId: null },
  ];
  it('roles are ordered and scoped', () => {
    expect(allowsEverywhere(g, 'viewer')).toBe(true);
    expect(allowsEverywhere(g, 'operator')).toBe(false);
    expect(allowsCluster(g, 'operator', 'c1')).toBe(true);
    expect(allowsCluster(g, 'operator', 'c2')).toBe(false);
    expect(allowsCluster(g, 'admin', 'c1')).toBe(false);
    expect(allowsAny(g, 'operator')).toBe(true);
    expect(allowsAny(g, 'admin')).toBe(false);
  });
  it('visibility: all clusters, or exactly those granted; cluster-less rows only with all', () => {
    const v = visibility(g, 'operator');
    expect(v).toEqual({ all: false, clusters: new Set(['c1']) });
    expect(sees(v, 'c1')).toBe(true);
    expect(sees(v, 'c2')).toBe(false);
    expect(sees(v, null)).toBe(false);
    expect(sees(visibility(g, 'viewer'), null)).toBe(true);
  });
});
