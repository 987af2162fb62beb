/**
 * Audit and lifecycle events. Everything security-relevant goes through
 * {@link Audit.record}: enrollments, refusals (with the real reason, which the
 * agent never sees), token and node changes, kubeconfig reads. Event data is
 * checked for secret-looking keys so a careless caller cannot leak one.
 */
import type { Signals } from './replication/router.js';
import type { EventRow, NewEvent, Store } from './store/types.js';

/** NOTIFY channel announcing a new event id to the other replicas. */
export const EVENTS_CHANNEL = 'k3sgrid_events';

const SECRET_KEYS = /secret|password|token$|key$|kubeconfig$/i;

/** Drops values whose key names a secret. */
export function redact(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : v;
  return out;
}

export type EventListener = (e: EventRow) => void;

/** Writes events to the store and fans them out to live listeners (SSE, metrics). */
export class Audit {
  private readonly listeners = new Set<EventListener>();
  /** Replicas: events reach listeners from the store, in id order (see {@link follow}). */
  private feed: { signals: Signals; lastId: number; pulling: Promise<void> | null; again: boolean } | null = null;
  constructor(private readonly store: Store) {}

  async record(e: NewEvent): Promise<EventRow> {
    const row = await this.store.appendEvent(Audit.prepare(e));
    this.published(row);
    return row;
  }

  /**
   * The event as it may be stored (secret-looking values redacted), for a
   * caller that writes it in its own transaction (enrollment); it then hands
   * the stored row to {@link published}.
   */
  static prepare(e: NewEvent): NewEvent {
    return { ...e, data: redact(e.data) };
  }

  /** Fans out an event already committed to the store. */
  published(row: EventRow): void {
    if (this.feed) {
      void this.feed.signals.notify(EVENTS_CHANNEL, String(row.id)).catch(() => undefined);
      this.pull();
    } else this.emit(row);
  }

  /**
   * With replicas, listeners (the live event stream) must see every
   * replica's events, not only this one's, and in id order (the stream drops
   * an id lower than one it sent). Event ids follow commit order (SqlStore
   * appendEvent), so reading the store after the last id delivered, woken by
   * a NOTIFY from whichever replica recorded the event, gives exactly that.
   */
  async follow(signals: Signals): Promise<() => Promise<void>> {
    const unlisten = await signals.listen(EVENTS_CHANNEL, () => this.pull());
    // Listening first, then the starting point: nothing committed in between is missed.
    this.feed = { signals, lastId: await this.store.lastEventId(), pulling: null, again: false };
    return unlisten;
  }

  private pull(): void {
    const f = this.feed;
    if (!f) return;
    if (f.pulling) {
      f.again = true;
      return;
    }
    f.pulling = (async () => {
      do {
        f.again = false;
        for (;;) {
          const page = await this.store.listEvents({ after: f.lastId, limit: 500 });
          for (const row of page) {
            f.lastId = row.id;
            this.emit(row);
          }
          if (page.length < 500) break;
        }
      } while (f.again);
    })()
      .catch(() => undefined) // the next event or the resync (null) pulls again
      .finally(() => {
        f.pulling = null;
      });
  }

  private emit(row: EventRow): void {
    for (const l of this.listeners) {
      try {
        l(row);
      } catch {
        // A broken listener (a dead stream, metrics) must not fail the write
        // that produced the event, nor keep the others from seeing it.
      }
    }
  }

  subscribe(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
