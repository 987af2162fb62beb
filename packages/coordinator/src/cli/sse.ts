/**
 * A small server-sent events client for `GET /v1/events/stream` (used by
 * `events --follow` and `get --watch`): bearer header, the coordinator's CA,
 * reconnects with back-off and resumes after the last event id it saw.
 */
import { request } from 'node:https';
import type { Connection } from './client.js';

export interface StreamEvent {
  id: number;
  ts: string;
  type: string;
  clusterId: string | null;
  nodeId: string | null;
  actor: string;
  message: string;
  data: Record<string, unknown>;
}

export interface FollowOptions {
  /** Replay stored events after this id first. */
  after?: number;
  cluster?: string;
  node?: string;
  type?: string;
  /** An actor, or a kind ending in `:`. */
  actor?: string;
  signal?: AbortSignal;
  /** Called when the stream (re)connects or drops. */
  onState?: (state: 'live' | 'reconnecting', detail?: string) => void;
}

/** Splits an SSE byte stream into messages; returns the unparsed rest. */
export function parseSse(buf: string, onData: (data: string, id: string | undefined) => void): string {
  let rest = buf.replace(/\r\n/g, '\n');
  let i: number;
  while ((i = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, i);
    rest = rest.slice(i + 2);
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const c = line.indexOf(':');
      const field = c < 0 ? line : line.slice(0, c);
      const value = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (data.length > 0) onData(data.join('\n'), id);
  }
  return rest;
}

/**
 * Follows the event stream until the signal aborts; resolves then. Rejects
 * only on an authentication or request error (4xx), which retrying cannot fix.
 */
export async function followEvents(c: Connection, o: FollowOptions, onEvent: (e: StreamEvent) => void): Promise<void> {
  let lastId = o.after;
  let delay = 500;
  while (!o.signal?.aborted) {
    const q = new URLSearchParams();
    if (lastId !== undefined) q.set('after', String(lastId));
    if (o.cluster) q.set('cluster', o.cluster);
    if (o.node) q.set('node', o.node);
    if (o.type) q.set('type', o.type);
    if (o.actor) q.set('actor', o.actor);
    const url = new URL(`/v1/events/stream${q.size ? `?${q.toString()}` : ''}`, `${c.server}/`);
    const outcome = await new Promise<{ fatal?: Error; dropped?: string }>((resolve) => {
      const req = request(
        url,
        {
          method: 'GET',
          ...(c.ca ? { ca: c.ca } : {}),
          headers: { authorization: `Bearer ${c.token}`, accept: 'text/event-stream' },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            const chunks: Buffer[] = [];
            res.on('data', (d: Buffer) => chunks.push(d));
            res.on('end', () => {
              let msg = `HTTP ${status}`;
              try {
                msg = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message?: string }).message ?? msg;
              } catch {
                /* not JSON */
              }
              resolve(status >= 400 && status < 500 ? { fatal: new Error(msg) } : { dropped: msg });
            });
            return;
          }
          delay = 500;
          o.onState?.('live');
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buf = parseSse(buf + chunk, (data, id) => {
              try {
                const e = JSON.parse(data) as StreamEvent;
                lastId = Math.max(lastId ?? 0, Number(id ?? e.id));
                onEvent(e);
              } catch {
                /* ignore a malformed message */
              }
            });
          });
          res.on('end', () => resolve({ dropped: 'stream ended' }));
          res.on('error', (err) => resolve({ dropped: err.message }));
          // A stream the server cut off (a reader too far behind) ends with
          // neither 'end' nor 'error' on some Node versions: 'close' always comes.
          res.on('close', () => resolve({ dropped: 'stream closed' }));
        },
      );
      const abort = (): void => {
        req.destroy();
        resolve({});
      };
      o.signal?.addEventListener('abort', abort, { once: true });
      req.on('close', () => o.signal?.removeEventListener('abort', abort));
      req.on('error', (err) => resolve({ dropped: err.message }));
      req.end();
    });
    if (outcome.fatal) throw outcome.fatal;
    if (o.signal?.aborted) return;
    o.onState?.('reconnecting', outcome.dropped);
    await new Promise<void>((r) => {
      const t = setTimeout(r, delay);
      o.signal?.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
    });
    delay = Math.min(delay * 2, 10_000);
  }
}
