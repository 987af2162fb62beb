/**
 * Access management: users and service accounts, their grants and API
 * tokens (admin for all clusters), the caller's own identity and tokens
 * (any user or service account), and break-glass rotation (admin).
 */
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccessService } from '../../access/access-service.js';
import { principalActor } from '../../access/actors.js';
import type { Permission, Principal } from '../../access/roles.js';
import { CoordinatorError } from '../../errors.js';
import type { ClusterRow, PrincipalRow } from '../../store/types.js';
import {
  ApiTokenCreated,
  ApiTokenIdParams,
  ApiTokenView,
  BreakGlassRotated,
  CreateApiTokenBody,
  CreatePrincipalBody,
  GrantBody,
  GrantScopeParams,
  NameParams,
  PrincipalView,
  apiTokenView,
  principalView,
  type PrincipalViewT,
} from '../access-schemas.js';
import { type ApiDeps, ERR, ex } from './deps.js';

/** The authenticated principal (the hook set it: these routes are never public). */
function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new CoordinatorError('unauthorized', 'not authenticated');
  return req.principal;
}

const ADMIN: Permission = { on: 'coordinator', role: 'admin' };
const SELF: Permission = { on: 'self' };

const PRINCIPAL_EX = {
  kind: 'user',
  name: 'alice',
  actor: 'user:alice',
  description: 'on call',
  createdAt: '2026-01-01T12:00:00.000Z',
  createdBy: 'break-glass',
  grants: [{ role: 'operator', cluster: 'prod', clusterId: 'c_7f3a' }],
};
const TOKEN_EX = {
  id: '9f86d081884c7d65',
  name: 'laptop',
  owner: 'user:alice',
  state: 'active',
  expiresAt: '2026-01-31T12:00:00.000Z',
  revokedAt: null,
  createdAt: '2026-01-01T12:00:00.000Z',
  createdBy: 'user:alice',
};
const TokenList = ex(z.object({ items: z.array(ApiTokenView) }), { items: [TOKEN_EX] });
const TokenCreatedEx = ex(ApiTokenCreated, { ...TOKEN_EX, token: `k3g_at_9f86d081884c7d65_${'x'.repeat(43)}` });
const PrincipalEx = ex(PrincipalView, PRINCIPAL_EX);

