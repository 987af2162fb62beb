/**
 * The pieces of a VM node test around the guest: the host tools check, the
 * agent tarball (the one `npm run package:agent` makes), a loopback HTTP
 * server the guest downloads it from, a coordinator in this process, and the
 * user-data from the real `k3sgrid cloud-init` command. The guest reaches the
 * host only through the fixed guestfwd addresses below.
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { packageAgent } from '../../scripts/package-agent.js';
import {
  type CliIo,
  registerGridCommands,
  runCli,
  type RunningCoordinator,
  startCoordinator,
} from '@k3sgrid/coordinator';
import { requireTool, type GuestForward } from './qemu.js';

/** Where the guest dials the coordinator (a guestfwd to the coordinator on the host's loopback). */
export const GUEST_COORDINATOR = { address: '10.0.2.100', port: 8443 } as const;
/** Where the guest downloads files from (a guestfwd to {@link FileServer} on the host's loopback). */
export const GUEST_FILES = { address: '10.0.2.101', port: 8080 } as const;

/** Fails at once, with the package to install, when a host tool the VM test needs is missing. */
export async function checkHostTools(): Promise<void> {
  await requireTool('qemu-system-x86_64', 'qemu-system-x86');
  await requireTool('qemu-img', 'qemu-utils');
  await requireTool('kubectl', 'kubectl (https://kubernetes.io/docs/tasks/tools/)');
  await requireTool('etcd', 'etcd-server');
  await requireTool('etcdctl', 'etcd-client');
  await requireTool('openssl', 'openssl');
  await requireTool('ip', 'iproute2');
  const iso = await Promise.allSettled([requireTool('genisoimage', 'genisoimage'), requireTool('xorriso', 'xorriso')]);
  if (!iso.some((r) => r.status === 'fulfilled'))
    throw new Error('genisoimage or xorriso is missing on this machine: apt-get install genisoimage');
}

/**
 * A temporary folder for one VM test run, marked with this process's pid.
 * Folders of earlier runs whose process is gone (a run killed before its
 * teardown) are removed first; those of runs still going are left alone.
 */
export function vmTempDir(): string {
  for (const f of readdirSync(tmpdir())) {
    if (!f.startsWith('k3sgrid-vm-')) continue;
    const d = join(tmpdir(), f);
    const pid = Number(existsSync(join(d, 'owner.pid')) ? readFileSync(join(d, 'owner.pid'), 'utf8') : NaN);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(d, { recursive: true, force: true });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'k3sgrid-vm-'));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  return dir;
}

/** The agent tarball, built by the packaging script exactly as `npm run package:agent` does. */
export async function buildAgentTarball(dir: string): Promise<{ path: string; sha256: string; ms: number }> {
  const path = join(dir, 'k3sgrid-agent-linux-amd64.tar.gz');
  const r = await packageAgent({
    out: join(dir, 'agent-image'),
    tarball: path,
    nodeBinary: process.execPath,
    arch: 'amd64',
    minify: false,
  });
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  return { path, sha256, ms: r.totalMs };
}

/** A loopback HTTP server for a fixed set of files; records every request. */
export interface FileServer {
  port: number;
  requests: Array<{ path: string; status: number }>;
  close(): Promise<void>;
}

/** Serves `files` (URL path → file) on 127.0.0.1, nothing else. */
export async function serveFiles(files: Readonly<Record<string, string>>): Promise<FileServer> {
  const requests: FileServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const file = files[path];
    const status = file && req.method === 'GET' ? 200 : 404;
    requests.push({ path, status });
    if (!file || status !== 200) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  if (!a || typeof a !== 'object') throw new Error('file server has no port');
  return {
    port: a.port,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * The coordinator in this process, on 127.0.0.1, with the guest's address in
 * its certificate too (the endpoint file and the CLI use the first, the
 * loopback; the guest dials the second through its guestfwd).
 */
export async function startVmCoordinator(
  stateDir: string,
  o: { port?: number; logFile?: string } = {},
): Promise<RunningCoordinator> {
  const level = process.env.K3SGRID_VM_COORDINATOR_LOG ?? (o.logFile ? 'info' : 'silent');
  if (o.logFile) mkdirSync(dirname(o.logFile), { recursive: true });
  return startCoordinator({
    stateDir,
    // A restarted coordinator takes the same port: the guests' guestfwd rules are fixed at QEMU start.
    listen: `127.0.0.1:${o.port ?? 0}`,
    advertise: ['127.0.0.1', GUEST_COORDINATOR.address],
    logger: o.logFile
      ? pino({ level }, pino.destination({ dest: o.logFile, append: true, sync: false }))
      : pino({ level }),
    reconcileIntervalMs: 1000,
  });
}

/** The admin token of a coordinator started here. */
export function adminToken(c: RunningCoordinator): string {
  return readFileSync(join(c.state.dir, 'admin.token'), 'utf8').trim();
}

/** A REST call through the coordinator's real API (in-process inject). */
export async function api<T>(
  c: RunningCoordinator,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  payload?: unknown,
): Promise<T> {
  const res = await c.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${adminToken(c)}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
}

/** A REST call whose answer is text (the kubeconfig is YAML). */
export async function apiText(c: RunningCoordinator, url: string): Promise<string> {
  const res = await c.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${adminToken(c)}` } });
  if (res.statusCode >= 300) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
  return res.body;
}

/** `k3sgrid ARGS...` against the coordinator's state dir, in this process; throws on a non-zero exit. */
export async function k3sgridCli(c: RunningCoordinator, args: readonly string[]): Promise<string> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (s) => (out += s), err: (s) => (err += s) };
  const code = await runCli(['--state-dir', c.state.dir, ...args], io, {
    extend: (p, i) => registerGridCommands(p, i),
  });
  if (code !== 0) throw new Error(`k3sgrid ${args.join(' ')} exited ${code}: ${err}`);
  return out;
}

/** The guestfwd rules for the coordinator and the file server. */
export function guestForwards(c: RunningCoordinator, files: FileServer): GuestForward[] {
  return [
    { guestAddress: GUEST_COORDINATOR.address, guestPort: GUEST_COORDINATOR.port, hostPort: c.port },
    { guestAddress: GUEST_FILES.address, guestPort: GUEST_FILES.port, hostPort: files.port },
  ];
}
