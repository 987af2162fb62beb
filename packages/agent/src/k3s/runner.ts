/**
 * K3sRunner: turns an assignment into a running k3s and reports each phase
 * change as it happens:
 *   pending → configuring → installing → starting → running → ready | failed
 *
 * - Same epoch, generation and content as the applied assignment: no-op.
 * - Changed: files rewritten, k3s restarted once.
 * - Lower epoch (or lower generation in the same epoch): refused.
 */
import { PhaseWaiters } from './phase-waiters.js';
import { createHash } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { AssignmentSecrets, AssignmentSpec, K3sPhase } from '@k3sgrid/proto';
import type { AssignmentCacheStore, CachedAssignment } from './cache.js';
import { caHashOfFile } from './cahash.js';
import { commandForRole, renderK3sConfig } from './config.js';
import { type Clock, type ExecFn, K3S_DEFAULTS, type K3sLogger, noopLogger, rooted, systemClock } from './deps.js';
import { BinaryMissingError, EpochRegressionError, K3sError, StaleGenerationError } from './errors.js';
import { type K3sFilePaths, syncManifests, writeK3sConfig, writeNodePassword } from './files.js';
import type { K3sCommand } from './flags.js';
import { type HealthResult, type HttpsGet, checkAgentReady, checkServerReady, nodeHttpsGet } from './health.js';
import { ensureK3sInstalled } from './install.js';
import {
  type CreateSupervisorOptions,
  type InitSystem,
  type K3sCommandLine,
  type Supervisor,
  type SupervisorKind,
  createSupervisor,
  supervisorKindFor,
} from './supervisor.js';

export interface PhaseEvent {
  phase: K3sPhase;
  message: string;
  /** Last k3s log lines; filled on `failed`, empty otherwise. */
  logTail: string[];
  /** CA hash (K10 form) once `server-ca.crt` exists on a server; null otherwise. */
  caHash: string | null;
  epoch: number;
  generation: number;
}

export interface HealthContext {
  role: K3sCommand;
  spec: AssignmentSpec;
  nodeName: string;
  supervisor: Supervisor;
  readKubeconfig(): Promise<string | null>;
}

export interface K3sRunnerOptions {
  /** Called synchronously at every phase change (and when the CA hash becomes known). */
  onPhase: (event: PhaseEvent) => void;
  /** Root prefix for every absolute file path below; `/` on a real node. */
  root?: string;
  /** k3s binary (default /usr/local/bin/k3s), under root. */
  binaryPath?: string;
  /**
   * A k3s binary on the host, NOT under root (e.g. test/k3s-double/k3s). When
   * set, the install step only checks that it exists.
   */
  hostBinaryPath?: string;
  bakedBinaryPaths?: string[];
  installScriptPath?: string;
  configPath?: string;
  /** k3s data dir (default /var/lib/rancher/k3s); written as `data-dir` only when not the default. */
  dataDir?: string;
  kubeconfigPath?: string;
  nodePasswordPath?: string;
  /**
   * How paths appear on k3s's command line and in config.yaml: `host` (root
   * applied; default) or `logical` (as k3s would see them in a chroot at root).
   */
  argPaths?: 'host' | 'logical';
  /** Extra environment for the k3s child (e.g. K3S_DOUBLE_ROOT for the test double). */
  env?: Record<string, string>;
  /** Probe result; picks the supervisor unless `supervisorKind` or `supervisor` is given. */
  initSystem?: InitSystem;
  supervisorKind?: SupervisorKind;
  supervisor?: Supervisor;
  supervisorOptions?: CreateSupervisorOptions;
  withNodeId?: boolean;
  writeKubeconfigMode?: string;
  extraConfig?: Record<string, unknown>;
  exec?: ExecFn;
  httpsGet?: HttpsGet;
  /** Replaces the built-in readiness check (tests, or a custom probe). */
  healthCheck?: (ctx: HealthContext) => Promise<HealthResult>;
  cache?: Pick<AssignmentCacheStore, 'save'>;
  clock?: Clock;
  logger?: K3sLogger;
  /** Time from `running` to `ready` before reporting `failed` (default 10 min). */
  readyTimeoutMs?: number;
  healthIntervalMs?: number;
  /** Restarts of a not-yet-ready k3s before reporting `failed` (default 5). */
  maxCrashesBeforeFailed?: number;
  /** How long to wait for the supervisor to report the process running (default 30 s). */
  startTimeoutMs?: number;
}

