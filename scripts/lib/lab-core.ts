/**
 * The lab's machinery, shared by `npm run lab` and the end-to-end tests: a
 * coordinator in this process (real TLS, WebSocket, SQLite) and one real
 * agent process per simulated node, each with its own loopback address and
 * root folder, running the k3s test double (real etcd) or real HAProxy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import {
  type ClusterRow,
  clusterSpec,
  type ClusterSpec,
  type Connection,
  type CoordinatorIdentity,
  exportIdentity,
  type GatewayOptions,
  k3sArchOf,
  openState,
  type RunningCoordinator,
  startCoordinator,
  uploadFile,
} from '@k3sgrid/coordinator';
import { startPostgres, type TestPostgres } from './postgres.js';
import { buildDoubleRelease } from '../../test/k3s-double/build.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const AGENT_BIN = join(REPO_ROOT, 'packages/agent/src/bin/k3sgrid-agent.ts');
export const K3S_DOUBLE = join(REPO_ROOT, 'test/k3s-double/k3s');

/** Test-double timings for a quick lab: etcd and node leases. */
export const FAST_DOUBLE_ENV: Record<string, string> = {
  K3S_DOUBLE_NODE_GRACE_MS: '8000',
  K3S_DOUBLE_ETCD_HEARTBEAT_MS: '100',
  K3S_DOUBLE_ETCD_ELECTION_MS: '1000',
  K3S_DOUBLE_RETRY_MS: '500',
  // Agents retry a lost coordinator within 3 s (30 s in production).
  K3SGRID_RECONNECT_MAX_MS: '3000',
};

export interface LabNode {
  index: number;
  ip: string;
  dir: string;
  stateDir: string;
  rootPrefix: string;
  child: ChildProcess;
  logFile: string;
}

export interface LabOptions {
  dir: string;
  subnet: string;
  port?: number;
  clusterName?: string;
  spec?: Partial<ClusterSpec>;
  env?: Record<string, string>;
  logLevel?: string;
  /** Gateway options of the coordinator (e.g. a short ping interval for fault tests). */
  gateway?: Partial<GatewayOptions>;
  /** Coordinator replicas (default 1); more than one needs a PostgreSQL datastore. */
  replicas?: number;
  /** `postgres://…`, or `postgres` for a private PostgreSQL (temporary folder, stopped with the lab); default SQLite. */
  datastore?: string;
}

const builds = new Map<string, Promise<string>>();

/**
 * The k3s test double built as the release `version` (one self-contained
 * executable; built once per process and version).
 */
export function doubleRelease(version: string): Promise<string> {
  let b = builds.get(version);
  if (!b) {
    const out = join(tmpdir(), `k3sgrid-double-${process.pid}`, version, 'k3s');
    b = buildDoubleRelease({ version, outFile: out }).then((r) => r.path);
    builds.set(version, b);
  }
  return b;
}

/**
 * Imports the k3s test double as release `version` for this machine's arch:
 * the lab's nodes fetch it from the coordinator as real nodes fetch k3s.
 */
export async function importK3sRelease(c: RunningCoordinator, version: string): Promise<void> {
  const arch = k3sArchOf(process.arch);
  if (!arch) throw new Error(`lab: k3s has no binary for ${process.arch}`);
  const file = await doubleRelease(version);
  await c.releases.importBinary({ version, arch, source: createReadStream(file), actor: 'lab' });
}

/** The same through a coordinator's API (a coordinator in another process), as `k3sgrid release import` does. */
export async function importK3sReleaseOverApi(conn: Connection, version: string): Promise<void> {
  const arch = k3sArchOf(process.arch);
  if (!arch) throw new Error(`lab: k3s has no binary for ${process.arch}`);
  await uploadFile(conn, `/v1/releases/${encodeURIComponent(version)}/${arch}/binary`, await doubleRelease(version));
}

