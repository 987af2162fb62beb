/**
 * Real coordinator and agent processes for integration tests: spawned from
 * the TypeScript sources, output captured for assertions (secret canaries)
 * and for failure messages, killed in teardown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AGENT_BIN, COORDINATOR_BIN, REPO_ROOT, TS_NODE_ARGS } from './paths.js';
import { callApi, type Connection } from '@k3sgrid/coordinator';
import { tempDir, waitFor } from '@k3sgrid/testkit';

export interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** @deprecated import them from `@k3sgrid/testkit` (re-exported for branches still importing them here). */
export { tempDir, waitFor };

const live = new Set<Proc>();

export function spawnTs(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, file, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, K3SGRID_LOG_LEVEL: 'info', K3SGRID_RECONNECT_MAX_MS: '3000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (d: Buffer) => chunks.push(d));
  child.stderr?.on('data', (d: Buffer) => chunks.push(d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const p: Proc = {
    child,
    output: () => Buffer.concat(chunks).toString('utf8'),
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      const code = await exited;
      clearTimeout(t);
      live.delete(p);
      return code;
    },
  };
  live.add(p);
  void exited.then(() => live.delete(p));
  return p;
}

/** Kills every process started by these helpers. */
export async function killAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.kill('SIGKILL')));
}

export interface CoordinatorProc extends Proc {
  stateDir: string;
  url: string;
  agentUrl: string;
  conn: Connection;
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Starts `k3sgrid coordinator serve` on a free port of `host`; resolves once it answers /readyz. */
export async function startCoordinatorProcess(
  opts: { stateDir?: string; host?: string; port?: number; env?: NodeJS.ProcessEnv; args?: string[] } = {},
): Promise<CoordinatorProc> {
  const stateDir = opts.stateDir ?? join(tempDir('coord'), 'state');
  const endpointFile = join(stateDir, 'endpoint');
  rmSync(endpointFile, { force: true });
  const host = opts.host ?? '127.0.0.1';
  const p = spawnTs(
    COORDINATOR_BIN,
    [
      'coordinator',
      'serve',
      '--state-dir',
      stateDir,
      '--listen',
      `${host}:${opts.port ?? 0}`,
      '--advertise',
      host,
      ...(opts.args ?? []),
    ],
    opts.env,
  );
  return attachCoordinator(p, stateDir);
}

/**
 * Waits for a coordinator process to write its endpoint file, then adds the
 * connection (URL, admin token, CA) and an API caller to the process handle.
 */
export async function attachCoordinator(p: Proc, stateDir: string): Promise<CoordinatorProc> {
  const endpointFile = join(stateDir, 'endpoint');
  const url = await waitFor(
    'coordinator endpoint file',
    () => {
      if (p.child.exitCode !== null) throw new Error(`coordinator exited: ${p.output()}`);
      return existsSync(endpointFile) ? readFileSync(endpointFile, 'utf8').trim() : undefined;
    },
    60_000,
  );
  const conn: Connection = {
    server: url,
    token: readFileSync(join(stateDir, 'admin.token'), 'utf8').trim(),
    ca: readFileSync(join(stateDir, 'ca.crt'), 'utf8'),
  };
  return Object.assign(p, {
    stateDir,
    url,
    agentUrl: url.replace(/^https:/, 'wss:'),
    conn,
    api: <T>(method: string, path: string, body?: unknown) => callApi<T>(conn, method, path, body),
  });
}

export interface AgentProc extends Proc {
  stateDir: string;
}

export function startAgentProcess(o: {
  coordinator: string;
  token?: string;
  stateDir?: string;
  hostname?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
}): AgentProc {
  const stateDir = o.stateDir ?? join(tempDir('agent'), 'state');
  const args = [
    'run',
    '--coordinator',
    o.coordinator,
    '--state-dir',
    stateDir,
    // Whatever it is assigned, a test agent writes under its own root, never the machine's /etc or /usr.
    ...((o.args ?? []).includes('--root-prefix') ? [] : ['--root-prefix', join(dirname(stateDir), 'root')]),
    ...(o.token ? ['--token', o.token] : []),
    ...(o.hostname ? ['--hostname', o.hostname] : []),
    ...(o.args ?? []),
  ];
  return Object.assign(spawnTs(AGENT_BIN, args, o.env), { stateDir });
}