export type ApplyAction = 'noop' | 'started' | 'restarted' | 'stopped';

export interface ApplyResult {
  action: ApplyAction;
  hash: string;
}

interface Applied {
  epoch: number;
  generation: number;
  hash: string;
  spec: AssignmentSpec;
}

/** Deterministic JSON (sorted keys) for hashing. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Content hash of an assignment (spec and secrets). */
export function assignmentHash(spec: AssignmentSpec, secrets: AssignmentSecrets): string {
  return createHash('sha256').update(stableStringify({ spec, secrets })).digest('hex');
}

export class K3sRunner {
  private readonly o: K3sRunnerOptions;
  private readonly root: string;
  private readonly paths: K3sFilePaths;
  private readonly kubeconfigPath: string;
  private readonly clock: Clock;
  private readonly log: K3sLogger;
  private readonly get: HttpsGet;
  readonly supervisor: Supervisor;
  private applied: Applied | null = null;
  private currentPhase: K3sPhase = 'pending';
  private ca: string | null = null;
  private started = false;
  private monitorToken = 0;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly waiters = new PhaseWaiters<PhaseEvent>();
  private lastEvent: PhaseEvent | null = null;

  constructor(opts: K3sRunnerOptions) {
    this.o = opts;
    this.root = opts.root ?? '/';
    this.paths = {
      root: this.root,
      configPath: opts.configPath ?? K3S_DEFAULTS.configPath,
      nodePasswordPath: opts.nodePasswordPath ?? K3S_DEFAULTS.nodePasswordPath,
      dataDir: opts.dataDir ?? K3S_DEFAULTS.dataDir,
    };
    this.kubeconfigPath = opts.kubeconfigPath ?? K3S_DEFAULTS.kubeconfigPath;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.logger ?? noopLogger;
    this.get = opts.httpsGet ?? nodeHttpsGet;
    this.supervisor =
      opts.supervisor ??
      createSupervisor(supervisorKindFor(opts.initSystem, opts.supervisorKind), {
        ...opts.supervisorOptions,
        root: this.root,
        ...(opts.exec ? { exec: opts.exec } : {}),
        ...(opts.logger ? { logger: opts.logger } : {}),
      });
  }

  get phase(): K3sPhase {
    return this.currentPhase;
  }

  /** Epoch, generation and content hash of the applied assignment. */
  get appliedState(): { epoch: number; generation: number; hash: string } | null {
    return this.applied
      ? { epoch: this.applied.epoch, generation: this.applied.generation, hash: this.applied.hash }
      : null;
  }

  get caHash(): string | null {
    return this.ca;
  }

