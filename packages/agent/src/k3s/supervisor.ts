/**
 * Keeping k3s running: through systemd, through zinit, or (no init system, e.g.
 * a bare container) through a built-in supervisor that restarts the child with
 * exponential back-off and keeps the last log lines for failure reports.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import {
  type Clock,
  type ExecFn,
  K3S_DEFAULTS,
  type K3sLogger,
  defaultExec,
  noopLogger,
  rooted,
  systemClock,
} from './deps.js';
import { SupervisorError } from './errors.js';
import { writeFileAtomic } from './files.js';
import type { K3sCommand } from './flags.js';

/** What to run: `<file> <args...>` with extra environment (merged over the agent's). */
export interface K3sCommandLine {
  role: K3sCommand;
  file: string;
  args: string[];
  env: Record<string, string>;
}

export type SupervisorKind = 'systemd' | 'zinit' | 'builtin';
export type SupervisorState = 'stopped' | 'starting' | 'running' | 'backoff' | 'failed';

export interface SupervisorStatus {
  kind: SupervisorKind;
  state: SupervisorState;
  pid: number | null;
  /** Automatic restarts since the last start() (not counting start() itself). */
  restarts: number;
  lastExit: { code: number | null; signal: string | null } | null;
}

export interface Supervisor {
  readonly kind: SupervisorKind;
  /**
   * Starts k3s with `cmd`; if it is already running it is stopped first (one
   * restart). Returns once the start is under way, not when k3s is up:
   * readiness is the runner's health checks' business.
   */
  start(cmd: K3sCommandLine): Promise<void>;
  /**
   * Takes over a k3s that already runs with exactly `cmd` (same unit or
   * service file on disk) without restarting it; true when it did. Used after
   * an agent restart: systemd and zinit keep k3s running meanwhile. The
   * built-in supervisor's child dies with the agent, so it never adopts.
   */
  adopt(cmd: K3sCommandLine): Promise<boolean>;
  stop(): Promise<void>;
  /** Restarts with the last command given to start(). */
  restart(): Promise<void>;
  status(): Promise<SupervisorStatus>;
  /** Last log lines known to the supervisor (at most 200). */
  logTail(): string[];
  /** Fetches fresh log lines where they live outside this process (journald, zinit). */
  refreshLogTail(): Promise<string[]>;
  /**
   * Log lines written at or after `sinceMs` (epoch ms), fetched fresh, so an
   * old failure in the tail is not taken for a current one. zinit keeps no
   * times: there it is the whole tail.
   */
  logTailSince(sinceMs: number): Promise<string[]>;
}

export const LOG_TAIL_LINES = 200;

/** Fixed-size buffer of the last N lines, each with the time it was completed. */
export class LineRing {
  private readonly lines: string[] = [];
  private readonly times: number[] = [];
  private partial = '';
  constructor(
    private readonly max = LOG_TAIL_LINES,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends a chunk of output; a trailing partial line is kept until its newline. */
  write(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.push(p.replace(/\r$/, ''));
    if (this.partial.length > 64 * 1024) {
      this.push(this.partial);
      this.partial = '';
    }
  }

  push(line: string): void {
    this.lines.push(line);
    this.times.push(this.now());
    if (this.lines.length > this.max) {
      const drop = this.lines.length - this.max;
      this.lines.splice(0, drop);
      this.times.splice(0, drop);
    }
  }

  flush(): void {
    if (this.partial !== '') this.push(this.partial);
    this.partial = '';
  }

  replace(lines: readonly string[]): void {
    this.lines.length = 0;
    this.times.length = 0;
    this.partial = '';
    const t = this.now();
    for (const l of lines.slice(-this.max)) {
      this.lines.push(l);
      this.times.push(t);
    }
  }

  toArray(): string[] {
    return this.partial === '' ? [...this.lines] : [...this.lines, this.partial].slice(-this.max);
  }

  /** Complete lines from `sinceMs` on, then the partial line (it is being written now). */
  since(sinceMs: number): string[] {
    const out = this.lines.filter((_, i) => (this.times[i] ?? 0) >= sinceMs);
    return this.partial === '' ? out : [...out, this.partial];
  }
}

/** Back-off before restart number `attempt` (0-based): base·2^attempt, capped. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
}

// ---------------------------------------------------------------------------
// Built-in supervisor

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
    const delay = backoffDelay(this.attempt, this.baseMs, this.maxMs);
    this.attempt += 1;
    this.restarts += 1;
    this.state = 'backoff';
    this.log.warn({ code, signal, delayMs: delay, restarts: this.restarts }, 'k3s exited; restarting after back-off');
    this.timer = setTimeout(() => this.spawn(), delay);
    this.onRestartScheduled?.(delay, this.restarts);
  }
}

// ---------------------------------------------------------------------------
// systemd

export interface SystemdSupervisorOptions {
  root?: string;
  exec?: ExecFn;
  systemdDir?: string;
  /** Type= of the unit; the install script uses `notify` (k3s calls sd_notify). */
  serviceType?: 'notify' | 'simple' | 'exec';
  logger?: K3sLogger;
}

