/**
 * The guess limiter: budgets charged to the source address when an attempt
 * is accepted, a growing per-(token, address) delay, an alarm per token,
 * and never a lock that keeps the token's owner out.
 */
import { describe, expect, it } from 'vitest';
import { GuessLimiter, type Admission, type GuessPolicy } from '../src/limits.js';

const policy: GuessPolicy = {
  maxPerAddress: 5,
  windowMs: 60_000,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  forgetAfterMs: 3_600_000,
  alarmPerToken: 4,
};

function ticket(a: Admission): Extract<Admission, { ok: true }>['ticket'] {
  if (!a.ok) throw new Error(`refused: ${a.reason}`);
  return a.ticket;
}

describe('GuessLimiter', () => {
  it('charges attempts when they are accepted: parallel attempts cannot pass the address budget', () => {
    const g = new GuessLimiter(() => 0, policy);
    const admitted = Array.from({ length: 8 }, () => g.admit('10.0.0.1', 'tok'));
    expect(admitted.filter((a) => a.ok)).toHaveLength(5);
    expect(admitted.slice(5).map((a) => (a.ok ? 'ok' : a.reason))).toEqual([
      'address-budget',
      'address-budget',
      'address-budget',
    ]);
  });

  it('a success gives its charge back: a fleet behind one address can enroll in turns', () => {
    const g = new GuessLimiter(() => 0, policy);
    for (let i = 0; i < 50; i++) ticket(g.admit('10.0.0.1', 'tok')).settle(true);
    expect(g.addressBlocked('10.0.0.1')).toBe(false);
  });

  it('the delay after each failure doubles up to the cap, per token and address', () => {
    let now = 0;
    const g = new GuessLimiter(() => now, { ...policy, maxPerAddress: 1000 });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      ticket(g.admit('a', 'tok')).settle(false);
      const r = g.admit('a', 'tok');
      expect(r.ok).toBe(false);
      delays.push(r.ok ? 0 : r.retryAfterMs);
      now += r.ok ? 0 : r.retryAfterMs;
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    // Another address, or another token, is not delayed at all.
    expect(g.admit('b', 'tok').ok).toBe(true);
    expect(g.admit('a', 'other').ok).toBe(true);
  });

  it('only one checked attempt at a time after a failure (no parallel burst once delayed)', () => {
    let now = 0;
    const g = new GuessLimiter(() => now, { ...policy, maxPerAddress: 1000 });
    ticket(g.admit('a', 'tok')).settle(false);
    now += 1000;
    const first = g.admit('a', 'tok');
    expect(first.ok).toBe(true);
    expect(g.admit('a', 'tok').ok).toBe(false);
    ticket(first).settle(true);
    expect(g.admit('a', 'tok').ok).toBe(true);
  });

  it('raises the token alarm once when failures from anywhere reach the threshold; the token is never locked', () => {
    const g = new GuessLimiter(() => 0, { ...policy, maxPerAddress: 1000 });
    const alarms = Array.from({ length: 10 }, (_, i) => ticket(g.admit(`10.0.0.${i}`, 'tok')).settle(false));
    expect(alarms.filter(Boolean)).toHaveLength(1);
    expect(alarms[3]).toBe(true);
    expect(g.admit('10.9.9.9', 'tok').ok).toBe(true);
  });

  it('the address budget comes back after its window', () => {
    let now = 0;
    const g = new GuessLimiter(() => now, policy);
    for (let i = 0; i < 5; i++) ticket(g.admit('a', `t${i}`)).settle(false);
    expect(g.addressBlocked('a')).toBe(true);
    now += 60_001;
    expect(g.addressBlocked('a')).toBe(false);
  });

  it('settling twice changes nothing', () => {
    const g = new GuessLimiter(() => 0, policy);
    const t = ticket(g.admit('a', 'tok'));
    t.settle(true);
    t.settle(false);
    expect(g.admit('a', 'tok').ok).toBe(true);
  });
});
