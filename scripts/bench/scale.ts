/**
 * Figures 1, 2, 3 and 5 for one server (the coordinator or the baseline):
 * enrol agents up to each count, measure the server's memory after GC and
 * its CPU per enrollment, then an idle window and a heartbeat window at that
 * count; at the largest count, restart the server and time the reconnect
 * storm.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ChildLink, forkTs, sleep, type ServerStats } from './common.js';
import { tempDir } from '@k3sgrid/testkit';

export type ServerKind = 'coordinator' | 'baseline';

export interface EnrollSegment {
  from: number;
  to: number;
  ok: number;
  failed: number;
  wallMs: number;
  /** Server CPU during the segment, µs. */
  cpuMicros: number;
  cpuPerEnrollMicros: number;
  /** Observed enrollments per second (client-bound on 2 shared cores). */
  observedRate: number;
  /** Server-CPU-bound capacity: enrollments per core-second = 1e6 / cpuPerEnroll. */
  capacityPerCore: number;
  clientP50Ms: number;
  clientP99Ms: number;
  refusals: Record<string, number>;
  /** Agents not attempted because the segment ran out of its time budget. */
  skipped: number;
}

export interface HeartbeatWindow {
  windowMs: number;
  intervalMs: number;
  idleCpuMicros: number;
  hbCpuMicros: number;
  sent: number;
  /** (CPU with heartbeats − CPU idle) / heartbeats, µs. */
  perMessageMicros: number;
  /** Idle CPU as a share of one core, % (pings, sweeps, reconciler passes). */
  idleCorePct: number;
  /** CPU with heartbeats as a share of one core, %. */
  hbCorePct: number;
}

export interface ScalePoint {
  n: number;
  stats: ServerStats;
  rssPerAgent: number;
  heapPerAgent: number;
  enroll: EnrollSegment;
  heartbeat: HeartbeatWindow | null;
}

export interface ReconnectResult {
  agents: number;
  restartMs: number;
  /** From the stop request to the last agent back. */
  allBackMs: number | null;
  /** From the new process listening to the last agent back. */
  allBackAfterReadyMs: number | null;
  reauthenticated: number;
  /** Agents not back when the reconnect budget ended. */
  lost: number;
  /** Highest number of re-authentications in any 1 s bucket. */
  peakPerSecond: number;
  connectFailures: number;
  refusals: Record<string, number>;
  /** Failed attempts by cause as the agents saw them (HTTP status, close code, socket error). */
  failures: Record<string, number>;
  /** The load processes during the storm: CPU, event-loop utilisation, per-phase latency of successful attempts. */
  client?: {
    cpuMs: number[];
    elu: number[];
    phases: Record<string, { n: number; p50: number; p99: number }>;
  };
  timeline: Array<{ s: number; n: number }>;
}

export interface ScaleRun {
  kind: ServerKind;
  warm: { n: number; stats: ServerStats };
  points: ScalePoint[];
  /** True when the ramp stopped short of the largest count (time budget). */
  stalled: boolean;
  reconnect: ReconnectResult | null;
  serverStartMs: number;
}

export interface ScaleOptions {
  kind: ServerKind;
  counts: number[];
  warmAgents: number;
  concurrency: number;
  hbIntervalMs: number;
  hbWindowMs: number;
  reconnectTimeoutMs: number;
  /** Wall-clock budget of one enrollment segment; a server slower than that stops ramping. */
  segmentBudgetMs: number;
  log: (s: string) => void;
}

interface Ready {
  agentUrl: string;
  caPem: string;
  pin: string;
  port: number;
  startMs: number;
}

/** Adds up per-process counters by key. */
function sumCounts(parts: Array<Record<string, number> | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
}

function startServer(kind: ServerKind, dir: string, port: number): ChildLink {
  const child =
    kind === 'coordinator'
      ? forkTs('server-coordinator.ts', [join(dir, 'state'), String(port)], { exposeGc: true, maxOldSpaceMb: 4096 })
      : forkTs('server-baseline.ts', [String(port), dir], { exposeGc: true, maxOldSpaceMb: 4096 });
  return new ChildLink(child);
}

