/**
 * k3s as a systemd unit, written as the k3s install script writes it
 * (`k3s.service` for servers, `k3s-agent.service` for agents) with the
 * environment in `<unit>.service.env`; logs come from journald.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type ExecFn, K3S_DEFAULTS, type K3sLogger, defaultExec, rooted } from './deps.js';
import { SupervisorError } from './errors.js';
import { writeFileAtomic } from './files.js';
import type { K3sCommand } from './flags.js';
import {
  LOG_TAIL_LINES,
  LineRing,
  pathExists,
  readOrNull,
  runChecked,
  type K3sCommandLine,
  type Supervisor,
  type SupervisorState,
  type SupervisorStatus,
} from './supervisor.js';

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
      await runChecked(this.exec, 'systemctl', ['disable', '--now', `${other}.service`]);
      await fs.rm(rooted(this.root, path.posix.join(this.dir, `${other}.service`)), { force: true });
    }
    await writeFileAtomic(rooted(this.root, envFile), renderEnvFile(cmd.env), 0o600);
    await writeFileAtomic(rooted(this.root, unitFile), renderSystemdUnit(cmd, envFile, this.serviceType), 0o644);
    this.unit = unit;
    await runChecked(this.exec, 'systemctl', ['daemon-reload']);
    await runChecked(this.exec, 'systemctl', ['enable', `${unit}.service`]);
    // --no-block: a Type=notify unit's start job waits for READY=1, which a k3s
    // agent never sends while its registration is refused, and the unit has
    // TimeoutStartSec=0. A blocking restart would hold the runner forever.
    await runChecked(this.exec, 'systemctl', ['restart', '--no-block', `${unit}.service`]);
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
    await runChecked(this.exec, 'systemctl', ['stop', `${this.unit}.service`]);
  }

  async restart(): Promise<void> {
    if (this.unit === null) throw new SupervisorError('restart before start');
    await runChecked(this.exec, 'systemctl', ['restart', '--no-block', `${this.unit}.service`]);
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
