/**
 * Scenario 7 — hostile clients while a healthy agent enrolls. A real
 * coordinator process (so its memory and descriptors are its own) takes, in
 * turn: 10,000 malformed frames over 100 connections (plus 500 single-frame
 * connections, one per malformation), oversize frames and declared lengths,
 * thousands of 1-byte and empty fragments, a byte-at-a-time frame, upgrade
 * requests with 2,000 headers, 2,000 slowloris sockets and a token brute
 * force from one address. Meanwhile a real AgentSessionClient stays
 * connected and fresh agents keep enrolling from another address.
 *
 * Every bad connection must be closed fast with a precise code, the
 * coordinator must stay up and serve, and its RSS and descriptors must come
 * back to baseline. Measurements are printed; replay with FAULT_SEED.
 * Only loopback addresses are used (127.0.0.0/8 source addresses keep the
 * attackers' per-address budgets apart from the healthy agents').
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AgentSessionClient, type SessionStatus } from '@k3sgrid/agent';
import { COORDINATOR_FRAME_LIMITS, decodeFrame, emptyReport, encodeFrame } from '@k3sgrid/proto';
import { enrollBody, newIdentity, rawEnroll } from '../support/raw-client.js';
import { killAll, type CoordinatorProc } from '../support/processes.js';
import { memoryAfterGc, startMemoryCoordinator, type MemoryAfterGc } from './support/memory-coordinator.js';
import { MALFORMED_KINDS, malformed } from './support/malformed.js';
import { OP, clientFrame, percentile, pool, procStats, rawUpgrade, tlsConnect } from './support/raw-ws.js';
import { tempDir, waitFor, faultSeed, mulberry32, silentLogger } from '@k3sgrid/testkit';

const seed = faultSeed();
const rnd = mulberry32(seed);
const MiB = 1024 * 1024;
const PROTOCOL_CLOSE_CODES = [1002, 1007, 1008, 1009, 4001];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let coord: CoordinatorProc;
let healthyToken = '';
let agent: AgentSessionClient;
let agentRun: Promise<void>;
const agentStatuses: SessionStatus[] = [];
let baseline: MemoryAfterGc;
const baselineLatency: number[] = [];
let healthyCount = 0;
const measured: Record<string, unknown> = {};

async function newToken(body: Record<string, unknown> = {}): Promise<string> {
  return (await coord.api<{ token: string }>('POST', '/v1/clusters/demo/join-tokens', { ttlSeconds: 3600, ...body }))
    .token;
}

/** One fresh agent enrolls from 127.0.0.1; resolves its latency. */
async function healthyEnroll(): Promise<number> {
  const t0 = performance.now();
  const { result, conn } = await rawEnroll(coord.agentUrl, coord.conn.ca!, healthyToken, {
    hostname: `healthy-${healthyCount++}`,
  });
  const ms = performance.now() - t0;
  conn.ws.close();
  if (result.kind !== 'welcome') throw new Error(`healthy agent refused: ${JSON.stringify(result)}`);
  return ms;
}

