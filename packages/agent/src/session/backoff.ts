/**
 * The session's reconnect back-off: {@link backoffMs} with full jitter (the
 * delay is uniform in [0, min(cap, base·2^attempt)]), so a coordinator
 * restart is not met by every agent at the same instant.
 */
import type { BackoffPolicy } from '@k3sgrid/proto';

/** Base and cap of the reconnect back-off; the jitter is always full. */
export type BackoffOptions = Omit<BackoffPolicy, 'jitter'>;

/** 0.5 s doubling to 30 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/** The policy for `o`: full jitter. */
export function reconnectBackoff(o: BackoffOptions = DEFAULT_BACKOFF): BackoffPolicy {
  return { ...o, jitter: 'full' };
}