/** Quotes one word for a systemd command line (ExecStart=). */
export function systemdQuote(arg: string): string {
  const escaped = arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return `"${escaped}"`;
}

export function systemdUnitName(role: K3sCommand): string {
  return role === 'server' ? 'k3s' : 'k3s-agent';
}

/**
 * The unit the k3s install script writes (install.sh `create_systemd_service_file`,
 * research §14), with our ExecStart. The agent writes it itself: nothing
 * ships the install script.
 */
export function renderSystemdUnit(cmd: K3sCommandLine, envFile: string, serviceType = 'notify'): string {
  const exec = [cmd.file, ...cmd.args].map(systemdQuote).join(' \\\n    ');
  return [
    '[Unit]',
    'Description=Lightweight Kubernetes',
    'Documentation=https://k3s.io',
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
    '[Service]',
    `Type=${serviceType}`,
    // Added by k3sgrid: the k3s test double signals readiness with systemd-notify
    // from a child process, which systemd only accepts with NotifyAccess=all. Real
    // k3s notifies from its main process and clears NOTIFY_SOCKET for its
    // children (research §3), so for k3s this changes nothing.
    'NotifyAccess=all',
    'EnvironmentFile=-/etc/default/%N',
    'EnvironmentFile=-/etc/sysconfig/%N',
    `EnvironmentFile=-${envFile}`,
    'KillMode=process',
    'Delegate=yes',
    'User=root',
    'LimitNOFILE=1048576',
    'LimitNPROC=infinity',
    'LimitCORE=infinity',
    'TasksMax=infinity',
    'TimeoutStartSec=0',
    'Restart=always',
    'RestartSec=5s',
    "ExecStartPre=/bin/sh -xc '! /usr/bin/systemctl is-enabled --quiet nm-cloud-setup.service 2>/dev/null'",
    'ExecStartPre=-/sbin/modprobe br_netfilter',
    'ExecStartPre=-/sbin/modprobe overlay',
    `ExecStart=${exec}`,
    '',
  ].join('\n');
}

/** KEY="value" lines for an EnvironmentFile. */
export function renderEnvFile(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join('\n')
    .concat(Object.keys(env).length > 0 ? '\n' : '');
}

async function run(exec: ExecFn, file: string, args: string[]): Promise<string> {
  const r = await exec(file, args);
  if (r.exitCode !== 0) {
    throw new SupervisorError(
      `${file} ${args.join(' ')} failed (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim()}`,
    );
  }
  return r.stdout;
}

/** The file's text, or null when it cannot be read. */
async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * systemd's view of a unit as a supervisor state. A `Type=notify` unit whose
 * process runs but has not sent READY=1 is `activating (start)` with a main
 * PID: the process is running (readiness is judged by health checks; a k3s
 * agent sends READY=1 only after it has registered, research §3).
 */
export function systemdState(active: string, sub: string, mainPid: number): SupervisorState {
  if (active === 'active') return 'running';
  if (active === 'activating') {
    if (sub === 'auto-restart') return 'backoff';
    return sub === 'start' && mainPid > 0 ? 'running' : 'starting';
  }
  if (active === 'failed') return 'failed';
  return 'stopped';
}

export class SystemdSupervisor implements Supervisor {
  readonly kind = 'systemd' as const;
  private readonly root: string;
  private readonly exec: ExecFn;
  private readonly dir: string;
  private readonly serviceType: string;
  private readonly ring = new LineRing();
  private unit: string | null = null;

  constructor(opts: SystemdSupervisorOptions = {}) {
    this.root = opts.root ?? '/';
    this.exec = opts.exec ?? defaultExec;
    this.dir = opts.systemdDir ?? K3S_DEFAULTS.systemdDir;
    this.serviceType = opts.serviceType ?? 'notify';
  }

  private files(cmd: K3sCommandLine): { unit: string; unitFile: string; envFile: string } {
    const unit = systemdUnitName(cmd.role);
    return {
      unit,
      unitFile: path.posix.join(this.dir, `${unit}.service`),
      envFile: path.posix.join(this.dir, `${unit}.service.env`),
    };
  }

