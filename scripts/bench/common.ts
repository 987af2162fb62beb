/**
 * Shared pieces of the benchmark: the IPC messages between the orchestrator
 * (`scripts/bench.ts`) and its child processes (server under test, load
 * generator), a realistic capability report, and helpers to fork TypeScript
 * children and talk to them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { k3sgrid } from '@k3sgrid/proto';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BENCH_DIR = join(REPO_ROOT, 'scripts/bench');

/** Statistics a server child reports about itself. */
export interface ServerStats {
  pid: number;
  /** process.cpuUsage() user + system, in µs. */
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Authenticated sessions. */
  sessions: number;
  /** Open file descriptors of the process. */
  fds: number;
}

/** A request to a child and its answer share an id. */
export interface IpcRequest {
  id: number;
  cmd: string;
  args?: Record<string, unknown>;
}

export interface IpcReply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** An unsolicited message from a child (progress, readiness). */
export interface IpcEvent {
  event: string;
  data?: unknown;
}

/**
 * A realistic wire-form capability report (~300 bytes of protobuf, close to
 * the 317 B of the research harness): kernel, modules with their sources,
 * tools, disks, addresses and grid metadata.
 */
export function benchReport(i: number): k3sgrid.v1.CapabilityReport.$Properties {
  return {
    kernelRelease: '6.1.0-21-amd64',
    modules: [
      { name: 'overlay', configSymbol: 'CONFIG_OVERLAY_FS', state: 'loaded', sourceFile: 'proc/modules' },
      {
        name: 'vxlan',
        configSymbol: 'CONFIG_VXLAN',
        state: 'loadable',
        sourceFile: 'lib/modules/6.1.0-21-amd64/modules.dep',
      },
      {
        name: 'wireguard',
        configSymbol: 'CONFIG_WIREGUARD',
        state: 'builtin',
        sourceFile: 'lib/modules/6.1.0-21-amd64/modules.builtin',
      },
    ],
    tools: [
      { name: 'iptables', present: true, path: '/usr/sbin/iptables' },
      { name: 'iscsiadm', present: false, path: '' },
    ],
    initSystem: 'systemd',
    cgroupVersion: 2,
    cpuCount: 4,
    memoryBytes: 8 * 1024 ** 3,
    disks: [{ name: 'vdb', sizeBytes: 100 * 1024 ** 3, unused: true, type: 'ssd' }],
    addresses: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
    gridFarmId: String(1 + (i % 7)),
    gridNodeId: String(1000 + i),
    publicIp: '',
    arch: 'amd64',
    hostname: `bench-${i}`,
    kernelConfigSource: 'boot/config-6.1.0-21-amd64',
  };
}

/** Options for forking a TypeScript child through tsx. */
export function forkTs(
  file: string,
  args: string[] = [],
  opts: { exposeGc?: boolean; env?: NodeJS.ProcessEnv; maxOldSpaceMb?: number } = {},
): ChildProcess {
  const execArgv = ['--conditions=source', '--import', 'tsx'];
  if (opts.exposeGc) execArgv.push('--expose-gc');
  if (opts.maxOldSpaceMb) execArgv.push(`--max-old-space-size=${opts.maxOldSpaceMb}`);
  // BENCH_PROFILE=1 writes a V8 CPU profile of every server process under bench/results/profiles
  // (BENCH_PROFILE=all: of the load processes too).
  if ((opts.exposeGc && process.env.BENCH_PROFILE === '1') || process.env.BENCH_PROFILE === 'all')
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${join(REPO_ROOT, 'bench/results/profiles')}`);
  return fork(join(BENCH_DIR, file), args, {
    cwd: REPO_ROOT,
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...opts.env },
  });
}

/** Talks to a forked child: numbered requests, replies, and events. */
export class ChildLink {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners: Array<(e: IpcEvent) => void> = [];
  /** Events seen so far, so a wait that starts late still sees them. */
  private readonly seen: IpcEvent[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    // A send to a child that is gone is answered by the rejection below, not by a crash.
    child.on('error', () => undefined);
    child.on('message', (m: IpcReply | IpcEvent) => {
      if ('event' in m) {
        this.seen.push(m);
        for (const l of this.listeners) l(m);
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error ?? 'child failed'));
    });
    this.exited = new Promise((r) =>
      child.once('exit', (code) => {
        for (const p of this.pending.values()) p.reject(new Error(`child exited (${code})`));
        this.pending.clear();
        r(code);
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  request<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    if (!this.child.connected) return Promise.reject(new Error(`child ${this.pid} is gone`));
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, cmd, args: args ?? {} } satisfies IpcRequest);
    });
  }

  on(listener: (e: IpcEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves with the data of the first event of this name. */
  waitEvent<T>(name: string, timeoutMs = 60_000): Promise<T> {
    const past = this.seen.find((e) => e.event === name);
    if (past) return Promise.resolve(past.data as T);
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${name}`)), timeoutMs);
      this.listeners.push((e) => {
        if (e.event === name) {
          clearTimeout(t);
          resolve(e.data as T);
        }
      });
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }
}

/**
 * Serves IPC requests in a child process: each command maps to a handler;
 * answers carry the request id.
 */
export function serveIpc(handlers: Record<string, (args: Record<string, unknown>) => unknown>): void {
  process.on('message', (m: IpcRequest) => {
    const h = handlers[m.cmd];
    if (!h) {
      process.send?.({ id: m.id, ok: false, error: `unknown command ${m.cmd}` } satisfies IpcReply);
      return;
    }
    Promise.resolve()
      .then(() => h(m.args ?? {}))
      .then(
        (result) => process.send?.({ id: m.id, ok: true, result } satisfies IpcReply),
        (err: unknown) =>
          process.send?.({
            id: m.id,
            ok: false,
            error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err),
          } satisfies IpcReply),
      );
  });
  process.on('disconnect', () => process.exit(0));
}

/** Sends an unsolicited event to the parent. */
export function emit(event: string, data?: unknown): void {
  process.send?.({ event, data } satisfies IpcEvent);
}

/** Stats of this process, after two full GCs when `gc` is set and available. */
export function selfStats(sessions: number, gc: boolean): ServerStats {
  const g = (globalThis as { gc?: () => void }).gc;
  if (gc && g) {
    g();
    g();
  }
  const m = process.memoryUsage();
  const c = process.cpuUsage();
  return {
    pid: process.pid,
    cpuMicros: c.user + c.system,
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    sessions,
    fds: countFds(),
  };
}

function countFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return 0;
  }
}

/** Percentile of a sorted numeric array (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