interface LoadStatus {
  ready: number;
  reauthAt: number[];
  connectFailures: number;
  refusals: Record<string, number>;
  failures: Record<string, number>;
  phases?: Record<string, { n: number; p50: number; p99: number }>;
  cpuMs?: number;
  elu?: number;
}

/**
 * One server under test with its two load-generator processes. The
 * orchestrator drives a baseline rig and a coordinator rig step by step,
 * alternating, so both see the same background load on a shared machine.
 */
export class Rig {
  private server!: ChildLink;
  private ready!: Ready;
  private loaders: ChildLink[] = [];
  private tokens: string[] = [];
  private readonly dir: string;
  private current = 0;
  warm: { n: number; stats: ServerStats } | null = null;
  readonly points: ScalePoint[] = [];
  reconnectResult: ReconnectResult | null = null;
  serverStartMs = 0;
  /** Set when a segment ran out of budget: the server stays at the count it reached. */
  stalled = false;
  private stopped = false;

  constructor(
    readonly kind: ServerKind,
    private readonly o: ScaleOptions,
  ) {
    this.dir = tempDir(`bench-${kind}`);
  }

  private stats(gc: boolean): Promise<ServerStats> {
    return this.server.request<ServerStats>('stats', { gc });
  }

  async start(maxAgents: number): Promise<void> {
    this.server = startServer(this.kind, this.dir, 0);
    this.ready = await this.server.waitEvent<Ready>('ready', 180_000);
    this.serverStartMs = this.ready.startMs;
    this.o.log(`${this.kind}: listening on ${this.ready.agentUrl} (pid ${this.server.pid})`);
    const setup = await this.server.request<Array<{ token: string }>>('setup', {
      clusters: Math.ceil((maxAgents + this.o.warmAgents) / 1000),
      perCluster: 1000,
      minNodes: 10_000,
    });
    this.tokens = setup.map((t) => t.token);
    this.loaders = [
      new ChildLink(forkTs('load.ts', [], { maxOldSpaceMb: 4096 })),
      new ChildLink(forkTs('load.ts', [], { maxOldSpaceMb: 4096 })),
    ];
    await Promise.all(this.loaders.map((l) => l.waitEvent('ready', 120_000)));
  }

  private async enroll(count: number): Promise<EnrollSegment> {
    const half = Math.ceil(count / 2);
    const parts = [half, count - half];
    const before = await this.stats(false);
    const t0 = Date.now();
    const res = await Promise.all(
      this.loaders.map((l, k) =>
        l.request<{
          ok: number;
          failed: number;
          skipped: number;
          p50: number;
          p99: number;
          refusals: Record<string, number>;
        }>('connect', {
          url: this.ready.agentUrl,
          caPem: this.ready.caPem,
          tokens: this.tokens,
          perToken: 1000,
          from: this.current + (k === 0 ? 0 : half),
          count: parts[k],
          concurrency: this.o.concurrency,
          deadline: t0 + this.o.segmentBudgetMs,
        }),
      ),
    );
    const wallMs = Date.now() - t0;
    const after = await this.stats(false);
    const ok = res.reduce((s, r) => s + r.ok, 0);
    const cpu = after.cpuMicros - before.cpuMicros;
    const seg: EnrollSegment = {
      from: this.current,
      to: this.current + count,
      ok,
      failed: res.reduce((s, r) => s + r.failed, 0),
      wallMs,
      cpuMicros: cpu,
      cpuPerEnrollMicros: ok ? cpu / ok : NaN,
      observedRate: ok / (wallMs / 1000),
      capacityPerCore: ok ? 1e6 / (cpu / ok) : NaN,
      clientP50Ms: Math.max(...res.map((r) => r.p50)),
      clientP99Ms: Math.max(...res.map((r) => r.p99)),
      refusals: Object.assign({}, ...res.map((r) => r.refusals)) as Record<string, number>,
      skipped: res.reduce((s, r) => s + r.skipped, 0),
    };
    this.current += count - seg.skipped;
    if (seg.skipped > 0) this.stalled = true;
    return seg;
  }

