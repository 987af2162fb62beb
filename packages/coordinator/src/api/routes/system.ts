/**
 * Public system routes: liveness, readiness, Prometheus metrics and the
 * OpenAPI document. Registered through `publicRoutes` (auth.ts): the only
 * routes besides the docs and the dashboard that answer without a token.
 */
import type { FastifyPluginCallback } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendError } from '../errors.js';
import { type ApiDeps, ex, Err } from './deps.js';

const Status = ex(z.object({ status: z.string() }), { status: 'ok' });

export function systemRoutes(d: ApiDeps, openapi: () => unknown): FastifyPluginCallback {
  return (app, _opts, done) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/healthz',
      {
        schema: { tags: ['system'], summary: 'Liveness: the process serves requests', response: { 200: Status } },
      },
      () => ({ status: 'ok' }),
    );
    r.get(
      '/readyz',
      {
        schema: {
          tags: ['system'],
          summary: 'Readiness: the store is open and the secrets key checks out',
          response: { 200: Status, 503: Err },
        },
      },
      async (_req, reply) => ((await d.ready()) ? { status: 'ok' } : sendError(reply, 503, 'store not ready')),
    );
    r.get(
      '/metrics',
      {
        schema: {
          tags: ['system'],
          summary: 'Prometheus metrics (text exposition format)',
          response: {
            200: ex(
              z.string(),
              '# HELP k3sgrid_agents_connected Authenticated agent sessions\n# TYPE k3sgrid_agents_connected gauge\nk3sgrid_agents_connected 6\n',
            ),
          },
        },
      },
      async (_req, reply) => reply.type(d.metrics.registry.contentType).send(await d.metrics.registry.metrics()),
    );
    r.get('/openapi.json', { schema: { hide: true } }, () => openapi());
    done();
  };
}
