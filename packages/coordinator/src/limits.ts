/**
 * Rate limits as pure data structures over an injected clock: a token bucket
 * (per-session message budget, accept rate) and a failure counter keyed by
 * address or token id (brute-force defence).
 */
import { backoffMs } from '@k3sgrid/proto';

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
 * A failure can be charged before the outcome is known and forgiven later
 * ({@link charge} / {@link forgive}), so attempts running in parallel count
 * from the moment they are accepted.
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
    this.charge(key);
  }

  /** Records a failure now; returns its stamp for {@link forgive}. */
  charge(key: string): number {
    if (this.failures.size >= this.maxKeys) this.prune();
    const list = this.recent(key);
    const at = this.now();
    list.push(at);
    this.failures.set(key, list);
    return at;
  }

  /** Takes back one failure charged at `at` (the attempt succeeded). */
  forgive(key: string, at: number): void {
    const list = this.failures.get(key);
    const i = list?.indexOf(at) ?? -1;
    if (!list || i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) this.failures.delete(key);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
    if (this.failures.size >= this.maxKeys) this.failures.clear();
  }
}

/** Limits of {@link GuessLimiter}. */
export interface GuessPolicy {
  /** Failed attempts per source address (all tokens) per window before it is refused until the window passes. */
  maxPerAddress: number;
  windowMs: number;
  /**
   * After its n-th failure on one token, an address waits
   * min(baseDelayMs × 2^(n−1), maxDelayMs) before its next attempt on that token.
   */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A (token, address) record with no attempt for this long is forgotten. */
  forgetAfterMs: number;
  /** Failures on one token (from anywhere) per window that raise an alarm; never a lock. */
  alarmPerToken: number;
}

export const DEFAULT_GUESS_POLICY: GuessPolicy = {
  maxPerAddress: 20,
  windowMs: 60_000,
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  forgetAfterMs: 60 * 60_000,
  alarmPerToken: 100,
};

/** An accepted attempt; settle it exactly once with its outcome. */
export interface GuessTicket {
  /** Records the outcome; returns true when this failure is the one that crossed the token's alarm threshold. */
  settle(ok: boolean): boolean;
}

export type Admission =
  { ok: true; ticket: GuessTicket } | { ok: false; reason: 'address-budget' | 'token-delay'; retryAfterMs: number };

interface PairState {
  failures: number;
  /** No attempt from this address on this token before this time. */
  notBefore: number;
  /** An attempt after a failure is being checked: the next waits for its outcome. */
  checking: boolean;
  lastAt: number;
}

/**
 * Budgets for join-token guesses that cost the guesser, never the token's
 * owner. A token's secret has 256 bits, so no lock is needed against
 * guessing; what is limited is the work and noise one source can cause:
 *
 * - per source address, over all tokens: `maxPerAddress` failures per
 *   window (charged when an attempt is accepted, so parallel attempts
 *   cannot overrun it, and forgiven when it succeeds);
 * - per (token, address): a growing delay after each failure;
 * - per token: an alarm when failures from anywhere pass a threshold.
 *
 * There is deliberately no token-wide delay or lock: an attacker who knows
 * a token's public id could then keep its owner out, which is the lock-out
 * this replaces. A fresh address is never delayed.
 */
export class GuessLimiter {
  private readonly byAddress: FailureLimiter;
  private readonly pairs = new Map<string, PairState>();
  private readonly perToken = new Map<string, { start: number; failures: number }>();

  constructor(
    private readonly now: Clock,
    private readonly policy: GuessPolicy = DEFAULT_GUESS_POLICY,
    private readonly maxKeys = 100_000,
  ) {
    this.byAddress = new FailureLimiter(policy.maxPerAddress, policy.windowMs, now, maxKeys);
  }

  /** True when the address used up its failure budget (checked before the TLS upgrade too). */
  addressBlocked(address: string): boolean {
    return this.byAddress.blocked(address);
  }

  /** A failure that needs no ticket (a malformed request). */
  fail(address: string): void {
    this.byAddress.fail(address);
  }

  /** Accepts or refuses an attempt on `tokenId` from `address`, synchronously. */
  admit(address: string, tokenId: string): Admission {
    const now = this.now();
    const p = this.policy;
    if (this.byAddress.blocked(address)) return { ok: false, reason: 'address-budget', retryAfterMs: p.windowMs };
    const key = `${tokenId}\u0000${address}`;
    const pair = this.pairs.get(key);
    if (pair && pair.failures > 0 && (pair.checking || now < pair.notBefore)) {
      // Knocking again too early is itself a failure of that address.
      this.byAddress.charge(address);
      return { ok: false, reason: 'token-delay', retryAfterMs: Math.max(pair.notBefore - now, 1000) };
    }
    if (this.pairs.size >= this.maxKeys) this.prune(now);
    const charged = this.byAddress.charge(address);
    const state = pair ?? { failures: 0, notBefore: 0, checking: false, lastAt: now };
    state.lastAt = now;
    if (state.failures > 0) state.checking = true;
    this.pairs.set(key, state);
    let settled = false;
    return {
      ok: true,
      ticket: {
        settle: (ok) => {
          if (settled) return false;
          settled = true;
          state.checking = false;
          if (ok) {
            this.byAddress.forgive(address, charged);
            this.pairs.delete(key);
            return false;
          }
          state.failures++;
          const t = this.now();
          state.notBefore = t + backoffMs(state.failures - 1, { baseMs: p.baseDelayMs, capMs: p.maxDelayMs });
          state.lastAt = t;
          return this.tokenFailed(tokenId, t);
        },
      },
    };
  }

  private tokenFailed(tokenId: string, t: number): boolean {
    let w = this.perToken.get(tokenId);
    if (!w || t - w.start > this.policy.windowMs) {
      if (this.perToken.size >= this.maxKeys) this.perToken.clear();
      w = { start: t, failures: 0 };
      this.perToken.set(tokenId, w);
    }
    w.failures++;
    return w.failures === this.policy.alarmPerToken;
  }

  private prune(now: number): void {
    for (const [k, v] of this.pairs) if (now - v.lastAt > this.policy.forgetAfterMs) this.pairs.delete(k);
    // Still full: forget the oldest half rather than grow (an attacker with
    // that many addresses gains only fresh, undelayed first attempts).
    if (this.pairs.size >= this.maxKeys) {
      const keys = [...this.pairs.keys()];
      for (const k of keys.slice(0, keys.length >> 1)) this.pairs.delete(k);
    }
  }
}
