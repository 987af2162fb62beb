/**
 * One node or one reader cannot grow the coordinator without bound.
 *
 * A real coordinator process (so its memory is its own) gets:
 * 1. enrolled nodes sending StatusUpdates at their full message budget
 *    (50/s) with ~60 KiB log tails and a new message every time: the event
 *    log grows by a bounded number of capped events per node (it grew by
 *    95 events, 5.5 MiB, in 2 s from one node before);
 * 2. 300 event-stream readers that never read while events keep coming:
 *    each is cut off once it is too far behind, at most the subscriber cap
 *    are open at once, RSS stays bounded (it went 174 → 825 MB after 16
 *    events before), and a reader that does read gets every event in order.
 *
 * Figures are printed (event bytes per node-hour, RSS) for the notes.
 */
import { connect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyReport, reportToWire } from '@k3sgrid/proto';
import { followEvents, STATUS_EVENT_BUDGET_PER_HOUR } from '@k3sgrid/coordinator';
import { rawEnroll, type RawConn } from '../support/raw-client.js';
import { killAll, type CoordinatorProc } from '../support/processes.js';
import { memoryAfterGc, startMemoryCoordinator } from './support/memory-coordinator.js';
import { waitFor } from '@k3sgrid/testkit';
import type { EventJson, PageJson } from '@k3sgrid/testkit/views';

const MiB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
let coord: CoordinatorProc;
const measured: Record<string, unknown> = {};

async function allEvents(): Promise<PageJson<EventJson>['items']> {
  const out: PageJson<EventJson>['items'] = [];
  let after = 0;
  for (;;) {
    const page = await coord.api<PageJson<EventJson>>('GET', `/v1/events?after=${after}&limit=1000`);
    out.push(...page.items);
    if (page.next === null) return out;
    after = page.next;
  }
}

/** Enrolls a raw node: a session that sends whatever the test wants. */
async function rawNode(name: string): Promise<RawConn> {
  const t = await coord.api<{ token: string }>('POST', '/v1/clusters/flood/join-tokens', {});
  const { result, conn } = await rawEnroll(coord.agentUrl, coord.conn.ca ?? '', t.token, { hostname: name });
  if (result.kind !== 'welcome') throw new Error(`${name} refused: ${JSON.stringify(result)}`);
  conn.send({ kind: 'capabilityReport', value: reportToWire({ ...emptyReport(), hostname: name }) });
  return conn;
}

/** Sends StatusUpdates at 50/s for `seconds`, each with a fresh message and a ~60 KiB tail. */
async function flood(conn: RawConn, tag: string, seconds: number): Promise<number> {
  const tail = Array.from({ length: 60 }, (_, i) => `${tag} line ${i} `.padEnd(1000, 'x'));
  let sent = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end && conn.ws.readyState === conn.ws.OPEN) {
    conn.send({
      kind: 'statusUpdate',
      value: { phase: 'failed', message: `k3s exited: ${tag} attempt ${sent}`, logTail: tail, caHash: '' },
    });
    sent++;
    await sleep(20);
  }
  return sent;
}

beforeAll(async () => {
  coord = await startMemoryCoordinator();
  await coord.api('POST', '/v1/clusters', { name: 'flood', formation: { minNodes: 50 } });
});
afterAll(async () => {
  console.log(`event floods: ${JSON.stringify(measured, null, 2)}`);
  await killAll();
});

describe('a node at its message budget', () => {
  it('writes a bounded number of capped events, however many status updates it sends', async () => {
    const before = await allEvents();
    const conn = await rawNode('noisy');
    const sent = await flood(conn, 'noisy', 4);
    // The session stays up: 50/s is within its budget.
    expect(conn.ws.readyState).toBe(conn.ws.OPEN);
    await sleep(2500); // a heartbeat flush: folded counts are written
    const mine = (await allEvents()).filter(
      (e) => !before.some((b) => b.id === e.id) && e.type.startsWith('node.phase.'),
    );
    const bytes = mine.reduce((n, e) => n + JSON.stringify(e).length, 0);
    const maxEventBytes = Math.max(...mine.map((e) => JSON.stringify(e).length));
    measured.nodeFlood = {
      sent,
      events: mine.length,
      bytes,
      maxEventBytes,
      budgetPerNodeHour: STATUS_EVENT_BUDGET_PER_HOUR,
    };
    expect(sent).toBeGreaterThan(150);
    // The burst: 20 events at most in these seconds (95 in 2 s before), each capped.
    expect(mine.length).toBeLessThanOrEqual(20);
    expect(maxEventBytes).toBeLessThan(8 * 1024);
    expect(bytes).toBeLessThan(20 * 8 * 1024);
    const node = await coord.api<{ items: Array<{ name: string; phase: string; lastError: string }> }>(
      'GET',
      '/v1/nodes',
    );
    const row = node.items.find((n) => n.name === 'noisy');
    // The node row still shows the latest report.
    expect(row?.phase).toBe('failed');
    expect(row?.lastError).toMatch(/^k3s exited: noisy attempt \d+$/);
    conn.ws.close();
  });

  it('repeats of one (phase, message) fold into one event with a count and last-seen time', async () => {
    const conn = await rawNode('repeater');
    for (let i = 0; i < 40; i++) {
      conn.send({
        kind: 'statusUpdate',
        value: { phase: 'failed', message: i % 2 ? 'Node password rejected' : 'unauthorized', logTail: [], caHash: '' },
      });
      await sleep(20);
    }
    await sleep(2500);
    const events = (await allEvents()).filter((e) => e.type === 'node.phase.failed' && e.nodeId !== null);
    const nodes = await coord.api<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/nodes');
    const id = nodes.items.find((n) => n.name === 'repeater')?.id;
    const mine = events.filter((e) => e.nodeId === id);
    expect(mine).toHaveLength(2);
    expect(mine.map((e) => e.data.count).sort()).toEqual([20, 20]);
    expect(typeof mine[0]?.data.lastSeenAt).toBe('string');
    conn.ws.close();
  });
});