  async start(cmd: K3sCommandLine): Promise<void> {
    const { unit, unitFile, envFile } = this.files(cmd);
    // Role changed (server <-> agent), in this process or before an agent
    // restart: the other unit must not keep running.
    const other = systemdUnitName(cmd.role === 'server' ? 'agent' : 'server');
    if (this.unit === other || (await pathExists(rooted(this.root, path.posix.join(this.dir, `${other}.service`))))) {
      await run(this.exec, 'systemctl', ['disable', '--now', `${other}.service`]);
      await fs.rm(rooted(this.root, path.posix.join(this.dir, `${other}.service`)), { force: true });
    }
    await writeFileAtomic(rooted(this.root, envFile), renderEnvFile(cmd.env), 0o600);
    await writeFileAtomic(rooted(this.root, unitFile), renderSystemdUnit(cmd, envFile, this.serviceType), 0o644);
    this.unit = unit;
    await run(this.exec, 'systemctl', ['daemon-reload']);
    await run(this.exec, 'systemctl', ['enable', `${unit}.service`]);
    // --no-block: a Type=notify unit's start job waits for READY=1, which a k3s
    // agent never sends while its registration is refused, and the unit has
    // TimeoutStartSec=0. A blocking restart would hold the runner forever.
    await run(this.exec, 'systemctl', ['restart', '--no-block', `${unit}.service`]);
  }

  async adopt(cmd: K3sCommandLine): Promise<boolean> {
    const { unit, unitFile, envFile } = this.files(cmd);
    const onDisk = await readOrNull(rooted(this.root, unitFile));
    const envOnDisk = await readOrNull(rooted(this.root, envFile));
    if (onDisk !== renderSystemdUnit(cmd, envFile, this.serviceType) || envOnDisk !== renderEnvFile(cmd.env))
      return false;
    this.unit = unit;
    return (await this.status()).state === 'running';
  }

  async stop(): Promise<void> {
    if (this.unit === null) return;
    await run(this.exec, 'systemctl', ['stop', `${this.unit}.service`]);
  }

  async restart(): Promise<void> {
    if (this.unit === null) throw new SupervisorError('restart before start');
    await run(this.exec, 'systemctl', ['restart', '--no-block', `${this.unit}.service`]);
  }

  async status(): Promise<SupervisorStatus> {
    if (this.unit === null) return { kind: this.kind, state: 'stopped', pid: null, restarts: 0, lastExit: null };
    const r = await this.exec('systemctl', [
      'show',
      '-p',
      'ActiveState,SubState,MainPID,NRestarts,ExecMainStatus',
      `${this.unit}.service`,
    ]);
    const props = new Map<string, string>();
    for (const line of r.stdout.split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) props.set(line.slice(0, i), line.slice(i + 1).trim());
    }
    const pid = Number(props.get('MainPID') ?? '0') || 0;
    const code = props.get('ExecMainStatus');
    return {
      kind: this.kind,
      state: systemdState(props.get('ActiveState') ?? 'unknown', props.get('SubState') ?? '', pid),
      pid: pid > 0 ? pid : null,
      restarts: Number(props.get('NRestarts') ?? '0') || 0,
      lastExit: code !== undefined && code !== '' ? { code: Number(code), signal: null } : null,
    };
  }

  logTail(): string[] {
    return this.ring.toArray();
  }

  async refreshLogTail(): Promise<string[]> {
    return this.journal([]);
  }

  logTailSince(sinceMs: number): Promise<string[]> {
    return this.journal(['--since', `@${Math.floor(sinceMs / 1000)}`]);
  }

  private async journal(extra: string[]): Promise<string[]> {
    if (this.unit === null) return [];
    const r = await this.exec('journalctl', [
      '-u',
      `${this.unit}.service`,
      ...extra,
      '-n',
      String(LOG_TAIL_LINES),
      '--no-pager',
      '-o',
      'cat',
    ]);
    if (r.exitCode !== 0) return extra.length === 0 ? this.logTail() : [];
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    if (extra.length === 0) this.ring.replace(lines);
    return lines;
  }
}

// ---------------------------------------------------------------------------
// zinit

export interface ZinitSupervisorOptions {
  root?: string;
  exec?: ExecFn;
  zinitDir?: string;
  /** Service name; default `k3s` (file `<zinitDir>/k3s.yaml`). */
  service?: string;
  logger?: K3sLogger;
}

