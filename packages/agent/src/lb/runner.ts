/**
 * HaproxyRunner: runs the real `haproxy` as the registration load balancer of
 * an `lb` node and reports phases like the k3s runner does:
 *   configuring → starting → running → ready (bind address accepts TCP) | failed
 *
 * - The config is validated with `haproxy -c` before it replaces the running
 *   one; a rejected config is reported as `failed` with haproxy's own message
 *   and the HAProxy already running keeps serving.
 * - Same rendered config and HAProxy running: no-op (same pid).
 * - Changed config: restart (the supervisor stops the old process first). If
 *   the new process exits at once (e.g. cannot bind), the previous config is
 *   put back and started again, and the apply fails with haproxy's message.
 */
import { PhaseWaiters } from '../k3s/phase-waiters.js';
import { constants as fsConstants, promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { AssignmentSpec, K3sPhase } from '@k3sgrid/proto';
import { type Clock, type ExecFn, type K3sLogger, defaultExec, noopLogger, rooted, systemClock } from '../k3s/deps.js';
import { writeFileAtomic } from '../k3s/files.js';
import type { PhaseEvent } from '../k3s/runner.js';
import type { Supervisor } from '../k3s/supervisor.js';
import { BuiltinSupervisor, type BuiltinSupervisorOptions } from '../k3s/supervisor-builtin.js';
import {
  LbBinaryMissingError,
  LbConfigRejectedError,
  LbError,
  LbNotReadyError,
  LbSpecError,
  LbStartError,
} from './errors.js';
import { type HostPort, parseHostPort, renderHaproxyConfig } from './render.js';

/** Default locations, under the root prefix. */
export const HAPROXY_DEFAULTS = {
  configPath: '/etc/k3sgrid/haproxy.cfg',
  pidPath: '/run/k3sgrid/haproxy.pid',
} as const;

export interface HaproxyRunnerOptions {
  /** Called synchronously at every phase change. `caHash` is always null. */
  onPhase: (event: PhaseEvent) => void;
  /** Root prefix for the config and pid file; `/` on a real node. */
  root?: string;
  /** haproxy executable: a path, or a name looked up on PATH (default `haproxy`). */
  binary?: string;
  configPath?: string;
  pidPath?: string;
  /** Replaces the built-in supervisor (tests). */
  supervisor?: Supervisor;
  supervisorOptions?: BuiltinSupervisorOptions;
  /** One-shot commands (`haproxy -c`). */
  exec?: ExecFn;
  /** Extra environment for haproxy. */
  env?: Record<string, string>;
  /** Health check interval rendered into the config (default 2 s). */
  checkIntervalMs?: number;
  /** Time from start to a bind address that accepts connections (default 10 s). */
  readyTimeoutMs?: number;
  /** Interval of the background readiness watch (default 2 s). */
  healthIntervalMs?: number;
  clock?: Clock;
  logger?: K3sLogger;
}

export type LbApplyAction = 'noop' | 'started' | 'restarted';

export interface LbApplyResult {
  action: LbApplyAction;
  /** Host path of the config file HAProxy runs with. */
  configFile: string;
}

/** True when a TCP connection to host:port is accepted within timeoutMs. */
export function tcpAccepts(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** Where to connect to reach a bind address (wildcards → loopback). */
export function probeTarget(bind: HostPort): { host: string; port: number } {
  if (bind.family === 'any' || bind.host === '0.0.0.0') return { host: '127.0.0.1', port: bind.port };
  if (bind.host === '::') return { host: '::1', port: bind.port };
  return { host: bind.host, port: bind.port };
}

/** Resolves a command name on PATH (or checks an explicit path); null when not runnable. */
export async function resolveExecutable(binary: string, envPath = process.env['PATH'] ?? ''): Promise<string | null> {
  const candidates = binary.includes('/')
    ? [binary]
    : envPath
        .split(':')
        .filter((d) => d !== '')
        .map((d) => path.join(d, binary));
  for (const c of candidates) {
    try {
      const st = await fs.stat(c);
      if (!st.isFile()) continue;
      await fs.access(c, fsConstants.X_OK);
      return c;
    } catch {
      // next candidate
    }
  }
  return null;
}

/** Meaningful lines of haproxy's output (drops the version banner). */
export function haproxyMessage(output: string): string[] {
  return output
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '' && !/^\[NOTICE\]/.test(l));
}

interface Running {
  config: string;
  bind: HostPort;
  epoch: number;
  generation: number;
}

export class HaproxyRunner {
  private readonly o: HaproxyRunnerOptions;
  private readonly root: string;
  private readonly exec: ExecFn;
  private readonly clock: Clock;
  private readonly log: K3sLogger;
  /** Host path of haproxy.cfg. */
  readonly configFile: string;
  /** Host path of the master's pid file. */
  readonly pidFile: string;
  readonly supervisor: Supervisor;
  private current: Running | null = null;
  private currentPhase: K3sPhase = 'pending';
  private meta = { epoch: 0, generation: 0 };
  private lock: Promise<unknown> = Promise.resolve();
  private monitorToken = 0;
  private lastEvent: PhaseEvent | null = null;
  private readonly waiters = new PhaseWaiters<PhaseEvent>();

  constructor(opts: HaproxyRunnerOptions) {
    this.o = opts;
    this.root = opts.root ?? '/';
    this.exec = opts.exec ?? defaultExec;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.logger ?? noopLogger;
    this.configFile = rooted(this.root, opts.configPath ?? HAPROXY_DEFAULTS.configPath);
    this.pidFile = rooted(this.root, opts.pidPath ?? HAPROXY_DEFAULTS.pidPath);
    this.supervisor =
      opts.supervisor ??
      new BuiltinSupervisor({ ...(opts.logger ? { logger: opts.logger } : {}), ...opts.supervisorOptions });
  }

  get phase(): K3sPhase {
    return this.currentPhase;
  }

  /** True while an HAProxy started by this runner is wanted (running or restarting). */
  get active(): boolean {
    return this.current !== null;
  }

  /**
   * Applies the `lb` part of an assignment. Resolves once HAProxy accepts
   * connections on the bind address; rejects (after reporting `failed`) when
   * the config is refused or HAProxy cannot start.
   */
  apply(spec: AssignmentSpec): Promise<LbApplyResult> {
    const run = this.lock.then(() => this.applyLocked(spec));
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Stops HAProxy and the readiness watch. */
  async stop(): Promise<void> {
    this.monitorToken += 1;
    await this.lock;
    await this.supervisor.stop();
    this.current = null;
    this.currentPhase = 'pending';
  }

  /** Resolves with the last event if its phase is in `phases`, else with the next such event. */
  waitForPhase(phases: readonly K3sPhase[], timeoutMs = 30_000): Promise<PhaseEvent> {
    return this.waiters.wait(this.lastEvent, phases, timeoutMs, () => this.currentPhase);
  }

  // -------------------------------------------------------------------------

  private emit(phase: K3sPhase, message: string, logTail: string[] = []): void {
    this.currentPhase = phase;
    const event: PhaseEvent = { phase, message, logTail, caHash: null, ...this.meta };
    this.lastEvent = event;
    this.log.info({ phase, message }, 'haproxy phase');
    try {
      this.o.onPhase(event);
    } catch (err) {
      this.log.error({ err }, 'onPhase callback threw');
    }
    this.waiters.emit(event);
  }

  private async applyLocked(spec: AssignmentSpec): Promise<LbApplyResult> {
    const meta = { epoch: spec.epoch, generation: spec.generation };
    let config: string;
    let bind: HostPort;
    let binary: string;
    try {
      if (spec.lb === null)
        throw new LbSpecError(`assignment for ${spec.nodeName} has role ${spec.role} but no lb section`);
      bind = parseHostPort(spec.lb.bind, 'lb bind address');
      config = renderHaproxyConfig(spec.lb, {
        pidFile: this.pidFile,
        ...(this.o.checkIntervalMs !== undefined ? { checkIntervalMs: this.o.checkIntervalMs } : {}),
      });
      const prev = this.current;
      if (prev !== null && prev.config === config && this.currentPhase !== 'failed') {
        const st = await this.supervisor.status();
        if (st.state === 'running') {
          this.meta = meta;
          prev.epoch = meta.epoch;
          prev.generation = meta.generation;
          return { action: 'noop', configFile: this.configFile };
        }
      }
      const found = await resolveExecutable(this.o.binary ?? 'haproxy');
      if (found === null)
        throw new LbBinaryMissingError(
          `haproxy binary "${this.o.binary ?? 'haproxy'}" is not installed or not executable`,
        );
      binary = found;
    } catch (err) {
      this.meta = meta;
      this.emit('failed', errorText(err));
      throw err;
    }

    this.monitorToken += 1; // ends the readiness watch of the previous config
    this.meta = meta;
    const servers = spec.lb.backends.length;
    this.emit('configuring', `haproxy on ${spec.lb.bind} over ${servers} server${servers === 1 ? '' : 's'}`);

    // Validate a candidate next to the real file; only a valid one replaces it.
    const candidate = `${this.configFile}.new`;
    await writeFileAtomic(candidate, config, 0o644);
    const check = await this.exec(binary, ['-c', '-f', candidate], { timeoutMs: 30_000 });
    if (check.exitCode !== 0) {
      await fs.rm(candidate, { force: true });
      const lines = haproxyMessage(`${check.stderr}\n${check.stdout}`);
      const err = new LbConfigRejectedError(lines.join('\n') || `haproxy -c exited ${check.exitCode}`);
      this.emit('failed', `${err.code}: ${err.message}`, lines);
      throw err;
    }
    await fs.rename(candidate, this.configFile);

    const prev = this.current;
    try {
      await this.startWith(
        binary,
        config,
        bind,
        prev === null ? 'starting haproxy' : 'restarting haproxy with the new servers',
      );
    } catch (err) {
      const tail = err instanceof LbStartError ? err.logTail : this.supervisor.logTail();
      if (prev !== null) await this.rollback(binary, prev);
      else this.current = null;
      this.emit('failed', errorText(err), tail);
      throw err;
    }
    this.current = { config, bind, ...meta };
    this.emit('ready', `haproxy accepts connections on ${spec.lb.bind}`);
    this.startMonitor(bind);
    return { action: prev === null ? 'started' : 'restarted', configFile: this.configFile };
  }

  /** Starts HAProxy on the config file and waits until the bind address accepts connections. */
  private async startWith(binary: string, config: string, bind: HostPort, message: string): Promise<void> {
    await fs.mkdir(path.dirname(this.pidFile), { recursive: true });
    await fs.rm(this.pidFile, { force: true });
    this.emit('starting', message);
    await this.supervisor.start({
      // `role` only names systemd/zinit units; the built-in supervisor ignores it.
      role: 'agent',
      file: binary,
      // -W: master-worker (the master writes the pid file); -db: foreground, no daemon.
      args: ['-W', '-db', '-f', this.configFile],
      env: { ...this.o.env },
    });
    const deadline = this.clock.now() + (this.o.readyTimeoutMs ?? 10_000);
    const target = probeTarget(bind);
    let announced = false;
    for (;;) {
      const st = await this.supervisor.status();
      if (
        st.restarts > 0 ||
        st.state === 'backoff' ||
        st.state === 'failed' ||
        (st.state === 'stopped' && st.lastExit !== null)
      ) {
        await this.supervisor.stop(); // no crash loop on a config that cannot work
        const tail = this.supervisor.logTail();
        const alerts = tail.filter((l) => /\[ALERT\]/.test(l));
        throw new LbStartError(
          `haproxy exited right after starting (code ${st.lastExit?.code ?? 'none'}): ${(alerts.length > 0 ? alerts : tail.slice(-3)).join(' | ')}`,
          tail,
        );
      }
      if (st.state === 'running' && !announced) {
        announced = true;
        this.current = { config, bind, ...this.meta };
        this.emit('running', `haproxy is running (pid ${st.pid ?? '?'})`);
      }
      // The master writes its pid file after binding; checking it keeps a foreign
      // listener on the same port from passing for ours.
      if (st.state === 'running' && st.pid !== null && (await readPid(this.pidFile)) === st.pid) {
        if (await tcpAccepts(target.host, target.port, 1000)) return;
      }
      if (this.clock.now() >= deadline) {
        const tail = this.supervisor.logTail();
        await this.supervisor.stop();
        throw new LbNotReadyError(
          `haproxy does not accept connections on ${bind.host}:${bind.port} after ${this.o.readyTimeoutMs ?? 10_000} ms: ${tail.slice(-3).join(' | ')}`,
        );
      }
      await this.clock.sleep(25);
    }
  }

  /** Puts the previous config back and runs it again, so the registration address keeps working. */
  private async rollback(binary: string, prev: Running): Promise<void> {
    try {
      await writeFileAtomic(this.configFile, prev.config, 0o644);
      const keep = this.meta;
      this.meta = { epoch: prev.epoch, generation: prev.generation };
      await this.startWith(binary, prev.config, prev.bind, 'restarting haproxy with the previous config');
      this.meta = keep;
      this.current = prev;
      this.startMonitor(prev.bind);
      this.log.warn({}, 'new haproxy config failed to start; the previous one runs again');
    } catch (err) {
      this.current = null;
      this.log.error({ err }, 'the previous haproxy config does not start either');
    }
  }

  private startMonitor(bind: HostPort): void {
    const token = this.monitorToken;
    const interval = this.o.healthIntervalMs ?? 2000;
    const target = probeTarget(bind);
    const loop = async (): Promise<void> => {
      await this.clock.sleep(interval);
      while (token === this.monitorToken) {
        const ok = await tcpAccepts(target.host, target.port, 1000);
        if (token !== this.monitorToken) return;
        if (!ok && this.currentPhase === 'ready') {
          const st = await this.supervisor.status();
          this.emit('running', `haproxy does not accept connections on ${bind.host}:${bind.port} (${st.state})`);
        } else if (ok && this.currentPhase === 'running') {
          this.emit('ready', `haproxy accepts connections on ${bind.host}:${bind.port} again`);
        }
        await this.clock.sleep(interval);
      }
    };
    void loop().catch((err: unknown) => this.log.error({ err }, 'haproxy readiness watch failed'));
  }
}

async function readPid(file: string): Promise<number | null> {
  try {
    const n = Number((await fs.readFile(file, 'utf8')).trim().split('\n')[0]);
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

function errorText(err: unknown): string {
  if (err instanceof LbError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