  /** Warm-up (JIT, lazy modules, first store writes); memory per agent is measured from here. */
  async warmUp(): Promise<void> {
    await this.enroll(this.o.warmAgents);
    await sleep(2500);
    this.warm = { n: this.current, stats: await this.stats(true) };
    this.o.log(`${this.kind}: warm ${this.warm.n} agents, rss ${(this.warm.stats.rss / 2 ** 20).toFixed(1)} MiB`);
  }

  /** Enrols up to `n` measured agents (beyond the warm-up ones). */
  async enrollTo(n: number): Promise<EnrollSegment> {
    const seg = await this.enroll(n + this.o.warmAgents - this.current);
    this.o.log(
      `${this.kind}: ${seg.ok} enrolled (${seg.failed} failed${seg.skipped ? `, ${seg.skipped} not attempted: out of the ${this.o.segmentBudgetMs / 1000} s budget` : ''}) in ${(seg.wallMs / 1000).toFixed(1)} s, ${seg.observedRate.toFixed(0)}/s observed, ${seg.cpuPerEnrollMicros.toFixed(0)} µs server CPU each`,
    );
    return seg;
  }

  /** Memory after GC; records a point. */
  async measureMemory(seg: EnrollSegment): Promise<ScalePoint> {
    const warm = this.warm;
    if (!warm) throw new Error('warm up first');
    const st = await this.stats(true);
    const held = st.sessions - warm.stats.sessions;
    const point: ScalePoint = {
      n: st.sessions,
      stats: st,
      rssPerAgent: (st.rss - warm.stats.rss) / held,
      heapPerAgent: (st.heapUsed - warm.stats.heapUsed) / held,
      enroll: seg,
      heartbeat: null,
    };
    this.points.push(point);
    this.o.log(
      `${this.kind}: ${st.sessions} sessions, rss ${(st.rss / 2 ** 20).toFixed(1)} MiB → ${(point.rssPerAgent / 1024).toFixed(1)} KiB/agent, heap ${(point.heapPerAgent / 1024).toFixed(2)} KiB/agent, ${st.fds} fds`,
    );
    return point;
  }

  /** Server CPU over a window without traffic (pings, sweeps, reconciler passes). */
  async idleWindow(): Promise<number> {
    const a = await this.stats(false);
    await sleep(this.o.hbWindowMs);
    const b = await this.stats(false);
    return b.cpuMicros - a.cpuMicros;
  }

  /** Server CPU over a window with every agent heartbeating at the interval. */
  async heartbeatWindow(idleCpuMicros: number): Promise<HeartbeatWindow> {
    await Promise.all(this.loaders.map((l) => l.request('heartbeats', { intervalMs: this.o.hbIntervalMs })));
    const a = await this.stats(false);
    await sleep(this.o.hbWindowMs);
    const b = await this.stats(false);
    const sent = (await Promise.all(this.loaders.map((l) => l.request<{ sent: number }>('heartbeats', {})))).reduce(
      (s, r) => s + r.sent,
      0,
    );
    const hb = b.cpuMicros - a.cpuMicros;
    const w: HeartbeatWindow = {
      windowMs: this.o.hbWindowMs,
      intervalMs: this.o.hbIntervalMs,
      idleCpuMicros: idleCpuMicros,
      hbCpuMicros: hb,
      sent,
      perMessageMicros: sent ? (hb - idleCpuMicros) / sent : NaN,
      idleCorePct: (idleCpuMicros / (this.o.hbWindowMs * 1000)) * 100,
      hbCorePct: (hb / (this.o.hbWindowMs * 1000)) * 100,
    };
    const p = this.points[this.points.length - 1];
    if (p) p.heartbeat = w;
    this.o.log(
      `${this.kind}: heartbeats at ${p?.n ?? '?'}: ${sent} in ${w.windowMs / 1000} s, ${w.perMessageMicros.toFixed(1)} µs each (idle ${w.idleCorePct.toFixed(1)} % of a core, with heartbeats ${w.hbCorePct.toFixed(1)} %)`,
    );
    return w;
  }

