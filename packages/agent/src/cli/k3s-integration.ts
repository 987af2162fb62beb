/**
 * Glue between the session and what runs on the node: assignments are
 * dispatched by role to the k3s runner (server-init, server, agent) or the
 * HAProxy runner (lb); phase changes of whichever is in charge are pushed to
 * the coordinator at once; the last assignment is cached (secrets sealed to
 * the node's own X25519 key) so the node comes back without the coordinator.
 * k3s releases are fetched from the coordinator the session is connected to,
 * with the node's identity (release-client.ts).
 */
import path from 'node:path';
import type { AssignmentSecrets, AssignmentSpec, K3sPhase, Role } from '@k3sgrid/proto';
import type { Logger } from 'pino';
import type { AgentSettings } from '../config.js';
import { loadOrCreateKeys } from '../identity.js';
import { type ExecFn, defaultExec } from '../k3s/deps.js';
import { detectInitSystem, nodeFsReader } from '../probe/index.js';
import { type AssignmentCacheStore, createCacheStore, defaultCachePath } from '../k3s/cache.js';
import { HASH_CACHE_FILE, fileHashCache } from '../k3s/hash-cache.js';
import { CoordinatorReleaseSource, type ReleaseEndpoint } from '../k3s/release-client.js';
import { K3sError } from '../k3s/errors.js';
import { type K3sRunnerOptions, K3sRunner, type PhaseEvent } from '../k3s/runner.js';
import {
  type InitSystem,
  type K3sCommandLine,
  type Supervisor,
  type SupervisorKind,
  type SupervisorStatus,
  supervisorKindFor,
} from '../k3s/supervisor.js';
import { createSupervisor } from '../k3s/create-supervisor.js';
import { HaproxyRunner, type HaproxyRunnerOptions } from '../lb/runner.js';
import type { SessionHandlers } from '../session/client.js';

/** What the integration needs of the session: pushing a phase change now, and where releases come from. */
export interface PhaseReporter {
  reportPhase(update: { phase: K3sPhase; message?: string; logTail?: string[]; caHash?: string }): void;
  /** The coordinator to download releases from (AgentSessionClient has it); null before enrollment. */
  releaseEndpoint?(): ReleaseEndpoint | null;
}

export interface K3sIntegration {
  handlers: SessionHandlers;
  /** Phase changes go to this client from now on. */
  attach(client: PhaseReporter): void;
  /** Restarts k3s (or HAProxy) from the cached assignment, if any (coordinator may be away). */
  resume(): Promise<void>;
  /**
   * Agent is stopping. HAProxy and a k3s under the built-in supervisor are
   * stopped (they are our children); k3s under systemd or zinit keeps running
   * unless `stopK3s` is set.
   */
  shutdown(opts?: { stopK3s?: boolean }): Promise<void>;
  readonly runner: K3sRunner;
  readonly haproxy: HaproxyRunner;
  readonly cache: AssignmentCacheStore;
  readonly supervisorKind: SupervisorKind;
}

/** Test and lab knobs; the CLI passes none. */
export interface K3sIntegrationOptions {
  /** The agent's environment (K3S_DOUBLE_* pass-through); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Skips init-system detection. */
  initSystem?: InitSystem;
  runner?: Partial<Omit<K3sRunnerOptions, 'onPhase' | 'cache' | 'supervisor'>>;
  haproxy?: Partial<Omit<HaproxyRunnerOptions, 'onPhase'>>;
}

/**
 * The init system that is running (the probe's ladder: PID 1, sd_booted,
 * zinit's socket, `zinit list`), which decides the supervisor under `auto`.
 */
export function detectRunningInit(probeRoot: string, exec: ExecFn = defaultExec): Promise<InitSystem> {
  return detectInitSystem(nodeFsReader(probeRoot), probeRoot === '/' ? { exec } : {});
}

/**
 * Environment for the k3s child: `K3S_DOUBLE_*` from the agent's own
 * environment (so the lab can tune the test double), and `K3S_DOUBLE_ROOT` set
 * to the root prefix when there is one (real k3s ignores it).
 */
