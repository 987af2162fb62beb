/**
 * `GET /v1/events/stream`: audit and lifecycle events as server-sent events.
 * The stream first replays stored events after `?after=` (or the
 * `Last-Event-ID` header a reconnecting client sends), then forwards live
 * events from {@link Audit.subscribe}. Each event is `id: <n>`, `event: <type>`,
 * `data: <EventView JSON>`; a comment line every `heartbeatMs` keeps proxies
 * and idle timeouts from closing it. Auth is the same bearer header as every
 * /v1 route (browsers read it with fetch() and a stream reader, not
 * EventSource, so the token never goes into a URL).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Audit } from '../audit.js';
import type { CoordinatorService } from '../service.js';
import type { EventRow } from '../store/types.js';
import { ErrorBody, EventView, StreamQuery } from './schemas.js';

export interface StreamDeps {
  service: CoordinatorService;
  audit: Audit;
  /** Comment line interval (default 15 s). */
  heartbeatMs?: number;
}

/** Formats one event as an SSE message. */
export function sseMessage(e: EventRow): string {
  const view: z.infer<typeof EventView> = { ...e, ts: new Date(e.ts).toISOString() };
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(view)}\n\n`;
}

interface Filter {
  clusterId?: string | undefined;
  nodeId?: string | undefined;
  type?: string | undefined;
}

function matches(e: EventRow, f: Filter): boolean {
  if (f.clusterId && e.clusterId !== f.clusterId) return false;
  if (f.nodeId && e.nodeId !== f.nodeId) return false;
  if (f.type && !(e.type === f.type || e.type.startsWith(`${f.type}.`))) return false;
  return true;
}

/** Registers the SSE route on an app whose /v1 auth hook is already in place. */
export function registerEventStream(app: FastifyInstance, d: StreamDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const open = new Set<() => void>();
  app.addHook('onClose', () => {
    for (const end of open) end();
  });

  r.get(
    '/v1/events/stream',
    {
      schema: {
        tags: ['events'],
        summary: 'Live events as server-sent events (text/event-stream)',
        description:
          'Replays stored events after `after` (or the `Last-Event-ID` header), then streams new ones as they happen. Each message has `id` (the event id), `event` (its type) and `data` (an Event object as JSON). `type` matches a type or a dotted prefix (`node.phase` matches `node.phase.ready`). A `: keep-alive` comment is sent every 15 s. Use the bearer header (fetch() with a stream reader in browsers).',
        querystring: StreamQuery,
        response: {
          200: z.string().meta({
            description: 'An endless text/event-stream',
            example:
              'id: 42\nevent: node.phase.ready\ndata: {"id":42,"ts":"2026-01-01T00:00:00.000Z","type":"node.phase.ready","clusterId":"c_1","nodeId":"n_1","actor":"agent","message":"node lab-node1: ready","data":{"phase":"ready"}}\n\n',
          }),
          400: ErrorBody,
          401: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req: FastifyRequest<{ Querystring: z.infer<typeof StreamQuery> }>, reply: FastifyReply) => {
      const q = req.query;
      const filter: Filter = {
        clusterId: q.cluster ? (await d.service.getCluster(q.cluster)).id : undefined,
        nodeId: q.node,
        type: q.type,
      };
      const lastId = Number(req.headers['last-event-id']);
      const after = q.after ?? (Number.isInteger(lastId) && lastId >= 0 ? lastId : undefined);

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': k3sgrid event stream\nretry: 2000\n\n');

      // Buffer live events while the replay runs, then drop duplicates by id.
      let replaying = true;
      let highest = after ?? 0;
      const pending: EventRow[] = [];
      const send = (e: EventRow): void => {
        if (e.id <= highest || !matches(e, filter)) return;
        highest = e.id;
        res.write(sseMessage(e));
      };
      const unsubscribe = d.audit.subscribe((e) => {
        if (replaying) pending.push(e);
        else send(e);
      });
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), d.heartbeatMs ?? 15_000);
      heartbeat.unref();
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        res.end();
      };
      open.add(end);
      req.raw.on('close', end);
      res.on('error', end);

      if (after !== undefined) {
        let cursor = after;
        for (;;) {
          const page = await d.service.listEvents({
            after: cursor,
            limit: 500,
            ...(filter.clusterId ? { clusterId: filter.clusterId } : {}),
            ...(filter.nodeId ? { nodeId: filter.nodeId } : {}),
          });
          for (const e of page) send(e);
          if (page.length < 500 || ended) break;
          cursor = page.at(-1)?.id ?? cursor;
        }
      }
      replaying = false;
      for (const e of pending.splice(0)) send(e);
    },
  );
}
