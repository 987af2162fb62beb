/**
 * Child process: the real coordinator under test, in its own process so its
 * RSS and CPU are measured alone. Argv: `<stateDir> <port>` (port 0 picks
 * one). Emits `ready` with the agent URL and CA; answers `setup` (clusters
 * and join tokens), `stats`, `cluster` and `stop` over IPC.
 */
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import pino from 'pino';
import { startCoordinator } from '../../packages/coordinator/src/app.js';
import { emit, selfStats, serveIpc } from './common.js';
import { clusterSpec } from '../../packages/coordinator/src/api/schemas.js';

const [stateDir = '', portArg = '0'] = process.argv.slice(2);
const startedAt = Date.now();
const coordinator = await startCoordinator({
  stateDir,
  listen: `127.0.0.1:${portArg}`,
  advertise: ['127.0.0.1'],
  logger: pino(
    { level: process.env.BENCH_COORDINATOR_LOG ?? 'warn' },
    pino.destination({ dest: join(stateDir, '..', 'coordinator.log'), sync: false, append: true }),
  ),
  reconcileIntervalMs: 2000,
});

// BENCH_TRACE=1: time spent per component (store methods, handlers,
// reconciler passes, GC) for the `trace` command, and how long each step of a
// graceful stop takes (on stderr). Off by default: the wrappers cost a little.
const trace = new Map<string, { n: number; ms: number }>();
let traceCpu = process.cpuUsage();
let traceElu = performance.eventLoopUtilization();
if (process.env.BENCH_TRACE === '1') {
  const add = (label: string, ms: number): void => {
    const e = trace.get(label) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += ms;
    trace.set(label, e);
  };
  /** Wraps a method: sync time only (`sync`), or until its promise settles. */
  const timed = (o: object, name: string, label: string, mode: 'sync' | 'settle', log = false): void => {
    const target = o as Record<string, unknown>;
    const f = target[name];
    if (typeof f !== 'function') return;
    target[name] = (...a: unknown[]): unknown => {
      // CPU time, not wall time: other work on a shared machine must not count.
      const c = process.cpuUsage();
      const t = performance.now();
      const done = (): void => {
        const d = process.cpuUsage(c);
        const ms = (d.user + d.system) / 1000;
        add(label, ms);
        if (log)
          process.stderr.write(
            `[coordinator] ${label}: ${ms.toFixed(0)} ms CPU, ${(performance.now() - t).toFixed(0)} ms wall\n`,
          );
      };
      const r = (f as (...x: unknown[]) => unknown).apply(o, a);
      if (mode === 'settle' && r instanceof Promise) void r.finally(done).catch(() => undefined);
      else done();
      return r;
    };
  };
  const store = coordinator.state.store as unknown as Record<string, unknown>;
  for (const k of Object.getOwnPropertyNames(Object.getPrototypeOf(store)))
    if (k !== 'constructor' && k !== 'close') timed(store, k, `store.${k}`, 'sync');
  timed(coordinator.reconciler, 'pass', 'reconciler.pass', 'settle');
  timed(coordinator.audit, 'record', 'audit.record', 'settle');
  for (const k of ['handleUpgrade', 'accept', 'sweep']) timed(coordinator.gateway, k, `gateway.${k}`, 'sync');
  timed(coordinator.gateway, 'onFrame', 'gateway.onFrame', 'settle');
  timed(coordinator.reconciler, 'stop', 'stop: reconciler.stop', 'settle', true);
  timed(coordinator.gateway, 'shutdown', 'stop: gateway.shutdown', 'settle', true);
  timed(coordinator.app, 'close', 'stop: app.close', 'settle', true);
  timed(coordinator.state.store, 'close', 'stop: store.close', 'settle', true);
  const count = (label: string) => (err: NodeJS.ErrnoException) => add(`${label} ${err.code ?? err.message}`, 0);
  coordinator.app.server.on('tlsClientError', count('tlsClientError'));
  coordinator.app.server.on('clientError', count('clientError'));
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) add('gc', e.duration);
  }).observe({ entryTypes: ['gc'] });
}

serveIpc({
  async setup(a) {
    const clusters = Number(a.clusters ?? 1);
    const out: Array<{ clusterId: string; token: string }> = [];
    for (let i = 0; i < clusters; i++) {
      const spec = clusterSpec({
        name: `${typeof a.prefix === 'string' ? a.prefix : 'bench'}-${i}`,
        formation: { minNodes: Number(a.minNodes ?? 10_000), timeoutSeconds: Number(a.timeoutSeconds ?? 86_400) },
      });
      const c = await coordinator.service.createCluster(spec, 'bench');
      const { token } = await coordinator.service.createToken(
        c.id,
        { ttlSeconds: 86_400, maxUses: Number(a.perCluster ?? 1000), roles: ['server', 'agent'], description: 'bench' },
        'bench',
      );
      out.push({ clusterId: c.id, token });
    }
    return out;
  },
  stats(a) {
    return selfStats(coordinator.gateway.connectedCount(), a.gc === true);
  },
  /** Per-component times since the last call (BENCH_TRACE=1), with CPU and event-loop utilisation. */
  trace() {
    const cpu = process.cpuUsage(traceCpu);
    const elu = performance.eventLoopUtilization(traceElu);
    traceCpu = process.cpuUsage();
    traceElu = performance.eventLoopUtilization();
    const out = Object.fromEntries([...trace].sort((x, y) => y[1].ms - x[1].ms));
    trace.clear();
    return { cpuMs: (cpu.user + cpu.system) / 1000, elu: elu.utilization, spans: out };
  },
  async cluster(a) {
    const c = await coordinator.service.getCluster(String(a.id));
    return { phase: c.phase, readyAt: c.formation.readyAt, statusMessage: c.formation.statusMessage };
  },
  async stop() {
    const t = setTimeout(() => {
      if (process.env.BENCH_TRACE === '1') process.stderr.write('[coordinator] close() not done after 8 s: exit\n');
      process.exit(0);
    }, 8000);
    t.unref();
    await coordinator.close();
    setImmediate(() => process.exit(0));
    return true;
  },
});

emit('ready', {
  agentUrl: coordinator.agentUrl,
  caPem: coordinator.state.tls.caCert,
  pin: coordinator.state.pin,
  port: coordinator.port,
  startMs: Date.now() - startedAt,
});