/** Keeps enrolling healthy agents until stopped; collects latencies and failures. */
function healthyLoop(): { stop: () => Promise<{ latencies: number[]; failures: string[] }> } {
  let stopped = false;
  const latencies: number[] = [];
  const failures: string[] = [];
  const done = (async () => {
    while (!stopped) {
      try {
        latencies.push(await healthyEnroll());
      } catch (err) {
        failures.push(String(err));
      }
      await sleep(100);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return { latencies, failures };
    },
  };
}

/** CPU time (user + system) the coordinator process has used, in ms. */
async function cpuMs(): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const fields = (await readFile(`/proc/${coord.child.pid!}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** k3sgrid_refusals_total by reason, from /metrics. */
async function refusals(): Promise<Record<string, number>> {
  const text = await coord.api<string>('GET', '/metrics');
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^k3sgrid_refusals_total\{reason="([^"]+)"\} (\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

async function stats(): Promise<{ rss: number; fds: number }> {
  return procStats(coord.child.pid!);
}

async function assertServing(): Promise<void> {
  expect(coord.child.exitCode).toBeNull();
  expect(await coord.api<{ status: string }>('GET', '/healthz')).toEqual({ status: 'ok' });
}

beforeAll(async () => {
  coord = await startMemoryCoordinator({ K3SGRID_LOG_LEVEL: 'info' });
  await coord.api('POST', '/v1/clusters', { name: 'demo' });
  healthyToken = await newToken({ maxUses: 10_000 });
  agent = new AgentSessionClient({
    coordinator: coord.agentUrl,
    token: await newToken(),
    stateDir: join(tempDir('steady'), 'state'),
    probe: () => Promise.resolve(emptyReport()),
    log: silentLogger,
    hostname: 'steady',
    handlers: { onStatus: (s) => agentStatuses.push(s) },
  });
  agentRun = agent.run();
  await waitFor('steady agent connected', () => agentStatuses.includes('connected'), 30_000);
  for (let i = 0; i < 20; i++) baselineLatency.push(await healthyEnroll());
  await sleep(2000);
  baseline = await memoryAfterGc(coord);
  console.log(
    `hostile-flood: seed=${seed} baseline after GC: rss=${(baseline.rss / MiB).toFixed(1)} MiB heap=${(baseline.heapUsed / MiB).toFixed(1)} MiB fds=${baseline.fds} enroll p50=${percentile(baselineLatency, 50).toFixed(1)} ms p99=${percentile(baselineLatency, 99).toFixed(1)} ms`,
  );
}, 120_000);

afterAll(async () => {
  console.log(`hostile-flood measurements: ${JSON.stringify(measured, null, 1)}`);
  agent?.stop();
  await agentRun?.catch(() => undefined);
  await killAll();
});

describe('hostile clients while a healthy agent enrolls', () => {
  it('a protocol violation ends the session: the rest of a 100-frame burst is not decoded', async () => {
    const port = Number(new URL(coord.url).port);
    const before = await refusals();
    const ws = await rawUpgrade({ port, localAddress: '127.0.2.200' });
    await ws.firstBinary();
    ws.write(
      Buffer.concat(Array.from({ length: 100 }, () => clientFrame(OP.binary, Uint8Array.from([0x00, 0x01, 0x02])))),
    );
    await Promise.race([ws.tcpClosed, sleep(5000)]);
    const after = await refusals();
    const judged = (after['decode-failed'] ?? 0) - (before['decode-failed'] ?? 0);
    measured.framesDecodedAfterViolation = judged;
    expect(ws.closeCode()).toBe(1007);
    // One bad frame must be enough: decoding the other 99 is work done for an attacker.
    expect(judged).toBe(1);
  });

  it('10,000 malformed frames over 100 connections, plus 500 single-frame connections: each closed within 2 s with a protocol code', async () => {
    const port = Number(new URL(coord.url).port);
    const healthy = healthyLoop();
    const cpu0 = await cpuMs();
    const upgradeFailures: string[] = [];
    // Phase A: 100 concurrent connections, each a burst of 100 malformed frames.
    const burst = (
      await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const ws = await rawUpgrade({ port, localAddress: `127.0.0.${10 + i}` }).catch((err: unknown) => {
            upgradeFailures.push(String(err));
            return null;
          });
          if (!ws) return null;
          expect(ws.status).toBe(101);
          await ws.firstBinary();
          const frames = Array.from({ length: 100 }, (_, j) => {
            const kind = MALFORMED_KINDS[(i + j) % MALFORMED_KINDS.length]!;
            return clientFrame(OP.binary, malformed(kind, rnd));
          });
          const t0 = performance.now();
          ws.write(Buffer.concat(frames));
          await Promise.race([ws.tcpClosed, sleep(10_000)]);
          return {
            first: MALFORMED_KINDS[i % MALFORMED_KINDS.length]!,
            code: ws.closeCode(),
            closeMs: (ws.closeFrameAt() ?? Infinity) - t0,
            tcpMs: (ws.tcpClosedAt() ?? Infinity) - t0,
          };
        }),
      )
    ).filter((r) => r !== null);
    const cpu1 = await cpuMs();
    // Phase B: one connection per malformed frame, every kind, from 100 other addresses.
    const single = (
      await pool(
        Array.from({ length: 100 }, (_, i) => i),
        100,
        async (i) => {
          const out: Array<{ kind: string; code: number | null; closeMs: number; tcpMs: number }> = [];
          for (let k = 0; k < 5; k++) {
            const kind = MALFORMED_KINDS[(i * 5 + k) % MALFORMED_KINDS.length]!;
            const ws = await rawUpgrade({ port, localAddress: `127.0.1.${10 + i}`, answerClose: k % 2 === 0 }).catch(
              (err: unknown) => {
                upgradeFailures.push(String(err));
                return null;
              },
            );
            if (!ws) continue;
            expect(ws.status).toBe(101);
            await ws.firstBinary();
            const t0 = performance.now();
            ws.write(clientFrame(OP.binary, malformed(kind, rnd)));
            await Promise.race([ws.tcpClosed, sleep(10_000)]);
            out.push({
              kind,
              code: ws.closeCode(),
              closeMs: (ws.closeFrameAt() ?? Infinity) - t0,
              tcpMs: (ws.tcpClosedAt() ?? Infinity) - t0,
            });
            ws.sock.destroy();
          }
          return out;
        },
      )
    ).flat();
    const cpu2 = await cpuMs();
    const { latencies, failures } = await healthy.stop();

    const all = [...burst, ...single];
    const byCode: Record<string, number> = {};
    for (const r of all) byCode[String(r.code)] = (byCode[String(r.code)] ?? 0) + 1;
    const byKind: Record<string, number[]> = {};
    for (const r of single) (byKind[r.kind] ??= []).push(r.code ?? 0);
    measured.malformed = {
      connections: all.length,
      upgradeFailures: upgradeFailures.length,
      byCode,
      coordinatorCpuMs: {
        burstPhase: cpu1 - cpu0,
        perBurstConnection: (cpu1 - cpu0) / 100,
        singleFramePhase: cpu2 - cpu1,
        perSingleConnection: (cpu2 - cpu1) / 500,
      },
      closeFrameMs: {
        p50: percentile(
          all.map((r) => r.closeMs),
          50,
        ),
        p99: percentile(
          all.map((r) => r.closeMs),
          99,
        ),
        max: Math.max(...all.map((r) => r.closeMs)),
      },
      tcpCloseMs: {
        p50: percentile(
          all.map((r) => r.tcpMs),
          50,
        ),
        max: Math.max(...all.map((r) => r.tcpMs)),
      },
      codesByKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, [...new Set(v)]])),
      healthyEnrolls: latencies.length,
      healthyP99: percentile(latencies, 99),
    };
    expect(failures).toEqual([]);
    expect(latencies.length).toBeGreaterThan(0);
    // The attackers' own upgrades are answered too (an event loop busy decoding would starve them).
    expect(upgradeFailures).toEqual([]);
    for (const r of all) {
      expect(PROTOCOL_CLOSE_CODES, JSON.stringify(r)).toContain(r.code);
      expect(r.closeMs, JSON.stringify(r)).toBeLessThan(2000);
      // Even a peer that ignores the close handshake is cut within the 2 s grace.
      expect(r.tcpMs - r.closeMs, JSON.stringify(r)).toBeLessThan(2500);
    }
    // The healthy agent must finish, not be fast (speed targets live in the bench):
    // client, flood and coordinator share two cores here, so the bound is generous.
    expect(percentile(latencies, 99)).toBeLessThan(Math.max(4 * percentile(baselineLatency, 99), 5000));
    await assertServing();
  });

  it('oversize frames and huge declared lengths are closed with 1009 within 1 s', async () => {
    const port = Number(new URL(coord.url).port);
    const cases: Array<[string, Buffer]> = [
      ['maxPayload + 1', clientFrame(OP.binary, new Uint8Array(64 * 1024 + 1))],
      ['declared 2^40 bytes', clientFrame(OP.binary, new Uint8Array(16), { declaredLength: 2 ** 40 }).subarray(0, 14)],
      [
        'declared 1 MiB, 1 KiB sent',
        clientFrame(OP.binary, new Uint8Array(1024), { declaredLength: MiB }).subarray(0, 14 + 1024),
      ],
    ];
    const out: Record<string, { code: number | null; ms: number }> = {};
    for (const [name, bytes] of cases) {
      const ws = await rawUpgrade({ port, localAddress: '127.0.3.1' });
      await ws.firstBinary();
      const t0 = performance.now();
      ws.write(bytes);
      await Promise.race([ws.tcpClosed, sleep(5000)]);
      out[name] = { code: ws.closeCode(), ms: (ws.closeFrameAt() ?? Infinity) - t0 };
      ws.sock.destroy();
    }
    measured.oversize = out;
    for (const [name, r] of Object.entries(out)) {
      expect(r.code, name).toBe(1009);
      expect(r.ms, name).toBeLessThan(1000);
    }
    await healthyEnroll();
  });

  it('thousands of tiny fragments are refused fast (1008/1009 within 2 s), not held until the handshake deadline', async () => {
    const port = Number(new URL(coord.url).port);
    const before = await stats();
    const out: Record<string, { code: number | null; ms: number }> = {};
    const fragmented = (n: number, size: number): Buffer =>
      Buffer.concat(
        Array.from({ length: n }, (_, i) =>
          clientFrame(i === 0 ? OP.binary : OP.continuation, new Uint8Array(size).fill(0x41), { fin: false }),
        ),
      );
    const cases: Array<[string, Buffer]> = [
      ['10,000 one-byte fragments', fragmented(10_000, 1)],
      ['10,000 empty fragments', fragmented(10_000, 0)],
    ];
    for (const [name, bytes] of cases) {
      // 20 connections at once so a per-connection memory cost would show.
      const rs = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const ws = await rawUpgrade({ port, localAddress: `127.0.4.${1 + i}` });
          await ws.firstBinary();
          const t0 = performance.now();
          ws.write(bytes);
          await Promise.race([ws.tcpClosed, sleep(15_000)]);
          ws.sock.destroy();
          return { code: ws.closeCode(), ms: (ws.closeFrameAt() ?? Infinity) - t0 };
        }),
      );
      out[name] = rs.reduce((a, r) => (r.ms > a.ms ? r : a));
      out[`${name} codes`] = { code: null, ms: NaN, ...{ codes: [...new Set(rs.map((r) => r.code))] } };
    }
    // A valid (out-of-state) frame dribbled one byte per TCP segment is still parsed and judged.
    const ws = await rawUpgrade({ port, localAddress: '127.0.4.99' });
    await ws.firstBinary();
    const frame = clientFrame(OP.binary, encodeFrame(1, { kind: 'heartbeat', value: { phase: 'ready' } }));
    let t0 = 0;
    for (const [i, b] of frame.entries()) {
      if (i === frame.length - 1) t0 = performance.now();
      ws.write(Buffer.from([b]));
      await sleep(2);
    }
    await Promise.race([ws.tcpClosed, sleep(5000)]);
    out['byte-at-a-time frame'] = { code: ws.closeCode(), ms: (ws.closeFrameAt() ?? Infinity) - t0 };
    const after = await stats();
    measured.fragments = { ...out, rssDeltaMiB: (after.rss - before.rss) / MiB };
    expect(out['byte-at-a-time frame']?.code).toBe(1002);
    for (const name of ['10,000 one-byte fragments', '10,000 empty fragments']) {
      expect([1008, 1009], `${name}: ${JSON.stringify(out[name])}`).toContain(out[name]!.code);
      expect(out[name]!.ms, name).toBeLessThan(2000);
    }
    await healthyEnroll();
  });

  it('an upgrade request with 2,000 headers is refused; the process stays up', async () => {
    const port = Number(new URL(coord.url).port);
    const many = Array.from({ length: 2000 }, (_, i) => `${i.toString(36)}:v`);
    const big = Array.from({ length: 2000 }, (_, i) => `X-Flood-Header-${i}: value-${i}`);
    const out: Record<string, number | string> = {};
    for (const [name, o] of [
      ['2,000 short headers before the upgrade headers', { extraHeadersBefore: many }],
      ['2,000 short headers after the upgrade headers', { extraHeadersAfter: many }],
      ['2,000 long headers (over maxHeaderSize)', { extraHeadersBefore: big }],
    ] as const) {
      try {
        const ws = await rawUpgrade({ port, localAddress: '127.0.5.1', ...o });
        out[name] = ws.status;
        ws.sock.destroy();
      } catch (err) {
        out[name] = `closed: ${(err as Error).message}`;
      }
    }
    measured.manyHeaders = out;
    // Upgrade headers pushed past maxHeadersCount are dropped: no upgrade (ws ≥ 8.17.1 answers 400).
    expect(out['2,000 short headers before the upgrade headers']).not.toBe(101);
    expect(out['2,000 long headers (over maxHeaderSize)']).toBe(431);
    await assertServing();
    await healthyEnroll();
  });

  it('2,000 slowloris sockets are all closed by the headers timeout; healthy agents keep enrolling', async () => {
    const port = Number(new URL(coord.url).port);
    const before = await stats();
    const healthy = healthyLoop();
    const socks = await pool(
      Array.from({ length: 2000 }, (_, i) => i),
      50,
      async (i) => {
        const sock = await tlsConnect(port, `127.0.${10 + Math.floor(i / 250)}.${1 + (i % 250)}`);
        sock.on('error', () => undefined);
        sock.resume(); // read the 408 so 'close' is not held back by unread data
        const startedAt = performance.now();
        let closedAt: number | null = null;
        sock.once('close', () => (closedAt = performance.now()));
        sock.write('GET /v1/agent/connect HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
        const drip = setInterval(() => {
          if (!sock.destroyed) sock.write('a');
        }, 5000);
        sock.once('close', () => clearInterval(drip));
        return { sock, startedAt, closed: () => closedAt };
      },
    );
    const openedAll = performance.now();
    const during = await stats();
    await waitFor('slowloris sockets closed', () => socks.every((s) => s.closed() !== null), 60_000, 500).catch(
      () => undefined,
    );
    const { latencies, failures } = await healthy.stop();
    const lifetimes = socks.map((s) => (s.closed() ?? Infinity) - s.startedAt);
    const stillOpen = socks.filter((s) => s.closed() === null).length;
    for (const s of socks) s.sock.destroy();
    await waitFor(
      'descriptors back to baseline',
      async () => (await stats()).fds <= before.fds + 10,
      30_000,
      500,
    ).catch(() => undefined);
    const after = await stats();
    measured.slowloris = {
      openPhaseMs: openedAll - Math.min(...socks.map((s) => s.startedAt)),
      stillOpenAfter60s: stillOpen,
      lifetimeMs: {
        min: Math.min(...lifetimes),
        p50: percentile(lifetimes, 50),
        p99: percentile(lifetimes, 99),
        max: Math.max(...lifetimes),
      },
      coordinatorFds: { before: before.fds, during: during.fds, after: after.fds },
      coordinatorRssMiB: { before: before.rss / MiB, during: during.rss / MiB, after: after.rss / MiB },
      healthyEnrolls: latencies.length,
      healthyP99: percentile(latencies, 99),
    };
    expect(failures).toEqual([]);
    // Finish, not speed (see above).
    expect(percentile(latencies, 99)).toBeLessThan(5000);
    expect(stillOpen).toBe(0);
    // headersTimeout is 10 s: every socket must be gone within ~15 s of its first byte.
    expect(Math.max(...lifetimes)).toBeLessThan(15_000);
    expect(after.fds).toBeLessThanOrEqual(before.fds + 10);
    await assertServing();
  });

  it('token brute force from one address is throttled at the upgrade (429); 0 successes; others unaffected', async () => {
    const port = Number(new URL(coord.url).port);
    const target = await newToken({ maxUses: 5 });
    let attempts = 0;
    let welcomes = 0;
    let refusedAt: number | null = null;
    for (let i = 0; i < 100 && refusedAt === null; i++) {
      const ws = await rawUpgrade({ port, localAddress: '127.0.0.77' });
      if (ws.status === 429) {
        refusedAt = i;
        ws.sock.destroy();
        break;
      }
      expect(ws.status).toBe(101);
      attempts++;
      const hello = decodeFrame(await ws.firstBinary(), COORDINATOR_FRAME_LIMITS).body;
      const body = await enrollBody(hello, target, await newIdentity(), {
        secretOverride: `guess${String(i).padStart(38, '0')}`,
      });
      ws.write(clientFrame(OP.binary, encodeFrame(1, body)));
      await Promise.race([ws.tcpClosed, sleep(5000)]);
      const kinds = ws.frames
        .filter((f) => f.opcode === OP.binary)
        .map((f) => decodeFrame(f.payload, COORDINATOR_FRAME_LIMITS).body.kind);
      if (kinds.includes('welcome')) welcomes++;
      expect(kinds).toContain('error');
      // The first wrong secret is checked (4001); later ones from this address
      // wait out a growing delay on this token and are refused unchecked (1013).
      expect(ws.closeCode()).toBe(i === 0 ? 4001 : 1013);
    }
    measured.bruteForce = { attemptsBeforeRefusal: attempts, refusedAtAttempt: refusedAt };
    expect(welcomes).toBe(0);
    expect(refusedAt).not.toBeNull();
    expect(attempts).toBeLessThanOrEqual(20);
    // The healthy address is not collateral damage.
    await healthyEnroll();
  });

  it('afterwards: still up, the steady agent never dropped, memory and descriptors back near baseline, no internal errors', async () => {
    await assertServing();
    const idx = agentStatuses.indexOf('connected');
    expect(agentStatuses.slice(idx + 1)).toEqual([]);
    const nodes = await coord.api<{ items: Array<{ name: string; connected: boolean }> }>('GET', '/v1/nodes');
    expect(nodes.items.find((n) => n.name === 'steady')?.connected).toBe(true);
    await waitFor('descriptors settle', async () => (await stats()).fds <= baseline.fds + 10, 30_000, 500).catch(
      () => undefined,
    );
    const end = await memoryAfterGc(coord);
    measured.memory = {
      baseline: {
        rssMiB: baseline.rss / MiB,
        heapMiB: baseline.heapUsed / MiB,
        externalMiB: baseline.external / MiB,
        fds: baseline.fds,
      },
      end: { rssMiB: end.rss / MiB, heapMiB: end.heapUsed / MiB, externalMiB: end.external / MiB, fds: end.fds },
    };
    // The JS heap after GC is the leak detector; RSS keeps the allocator's
    // high-water mark from 2,000 concurrent TLS sockets (+70 MiB seen in CI
    // while the heap returned to baseline), so it gets a looser bound that
    // still catches a per-socket leak (2,000 × 64 KiB frames = 125 MiB).
    expect(end.heapUsed - baseline.heapUsed).toBeLessThan(20 * MiB);
    expect(end.rss - baseline.rss).toBeLessThan(100 * MiB);
    expect(end.fds).toBeLessThanOrEqual(baseline.fds + 10);
    const out = coord.output();
    expect(out).not.toMatch(/session handler failed|uncaught|unhandled/i);
    await healthyEnroll();
  });
});
