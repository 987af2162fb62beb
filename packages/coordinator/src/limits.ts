/**
 * Rate limits as pure data structures over an injected clock: a token bucket
 * (per-session message budget, accept rate) and a failure counter keyed by
 * address or token id (brute-force defence).
 */

export type Clock = () => number;

/** Classic token bucket: `capacity` burst, refilled at `ratePerSec`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly capacity: number,
    private readonly ratePerSec: number,
    private readonly now: Clock,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Takes one token; false when the budget is exhausted. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.ratePerSec);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Counts failures per key in a sliding window; a key over `max` failures is
 * blocked until its window passes. Memory is bounded by pruning old keys.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: Clock,
    private readonly maxKeys = 100_000,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  blocked(key: string): boolean {
    return this.recent(key).length >= this.max;
  }

  fail(key: string): void {
    if (this.failures.size >= this.maxKeys) this.prune();
    const list = this.recent(key);
    list.push(this.now());
    this.failures.set(key, list);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
    if (this.failures.size >= this.maxKeys) this.failures.clear();
  }
}
