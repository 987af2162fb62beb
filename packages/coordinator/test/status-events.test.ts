/**
 * Status reports as events, bounded per node, over a real SQLite store and a
 * simulated clock: one node at its full message budget for an hour, the
 * folding of repeats, the note of what the budget refused, and retention.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Audit } from '../src/audit.js';
import { EventRetention } from '../src/event-retention.js';
import { DEFAULT_STATUS_EVENT_POLICY, STATUS_EVENT_BUDGET_PER_HOUR, StatusEvents } from '../src/status-events.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { EventRow, NodeRow, Store } from '../src/store/types.js';
import { silentLogger, tempDir } from '@k3sgrid/testkit';

let dir: string;
let store: Store;
let now: number;
const log = silentLogger;
const node = { id: 'n1', clusterId: 'c1', name: 'noisy' } as NodeRow;

async function all(): Promise<EventRow[]> {
  const out: EventRow[] = [];
  for (let after = 0; ;) {
    const page = await store.listEvents({ after, limit: 1000 });
    if (page.length === 0) return out;
    out.push(...page);
    after = page.at(-1)?.id ?? after;
  }
}

beforeEach(async () => {
  dir = tempDir('status');
  store = await openSqliteStore(join(dir, 'db'));
  now = Date.UTC(2026, 0, 1);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('StatusEvents', () => {
  it('one node at 50 reports/s for an hour, each new, with a 60 KiB tail: at most the hourly budget of capped events', async () => {
    const s = new StatusEvents({ store, audit: new Audit(store), clock: () => now, log });
    const tail = Array.from({ length: 60 }, (_, i) => `line ${i} `.padEnd(1024, 'x'));
    const end = now + 3600_000;
    let reports = 0;
    for (; now < end; now += 20) {
      await s.report(node, 'failed', s.capMessage(`attempt ${reports} `.padEnd(5000, 'y')), tail);
      reports++;
      if (reports % 100 === 0) await s.flush();
    }
    await s.flush();
    const events = await all();
    const bytes = events.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0);
    console.log(
      `status events: ${reports} reports in 1 h -> ${events.length} events, ${(bytes / 1024).toFixed(1)} KiB`,
    );
    expect(reports).toBe(180_000);
    expect(events.length).toBeLessThanOrEqual(STATUS_EVENT_BUDGET_PER_HOUR + 1);
    expect(events.length).toBeGreaterThanOrEqual(STATUS_EVENT_BUDGET_PER_HOUR - 1);
    // Message and tail are capped: each event stays under 7 KiB.
    for (const e of events) expect(Buffer.byteLength(JSON.stringify(e))).toBeLessThan(7 * 1024);
    expect(bytes).toBeLessThan(STATUS_EVENT_BUDGET_PER_HOUR * 7 * 1024);
    // What the bucket refused is noted on the next event.
    expect(events.some((e) => typeof e.data.suppressedBefore === 'number' && e.data.suppressedBefore > 1000)).toBe(
      true,
    );
    expect((events[0]?.data.logTail as string[]).length).toBe(DEFAULT_STATUS_EVENT_POLICY.maxTailLines);
  }, 120_000);

  it('repeats of a (phase, message) fold into its event: count and last-seen time', async () => {
    const s = new StatusEvents({ store, audit: new Audit(store), clock: () => now, log });
    for (let i = 0; i < 1000; i++) {
      await s.report(node, 'failed', i % 2 ? 'Node password rejected' : 'unauthorized', []);
      now += 100;
    }
    await s.flush();
    const events = await all();
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.data.count)).toEqual([500, 500]);
    expect(events[1]?.data.lastSeenAt).toBe(new Date(now - 100).toISOString());
  });

  it('a repeat after the window is a new event', async () => {
    const s = new StatusEvents({ store, audit: new Audit(store), clock: () => now, log });
    await s.report(node, 'ready', '', []);
    now += DEFAULT_STATUS_EVENT_POLICY.windowMs + 1;
    await s.report(node, 'ready', '', []);
    expect(await all()).toHaveLength(2);
  });

  it('a folded event pruned meanwhile does not break the flush', async () => {
    const s = new StatusEvents({ store, audit: new Audit(store), clock: () => now, log });
    await s.report(node, 'failed', 'x', []);
    await s.report(node, 'failed', 'x', []);
    await store.pruneEvents({ before: now + 1, keep: 1_000_000 });
    await expect(s.flush()).resolves.toBeUndefined();
  });
});

describe('EventRetention', () => {
  it('prunes by age and count when leading, and not at all when not', async () => {
    for (let i = 0; i < 50; i++)
      await store.appendEvent({
        type: 't',
        clusterId: null,
        nodeId: null,
        actor: 'a',
        message: '',
        data: { i },
        ts: now + i,
      });
    let leader = false;
    const r = new EventRetention(
      { store, clock: () => now + 3_600_000, log, isLeader: () => leader },
      { maxAgeMs: 3_600_000 - 10, maxCount: 30 },
    );
    expect(await r.prune()).toBe(0);
    expect(await all()).toHaveLength(50);
    leader = true;
    // Older than 1 h - 10 ms: the first 10; then the newest 30 of the 40 left.
    expect(await r.prune()).toBe(20);
    expect((await all()).map((e) => e.data.i)).toEqual(Array.from({ length: 30 }, (_, k) => 20 + k));
  });
});
