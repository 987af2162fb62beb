/** Nodes and coordinator replicas: list, get, revoke, replace. */
import type { FastifyPluginCallback } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EXAMPLES, IdParams, NodeView, NodesQuery, ReplaceNodeBody, ReplicasView } from '../schemas.js';
import { sees } from '../../access/roles.js';
import { nodeView } from '../views.js';
import { type ApiDeps, ERR, ex } from './deps.js';
import { TokenCreatedEx, tokenCreated } from './tokens.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const NodeIdEx = ex(IdParams, { id: 'n_41c2' });

export function nodeRoutes(d: ApiDeps): FastifyPluginCallback {
  const s = d.service;
  return (app, _opts, done) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/replicas',
      {
        config: { permission: { on: 'any', role: 'viewer' } },
        schema: {
          tags: ['replicas'],
          summary: 'List coordinator replicas and the formation lease',
          response: {
            200: ex(ReplicasView, {
              items: [
                {
                  id: 'coord-1/4120/9f3a01bc',
                  url: 'wss://coord-1:8443',
                  startedAt: '2026-01-01T12:00:00.000Z',
                  seenAt: '2026-01-01T12:05:00.000Z',
                  leader: true,
                  self: true,
                },
              ],
              lease: { holder: 'coord-1/4120/9f3a01bc', epoch: 3, live: true, expiresAt: '2026-01-01T12:05:04.000Z' },
            }),
            ...ERR,
          },
        },
      },
      async () => {
        const rs = await s.replicas();
        return {
          items: rs.items.map((x) => ({
            id: x.id,
            url: x.url,
            startedAt: iso(x.startedAt),
            seenAt: iso(x.seenAt),
            leader: x.leader,
            self: x.self,
          })),
          lease: rs.lease ? { ...rs.lease, expiresAt: iso(Math.max(0, rs.lease.expiresAt)) } : null,
        };
      },
    );
    r.get(
      '/nodes',
      {
        config: {
          permission: { on: 'cluster', role: 'viewer', ref: { from: 'query', field: 'cluster', via: 'cluster' } },
        },
        schema: {
          tags: ['nodes'],
          summary: 'List nodes',
          querystring: ex(NodesQuery, { cluster: 'prod' }),
          response: { 200: ex(z.object({ items: z.array(NodeView) }), { items: [EXAMPLES.node] }), ...ERR },
        },
      },
      async (req) => ({
        items: (await s.listNodes(req.query.cluster))
          .filter((n) => sees(req.visible, n.clusterId))
          .map((n) => nodeView(n, false, s.isConnected(n))),
      }),
    );
    r.get(
      '/nodes/:id',
      {
        config: { permission: { on: 'cluster', role: 'viewer', ref: { from: 'params', field: 'id', via: 'node' } } },
        schema: {
          tags: ['nodes'],
          summary: 'Get a node with its capability report',
          params: NodeIdEx,
          response: { 200: ex(NodeView, { ...EXAMPLES.node, report: EXAMPLES.report }), ...ERR },
        },
      },
      async (req) => {
        const n = await s.getNode(req.params.id);
        return nodeView(n, true, s.isConnected(n));
      },
    );
    r.delete(
      '/nodes/:id',
      {
        config: { permission: { on: 'cluster', role: 'operator', ref: { from: 'params', field: 'id', via: 'node' } } },
        schema: {
          tags: ['nodes'],
          summary: 'Revoke a node, close its session and delete its Kubernetes node',
          params: NodeIdEx,
          response: { 204: z.null(), ...ERR },
        },
      },
      async (req, reply) => {
        await s.deleteNode(req.params.id, req.actor);
        return reply.status(204).send(null);
      },
    );
    r.post(
      '/nodes/:id/replace',
      {
        config: { permission: { on: 'cluster', role: 'operator', ref: { from: 'params', field: 'id', via: 'node' } } },
        schema: {
          tags: ['nodes'],
          summary: 'Single-use token for a machine that takes over this node (same name and node password)',
          params: NodeIdEx,
          body: ex(ReplaceNodeBody, EXAMPLES.replaceNode),
          response: { 201: TokenCreatedEx, ...ERR },
        },
      },
      async (req, reply) => {
        const { row, token } = await s.replaceNode(req.params.id, req.body.ttlSeconds, req.actor);
        return reply.status(201).send(tokenCreated(d, row, token));
      },
    );
    done();
  };
}
