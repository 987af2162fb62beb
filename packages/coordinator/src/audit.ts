/**
 * Audit and lifecycle events. Everything security-relevant goes through
 * {@link Audit.record}: enrollments, refusals (with the real reason, which the
 * agent never sees), token and node changes, kubeconfig reads. Event data is
 * checked for secret-looking keys so a careless caller cannot leak one.
 */
import type { EventRow, NewEvent, Store } from './store/types.js';

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
  constructor(private readonly store: Store) {}

  async record(e: NewEvent): Promise<EventRow> {
    const row = await this.store.appendEvent({ ...e, data: redact(e.data) });
    for (const l of this.listeners) l(row);
    return row;
  }

  subscribe(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