  /** Applies an assignment; resolves once k3s is `running` (readiness is watched in the background). */
  apply(spec: AssignmentSpec, secrets: AssignmentSecrets): Promise<ApplyResult> {
    const run = this.lock.then(() => this.applyLocked(spec, secrets));
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * Resolves with the last event if the current phase is in `phases`, else with
   * the next event whose phase is; rejects after timeoutMs.
   */
  waitForPhase(phases: readonly K3sPhase[], timeoutMs = 60_000): Promise<PhaseEvent> {
    return this.waiters.wait(this.lastEvent, phases, timeoutMs, () => this.currentPhase);
  }

  /** `/etc/rancher/k3s/k3s.yaml` (under root), or null if k3s has not written it. */
  async readKubeconfig(): Promise<string | null> {
    try {
      return await fs.readFile(rooted(this.root, this.kubeconfigPath), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** The CA hash of `<data-dir>/server/tls/server-ca.crt`, or null before it exists. */
  async readCaHash(): Promise<string | null> {
    return caHashOfFile(rooted(this.root, path.posix.join(this.paths.dataDir, 'server', 'tls', 'server-ca.crt')));
  }

  /** Stops k3s and the readiness watch. */
  async stop(): Promise<void> {
    this.monitorToken += 1;
    await this.lock;
    await this.supervisor.stop();
    this.started = false;
  }

  // -------------------------------------------------------------------------

  private emit(phase: K3sPhase, message: string, logTail: string[] = []): void {
    this.currentPhase = phase;
    const event: PhaseEvent = {
      phase,
      message,
      logTail,
      caHash: this.ca,
      epoch: this.applied?.epoch ?? 0,
      generation: this.applied?.generation ?? 0,
    };
    this.lastEvent = event;
    this.log.info({ phase, message }, 'k3s phase');
    try {
      this.o.onPhase(event);
    } catch (err) {
      this.log.error({ err }, 'onPhase callback threw');
    }
    this.waiters.emit(event);
  }

  private async fail(message: string): Promise<void> {
    let tail: string[];
    try {
      tail = await this.supervisor.refreshLogTail();
    } catch {
      tail = this.supervisor.logTail();
    }
    this.emit('failed', message, tail);
  }

  private argPath(p: string): string {
    return this.o.argPaths === 'logical' ? p : rooted(this.root, p);
  }

  private async applyLocked(spec: AssignmentSpec, secrets: AssignmentSecrets): Promise<ApplyResult> {
    const hash = assignmentHash(spec, secrets);
    const prev = this.applied;
    if (prev) {
      if (spec.epoch < prev.epoch) throw new EpochRegressionError(prev.epoch, spec.epoch);
      if (spec.epoch === prev.epoch && spec.generation < prev.generation)
        throw new StaleGenerationError(prev.generation, spec.generation);
      if (
        spec.epoch === prev.epoch &&
        spec.generation === prev.generation &&
        hash === prev.hash &&
        this.currentPhase !== 'failed'
      ) {
        return { action: 'noop', hash };
      }
    }
    this.monitorToken += 1; // stops the readiness watch of the previous assignment
    if (prev && spec.epoch > prev.epoch && prev.spec.role === 'server-init' && spec.role !== 'server-init') {
      // Fenced out: this node was the first server of an older epoch whose
      // cluster the coordinator abandoned. Its datastore must never serve
      // again (k3s would ignore --server while it exists), so it is stopped
      // and moved aside before anything else runs.
      if (this.started) await this.supervisor.stop();
      this.started = false;
      const serverDir = rooted(this.root, path.posix.join(this.paths.dataDir, 'server'));
      if (
        await fs.access(serverDir).then(
          () => true,
          () => false,
        )
      ) {
        const aside = `${serverDir}.fenced-epoch-${prev.epoch}-${Date.now()}`;
        await fs.rename(serverDir, aside);
        this.log.warn(
          { epoch: spec.epoch, aside },
          'fenced out of an older epoch: moved the old server datastore aside',
        );
      }
    }
    const wasStarted = this.started;
    // Record the epoch now: even if this apply fails, a lower epoch must stay refused.
    this.applied = { epoch: spec.epoch, generation: spec.generation, hash, spec };

    if (spec.role === 'none' || spec.role === 'lb') {
      if (this.started) await this.supervisor.stop();
      this.started = false;
      await this.saveCache(spec, secrets);
      this.emit('pending', `role ${spec.role} runs no k3s`);
      return { action: 'stopped', hash };
    }

    try {
      this.emit('configuring', `writing k3s ${commandForRole(spec.role)} config for ${spec.nodeName}`);
      const command = commandForRole(spec.role);
      const dataDirChanged = this.paths.dataDir !== K3S_DEFAULTS.dataDir;
      const rendered = renderK3sConfig(spec, secrets, {
        ...(dataDirChanged ? { dataDir: this.argPath(this.paths.dataDir) } : {}),
        ...(this.o.withNodeId !== undefined ? { withNodeId: this.o.withNodeId } : {}),
        ...(this.o.writeKubeconfigMode !== undefined ? { writeKubeconfigMode: this.o.writeKubeconfigMode } : {}),
        ...(this.o.extraConfig !== undefined ? { extra: this.o.extraConfig } : {}),
      });
      if (secrets.nodePassword !== '') await writeNodePassword(this.paths, secrets.nodePassword);
      await writeK3sConfig(this.paths, rendered.yaml);
      if (command === 'server') await syncManifests(this.paths, spec.manifests);
      await this.saveCache(spec, secrets);

      this.emit('installing', 'checking the k3s binary');
      const installed =
        this.o.hostBinaryPath !== undefined
          ? await hostBinary(this.o.hostBinaryPath)
          : await ensureK3sInstalled({
              root: this.root,
              installExec: command,
              version: spec.k3sVersion,
              ...(this.o.binaryPath !== undefined ? { binaryPath: this.o.binaryPath } : {}),
              ...(this.o.bakedBinaryPaths !== undefined ? { bakedBinaryPaths: this.o.bakedBinaryPaths } : {}),
              ...(this.o.installScriptPath !== undefined ? { installScriptPath: this.o.installScriptPath } : {}),
              ...(this.o.initSystem !== undefined ? { initSystem: this.o.initSystem } : {}),
              ...(this.o.exec !== undefined ? { exec: this.o.exec } : {}),
              logger: this.log,
            });

      this.emit('starting', wasStarted ? 'restarting k3s with the new assignment' : `starting k3s ${command}`);
      const cmd: K3sCommandLine = {
        role: command,
        file: installed.binaryPath,
        args: [command, '--config', this.argPath(this.paths.configPath)],
        env: { ...this.o.env },
      };
      await this.supervisor.start(cmd); // stops a running k3s first: one restart
      this.started = true;
      await this.waitRunning();
      this.emit('running', `k3s ${command} is running (${this.supervisor.kind})`);
    } catch (err) {
      const msg = err instanceof K3sError ? `${err.code}: ${err.message}` : String(err);
      await this.fail(msg);
      throw err;
    }
    this.startMonitor(spec);
    return { action: wasStarted ? 'restarted' : 'started', hash };
  }

  private async saveCache(spec: AssignmentSpec, secrets: AssignmentSecrets): Promise<void> {
    if (!this.o.cache) return;
    try {
      await this.o.cache.save(spec, secrets);
    } catch (err) {
      this.log.warn({ err }, 'could not save the assignment cache');
    }
  }

  private async waitRunning(): Promise<void> {
    const deadline = this.clock.now() + (this.o.startTimeoutMs ?? 30_000);
    for (;;) {
      const st = await this.supervisor.status();
      if (st.state === 'running') return;
      if (this.clock.now() >= deadline)
        throw new K3sError('K3S_SUPERVISOR_FAILED', `k3s did not start (supervisor state ${st.state})`);
      await this.clock.sleep(25);
    }
  }

  private async nodeName(spec: AssignmentSpec): Promise<string> {
    let name = spec.nodeName;
    if (this.o.withNodeId === true) {
      try {
        const id = (await fs.readFile(rooted(this.root, '/etc/rancher/node/id'), 'utf8')).trim();
        if (id !== '') name = `${name}-${id}`;
      } catch {
        // k3s writes the id on first start
      }
    }
    return name.toLowerCase();
  }

  private async checkHealth(spec: AssignmentSpec): Promise<HealthResult> {
    const role = commandForRole(spec.role);
    const ctx: HealthContext = {
      role,
      spec,
      nodeName: await this.nodeName(spec),
      supervisor: this.supervisor,
      readKubeconfig: () => this.readKubeconfig(),
    };
    if (this.o.healthCheck) return this.o.healthCheck(ctx);
    if (role === 'server') {
      const ip = spec.nodeIp.split(',')[0]?.trim() || '127.0.0.1';
      const host = ip.includes(':') ? `[${ip}]` : ip;
      let serverCa: string | null;
      try {
        serverCa = await fs.readFile(
          rooted(this.root, path.posix.join(this.paths.dataDir, 'server', 'tls', 'server-ca.crt')),
          'utf8',
        );
      } catch {
        serverCa = null;
      }
      return checkServerReady({
        baseUrl: `https://${host}:6443`,
        nodeName: ctx.nodeName,
        kubeconfig: await ctx.readKubeconfig(),
        serverCa,
        get: this.get,
      });
    }
    const st = await this.supervisor.status();
    return checkAgentReady({ processRunning: st.state === 'running', serverUrl: spec.serverUrl, get: this.get });
  }

  private startMonitor(spec: AssignmentSpec): void {
    const token = this.monitorToken;
    const interval = this.o.healthIntervalMs ?? 2000;
    const readyBy = this.clock.now() + (this.o.readyTimeoutMs ?? 600_000);
    const maxCrashes = this.o.maxCrashesBeforeFailed ?? 5;
    const isServer = commandForRole(spec.role) === 'server';
    const loop = async (): Promise<void> => {
      let lastDetail = '';
      let crashBase = 0; // restarts counted from here (reset when k3s becomes ready)
      while (token === this.monitorToken) {
        if (isServer && this.ca === null) {
          try {
            const h = await this.readCaHash();
            if (h !== null && token === this.monitorToken) {
              this.ca = h;
              this.emit(
                this.currentPhase,
                `CA hash ${h}`,
                this.currentPhase === 'failed' ? this.supervisor.logTail() : [],
              );
            }
          } catch (err) {
            this.log.warn({ err }, 'cannot compute the CA hash');
          }
        }
        const st = await this.supervisor.status();
        if (token !== this.monitorToken) return;
        if (this.currentPhase !== 'failed' && this.currentPhase !== 'ready') {
          if (st.restarts - crashBase >= maxCrashes) {
            await this.fail(
              `k3s exited ${st.restarts} times before becoming ready (last exit code ${st.lastExit?.code ?? 'none'}, signal ${st.lastExit?.signal ?? 'none'})`,
            );
          } else if (this.clock.now() >= readyBy) {
            await this.fail(`k3s not ready after ${this.o.readyTimeoutMs ?? 600_000} ms: ${lastDetail}`);
          }
        }
        if (token !== this.monitorToken) return;
        if (this.currentPhase !== 'ready') {
          const h = await this.checkHealth(spec).catch((err: unknown) => ({ ready: false, detail: String(err) }));
          if (token !== this.monitorToken) return;
          lastDetail = h.detail;
          if (h.ready) {
            if (isServer && this.ca === null) this.ca = await this.readCaHash().catch(() => null);
            crashBase = (await this.supervisor.status()).restarts;
            this.emit('ready', h.detail);
          }
        } else if (st.state !== 'running') {
          // It was ready and the process went away: back to running (the supervisor restarts it).
          this.emit('running', `k3s is ${st.state}; waiting for it to become ready again`);
        }
        await this.clock.sleep(interval);
      }
    };
    void loop().catch((err: unknown) => this.log.error({ err }, 'k3s readiness watch failed'));
  }
}

async function hostBinary(file: string): Promise<{ binaryPath: string }> {
  try {
    await fs.access(file, fsConstants.X_OK);
  } catch {
    throw new BinaryMissingError(`k3s binary ${file} is missing or not executable`);
  }
  return { binaryPath: file };
}

/**
 * Boot without the coordinator: restart k3s from the cached assignment.
 * Returns null when there is no cache. The session keeps trying to reconnect;
 * a later identical assignment from the coordinator is then a no-op.
 */
export async function resumeFromCache(
  runner: K3sRunner,
  cache: { load(): Promise<CachedAssignment | null> },
): Promise<ApplyResult | null> {
  const entry = await cache.load();
  if (entry === null) return null;
  return runner.apply(entry.spec, entry.secrets);
}