/** Opens an event stream over raw TLS and stops reading at once (the socket stays open). */
function stalledReader(port: number, token: string, ca: string): Promise<{ sock: TLSSocket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port, ca, servername: '127.0.0.1' }, () => {
      sock.write(`GET /v1/events/stream HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${token}\r\n\r\n`);
      sock.pause();
      resolve({ sock, closed });
    });
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    sock.on('error', () => undefined);
    sock.once('error', reject);
  });
}

describe('300 event-stream readers that never read', () => {
  it('are cut off when too far behind; RSS stays bounded; a reading reader misses nothing', async () => {
    const port = Number(new URL(coord.url).port);
    const token = coord.conn.token;
    const ca = coord.conn.ca ?? '';
    const base = await memoryAfterGc(coord);

    // One reader that does read, from the current end of the log.
    const last = (await allEvents()).at(-1)?.id ?? 0;
    // The CLI's follower (`events --follow`): if it falls behind it is cut
    // off too, and resumes with Last-Event-ID.
    const seen: number[] = [];
    let reconnects = 0;
    const ctl = new AbortController();
    const reading = followEvents(
      coord.conn,
      {
        after: last,
        signal: ctl.signal,
        onState: (st) => {
          if (st === 'reconnecting') reconnects++;
        },
      },
      (e) => seen.push(e.id),
    );

    const readers = await Promise.all(Array.from({ length: 300 }, () => stalledReader(port, token, ca)));
    // Events: 40 nodes × their burst of capped status events.
    const conns: RawConn[] = [];
    for (let i = 0; i < 40; i++) conns.push(await rawNode(`burst-${i}`));
    await Promise.all(conns.map((c, i) => flood(c, `burst-${i}`, 1)));
    await sleep(1000);
    const peak = await memoryAfterGc(coord);
    const after = (await allEvents()).filter((e) => e.id > last);

    // Every stalled reader beyond the subscriber cap was refused (503, and
    // its connection closed), and every one that was let in fell behind by
    // more than its buffer and was cut off: all 300 sockets are closed by
    // the server once the client reads what was sent.
    const statuses: string[] = [];
    let closedByServer = 0;
    for (const r of readers) {
      let head = '';
      r.sock.on('data', (d: Buffer) => {
        if (head.length < 12) head += d.toString('latin1');
      });
      r.sock.resume();
      const done = await Promise.race([r.closed.then(() => true), sleep(10_000).then(() => false)]);
      if (done) closedByServer++;
      statuses.push(head.slice(9, 12));
      r.sock.destroy();
    }
    await waitFor('the reading reader caught up', () => seen.at(-1) === after.at(-1)?.id, 30_000).catch(
      (err: unknown) => {
        throw new Error(
          `${String(err)}: it saw ${seen.length} of ${after.length} events (last ${seen.at(-1)} of ${after.at(-1)?.id}); statuses ${JSON.stringify(statuses.slice(0, 5))}`,
        );
      },
    );
    ctl.abort();
    await reading.catch(() => undefined);
    conns.forEach((c) => c.ws.close());

    measured.readers = {
      events: after.length,
      eventBytes: after.reduce((n, e) => n + JSON.stringify(e).length, 0),
      rssBaseMiB: +(base.rss / MiB).toFixed(1),
      rssPeakMiB: +(peak.rss / MiB).toFixed(1),
      heapPeakMiB: +(peak.heapUsed / MiB).toFixed(1),
      stalledClosedByServer: closedByServer,
      refused503: statuses.filter((x) => x === '503').length,
      readingReaderReconnects: reconnects,
    };
    expect(after.length).toBeGreaterThan(500);
    // The reading reader holds one of the 256 slots.
    expect(statuses.filter((x) => x === '503')).toHaveLength(300 - 255);
    expect(statuses.filter((x) => x === '200')).toHaveLength(255);
    expect(closedByServer).toBe(300);
    // The reading reader saw every event, in id order, none twice.
    expect(seen).toEqual(after.map((e) => e.id));
    // 256 readers × 256 KiB of buffer at most, plus TLS state: far below
    // the 650 MB the same load added before.
    expect(peak.rss - base.rss).toBeLessThan(160 * MiB);
    const stillServing = await coord.api<{ status: string }>('GET', '/healthz');
    expect(stillServing.status).toBe('ok');
  });
});
