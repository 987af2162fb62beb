/**
 * K3sRunner: turns an assignment into a running k3s and reports each phase
 * change as it happens:
 *   pending → configuring → installing → starting → running → ready | failed
 *
 * - configuring: render config.yaml (keys checked against k3s's flags),
 *   cache the assignment, prepare the host (spec.nodePrep: modules, services).
 * - installing: the k3s binary of spec.k3sRelease from the coordinator,
 *   verified before it becomes executable (release-install.ts), and its
 *   air-gap images.
 * - starting: write config.yaml, the node password and manifests, then start
 *   k3s without waiting for it: the supervisor returns at once and a
 *   background watch reports running, ready and failures (crash loops, k3s's
 *   own registration errors in its log, deadlines). The watch keeps going
 *   after a failure, so a k3s that recovers is reported ready again.
 *
 * - Same epoch, generation and content as the applied assignment: no-op.
 * - Changed: files rewritten, k3s restarted once.
 * - Unchanged on disk after an agent restart, and k3s still running under
 *   systemd or zinit: k3s is adopted, not restarted.
 * - Lower epoch (or lower generation in the same epoch): refused.
 * - A node-side failure (download, disk, host services) is retried with
 *   exponential back-off without a new assignment; the apply resolves with
 *   `retrying`. Anything wrong with the assignment itself rejects.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import {
  backoffMs,
  type AssignmentSecrets,
  type AssignmentSpec,
  type BackoffPolicy,
  type InitSystem,
  type K3sArch,
  type K3sPhase,
} from '@k3sgrid/proto';
import { type FsReader, nodeFsReader } from '../probe/index.js';
import type { AssignmentCacheStore, CachedAssignment } from './cache.js';
import { caHashOfFile } from './cahash.js';
import { commandForRole, renderK3sConfig } from './config.js';
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
import { BinaryMissingError, EpochRegressionError, K3sError, ReleaseError, StaleGenerationError } from './errors.js';
import {
  type K3sFilePaths,
  k3sFilesUnchanged,
  syncManifests,
  writeFileAtomic,
  writeK3sConfig,
  writeNodePassword,
} from './files.js';
import type { K3sCommand } from './flags.js';
import { type HashCache, memoryHashCache } from './hash-cache.js';
import {
  type HealthResult,
  type HttpsGet,
  type KubeletCredentials,
  checkAgentReady,
  checkServerReady,
  nodeHttpsGet,
} from './health.js';
import { MODULES_LOAD_FILE, hasNodePrep, prepareNode } from './node-prep.js';
import { PhaseWaiters } from './phase-waiters.js';
import { findRegistrationFailure } from './registration-log.js';
import {
  type ReleaseFs,
  checkReleaseArch,
  installBlob,
  isRetryable,
  nodeArch,
  progressThrottle,
} from './release-install.js';
import type { ReleaseSource } from './release-source.js';
import { type CreateSupervisorOptions, createSupervisor } from './create-supervisor.js';
import {
  type K3sCommandLine,
  LOG_TAIL_LINES,
  type Supervisor,
  type SupervisorKind,
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

/** Back-off of retries of the same assignment after a node-side failure. */
export interface RetryOptions {
  /** First delay (default 2 s); doubles per failed try. */
  baseMs?: number;
  /** Longest delay (default 60 s). */
  capMs?: number;
  /** Source of jitter in [0, 1) (tests pin it). */
  random?: () => number;
}