export function childEnv(env: NodeJS.ProcessEnv, root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('K3S_DOUBLE_') && v !== undefined) out[k] = v;
  if (root !== '/' && out['K3S_DOUBLE_ROOT'] === undefined) out['K3S_DOUBLE_ROOT'] = root;
  return out;
}

/** A supervisor whose stop() can be turned into a no-op: the agent leaves, k3s stays. */
class DetachableSupervisor implements Supervisor {
  private detached = false;
  constructor(private readonly inner: Supervisor) {}
  get kind(): SupervisorKind {
    return this.inner.kind;
  }
  detach(): void {
    this.detached = true;
  }
  start(cmd: K3sCommandLine): Promise<void> {
    this.detached = false;
    return this.inner.start(cmd);
  }
  adopt(cmd: K3sCommandLine): Promise<boolean> {
    this.detached = false;
    return this.inner.adopt(cmd);
  }
  logTailSince(sinceMs: number): Promise<string[]> {
    return this.inner.logTailSince(sinceMs);
  }
  stop(): Promise<void> {
    return this.detached ? Promise.resolve() : this.inner.stop();
  }
  restart(): Promise<void> {
    return this.inner.restart();
  }
  status(): Promise<SupervisorStatus> {
    return this.inner.status();
  }
  logTail(): string[] {
    return this.inner.logTail();
  }
  refreshLogTail(): Promise<string[]> {
    return this.inner.refreshLogTail();
  }
}

