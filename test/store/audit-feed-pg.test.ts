/**
 * With replicas, the live event feed of every replica carries the events all
 * replicas record, in id order and once each (the SSE stream drops an id lower
 * than one it already sent). Two Audit instances on two PgStores of one real
 * PostgreSQL database, recording concurrently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Audit, type EventRow, openPgStore, type PgStore } from '@k3sgrid/coordinator';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { waitFor } from '@k3sgrid/testkit';

describe('audit feed across replicas (PostgreSQL)', () => {
  let pg: TestPostgres;
  const stores: PgStore[] = [];
  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    for (const s of stores) await s.close();
    await pg.stop();
  });

  it('each replica sees every event, in id order, exactly once', async () => {
    const url = await pg.createDatabase();
    const a = await openPgStore({ connectionString: url });
    const b = await openPgStore({ connectionString: url });
    stores.push(a, b);
    const audits = [new Audit(a), new Audit(b)];
    const seen: EventRow[][] = [[], []];
    const stops: Array<() => Promise<void>> = [];
    for (const [i, au] of audits.entries()) {
      stops.push(
        await au.follow({
          listen: (ch, cb) => (i ? b : a).listen(ch, cb),
          notify: (ch, p) => (i ? b : a).notify(ch, p),
        }),
      );
      au.subscribe((e) => seen[i]!.push(e));
    }
    const N = 60;
    await Promise.all(
      Array.from({ length: N }, (_, k) =>
        audits[k % 2]!.record({
          type: 'test.event',
          clusterId: null,
          nodeId: null,
          actor: `replica-${k % 2}`,
          message: `event ${k}`,
          data: { k },
        }),
      ),
    );
    await waitFor(
      'both feeds complete',
      () => (seen[0]!.length >= N && seen[1]!.length >= N ? true : undefined),
      10_000,
      20,
    );
    for (const feed of seen) {
      const ids = feed.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(feed.map((e) => e.data.k))).toEqual(new Set(Array.from({ length: N }, (_, k) => k)));
      // Both replicas' events are in each feed.
      expect(new Set(feed.map((e) => e.actor))).toEqual(new Set(['replica-0', 'replica-1']));
    }
    for (const s of stops) await s();
  }, 60_000);
});