export interface K3sRunnerOptions {
  /** Called synchronously at every phase change (and when the CA hash becomes known). */
  onPhase: (event: PhaseEvent) => void;
  /** Root prefix for every absolute file path below; `/` on a real node. */
  root?: string;
  /** k3s binary (default /usr/local/bin/k3s), under root: where releases are installed. */
  binaryPath?: string;
  /**
   * Development only (`--k3s-binary`, the lab, the test double): a k3s
   * executable on the host, NOT under root, run as is. The assignment's
   * release is neither downloaded nor checked.
   */
  hostBinaryPath?: string;
  /** Where release blobs come from (the coordinator, over the session's pinned channel). */
  releases?: ReleaseSource;
  /** Remembered sha256 of installed blobs (the agent keeps it in its state dir); default in memory. */
  hashCache?: HashCache;
  /** This machine's k3s arch; default from process.arch (x64 → amd64, arm64 → arm64). */
  arch?: K3sArch | null;
  /** Replaces the fs write of downloads (tests: a full disk). */
  releaseFs?: Partial<ReleaseFs>;
  retry?: RetryOptions;
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
  /** Probe result: picks the supervisor (unless given) and how host services are managed. */
  initSystem?: InitSystem;
  supervisorKind?: SupervisorKind;
  supervisor?: Supervisor;
  supervisorOptions?: CreateSupervisorOptions;
  /** The host's /proc and /sys for node preparation (default: the real filesystem at /). */
  hostReader?: FsReader;
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
  /** Time from start to `ready` before reporting `failed` (default 10 min); the watch goes on after it. */
  readyTimeoutMs?: number;
  healthIntervalMs?: number;
  /** Restarts of a not-yet-ready k3s before reporting `failed` (default 5). */
  maxCrashesBeforeFailed?: number;
  /** Time for the supervisor to report the process running before reporting `failed` (default 30 s). */
  startTimeoutMs?: number;
}

/**
 * - `adopted`: k3s already ran with this assignment (agent restart) and was not restarted.
 * - `retrying`: a node-side step failed; the same assignment is tried again after a back-off.
 * - `superseded`: a newer assignment arrived while this one was downloading.
 */
export type ApplyAction = 'noop' | 'started' | 'restarted' | 'adopted' | 'stopped' | 'retrying' | 'superseded';

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

/**
 * Retries of an assignment by default: 2 s, 4 s, … 60 s, of which the second
 * half is random, so a fleet that failed together does not come back together.
 */
export const ASSIGNMENT_RETRY_BACKOFF = {
  baseMs: 2000,
  capMs: 60_000,
  jitter: 'equal',
} as const satisfies BackoffPolicy;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** Image archive names k3s imports from agent/images (research §13); anything else is refused. */
const IMAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*\.(?:tar|tar\.lz4|tar\.bz2|tbz|tar\.gz|tgz|tar\.zst|tzst)$/;

export class K3sRunner {
  private readonly o: K3sRunnerOptions;
  private readonly root: string;
  private readonly paths: K3sFilePaths;
  private readonly kubeconfigPath: string;
  private readonly clock: Clock;
  private readonly log: K3sLogger;
  private readonly get: HttpsGet;
  private readonly hashCache: HashCache;
  private readonly arch: K3sArch | null;
  readonly supervisor: Supervisor;
  private applied: Applied | null = null;
  private currentPhase: K3sPhase = 'pending';
  private ca: string | null = null;
  private started = false;
  private monitorToken = 0;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly waiters = new PhaseWaiters<PhaseEvent>();
  private lastEvent: PhaseEvent | null = null;
  /** Retry back-off of the assignment with this hash. */
  private retryState = { hash: '', attempt: 0 };
  private retryToken = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private inflight: { hash: string; abort: AbortController } | null = null;

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
    this.hashCache = opts.hashCache ?? memoryHashCache();
    this.arch = opts.arch !== undefined ? opts.arch : nodeArch();
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