/** Builds the k3s runner, the HAProxy runner and the cache from the agent settings. */
export async function createK3sIntegration(
  settings: AgentSettings,
  log: Logger,
  opts: K3sIntegrationOptions = {},
): Promise<K3sIntegration> {
  const env = opts.env ?? process.env;
  const root = path.resolve(settings.k3s.rootPrefix ?? '/');
  const keys = await loadOrCreateKeys(settings.stateDir);
  const cache = createCacheStore(defaultCachePath(settings.stateDir), keys.box);
  const k3sLog = log.child({ component: 'k3s' });
  const lbLog = log.child({ component: 'haproxy' });

  // With a root prefix (the lab: several nodes on one machine) the host's init
  // system does not own these nodes, so `auto` means the built-in supervisor.
  const choice = settings.k3s.supervisor ?? 'auto';
  const initSystem = opts.initSystem ?? (root === '/' ? await detectRunningInit(settings.probeRoot) : 'none');
  const supervisorKind = supervisorKindFor(initSystem, choice === 'auto' ? undefined : choice);
  const supervisor = new DetachableSupervisor(
    createSupervisor(supervisorKind, {
      root,
      logger: k3sLog,
      ...(opts.runner?.supervisorOptions ?? {}),
    }),
  );

  let client: PhaseReporter | null = null;
  const releases = new CoordinatorReleaseSource({
    endpoint: () => client?.releaseEndpoint?.() ?? null,
    signingKey: keys.sign.privateKey,
  });
  /** Role of the assignment in charge: decides whose phases the coordinator hears. */
  let role: Role | null = null;
  let last: PhaseEvent | null = null;
  const forward = (source: 'k3s' | 'lb', e: PhaseEvent): void => {
    if ((source === 'lb') !== (role === 'lb')) return; // the runner not in charge only reports "stopped"
    last = e;
    client?.reportPhase({
      phase: e.phase,
      message: e.message,
      logTail: e.logTail,
      ...(e.caHash !== null ? { caHash: e.caHash } : {}),
    });
  };

  const runner = new K3sRunner({
    root,
    initSystem,
    supervisorKind,
    ...opts.runner,
    // An explicit binary (--k3s-binary) is a host path run as is, without the
    // release check: development only (the lab's test double). Otherwise the
    // assignment's release is installed at /usr/local/bin/k3s under the root.
    ...(settings.k3s.binary !== undefined ? { hostBinaryPath: settings.k3s.binary } : {}),
    ...(settings.k3s.dataDir !== undefined ? { dataDir: settings.k3s.dataDir } : {}),
    releases,
    hashCache: fileHashCache(path.join(settings.stateDir, HASH_CACHE_FILE)),
    hostReader: nodeFsReader(settings.probeRoot),
    env: { ...childEnv(env, root), ...opts.runner?.env },
    supervisor,
    cache,
    logger: k3sLog,
    onPhase: (e) => forward('k3s', e),
  });
  const haproxy = new HaproxyRunner({
    root,
    binary: settings.haproxyBinary,
    logger: lbLog,
    ...opts.haproxy,
    onPhase: (e) => forward('lb', e),
  });

  let lock: Promise<unknown> = Promise.resolve();
  const serialize = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = lock.then(fn);
    lock = run.catch(() => undefined);
    return run;
  };

  const dispatch = async (spec: AssignmentSpec, secrets: AssignmentSecrets): Promise<void> => {
    const prevRole = role;
    role = spec.role;
    try {
      // The k3s runner sees every assignment: it enforces the fencing epoch,
      // caches the assignment, and stops k3s for `lb` and `none`.
      await runner.apply(spec, secrets);
    } catch (err) {
      if (err instanceof K3sError && (err.code === 'k3s-epoch-regression' || err.code === 'k3s-stale-generation')) {
        role = prevRole; // refused without touching anything
      }
      throw err;
    }
    if (spec.role === 'lb') {
      await haproxy.apply(spec);
    } else if (haproxy.active) {
      await haproxy.stop();
    }
    if (spec.role === 'none') log.info({ nodeName: spec.nodeName }, 'role none: nothing to run');
  };

  const handlers: SessionHandlers = {
    onAssignment: (spec, secrets) => {
      // A download for an older assignment must not hold this one up.
      runner.supersede(spec, secrets);
      return serialize(() => dispatch(spec, secrets));
    },
    readKubeconfig: async () => {
      const text = await runner.readKubeconfig();
      if (text === null)
        throw new Error('k3s has not written k3s.yaml on this node (not a server, or not started yet)');
      return text;
    },
    onStatus: (status) => {
      // The session re-sends only the bare phase on reconnect; follow it with
      // the full last event so a new coordinator also learns the CA hash.
      if (status === 'connected')
        setImmediate(() => {
          const e = last;
          if (e !== null)
            client?.reportPhase({
              phase: e.phase,
              message: e.message,
              logTail: e.logTail,
              ...(e.caHash !== null ? { caHash: e.caHash } : {}),
            });
        });
    },
  };

  return {
    handlers,
    runner,
    haproxy,
    cache,
    supervisorKind,
    attach(c) {
      client = c;
    },
    resume: () =>
      serialize(async () => {
        let entry;
        try {
          entry = await cache.load();
        } catch (err) {
          // Unreadable cache: wait for the coordinator to send the assignment again.
          log.error({ err }, 'cannot read the assignment cache; waiting for the coordinator');
          return;
        }
        if (entry === null) return;
        log.info(
          { role: entry.spec.role, epoch: entry.spec.epoch, generation: entry.spec.generation, savedAt: entry.savedAt },
          'resuming from the cached assignment',
        );
        try {
          await dispatch(entry.spec, entry.secrets);
        } catch (err) {
          // Reported as `failed` by the runner; the session still connects so the coordinator can fix it.
          log.error({ err }, 'resuming from the cached assignment failed');
        }
      }),
    async shutdown(o = {}) {
      await lock;
      // HAProxy always runs under our built-in supervisor: it is our child and
      // would die with us anyway, so stop it cleanly.
      await haproxy.stop();
      // k3s under systemd or zinit outlives the agent on purpose: the cluster
      // must not depend on the agent process (principle 3), and an agent upgrade
      // or restart must not restart k3s. Under the built-in supervisor k3s is
      // our child process (execa kills it when we exit), so stop it cleanly.
      if (supervisorKind !== 'builtin' && o.stopK3s !== true) supervisor.detach();
      await runner.stop(); // ends the readiness watch; stops k3s unless detached
    },
  };
}
