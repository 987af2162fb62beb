/**
 * `npm run bench`: the coordinator against a bare ws + TLS baseline on this
 * machine, in one run. Writes `bench/results/latest.json`, `latest.md` and
 * SVG charts. Not part of `npm test`.
 *
 * Environment:
 * - `BENCH_AGENTS=5000,10000,20000` agent counts (capped by the open-file limit)
 * - `BENCH_QUICK=1` smoke run with small counts and short windows
 * - `BENCH_HB_INTERVAL_MS` (10000), `BENCH_HB_WINDOW_S` (10 full, 4 quick)
 * - `BENCH_FORMATION_NODES` (1000; 0 skips), `BENCH_LAB` (1 full, 0 quick)
 * - `BENCH_SEGMENT_S` time budget per enrollment segment (60), `BENCH_RECONNECT_S` (90),
 *   `BENCH_FORMATION_S` budget to enrol the formation cluster (240)
 * - `BENCH_ONLY=scale,formation,lab` to run a subset
 * - `BENCH_RECONNECT_CONCURRENCY` reconnect attempts in flight per load process (256; 0 = no bound)
 * - `BENCH_PROFILE=1` V8 CPU profiles of the servers (`all`: of the load processes too) in bench/results/profiles
 * - `BENCH_TRACE=1` the coordinator child times its store calls, handlers, passes and GC (CPU, for the
 *   `trace` IPC command) and logs each step of its graceful stop; costs a few % CPU, so not for figures
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './bench/common.js';
import { runFormationLatency, type FormationLatency } from './bench/formation-latency.js';
import { runLabOverhead, type LabOverhead } from './bench/lab-overhead.js';
import { charts, computeTargets, markdown, type BenchConfig, type BenchResults } from './bench/report.js';
import { Rig, type ScaleOptions } from './bench/scale.js';

const started = Date.now();
const say = (s: string): void =>
  void process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${s}\n`);
const env = process.env;
const quick = env.BENCH_QUICK === '1';
const list = (v: string | undefined, d: number[]): number[] =>
  v
    ? v
        .split(',')
        .map((x) => Number(x.trim()))
        .filter((x) => x > 0)
    : d;

function fdLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    return Number(line?.split(/\s+/)[3] ?? 1024);
  } catch {
    return 1024;
  }
}

const limit = fdLimit();
const warmAgents = quick ? 50 : 100;
/** Room for the server's own files (store, logs, listen socket, node internals) and the warm-up agents. */
const maxAgents = limit - warmAgents - 300;
const asked = list(env.BENCH_AGENTS, quick ? [300, 600, 1000] : [5000, 10_000, 20_000]);
const measured = [...new Set(asked.map((n) => Math.min(n, maxAgents)))].sort((a, b) => a - b);
const only = new Set((env.BENCH_ONLY ?? 'scale,formation,lab').split(','));
const cfg: BenchConfig = {
  quick,
  agents: asked,
  measuredAgents: measured,
  warmAgents,
  concurrency: Number(env.BENCH_CONCURRENCY ?? 64),
  hbIntervalMs: Number(env.BENCH_HB_INTERVAL_MS ?? 10_000),
  hbWindowMs: Number(env.BENCH_HB_WINDOW_S ?? (quick ? 4 : 10)) * 1000,
  formationNodes: Number(env.BENCH_FORMATION_NODES ?? (quick ? 100 : 1000)),
  lab: only.has('lab') && (env.BENCH_LAB ?? (quick ? '0' : '1')) === '1',
  segmentBudgetS: Number(env.BENCH_SEGMENT_S ?? 60),
  reconnectBudgetS: Number(env.BENCH_RECONNECT_S ?? 90),
};
if (measured.some((n, i) => n !== [...asked].sort((a, b) => a - b)[i]))
  say(`open-file limit ${limit}: counts capped to ${measured.join(', ')} (asked ${asked.join(', ')})`);

const loadStart = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const opts = (kind: 'baseline' | 'coordinator'): ScaleOptions => ({
  kind,
  counts: measured,
  warmAgents,
  concurrency: cfg.concurrency,
  hbIntervalMs: cfg.hbIntervalMs,
  hbWindowMs: cfg.hbWindowMs,
  reconnectTimeoutMs: cfg.reconnectBudgetS * 1000,
  segmentBudgetMs: cfg.segmentBudgetS * 1000,
  log: say,
});

let baseline: Rig | null = null;
let coordinator: Rig | null = null;
let formation: FormationLatency | null = null;
let lab: LabOverhead | null = null;

try {
  if (only.has('scale')) {
    // The two rigs are driven in turn, step by step, so both see the same background load.
    baseline = new Rig('baseline', opts('baseline'));
    coordinator = new Rig('coordinator', opts('coordinator'));
    const rigs = [baseline, coordinator];
    const max = Math.max(...measured);
    for (const r of rigs) await r.start(max);
    for (const r of rigs) await r.warmUp();
    for (const n of measured) {
      // A rig that ran out of its time budget stays where it is and is not measured again.
      const active = rigs.filter((r) => !r.stalled);
      if (active.length === 0) break;
      const segs = [];
      for (const r of active) segs.push(await r.enrollTo(n));
      await new Promise((res) => setTimeout(res, 2500)); // batched writes and reconciler passes settle
      for (const [k, r] of active.entries()) await r.measureMemory(segs[k]!);
      if (cfg.hbWindowMs > 0) {
        const idle = [];
        for (const r of active) idle.push(await r.idleWindow());
        for (const [k, r] of active.entries()) await r.heartbeatWindow(idle[k]!);
      }
    }
    for (const r of rigs) await r.restartAndReconnect();
    for (const r of rigs) await r.stop();
  }
  if (only.has('formation') && cfg.formationNodes > 0)
    formation = await runFormationLatency(cfg.formationNodes, Number(env.BENCH_FORMATION_S ?? 240) * 1000, say);
  if (cfg.lab) lab = await runLabOverhead(say);
} catch (err) {
  say(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  await baseline?.stop().catch(() => undefined);
  await coordinator?.stop().catch(() => undefined);
}

const finished = Date.now();
const cpuList = cpus();
const partial: Omit<BenchResults, 'targets'> = {
  startedAt: new Date(started).toISOString(),
  finishedAt: new Date(finished).toISOString(),
  durationS: (finished - started) / 1000,
  machine: {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memGiB: totalmem() / 2 ** 30,
    node: process.version,
    kernel: release(),
    fdLimit: limit,
    loadavgStart: loadStart,
    loadavgEnd: loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  },
  config: cfg,
  baseline: baseline?.warm ? baseline.result() : null,
  coordinator: coordinator?.warm ? coordinator.result() : null,
  formation,
  lab,
};
const results: BenchResults = { ...partial, targets: computeTargets(partial) };
const outDir = join(REPO_ROOT, 'bench/results');
mkdirSync(outDir, { recursive: true });
const svgs = charts(results);
for (const [name, svg] of Object.entries(svgs)) writeFileSync(join(outDir, name), svg);
writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(outDir, 'latest.md'), markdown(results, Object.keys(svgs)));
say(
  `wrote ${join('bench/results', 'latest.md')}, latest.json and ${Object.keys(svgs).length} charts in ${results.durationS.toFixed(0)} s`,
);
process.exit(process.exitCode ?? 0);