  /**
   * Applies an assignment. Resolves once k3s is started (or adopted, or a
   * retry is scheduled); readiness and later failures are reported through
   * `onPhase` by the background watch.
   */
  apply(spec: AssignmentSpec, secrets: AssignmentSecrets): Promise<ApplyResult> {
    const run = this.lock.then(() => this.applyLocked(spec, secrets));
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * A new assignment has arrived: a download for another one is cancelled
   * (its part file stays for a later resume) so the new one need not wait.
   */
  supersede(spec: AssignmentSpec, secrets: AssignmentSecrets): void {
    const hash = assignmentHash(spec, secrets);
    if (this.inflight !== null && this.inflight.hash !== hash) this.inflight.abort.abort();
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

  /** Stops k3s, the readiness watch, a pending retry and a download in progress. */
  async stop(): Promise<void> {
    this.monitorToken += 1;
    this.cancelRetry();
    this.inflight?.abort.abort();
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

  private cancelRetry(): void {
    this.retryToken += 1;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Schedules another try of this assignment; returns the delay. */
  private scheduleRetry(spec: AssignmentSpec, secrets: AssignmentSecrets): number {
    const r = this.o.retry;
    const delay = backoffMs(
      this.retryState.attempt++,
      {
        ...ASSIGNMENT_RETRY_BACKOFF,
        ...(r?.baseMs !== undefined ? { baseMs: r.baseMs } : {}),
        ...(r?.capMs !== undefined ? { capMs: r.capMs } : {}),
      },
      r?.random,
    );
    const token = ++this.retryToken;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      // Through the lock, and only if nothing newer was applied meanwhile.
      const run = this.lock.then(() => (token === this.retryToken ? this.applyLocked(spec, secrets) : undefined));
      this.lock = run.catch(() => undefined);
      run.catch((err: unknown) => this.log.warn({ err }, 'retry of the assignment failed'));
    }, delay);
    return delay;
  }

  private initSystem(): InitSystem {
    if (this.o.initSystem !== undefined) return this.o.initSystem;
    return this.supervisor.kind === 'builtin' ? 'none' : this.supervisor.kind;
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
    this.cancelRetry();
    // A re-send of the same assignment keeps its back-off; a new one starts afresh.
    if (this.retryState.hash !== hash) this.retryState = { hash, attempt: 0 };
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
        // That datastore's CA is not the cluster's: never report it again.
        this.ca = null;
        this.log.warn(
          { epoch: spec.epoch, aside },
          'fenced out of an older epoch: moved the old server datastore aside',
        );
      }
    }
    const wasServer = (r: string): boolean => r === 'server-init' || r === 'server';
    if (prev && wasServer(prev.spec.role) && !wasServer(spec.role)) {
      // Demoted (the cluster has fewer servers now): the coordinator removes
      // this node's etcd member through a live server. Its datastore must
      // never serve again and k3s must not find it if this node rejoins
      // (as an agent or, later, as a fresh server): stopped and moved aside.
      if (this.started) await this.supervisor.stop();
      this.started = false;
      const serverDir = rooted(this.root, path.posix.join(this.paths.dataDir, 'server'));
      if (
        await fs.access(serverDir).then(
          () => true,
          () => false,
        )
      ) {
        const aside = `${serverDir}.demoted-${Date.now()}`;
        await fs.rename(serverDir, aside);
        this.ca = null;
        this.log.warn({ role: spec.role, aside }, 'no longer a server: moved the server datastore aside');
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

    const abort = new AbortController();
    this.inflight = { hash, abort };
    try {
      const command = commandForRole(spec.role);
      this.emit('configuring', `writing k3s ${command} config for ${spec.nodeName}`);
      const dataDirChanged = this.paths.dataDir !== K3S_DEFAULTS.dataDir;
      const rendered = renderK3sConfig(spec, secrets, {
        ...(dataDirChanged ? { dataDir: this.argPath(this.paths.dataDir) } : {}),
        ...(this.o.withNodeId !== undefined ? { withNodeId: this.o.withNodeId } : {}),
        ...(this.o.writeKubeconfigMode !== undefined ? { writeKubeconfigMode: this.o.writeKubeconfigMode } : {}),
        ...(this.o.extraConfig !== undefined ? { extra: this.o.extraConfig } : {}),
      });
      // Compared before anything is written: after an agent restart, the disk
      // is the only record of what k3s runs with.
      const filesUnchanged =
        !this.started &&
        (await k3sFilesUnchanged(this.paths, {
          yaml: rendered.yaml,
          nodePassword: secrets.nodePassword !== '' ? secrets.nodePassword : null,
          manifests: command === 'server' ? spec.manifests : null,
        }));
      await this.saveCache(spec, secrets);
      if (hasNodePrep(spec.nodePrep)) {
        const what = [
          ...spec.nodePrep.modules.map((m) => `module ${m}`),
          ...spec.nodePrep.services.map((s) => `service ${s}`),
        ].join(', ');
        this.emit(
          'configuring',
          `preparing the node${spec.nodePrep.reason ? ` for ${spec.nodePrep.reason}` : ''}: ${what}`,
        );
        await prepareNode(spec.nodePrep, {
          exec: this.o.exec ?? defaultExec,
          reader: this.o.hostReader ?? nodeFsReader('/'),
          initSystem: this.initSystem(),
          logger: this.log,
          persistModules: (content) => writeFileAtomic(rooted(this.root, MODULES_LOAD_FILE), content, 0o644),
        });
      }

      this.emit('installing', 'checking the k3s binary');
      const installed = await this.installK3s(spec, abort.signal);
      this.retryState.attempt = 0;

      if (secrets.nodePassword !== '') await writeNodePassword(this.paths, secrets.nodePassword);
      await writeK3sConfig(this.paths, rendered.yaml);
      if (command === 'server') await syncManifests(this.paths, spec.manifests);

      const cmd: K3sCommandLine = {
        role: command,
        file: installed.binaryPath,
        args: [command, '--config', this.argPath(this.paths.configPath)],
        env: { ...this.o.env },
      };
      const since = this.clock.now();
      if (filesUnchanged && !installed.changed && (await this.supervisor.adopt(cmd))) {
        this.started = true;
        this.emit(
          'running',
          `k3s ${command} was already running with this assignment (${this.supervisor.kind}); not restarted`,
        );
        this.startMonitor(spec, since, true);
        return { action: 'adopted', hash };
      }
      this.emit('starting', wasStarted ? 'restarting k3s with the new assignment' : `starting k3s ${command}`);
      await this.supervisor.start(cmd); // stops a running k3s first: one restart
      this.started = true;
      this.startMonitor(spec, since, false);
      return { action: wasStarted ? 'restarted' : 'started', hash };
    } catch (err) {
      if (abort.signal.aborted) {
        // supersede() or stop(): whatever broke was the cancelled download.
        this.log.info({ hash, err: String(err) }, 'apply cancelled: a newer assignment arrived or the agent stops');
        return { action: 'superseded', hash };
      }
      const msg = err instanceof K3sError ? `${err.code}: ${err.message}` : String(err);
      if (isRetryable(err)) {
        const delay = this.scheduleRetry(spec, secrets);
        await this.fail(`${msg} (retrying in ${seconds(delay)})`);
        return { action: 'retrying', hash };
      }
      await this.fail(msg);
      throw err;
    } finally {
      if (this.inflight?.abort === abort) this.inflight = null;
    }
  }

  /** The binary to run: the release of the assignment, installed and verified; see K3sRunnerOptions. */
  private async installK3s(
    spec: AssignmentSpec,
    signal: AbortSignal,
  ): Promise<{ binaryPath: string; changed: boolean }> {
    // Cached assignments of older agents have no k3sRelease field.
    const rel = spec.k3sRelease ?? null;
    if (this.o.hostBinaryPath !== undefined) {
      if (rel !== null)
        this.log.warn(
          { version: rel.version, binary: this.o.hostBinaryPath },
          'running the k3s binary given on the command line; the release in the assignment is not checked (development only)',
        );
      return { binaryPath: await hostBinary(this.o.hostBinaryPath), changed: false };
    }
    const binaryPath = rooted(this.root, this.o.binaryPath ?? K3S_DEFAULTS.binaryPath);
    if (rel === null) {
      // A coordinator that names no release: only a binary baked into the image can run.
      await hostBinary(binaryPath).catch(() => {
        throw new BinaryMissingError(
          `the assignment names no k3s release and there is no k3s binary at ${binaryPath}; the agent downloads k3s only from the coordinator`,
        );
      });
      this.log.warn({ binary: binaryPath }, 'the assignment names no k3s release: running the baked binary unchecked');
      return { binaryPath, changed: false };
    }
    checkReleaseArch(rel, this.arch);
    const source = this.o.releases;
    if (source === undefined)
      throw new ReleaseError('k3s-release-unavailable', 'no release source: the agent has no coordinator session');
    const label = `k3s ${rel.version}`;
    const deps = {
      source,
      cache: this.hashCache,
      signal,
      logger: this.log,
      ...(this.o.releaseFs ? { fs: this.o.releaseFs } : {}),
    };
    const bin = await installBlob(
      { blob: rel, dest: binaryPath, mode: 0o755, label, keepPrevious: true },
      {
        ...deps,
        onProgress: progressThrottle(this.clock, (p) => this.emit('installing', `downloading ${label} (${p} %)`)),
      },
    );
    if (rel.images !== null) {
      const name = rel.images.name;
      if (!IMAGE_NAME.test(name))
        throw new K3sError(
          'k3s-config-invalid',
          `air-gap image archive name ${JSON.stringify(name)} is not one k3s imports`,
        );
      const images = `${label} air-gap images`;
      await installBlob(
        {
          blob: rel.images,
          dest: rooted(this.root, path.posix.join(this.paths.dataDir, 'agent', 'images', name)),
          mode: 0o644,
          label: images,
          keepPrevious: false,
        },
        {
          ...deps,
          onProgress: progressThrottle(this.clock, (p) => this.emit('installing', `downloading ${images} (${p} %)`)),
        },
      );
    }
    // k3s watches its images folder; only a new binary needs a restart.
    return { binaryPath, changed: bin.action === 'downloaded' };
  }

  private async saveCache(spec: AssignmentSpec, secrets: AssignmentSecrets): Promise<void> {
    if (!this.o.cache) return;
    try {
      await this.o.cache.save(spec, secrets);
    } catch (err) {
      this.log.warn({ err }, 'could not save the assignment cache');
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

  private async readRooted(p: string): Promise<string | null> {
    try {
      return await fs.readFile(rooted(this.root, p), 'utf8');
    } catch {
      return null;
    }
  }

  /** The kubelet credentials k3s writes once the node has registered, or null before. */
  private async kubeletCredentials(): Promise<KubeletCredentials | null> {
    const dir = path.posix.join(this.paths.dataDir, 'agent');
    const [ca, cert, key] = await Promise.all([
      this.readRooted(path.posix.join(dir, 'server-ca.crt')),
      this.readRooted(path.posix.join(dir, 'client-kubelet.crt')),
      this.readRooted(path.posix.join(dir, 'client-kubelet.key')),
    ]);
    return ca !== null && cert !== null && key !== null ? { ca, cert, key } : null;
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
      return checkServerReady({
        baseUrl: `https://${host}:6443`,
        nodeName: ctx.nodeName,
        kubeconfig: await ctx.readKubeconfig(),
        serverCa: await this.readRooted(path.posix.join(this.paths.dataDir, 'server', 'tls', 'server-ca.crt')),
        get: this.get,
      });
    }
    return checkAgentReady({
      serverUrl: spec.serverUrl,
      nodeName: ctx.nodeName,
      credentials: await this.kubeletCredentials(),
      get: this.get,
    });
  }

  /**
   * The background watch of one start (or adoption) at `since`. Failures are
   * reported once per cause and never end the watch: k3s keeps retrying by
   * itself, and when it gets there the node is reported ready.
   */
  private startMonitor(spec: AssignmentSpec, since: number, alreadyRunning: boolean): void {
    const token = this.monitorToken;
    const interval = this.o.healthIntervalMs ?? 2000;
    const readyTimeout = this.o.readyTimeoutMs ?? 600_000;
    const startBy = since + (this.o.startTimeoutMs ?? 30_000);
    let readyBy = since + readyTimeout;
    const maxCrashes = this.o.maxCrashesBeforeFailed ?? 5;
    const role = commandForRole(spec.role);
    const isServer = role === 'server';
    const live = (): boolean => token === this.monitorToken;
    const loop = async (): Promise<void> => {
      let seenRunning = alreadyRunning;
      let reported: string | null = null; // cause of the failure last reported
      let crashBase: number | null = null; // restarts counted from here
      let lastDetail = '';
      const report = async (cause: string, message: string, tail?: string[]): Promise<void> => {
        if (reported === cause) return;
        reported = cause;
        if (tail) this.emit('failed', message, tail);
        else await this.fail(message);
      };
      while (live()) {
        if (isServer && this.ca === null) {
          try {
            const h = await this.readCaHash();
            if (h !== null && live()) {
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
        if (!live()) return;
        crashBase ??= st.restarts;
        const crashed = st.restarts - crashBase >= maxCrashes;
        const crashMessage = `k3s exited ${st.restarts - crashBase} times before becoming ready (last exit code ${st.lastExit?.code ?? 'none'}, signal ${st.lastExit?.signal ?? 'none'})`;
        if (!seenRunning) {
          if (st.state === 'running') {
            seenRunning = true;
            reported = null;
            this.emit('running', `k3s ${role} is running (${this.supervisor.kind})`);
          } else if (crashed) {
            await report('crashing', crashMessage);
          } else if (this.clock.now() >= startBy) {
            await report(
              'start',
              `k3s did not start within ${this.o.startTimeoutMs ?? 30_000} ms (supervisor state ${st.state})`,
            );
          }
        }
        if (!live()) return;
        if (seenRunning && this.currentPhase !== 'ready') {
          // k3s's own words for a refused join explain everything else.
          const lines = await this.supervisor.logTailSince(since).catch(() => [] as string[]);
          if (!live()) return;
          const refused = findRegistrationFailure(lines, role);
          if (refused) await report(`registration:${refused.kind}`, refused.message, lines.slice(-LOG_TAIL_LINES));
          else if (crashed) await report('crashing', crashMessage);
          else if (this.clock.now() >= readyBy)
            await report('not-ready', `k3s not ready after ${readyTimeout} ms: ${lastDetail}`);
          if (!live()) return;
          const h = await this.checkHealth(spec).catch((err: unknown) => ({ ready: false, detail: String(err) }));
          if (!live()) return;
          lastDetail = h.detail;
          if (h.ready) {
            if (isServer && this.ca === null) this.ca = await this.readCaHash().catch(() => null);
            crashBase = (await this.supervisor.status()).restarts;
            reported = null;
            this.emit('ready', h.detail);
          }
        } else if (this.currentPhase === 'ready' && st.state !== 'running') {
          // It was ready and the process went away: back to running (the supervisor restarts it).
          readyBy = this.clock.now() + readyTimeout;
          this.emit('running', `k3s is ${st.state}; waiting for it to become ready again`);
        }
        await this.clock.sleep(interval);
      }
    };
    void loop().catch((err: unknown) => this.log.error({ err }, 'k3s readiness watch failed'));
  }
}

async function hostBinary(file: string): Promise<string> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new Error('not a file');
    await fs.access(file, fsConstants.X_OK);
  } catch {
    throw new BinaryMissingError(`k3s binary ${file} is missing or not executable`);
  }
  return file;
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
