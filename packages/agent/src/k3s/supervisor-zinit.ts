/**
 * k3s as a zinit service (`<zinitDir>/k3s.yaml`, ThreeFold Zero-OS style
 * nodes): zinit restarts it and keeps its log ring.
 */
import path from 'node:path';
import { type ExecFn, K3S_DEFAULTS, type K3sLogger, defaultExec, rooted } from './deps.js';
import { SupervisorError } from './errors.js';
import { writeFileAtomic } from './files.js';
import {
  LineRing,
  readOrNull,
  runChecked,
  type K3sCommandLine,
  type Supervisor,
  type SupervisorState,
  type SupervisorStatus,
} from './supervisor.js';

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
      await runChecked(this.exec, 'zinit', ['stop', this.service]);
      await runChecked(this.exec, 'zinit', ['forget', this.service]);
    }
    this.cmd = cmd;
    await runChecked(this.exec, 'zinit', ['monitor', this.service]);
  }

  async adopt(cmd: K3sCommandLine): Promise<boolean> {
    if ((await readOrNull(this.serviceFile())) !== renderZinitService(cmd)) return false;
    if ((await this.status()).state !== 'running') return false;
    this.cmd = cmd;
    return true;
  }

  async stop(): Promise<void> {
    if (this.cmd === null) return;
    await runChecked(this.exec, 'zinit', ['stop', this.service]);
  }

  async restart(): Promise<void> {
    if (this.cmd === null) throw new SupervisorError('restart before start');
    await runChecked(this.exec, 'zinit', ['stop', this.service]);
    await runChecked(this.exec, 'zinit', ['start', this.service]);
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
