/**
 * Keeping k3s running: the {@link Supervisor} contract and what its three
 * back-ends share (the log tail, checked commands). The back-ends are one file
 * each: systemd (supervisor-systemd.ts), zinit (supervisor-zinit.ts) and, with
 * no init system (e.g. a bare container), a built-in supervisor that restarts
 * the child with exponential back-off (supervisor-builtin.ts);
 * create-supervisor.ts picks one.
 */
import { promises as fs } from 'node:fs';
import type { ExecFn } from './deps.js';
import { SupervisorError } from './errors.js';
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

/** Runs `file args`; a non-zero exit is a {@link SupervisorError} with its output. */
export async function runChecked(exec: ExecFn, file: string, args: string[]): Promise<string> {
  const r = await exec(file, args);
  if (r.exitCode !== 0) {
    throw new SupervisorError(
      `${file} ${args.join(' ')} failed (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim()}`,
    );
  }
  return r.stdout;
}

/** The file's text, or null when it cannot be read. */
export async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** What the probe found as init system. */
export type InitSystem = 'systemd' | 'zinit' | 'none';

/** systemd → systemd, zinit → zinit, anything else → built-in; `override` wins. */
export function supervisorKindFor(initSystem: string | undefined, override?: SupervisorKind): SupervisorKind {
  if (override) return override;
  if (initSystem === 'systemd') return 'systemd';
  if (initSystem === 'zinit') return 'zinit';
  return 'builtin';
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