/** Spawns one simulated node's agent (its own process group, loopback address and root folder). */
export function spawnLabAgent(o: {
  labDir: string;
  subnet: string;
  index: number;
  agentUrl: string;
  token?: string | undefined;
  wipe?: boolean;
  hostname?: string;
  args?: string[];
  env?: Record<string, string> | undefined;
}): LabNode {
  const dir = join(o.labDir, `node${o.index}`);
  const stateDir = join(dir, o.wipe ? `agent-${Date.now()}` : 'agent');
  const rootPrefix = join(dir, 'root');
  mkdirSync(rootPrefix, { recursive: true });
  const logFile = join(dir, 'agent.log');
  const out = createWriteStream(logFile, { flags: 'a' });
  const ip = `${o.subnet}.${o.index}`;
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      AGENT_BIN,
      'run',
      '--coordinator',
      o.agentUrl,
      ...(o.token ? ['--token', o.token] : []),
      '--state-dir',
      stateDir,
      '--hostname',
      o.hostname ?? `lab-node${o.index}`,
      '--node-ip',
      ip,
      '--root-prefix',
      rootPrefix,
      '--supervisor',
      'builtin',
      ...(o.args ?? []),
    ],
    {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The double found at <root>/usr/local/bin/k3s runs on this Node.
      env: {
        ...process.env,
        K3SGRID_LOG_LEVEL: 'info',
        K3S_DOUBLE_NODE: process.execPath,
        ...FAST_DOUBLE_ENV,
        ...o.env,
      },
    },
  );
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return { index: o.index, ip, dir, stateDir, rootPrefix, child, logFile };
}

