/**
 * The one back-off formula of k3sgrid: retry number `attempt` (0-based) waits
 * `min(cap, base·2^attempt)`, of which a random part spreads a fleet that
 * failed together (AWS architecture blog, "Exponential Backoff And Jitter"):
 *
 * - `none`: the delay itself (a local process restart, a per-cluster retry);
 * - `full`: uniform in [0, delay) (agents reconnecting after a coordinator
 *   restart, so they do not all come back at the same instant);
 * - `equal`: the first half fixed, the second half random (a retry that must
 *   not come back too soon, yet not in lockstep).
 *
 * It lives in the protocol package because agent and coordinator both use it.
 */

/** How much of the delay is random. */
export type Jitter = 'none' | 'full' | 'equal';

export interface BackoffPolicy {
  /** The first delay (attempt 0). */
  baseMs: number;
  /** The longest delay. */
  capMs: number;
  /** Default `none`. */
  jitter?: Jitter;
}

/** Milliseconds to wait before retry number `attempt` (0-based) under `policy`; `random` is in [0, 1). */
export function backoffMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  // The exponent is bounded so 2^attempt stays a finite, exact number.
  const delay = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  switch (policy.jitter ?? 'none') {
    case 'none':
      return delay;
    case 'full':
      return Math.floor(random() * delay);
    case 'equal':
      return Math.round(delay / 2 + random() * (delay / 2));
  }
}
