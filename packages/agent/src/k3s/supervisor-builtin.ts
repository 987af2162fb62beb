/**
 * The built-in supervisor, for nodes without an init system (a bare
 * container): the agent runs k3s as its own child, restarts it with
 * exponential back-off and keeps its last log lines for failure reports.
 * The child dies with the agent, so it never adopts a running k3s.
 */
import { execa, type ResultPromise } from 'execa';
import { type Clock, type K3sLogger, noopLogger, systemClock } from './deps.js';
import { SupervisorError } from './errors.js';
import {
  LOG_TAIL_LINES,
  LineRing,
  type K3sCommandLine,
  type Supervisor,
  type SupervisorState,
  type SupervisorStatus,
} from './supervisor.js';
import { backoffMs } from '@k3sgrid/proto';

interface ChildOptions {
  env: Record<string, string>;
  extendEnv: true;
  reject: false;
  buffer: false;
  stdin: 'ignore';
  stdout: 'pipe';
  stderr: 'pipe';
  cleanup: true;
}
type Child = ResultPromise<ChildOptions>;

export interface BuiltinSupervisorOptions {
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A child that ran at least this long resets the back-off. */
  healthyResetMs?: number;
  /** SIGTERM, then SIGKILL after this long. */
  stopTimeoutMs?: number;
  logLines?: number;
  clock?: Clock;
  logger?: K3sLogger;
  /** Called with the delay of each scheduled restart (observability, tests). */
  onRestartScheduled?: (delayMs: number, restarts: number) => void;
}

export class BuiltinSupervisor implements Supervisor {
  readonly kind = 'builtin' as const;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly resetMs: number;
  private readonly stopTimeoutMs: number;
  private readonly clock: Clock;
  private readonly log: K3sLogger;
  private readonly ring: LineRing;
  private readonly onRestartScheduled: ((delayMs: number, restarts: number) => void) | undefined;
  private cmd: K3sCommandLine | null = null;
  private child: Child | null = null;
  private childExited: Promise<void> = Promise.resolve();
  private wanted = false;
  private state: SupervisorState = 'stopped';
  private attempt = 0;
  private restarts = 0;
  private startedAt = 0;
  private lastExit: SupervisorStatus['lastExit'] = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(opts: BuiltinSupervisorOptions = {}) {
    this.baseMs = opts.backoffBaseMs ?? 1000;
    this.maxMs = opts.backoffMaxMs ?? 30_000;
    this.resetMs = opts.healthyResetMs ?? 60_000;
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 10_000;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.logger ?? noopLogger;
    this.ring = new LineRing(opts.logLines ?? LOG_TAIL_LINES, () => this.clock.now());
    this.onRestartScheduled = opts.onRestartScheduled;
  }

  /** The child died with the agent that spawned it: there is nothing to take over. */
  adopt(): Promise<boolean> {
    return Promise.resolve(false);
  }

  logTailSince(sinceMs: number): Promise<string[]> {
    return Promise.resolve(this.ring.since(sinceMs));
  }

  async start(cmd: K3sCommandLine): Promise<void> {
    await this.stop();
    this.cmd = cmd;
    this.wanted = true;
    this.attempt = 0;
    this.restarts = 0;
    this.spawn();
    return Promise.resolve();
  }

  async restart(): Promise<void> {
    if (!this.cmd) throw new SupervisorError('restart before start');
    await this.start(this.cmd);
  }

  async stop(): Promise<void> {
    this.wanted = false;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const child = this.child;
    if (child === null) {
      this.state = 'stopped';
      return;
    }
    const exited = this.childExited;
    child.kill('SIGTERM');
    let killTimer: NodeJS.Timeout | null = null;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => {
        killTimer = setTimeout(() => resolve(true), this.stopTimeoutMs);
      }),
    ]);
    if (killTimer) clearTimeout(killTimer);
    if (timedOut) {
      this.ring.push(`[k3sgrid] k3s did not stop within ${this.stopTimeoutMs} ms of SIGTERM; sending SIGKILL`);
      child.kill('SIGKILL');
      await exited;
    }
    this.state = 'stopped';
  }

  status(): Promise<SupervisorStatus> {
    return Promise.resolve({
      kind: this.kind,
      state: this.state,
      pid: this.child?.pid ?? null,
      restarts: this.restarts,
      lastExit: this.lastExit,
    });
  }

  logTail(): string[] {
    return this.ring.toArray();
  }

  refreshLogTail(): Promise<string[]> {
    return Promise.resolve(this.logTail());
  }

  private spawn(): void {
    const cmd = this.cmd;
    if (!cmd || !this.wanted) return;
    this.timer = null;
    this.state = 'starting';
    this.startedAt = this.clock.now();
    const options: ChildOptions = {
      env: cmd.env,
      extendEnv: true,
      reject: false,
      buffer: false,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      cleanup: true,
    };
    const child: Child = execa(cmd.file, cmd.args, options);
    this.child = child;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => this.ring.write(d));
    child.stderr.on('data', (d: string) => this.ring.write(d));
    child.once('spawn', () => {
      if (this.child === child && this.state === 'starting') this.state = 'running';
    });
    this.childExited = child.then(
      (r) =>
        this.onExit(
          child,
          r.exitCode ?? null,
          r.signal ?? null,
          r.failed && r.exitCode === undefined ? (r.shortMessage ?? 'spawn failed') : null,
        ),
      (err: unknown) => this.onExit(child, null, null, String(err)),
    );
    this.log.info({ file: cmd.file, args: cmd.args, pid: child.pid }, 'k3s started (built-in supervisor)');
  }

  private onExit(child: Child, code: number | null, signal: string | null, error: string | null): void {
    if (this.child !== child) return;
    this.ring.flush();
    this.child = null;
    this.lastExit = { code, signal };
    if (error !== null) this.ring.push(`[k3sgrid] failed to run k3s: ${error}`);
    this.ring.push(`[k3sgrid] k3s exited (code ${code ?? 'none'}, signal ${signal ?? 'none'})`);
    if (!this.wanted) {
      this.state = 'stopped';
      return;
    }
    if (this.clock.now() - this.startedAt >= this.resetMs) this.attempt = 0;
    const delay = backoffMs(this.attempt, { baseMs: this.baseMs, capMs: this.maxMs });
    this.attempt += 1;
    this.restarts += 1;
    this.state = 'backoff';
    this.log.warn({ code, signal, delayMs: delay, restarts: this.restarts }, 'k3s exited; restarting after back-off');
    this.timer = setTimeout(() => this.spawn(), delay);
    this.onRestartScheduled?.(delay, this.restarts);
  }
}
