/** Join tokens: create (the secret is returned once), list, revoke. */
import type { FastifyPluginCallback } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sees } from '../../access/roles.js';
import type { JoinTokenRow } from '../../store/types.js';
import { CreateTokenBody, EXAMPLES, IdParams, TokenCreated, TokenIdParams, TokenView } from '../schemas.js';
import { tokenView } from '../views.js';
import { type ApiDeps, ERR, Err, ex } from './deps.js';

/** OpenAPI example of a token as created (the only answer that carries its secret). */
export const TokenCreatedEx = ex(TokenCreated, {
  ...EXAMPLES.token,
  token: EXAMPLES.tokenSecret,
  agentCommand: EXAMPLES.agentCommand,
});
const TokenList = ex(z.object({ items: z.array(TokenView) }), { items: [EXAMPLES.token] });

/** The answer to a token creation: the view, the secret and the agent's command line. */
export function tokenCreated(d: ApiDeps, row: JoinTokenRow, token: string): z.infer<typeof TokenCreated> {
  return {
    ...tokenView(row, d.clock()),
    token,
    agentCommand: `k3sgrid-agent run --coordinator ${d.service.agentUrl()} --token ${token}`,
  };
}

export function tokenRoutes(d: ApiDeps): FastifyPluginCallback {
  const s = d.service;
  return (app, _opts, done) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/clusters/:id/join-tokens',
      {
        config: {
          permission: { on: 'cluster', role: 'operator', ref: { from: 'params', field: 'id', via: 'cluster' } },
        },
        schema: {
          tags: ['tokens'],
          summary: 'Create a join token (the secret is returned once)',
          params: ex(IdParams, { id: 'prod' }),
          body: ex(CreateTokenBody, EXAMPLES.createToken),
          response: { 201: TokenCreatedEx, ...ERR },
        },
      },
      async (req, reply) => {
        const { row, token } = await s.createToken(req.params.id, req.body, req.actor);
        return reply.status(201).send(tokenCreated(d, row, token));
      },
    );
    r.get(
      '/clusters/:id/join-tokens',
      {
        config: { permission: { on: 'cluster', role: 'viewer', ref: { from: 'params', field: 'id', via: 'cluster' } } },
        schema: {
          tags: ['tokens'],
          summary: 'List join tokens (never their secrets)',
          params: ex(IdParams, { id: 'prod' }),
          response: { 200: TokenList, ...ERR },
        },
      },
      async (req) => ({ items: (await s.listTokens(req.params.id)).map((t) => tokenView(t, d.clock())) }),
    );
    r.get(
      '/join-tokens',
      {
        config: { permission: { on: 'any', role: 'viewer' } },
        schema: { tags: ['tokens'], summary: 'List all join tokens', response: { 200: TokenList, 401: Err } },
      },
      async (req) => ({
        items: (await s.listTokens()).filter((t) => sees(req.visible, t.clusterId)).map((t) => tokenView(t, d.clock())),
      }),
    );
    r.delete(
      '/join-tokens/:tokenId',
      {
        config: {
          permission: { on: 'cluster', role: 'operator', ref: { from: 'params', field: 'tokenId', via: 'join-token' } },
        },
        schema: {
          tags: ['tokens'],
          summary: 'Revoke a join token',
          params: ex(TokenIdParams, { tokenId: 'jt_9d1e' }),
          response: { 204: z.null(), ...ERR },
        },
      },
      async (req, reply) => {
        await s.revokeToken(req.params.tokenId, req.actor);
        return reply.status(204).send(null);
      },
    );
    done();
  };
}