/** Stops a lab agent and everything under it (its process group). */
export async function stopLabAgent(n: LabNode, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!n.child.pid || n.child.exitCode !== null || n.child.signalCode !== null) return;
  const exited = new Promise((r) => n.child.once('exit', r));
  try {
    // The agent leads its own process group: its k3s and etcd go with it.
    process.kill(-n.child.pid, signal);
  } catch {
    return;
  }
  const t = setTimeout(() => {
    try {
      process.kill(-(n.child.pid ?? 0), 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 8000);
  await exited;
  clearTimeout(t);
}

export class Lab {
  readonly nodes: LabNode[] = [];
  private constructor(
    readonly o: LabOptions,
    /** Every replica; the first is the one the lab talks to. */
    readonly coordinators: RunningCoordinator[],
    readonly cluster: ClusterRow,
    private readonly pg: TestPostgres | null,
  ) {}

  get coordinator(): RunningCoordinator {
    const c = this.coordinators[0];
    if (!c) throw new Error('lab: no coordinator');
    return c;
  }

  static async start(o: LabOptions): Promise<Lab> {
    mkdirSync(o.dir, { recursive: true });
    const replicas = o.replicas ?? 1;
    let pg: TestPostgres | null = null;
    let datastore = o.datastore;
    if (datastore === 'postgres') {
      pg = await startPostgres();
      datastore = await pg.createDatabase('k3sgrid_lab');
    }
    if (replicas > 1 && !datastore?.startsWith('postgres'))
      throw new Error('lab: --replicas above 1 needs --datastore postgres (replicas share one PostgreSQL database)');
    const coordinators: RunningCoordinator[] = [];
    let identity: CoordinatorIdentity | undefined;
    for (let i = 0; i < replicas; i++) {
      const stateDir = join(o.dir, i === 0 ? 'coordinator' : `coordinator${i + 1}`);
      // Bind the state dir to the datastore; replicas after the first install its identity.
      if (datastore)
        await (
          await openState(stateDir, { advertise: ['127.0.0.1'], datastore, ...(identity ? { identity } : {}) })
        ).store.close();
      if (i === 0 && replicas > 1) identity = await exportIdentity(stateDir);
      coordinators.push(
        await startCoordinator({
          stateDir,
          listen: `127.0.0.1:${o.port ? o.port + i : 0}`,
          advertise: ['127.0.0.1'],
          logger: pino(
            { level: o.logLevel ?? 'info' },
            pino.destination({
              dest: join(o.dir, i === 0 ? 'coordinator.log' : `coordinator${i + 1}.log`),
              sync: false,
            }),
          ),
          reconcileIntervalMs: 1000,
          ...(o.gateway ? { gateway: o.gateway } : {}),
        }),
      );
    }
    const coordinator = coordinators[0]!;
    const spec = clusterSpec({
      name: o.clusterName ?? 'lab',
      formation: { minNodes: 1, timeoutSeconds: 60 },
      ...o.spec,
    });
    // The nodes' k3s comes from the coordinator, as on real machines.
    await importK3sRelease(coordinator, spec.k3sVersion);
    const cluster = await coordinator.service.createCluster(spec, 'lab');
    return new Lab(o, coordinators, cluster, pg);
  }

  /** Every replica's agent URL, starting at a different one per node so the agents spread. */
  agentUrlFor(index: number): string {
    const urls = this.coordinators.map((c) => c.agentUrl);
    return urls.map((_, k) => urls[(index + k) % urls.length]).join(',');
  }

  async token(opts: { uses?: number; roles?: string[]; replaceNodeId?: string } = {}): Promise<string> {
    if (opts.replaceNodeId) return (await this.coordinator.service.replaceNode(opts.replaceNodeId, 3600, 'lab')).token;
    const { token } = await this.coordinator.service.createToken(
      this.cluster.id,
      { ttlSeconds: 3600, maxUses: opts.uses ?? 1, roles: opts.roles ?? ['server', 'agent', 'lb'], description: 'lab' },
      'lab',
    );
    return token;
  }

  /** Starts (or restarts) the agent of node `index` (1-based); `token` only for a first enrollment. */
  startNode(index: number, token?: string, opts: { wipe?: boolean; hostname?: string; args?: string[] } = {}): LabNode {
    const node = spawnLabAgent({
      labDir: this.o.dir,
      subnet: this.o.subnet,
      index,
      agentUrl: this.agentUrlFor(index),
      token,
      env: this.o.env,
      ...opts,
    });
    const prev = this.nodes.findIndex((n) => n.index === index);
    if (prev >= 0) this.nodes[prev] = node;
    else this.nodes.push(node);
    return node;
  }

  /** Stops a node's agent and everything under it (k3s double, etcd, HAProxy). */
  async stopNode(index: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const n = this.nodes.find((x) => x.index === index);
    if (n) await stopLabAgent(n, signal);
  }

  async waitFor(what: string, cond: (c: ClusterRow) => boolean, timeoutMs = 180_000): Promise<ClusterRow> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = await this.coordinator.service.getCluster(this.cluster.id);
      if (cond(c)) return c;
      if (Date.now() > deadline) {
        // The cluster's last events say why (a refused removal, a failing API call), not just where it stopped.
        const events = (
          await this.coordinator.state.store.listEvents({ limit: 5000, clusterId: this.cluster.id })
        ).slice(-12);
        const recent = events.map((e) => `${new Date(e.ts).toISOString()} ${e.type}: ${e.message}`).join('\n  ');
        throw new Error(
          `lab: timed out waiting for ${what}; phase ${c.phase}: ${c.formation.statusMessage}\n  last events:\n  ${recent}`,
        );
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  waitReady(timeoutMs?: number): Promise<ClusterRow> {
    return this.waitFor(
      'cluster ready with kubeconfig',
      (c) => c.phase === 'ready' && c.formation.kubeconfigSealed !== null,
      timeoutMs,
    );
  }

  adminToken(): string {
    return readFileSync(join(this.o.dir, 'coordinator/admin.token'), 'utf8').trim();
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.stopNode(n.index)));
    for (const c of this.coordinators) await c.close();
    await this.pg?.stop();
  }
}
