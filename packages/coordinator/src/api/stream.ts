/**
 * `GET /v1/events/stream`: audit and lifecycle events as server-sent events.
 * The stream first replays stored events after `?after=` (or the
 * `Last-Event-ID` header a reconnecting client sends), then forwards live
 * events from {@link Audit.subscribe}. Each event is `id: <n>`, `event: <type>`,
 * `data: <EventView JSON>`; a comment line every `heartbeatMs` keeps proxies
 * and idle timeouts from closing it. Auth is the same bearer header as every
 * /v1 route (browsers read it with fetch() and a stream reader, not
 * EventSource, so the token never goes into a URL).
 *
 * Memory is bounded per subscriber and in all: a subscriber whose unsent
 * bytes pass `maxBufferedBytes` (a reader that stopped reading) is cut off
 * (it reconnects with `Last-Event-ID` and loses nothing, the events are
 * stored), the replay waits for the socket to drain between pages, and at
 * most `maxSubscribers` streams are open at once (503 beyond).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sees, type Visibility } from '../access/roles.js';
import type { Audit } from '../audit.js';
import type { CoordinatorService } from '../service.js';
import type { EventRow } from '../store/types.js';
import { sendError } from './errors.js';
import { ErrorBody, EventView, StreamQuery } from './schemas.js';

export interface StreamDeps {
  service: CoordinatorService;
  audit: Audit;
  /** Comment line interval (default 15 s). */
  heartbeatMs?: number;
  /** Streams open at once (default 256); more are refused with 503. */
  maxSubscribers?: number;
  /** Unsent bytes one subscriber may hold before it is disconnected (default 256 KiB). */
  maxBufferedBytes?: number;
}

/** Defaults of {@link StreamDeps}: 256 readers × 256 KiB bounds the streams' buffers at 64 MiB. */
export const STREAM_DEFAULTS = { heartbeatMs: 15_000, maxSubscribers: 256, maxBufferedBytes: 256 * 1024 } as const;