  /** Restarts the server (graceful stop, new process on the same port and state) and times the agents' return. */
  async restartAndReconnect(): Promise<ReconnectResult> {
    await Promise.all(this.loaders.map((l) => l.request('reconnect', { enabled: true })));
    const agents = this.current;
    const t0 = Date.now();
    await this.server.request('stop').catch(() => undefined);
    await this.server.exited;
    this.server = startServer(this.kind, this.dir, this.ready.port);
    const again = await this.server.waitEvent<Ready>('ready', 180_000);
    const readyAt = Date.now();
    this.o.log(
      `${this.kind}: restarted in ${readyAt - t0} ms (its own start ${again.startMs} ms); waiting for ${agents} agents to re-authenticate`,
    );
    let back = 0;
    let st: LoadStatus[] = [];
    const deadline = Date.now() + this.o.reconnectTimeoutMs;
    while (Date.now() < deadline) {
      await sleep(500);
      st = await Promise.all(this.loaders.map((l) => l.request<LoadStatus>('status')));
      back = st.reduce((s, r) => s + r.ready, 0);
      if (back >= agents) break;
    }
    const times = st.flatMap((r) => r.reauthAt).sort((a, b) => a - b);
    const buckets = new Map<number, number>();
    for (const t of times)
      buckets.set(Math.floor((t - t0) / 1000), (buckets.get(Math.floor((t - t0) / 1000)) ?? 0) + 1);
    const last = times[times.length - 1] ?? t0;
    const r: ReconnectResult = {
      agents,
      restartMs: readyAt - t0,
      allBackMs: back >= agents ? last - t0 : null,
      allBackAfterReadyMs: back >= agents ? last - readyAt : null,
      reauthenticated: back,
      lost: agents - back,
      peakPerSecond: Math.max(0, ...buckets.values()),
      connectFailures: st.reduce((s, x) => s + x.connectFailures, 0),
      refusals: Object.assign({}, ...st.map((x) => x.refusals)) as Record<string, number>,
      failures: sumCounts(st.map((x) => x.failures)),
      client: {
        cpuMs: st.map((x) => Math.round(x.cpuMs ?? 0)),
        elu: st.map((x) => Number((x.elu ?? 0).toFixed(2))),
        // The slower of the two load processes per phase.
        phases: Object.fromEntries(
          Object.keys(st[0]?.phases ?? {}).map((k) => [
            k,
            {
              n: st.reduce((s, x) => s + (x.phases?.[k]?.n ?? 0), 0),
              p50: Math.max(...st.map((x) => x.phases?.[k]?.p50 ?? 0)),
              p99: Math.max(...st.map((x) => x.phases?.[k]?.p99 ?? 0)),
            },
          ]),
        ),
      },
      timeline: [...buckets].sort((a, b) => a[0] - b[0]).map(([s, n]) => ({ s, n })),
    };
    this.reconnectResult = r;
    this.o.log(
      `${this.kind}: reconnect: ${back}/${agents} back${r.allBackMs !== null ? ` ${(r.allBackMs / 1000).toFixed(1)} s after the stop (${((r.allBackAfterReadyMs ?? 0) / 1000).toFixed(1)} s after it listened again)` : ''}, peak ${r.peakPerSecond}/s, ${r.connectFailures} failed attempts ${JSON.stringify(r.failures)}; load processes: ${JSON.stringify(r.client)}`,
    );
    return r;
  }

  result(): ScaleRun {
    if (!this.warm) throw new Error('not run');
    return {
      kind: this.kind,
      warm: this.warm,
      points: this.points,
      stalled: this.stalled,
      reconnect: this.reconnectResult,
      serverStartMs: this.serverStartMs,
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.loaders.map((l) => l.request('closeAll').catch(() => undefined)));
    if (process.env.BENCH_PROFILE === 'all')
      await Promise.all(this.loaders.map((l) => Promise.race([l.request('exit').catch(() => undefined), sleep(5000)])));
    await Promise.all(this.loaders.map((l) => l.kill('SIGKILL')));
    if (this.server) {
      await this.server.request('stop').catch(() => undefined);
      await Promise.race([this.server.exited, sleep(10_000)]);
      await this.server.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