export function accessRoutes(d: ApiDeps & { access: AccessService }): FastifyPluginCallback {
  const a = d.access;
  const clusterMap = async (): Promise<Map<string, ClusterRow>> =>
    new Map((await d.service.listClusters()).map((c) => [c.id, c]));
  const viewOf = async (p: PrincipalRow): Promise<PrincipalViewT> =>
    principalView(p, await a.listGrants(p.id), await clusterMap());
  /** `*` or omitted: all clusters; else the cluster's id (by id or name). */
  const scopeOf = async (cluster: string | undefined): Promise<string | null> =>
    cluster === undefined || cluster === '*' ? null : (await d.service.getCluster(cluster)).id;

  return (app, _opts, done) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    for (const [path, kind, word] of [
      ['users', 'user', 'user'],
      ['service-accounts', 'sa', 'service account'],
    ] as const) {
      r.post(
        `/${path}`,
        {
          config: { permission: ADMIN },
          schema: {
            tags: ['access'],
            summary: `Create a ${word}`,
            body: ex(CreatePrincipalBody, { name: kind === 'user' ? 'alice' : 'ci-deploy', description: '' }),
            response: { 201: PrincipalEx, ...ERR },
          },
        },
        async (req, reply) => {
          const p = await a.createPrincipal(kind, req.body.name, req.body.description, req.actor);
          return reply.status(201).send(await viewOf(p));
        },
      );
      r.get(
        `/${path}`,
        {
          config: { permission: ADMIN },
          schema: {
            tags: ['access'],
            summary: `List ${word}s with their grants`,
            response: { 200: ex(z.object({ items: z.array(PrincipalView) }), { items: [PRINCIPAL_EX] }), ...ERR },
          },
        },
        async () => {
          const [ps, grants, clusters] = await Promise.all([a.listPrincipals(kind), a.listGrants(), clusterMap()]);
          return {
            items: ps.map((p) =>
              principalView(
                p,
                grants.filter((g) => g.principalId === p.id),
                clusters,
              ),
            ),
          };
        },
      );
      r.get(
        `/${path}/:name`,
        {
          config: { permission: ADMIN },
          schema: {
            tags: ['access'],
            summary: `Get a ${word} with its grants`,
            params: ex(NameParams, { name: 'alice' }),
            response: { 200: PrincipalEx, ...ERR },
          },
        },
        async (req) => viewOf(await a.getPrincipal(kind, req.params.name)),
      );
      r.delete(
        `/${path}/:name`,
        {
          config: { permission: ADMIN },
          schema: {
            tags: ['access'],
            summary: `Delete a ${word} with its grants and API tokens (they stop working now)`,
            params: ex(NameParams, { name: 'alice' }),
            response: { 204: z.null(), ...ERR },
          },
        },
        async (req, reply) => {
          await a.deletePrincipal(kind, req.params.name, req.actor);
          return reply.status(204).send(null);
        },
      );
      r.put(
        `/${path}/:name/grants`,
        {
          config: { permission: ADMIN },
          schema: {
            tags: ['access'],
            summary: `Give a ${word} a role for all clusters or one (replacing its role there)`,
            params: ex(NameParams, { name: 'alice' }),
            body: ex(GrantBody, { role: 'operator', cluster: 'prod' }),
            response: { 200: PrincipalEx, ...ERR },
          },
        },
        async (req) => {
          const clusterId = await scopeOf(req.body.cluster);
          await a.grant(kind, req.params.name, req.body.role, clusterId, req.actor);
          return viewOf(await a.getPrincipal(kind, req.params.name));
        },
      );
      r.delete(
        `/${path}/:name/grants/:scope`,
        {
          config: { permission: ADMIN },
          schema: {
            tags: ['access'],
            summary: `Remove a ${word}'s grant for one cluster, or (\`*\`) for all clusters`,
            params: ex(GrantScopeParams, { name: 'alice', scope: 'prod' }),
            response: { 204: z.null(), ...ERR },
          },
        },
        async (req, reply) => {
          await a.ungrant(kind, req.params.name, await scopeOf(req.params.scope), req.actor);
          return reply.status(204).send(null);
        },
      );
      r.post(
        `/${path}/:name/api-tokens`,
        {
          config: { permission: ADMIN },
          schema: {
            tags: ['access'],
            summary: `Create an API token for a ${word} (the secret is returned once)`,
            params: ex(NameParams, { name: 'alice' }),
            body: ex(CreateApiTokenBody, { name: 'laptop', ttlSeconds: 2_592_000 }),
            response: { 201: TokenCreatedEx, ...ERR },
          },
        },
        async (req, reply) => {
          const owner = await a.getPrincipal(kind, req.params.name);
          const { row, token } = await a.createToken(owner, req.body, req.actor);
          return reply.status(201).send({ ...apiTokenView(row, owner, d.clock()), token });
        },
      );
      r.get(
        `/${path}/:name/api-tokens`,
        {
          config: { permission: ADMIN },
          schema: {
            tags: ['access'],
            summary: `List a ${word}'s API tokens (never their secrets)`,
            params: ex(NameParams, { name: 'alice' }),
            response: { 200: TokenList, ...ERR },
          },
        },
        async (req) => {
          const owner = await a.getPrincipal(kind, req.params.name);
          return { items: (await a.listTokens(owner.id)).map((t) => apiTokenView(t, owner, d.clock())) };
        },
      );
    }
    r.get(
      '/api-tokens',
      {
        config: { permission: ADMIN },
        schema: {
          tags: ['access'],
          summary: 'List every API token (never their secrets)',
          response: { 200: TokenList, ...ERR },
        },
      },
      async () => {
        const owners = new Map((await a.listPrincipals()).map((p) => [p.id, p]));
        return {
          items: (await a.listTokens()).map((t) => apiTokenView(t, owners.get(t.principalId) ?? null, d.clock())),
        };
      },
    );
    r.delete(
      '/api-tokens/:tokenId',
      {
        config: { permission: ADMIN },
        schema: {
          tags: ['access'],
          summary: "Revoke anyone's API token (refused from the next request on)",
          params: ex(ApiTokenIdParams, { tokenId: TOKEN_EX.id }),
          response: { 204: z.null(), ...ERR },
        },
      },
      async (req, reply) => {
        await a.revokeToken(req.params.tokenId, req.actor);
        return reply.status(204).send(null);
      },
    );

    // ----- the caller itself
    /** The caller's stored principal; the break-glass token has none. */
    const me = async (p: { id: string | null }): Promise<PrincipalRow> => {
      const row = p.id ? await a.getPrincipalById(p.id) : null;
      if (!row)
        throw new CoordinatorError(
          'bad-request',
          'the break-glass token has no API tokens of its own: create a user or service account and give it a token',
        );
      return row;
    };
    r.get(
      '/me',
      {
        config: { permission: SELF },
        schema: {
          tags: ['access'],
          summary: 'Who the caller is, with its grants',
          response: { 200: PrincipalEx, ...ERR },
        },
      },
      async (req) => {
        const p = principalOf(req);
        if (p.id) {
          const row = await a.getPrincipalById(p.id);
          if (row) return viewOf(row);
        }
        return {
          kind: p.kind,
          name: p.name,
          actor: principalActor(p),
          description: 'the bootstrap admin token (break-glass; every use is audited)',
          createdAt: null,
          createdBy: '',
          grants: [{ role: 'admin' as const, cluster: '*', clusterId: null }],
        };
      },
    );
    r.post(
      '/me/api-tokens',
      {
        config: { permission: SELF },
        schema: {
          tags: ['access'],
          summary: 'Create an API token for the caller (the secret is returned once)',
          body: ex(CreateApiTokenBody, { name: 'laptop' }),
          response: { 201: TokenCreatedEx, ...ERR },
        },
      },
      async (req, reply) => {
        const owner = await me(principalOf(req));
        const { row, token } = await a.createToken(owner, req.body, req.actor);
        return reply.status(201).send({ ...apiTokenView(row, owner, d.clock()), token });
      },
    );
    r.get(
      '/me/api-tokens',
      {
        config: { permission: SELF },
        schema: {
          tags: ['access'],
          summary: "The caller's API tokens (never their secrets)",
          response: { 200: TokenList, ...ERR },
        },
      },
      async (req) => {
        const p = principalOf(req);
        const owner = p.id ? await a.getPrincipalById(p.id) : null;
        if (!owner) return { items: [] };
        return { items: (await a.listTokens(owner.id)).map((t) => apiTokenView(t, owner, d.clock())) };
      },
    );
    r.delete(
      '/me/api-tokens/:tokenId',
      {
        config: { permission: SELF },
        schema: {
          tags: ['access'],
          summary: "Revoke one of the caller's API tokens",
          params: ex(ApiTokenIdParams, { tokenId: TOKEN_EX.id }),
          response: { 204: z.null(), ...ERR },
        },
      },
      async (req, reply) => {
        const owner = await me(principalOf(req));
        await a.revokeToken(req.params.tokenId, req.actor, owner.id);
        return reply.status(204).send(null);
      },
    );
    r.post(
      '/break-glass/rotate',
      {
        config: { permission: ADMIN },
        schema: {
          tags: ['access'],
          summary: 'Replace the break-glass token (the old one stops working now; the new one is returned once)',
          response: { 201: ex(BreakGlassRotated, { token: `k3g_admin_${'x'.repeat(43)}` }), ...ERR },
        },
      },
      async (req, reply) => reply.status(201).send({ token: await a.rotateBreakGlass(req.actor) }),
    );
    done();
  };
}