/** Formats one event as an SSE message. */
export function sseMessage(e: EventRow): string {
  const view: z.infer<typeof EventView> = { ...e, ts: new Date(e.ts).toISOString() };
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(view)}\n\n`;
}

interface Filter {
  clusterId?: string | undefined;
  nodeId?: string | undefined;
  type?: string | undefined;
  actor?: string | undefined;
  /** The clusters the caller may see (access/roles.ts). */
  visible: Visibility;
}

/** The store's actor filter, for live events: exact, or a kind prefix ending in `:`. */
function actorMatches(actor: string, want: string): boolean {
  return want.endsWith(':') ? actor.startsWith(want) : actor === want;
}

function matches(e: EventRow, f: Filter): boolean {
  if (!sees(f.visible, e.clusterId)) return false;
  if (f.actor && !actorMatches(e.actor, f.actor)) return false;
  if (f.clusterId && e.clusterId !== f.clusterId) return false;
  if (f.nodeId && e.nodeId !== f.nodeId) return false;
  if (f.type && !(e.type === f.type || e.type.startsWith(`${f.type}.`))) return false;
  return true;
}

/** Registers `GET /events/stream` in the /v1 scope (auth comes from the root hook). */
export function registerEventStream(app: FastifyInstance, d: StreamDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const maxSubscribers = d.maxSubscribers ?? STREAM_DEFAULTS.maxSubscribers;
  const maxBuffered = d.maxBufferedBytes ?? STREAM_DEFAULTS.maxBufferedBytes;
  const open = new Set<() => void>();
  const tooMany = (reply: FastifyReply): FastifyReply => {
    // Close the connection too: a refused reader must not hold a socket.
    void reply.header('retry-after', '5').header('connection', 'close');
    return sendError(reply, 503, `too many event streams open (${maxSubscribers}); retry later`);
  };
  app.addHook('onClose', () => {
    for (const end of open) end();
  });

  r.get(
    '/events/stream',
    {
      config: {
        permission: { on: 'cluster', role: 'viewer', ref: { from: 'query', field: 'cluster', via: 'cluster' } },
      },
      schema: {
        tags: ['events'],
        summary: 'Live events as server-sent events (text/event-stream)',
        description:
          'Replays stored events after `after` (or the `Last-Event-ID` header), then streams new ones as they happen. Each message has `id` (the event id), `event` (its type) and `data` (an Event object as JSON). `type` matches a type or a dotted prefix (`node.phase` matches `node.phase.ready`). A `: keep-alive` comment is sent every 15 s. Use the bearer header (fetch() with a stream reader in browsers). A reader that falls more than 256 KiB behind is disconnected and resumes with `Last-Event-ID`; at most 256 streams are open at once (503 beyond).',
        querystring: StreamQuery,
        response: {
          200: z.string().meta({
            description: 'An endless text/event-stream',
            example:
              'id: 42\nevent: node.phase.ready\ndata: {"id":42,"ts":"2026-01-01T00:00:00.000Z","type":"node.phase.ready","clusterId":"c_1","nodeId":"n_1","actor":"agent:lab-node1","message":"node lab-node1: ready","data":{"phase":"ready"}}\n\n',
          }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (req: FastifyRequest<{ Querystring: z.infer<typeof StreamQuery> }>, reply: FastifyReply) => {
      if (open.size >= maxSubscribers) return tooMany(reply);
      const q = req.query;
      const filter: Filter = {
        clusterId: q.cluster ? (await d.service.getCluster(q.cluster)).id : undefined,
        nodeId: q.node,
        type: q.type,
        actor: q.actor,
        visible: req.visible,
      };
      const lastId = Number(req.headers['last-event-id']);
      const after = q.after ?? (Number.isInteger(lastId) && lastId >= 0 ? lastId : undefined);
      // Checked again after the await: two requests may have raced for the last slot.
      if (open.size >= maxSubscribers) return tooMany(reply);

      reply.hijack();
      const res = reply.raw;
      let ended = false;
      const heartbeat = setInterval(() => write(': keep-alive\n\n'), d.heartbeatMs ?? STREAM_DEFAULTS.heartbeatMs);
      heartbeat.unref();
      let unsubscribe = (): unknown => undefined;
      const end = (): void => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        // destroy, not end: a reader that stopped reading would keep the
        // unsent bytes alive for as long as it holds the socket.
        res.destroy();
      };
      open.add(end);
      // Unsent bytes of this response, in its own buffer and its socket's.
      const buffered = (): number => res.writableLength + (res.socket?.writableLength ?? 0);
      /** Writes; false when the reader is too far behind (then the stream is gone). */
      const write = (chunk: string): boolean => {
        if (ended) return false;
        res.write(chunk);
        if (buffered() <= maxBuffered) return true;
        req.log.debug({ buffered: buffered() }, 'event stream reader too slow: disconnected');
        end();
        return false;
      };
      // Buffer live events while the replay runs, then drop duplicates by id.
      let replaying = true;
      let highest = after ?? 0;
      const pending: EventRow[] = [];
      const send = (e: EventRow): void => {
        if (e.id <= highest || !matches(e, filter)) return;
        highest = e.id;
        write(sseMessage(e));
      };
      unsubscribe = d.audit.subscribe((e) => {
        if (ended) return;
        if (!replaying) return send(e);
        pending.push(e);
        // A replay that outlasts a burst of live events must not queue them without bound.
        if (pending.length > 10_000) end();
      });
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      write(': k3sgrid event stream\nretry: 2000\n\n');
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
            ...(filter.actor ? { actor: filter.actor } : {}),
            ...(!filter.clusterId && !filter.visible.all ? { clusterIds: [...filter.visible.clusters] } : {}),
          });
          for (const e of page) {
            send(e);
            // The replay goes at the reader's pace: the cap is for live
            // events a reader cannot keep up with, not for catching up.
            if (res.writableNeedDrain) await drained(res);
            if (ended) break;
          }
          if (page.length < 500 || ended) break;
          cursor = page.at(-1)?.id ?? cursor;
        }
      }
      replaying = false;
      for (const e of pending.splice(0)) send(e);
    },
  );
}

/** Resolves once the response drained, or closed. */
function drained(res: FastifyReply['raw']): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
