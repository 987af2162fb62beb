import { describe, expect, it } from 'vitest';
import { backoffMs, type BackoffPolicy } from '../src/index.js';

const policy: BackoffPolicy = { baseMs: 1000, capMs: 30_000 };

describe('backoffMs', () => {
  it('doubles from the base up to the cap, without jitter by default', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((a) => backoffMs(a, policy))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffMs(-3, policy)).toBe(1000);
  });

  it.each([
    ['full', 0, 0],
    ['full', 0.5, 4000],
    ['full', 0.999999, 7999],
    ['equal', 0, 4000],
    ['equal', 0.5, 6000],
    ['equal', 0.999999, 8000],
  ] as const)('%s jitter with random %d waits %d ms at attempt 3', (jitter, r, want) => {
    expect(backoffMs(3, { ...policy, jitter }, () => r)).toBe(want);
  });

  it('never exceeds the cap with any jitter', () => {
    for (const jitter of ['none', 'full', 'equal'] as const)
      expect(backoffMs(1000, { ...policy, jitter }, () => 0.999999)).toBeLessThanOrEqual(30_000);
  });
});