/** Quotes one word for zinit's shell-like `exec:` splitting. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function renderZinitService(cmd: K3sCommandLine): string {
  const q = (s: string): string => JSON.stringify(s); // YAML double-quoted scalars accept JSON strings
  const lines = [
    `exec: ${q([cmd.file, ...cmd.args].map(shellQuote).join(' '))}`,
    'log: ring',
    'signal:',
    '  stop: SIGTERM',
  ];
  const env = Object.entries(cmd.env);
  if (env.length > 0) {
    lines.push('env:');
    for (const [k, v] of env) lines.push(`  ${k}: ${q(v)}`);
  }
  return lines.join('\n') + '\n';
}

export class ZinitSupervisor implements Supervisor {
  readonly kind = 'zinit' as const;
  private readonly root: string;
  private readonly exec: ExecFn;
  private readonly dir: string;
  private readonly service: string;
  private readonly ring = new LineRing();
  private cmd: K3sCommandLine | null = null;

  constructor(opts: ZinitSupervisorOptions = {}) {
    this.root = opts.root ?? '/';
    this.exec = opts.exec ?? defaultExec;
    this.dir = opts.zinitDir ?? K3S_DEFAULTS.zinitDir;
    this.service = opts.service ?? 'k3s';
  }

  private serviceFile(): string {
    return rooted(this.root, path.posix.join(this.dir, `${this.service}.yaml`));
  }

  async start(cmd: K3sCommandLine): Promise<void> {
    await writeFileAtomic(this.serviceFile(), renderZinitService(cmd), 0o644);
    const known = await this.exec('zinit', ['status', this.service]);
    if (known.exitCode === 0) {
      // zinit reads the service file at monitor time: stop, forget, monitor again.
      await run(this.exec, 'zinit', ['stop', this.service]);
      await run(this.exec, 'zinit', ['forget', this.service]);
    }
    this.cmd = cmd;
    await run(this.exec, 'zinit', ['monitor', this.service]);
  }

  async adopt(cmd: K3sCommandLine): Promise<boolean> {
    if ((await readOrNull(this.serviceFile())) !== renderZinitService(cmd)) return false;
    if ((await this.status()).state !== 'running') return false;
    this.cmd = cmd;
    return true;
  }

  async stop(): Promise<void> {
    if (this.cmd === null) return;
    await run(this.exec, 'zinit', ['stop', this.service]);
  }

  async restart(): Promise<void> {
    if (this.cmd === null) throw new SupervisorError('restart before start');
    await run(this.exec, 'zinit', ['stop', this.service]);
    await run(this.exec, 'zinit', ['start', this.service]);
  }

  async status(): Promise<SupervisorStatus> {
    const r = await this.exec('zinit', ['status', this.service]);
    if (r.exitCode !== 0) return { kind: this.kind, state: 'stopped', pid: null, restarts: 0, lastExit: null };
    const props = new Map<string, string>();
    for (const line of r.stdout.split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) props.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    const st = (props.get('state') ?? '').toLowerCase();
    const state: SupervisorState = st.startsWith('running')
      ? 'running'
      : st.startsWith('spawned') || st.startsWith('unknown')
        ? 'starting'
        : st.startsWith('error') || st.startsWith('failure')
          ? 'failed'
          : st.startsWith('success') || st.startsWith('blocked')
            ? 'stopped'
            : 'stopped';
    const pid = Number(props.get('pid') ?? '0');
    return { kind: this.kind, state, pid: pid > 0 ? pid : null, restarts: 0, lastExit: null };
  }

  logTail(): string[] {
    return this.ring.toArray();
  }

  async refreshLogTail(): Promise<string[]> {
    const r = await this.exec('zinit', ['log', '-s', this.service]);
    if (r.exitCode === 0) this.ring.replace(r.stdout.split('\n').filter((l) => l !== ''));
    return this.logTail();
  }

  /** zinit's log ring has no times: the whole tail (a stale line may be in it). */
  logTailSince(): Promise<string[]> {
    return this.refreshLogTail();
  }
}

// ---------------------------------------------------------------------------

/** What the probe found as init system. */
export type InitSystem = 'systemd' | 'zinit' | 'none';

/** systemd → systemd, zinit → zinit, anything else → built-in; `override` wins. */
export function supervisorKindFor(initSystem: string | undefined, override?: SupervisorKind): SupervisorKind {
  if (override) return override;
  if (initSystem === 'systemd') return 'systemd';
  if (initSystem === 'zinit') return 'zinit';
  return 'builtin';
}

export interface CreateSupervisorOptions {
  root?: string;
  exec?: ExecFn;
  logger?: K3sLogger;
  systemd?: Omit<SystemdSupervisorOptions, 'root' | 'exec' | 'logger'>;
  zinit?: Omit<ZinitSupervisorOptions, 'root' | 'exec' | 'logger'>;
  builtin?: BuiltinSupervisorOptions;
}

export function createSupervisor(kind: SupervisorKind, opts: CreateSupervisorOptions = {}): Supervisor {
  const common = {
    ...(opts.root !== undefined ? { root: opts.root } : {}),
    ...(opts.exec !== undefined ? { exec: opts.exec } : {}),
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
  };
  switch (kind) {
    case 'systemd':
      return new SystemdSupervisor({ ...opts.systemd, ...common });
    case 'zinit':
      return new ZinitSupervisor({ ...opts.zinit, ...common });
    case 'builtin':
      return new BuiltinSupervisor({ ...(opts.logger ? { logger: opts.logger } : {}), ...opts.builtin });
  }
}

/** Exported so the runner can check that a rooted directory exists. */
export async function pathExists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
