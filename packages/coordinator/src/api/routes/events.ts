/** Stored events (paged) and, when live events are wired, the SSE stream. */
import type { FastifyPluginCallback } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EventView, EventsQuery, EXAMPLES } from '../schemas.js';
import { registerEventStream } from '../stream.js';
import { eventView } from '../views.js';
import { type ApiDeps, ERR, ex } from './deps.js';

export function eventRoutes(d: ApiDeps): FastifyPluginCallback {
  const s = d.service;
  return (app, _opts, done) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/events',
      {
        config: {
          permission: { on: 'cluster', role: 'viewer', ref: { from: 'query', field: 'cluster', via: 'cluster' } },
        },
        schema: {
          tags: ['events'],
          summary: 'Audit and lifecycle events, oldest first; page with ?after=<last id>',
          querystring: ex(EventsQuery, { cluster: 'prod', actor: 'user:alice', limit: 100 }),
          response: {
            200: ex(z.object({ items: z.array(EventView), next: z.number().nullable() }), {
              items: [EXAMPLES.event],
              next: null,
            }),
            ...ERR,
          },
        },
      },
      async (req) => {
        const q = req.query;
        const clusterId = q.cluster ? (await s.getCluster(q.cluster)).id : undefined;
        const v = req.visible;
        const items = await s.listEvents({
          // Without ?cluster= a per-cluster principal sees its clusters' events only.
          ...(!clusterId && !v.all ? { clusterIds: [...v.clusters] } : {}),
          ...(q.actor ? { actor: q.actor } : {}),
          limit: q.limit,
          ...(q.after !== undefined ? { after: q.after } : {}),
          ...(clusterId ? { clusterId } : {}),
          ...(q.node ? { nodeId: q.node } : {}),
          ...(q.type ? { type: q.type } : {}),
        });
        return { items: items.map(eventView), next: items.length === q.limit ? (items.at(-1)?.id ?? null) : null };
      },
    );
    if (d.audit) registerEventStream(app, { service: s, audit: d.audit, ...d.stream });
    done();
  };
}
