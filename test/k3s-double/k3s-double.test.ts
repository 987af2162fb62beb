// Integration tests of the k3s test double: real processes, real etcd, real kubectl.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { caHashOfPem, k3sDoublePath } from './index.js';

const a = 100 + Math.floor(Math.random() * 150);
const b = 1 + Math.floor(Math.random() * 250);
const ip = (n: number): string => `127.${a}.${b}.${n}`;
const work = mkdtempSync(path.join(tmpdir(), 'k3s-double-test-'));

const env = {
  ...process.env,
  K3S_DOUBLE_NODE_GRACE_MS: '3000',
  K3S_DOUBLE_ETCD_HEARTBEAT_MS: '100',
  K3S_DOUBLE_ETCD_ELECTION_MS: '1000',
  K3S_DOUBLE_RETRY_MS: '300',
};

interface Proc {
  name: string;
  root: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}
const procs: Proc[] = [];

function start(name: string, cmd: 'server' | 'agent', config: Record<string, unknown>, args: string[] = []): Proc {
  const root = path.join(work, name);
  mkdirSync(path.join(root, 'etc/rancher/k3s'), { recursive: true });
  writeFileSync(path.join(root, 'etc/rancher/k3s/config.yaml'), YAML.stringify(config));
  const child = spawn(k3sDoublePath, [cmd, ...args], {
    env: { ...env, K3S_DOUBLE_ROOT: root },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const p = { name, root, child, stderr: () => err, exited };
  procs.push(p);
  return p;
}

async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await p.exited;
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: Error | undefined;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e as Error;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const kubeconfig = (p: Proc): string => path.join(p.root, 'etc/rancher/k3s/k3s.yaml');
const serverDir = (p: Proc): string => path.join(p.root, 'var/lib/rancher/k3s/server');
const token = (p: Proc): string => readFileSync(path.join(serverDir(p), 'token'), 'utf8').trim();

async function kubectl(p: Proc, ...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa(
    'kubectl',
    ['--cache-dir', path.join(work, 'kube-cache'), '--request-timeout', '10s', ...args],
    {
      env: { KUBECONFIG: kubeconfig(p), HOME: work, PATH: process.env.PATH },
      reject: false,
    },
  );
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** GET /readyz with the admin client cert from the server's k3s.yaml. */
function readyz(p: Proc): Promise<number> {
  const cfg = YAML.parse(readFileSync(kubeconfig(p), 'utf8'));
  const u = new URL(cfg.clusters[0].cluster.server);
  const user = cfg.users[0].user;
  return new Promise((resolve, reject) => {
    const req = https.get(
      {
        hostname: u.hostname,
        port: u.port,
        path: '/readyz',
        ca: Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64'),
        cert: Buffer.from(user['client-certificate-data'], 'base64'),
        key: Buffer.from(user['client-key-data'], 'base64'),
        timeout: 8000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function members(endpointIp: string): Promise<{ name: string; isLearner?: boolean }[]> {
  const r = await execa(
    'etcdctl',
    ['--endpoints', `http://${endpointIp}:2379`, '--command-timeout=3s', 'member', 'list', '-w', 'json'],
    { env: { ETCDCTL_API: '3', PATH: process.env.PATH } },
  );
  return (JSON.parse(r.stdout) as { members: { name: string; isLearner?: boolean }[] }).members;
}

function nodeRows(stdout: string): Map<string, string[]> {
  const lines = stdout.trim().split('\n');
  return new Map(
    lines.slice(1).map((l) => {
      const c = l.trim().split(/\s+/);
      return [c[0]!, c];
    }),
  );
}

let s1: Proc;
let s2: Proc;
let s3: Proc;
let worker: Proc;

beforeAll(async () => {
  s1 = start('s1', 'server', {
    'cluster-init': true,
    'node-name': 's1',
    'node-ip': ip(1),
    'write-kubeconfig-mode': '0644',
    'tls-san': ['k3s.example.test'],
    'no-such-flag': 'x',
  });
  await until('s1 ready', async () => (await readyz(s1)) === 200 && /registered/.test(s1.stderr()));
});

afterAll(async () => {
  await Promise.all(procs.map(stop));
  const logDir = process.env.K3S_DOUBLE_TEST_LOGS;
  if (logDir) {
    mkdirSync(logDir, { recursive: true });
    for (const p of procs) writeFileSync(path.join(logDir, `${p.name}.log`), p.stderr());
  }
  rmSync(work, { recursive: true, force: true });
});

describe('k3s double: first server', () => {
  it('drops an unknown config key with k3s warning', () => {
    expect(s1.stderr()).toContain('level=warning msg="Unknown flag --no-such-flag found in config.yaml, skipping"');
  });

  it('writes the K10 token (hash of server-ca.crt bytes), node-token symlink and k3s.yaml with the requested mode', () => {
    const ca = readFileSync(path.join(serverDir(s1), 'tls/server-ca.crt'));
    expect(token(s1)).toMatch(new RegExp(`^K10${caHashOfPem(ca)}::server:[0-9a-f]{32}$`));
    expect(statSync(path.join(serverDir(s1), 'token')).mode & 0o777).toBe(0o600);
    expect(lstatSync(path.join(serverDir(s1), 'node-token')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(serverDir(s1), 'node-token'))).toBe(path.join(serverDir(s1), 'token'));
    expect(statSync(kubeconfig(s1)).mode & 0o777).toBe(0o644);
    expect(readFileSync(path.join(s1.root, 'etc/rancher/node/password'), 'utf8')).toMatch(/^[0-9a-f]{32}\n$/);
  });

  it('serves /cacerts and /ping unauthenticated, and the real kubectl works with k3s.yaml', async () => {
    const r = await kubectl(s1, 'get', '--raw', '/readyz');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok');
    const n = await kubectl(s1, 'get', 'nodes');
    expect(n.exitCode).toBe(0);
    expect(n.stdout.split('\n')[0]!.split(/\s+/)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    const row = nodeRows(n.stdout).get('s1');
    expect(row?.slice(1, 3)).toEqual(['Ready', 'control-plane,etcd,master']);
    const cacerts = await fetchInsecure(`https://${ip(1)}:6443/cacerts`);
    expect(cacerts.equals(readFileSync(path.join(serverDir(s1), 'tls/server-ca.crt')))).toBe(true);
    expect((await fetchInsecure(`https://${ip(1)}:6443/ping`)).toString()).toBe('pong');
  });
});

function fetchInsecure(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (res) => {
        const c: Buffer[] = [];
        res.on('data', (d: Buffer) => c.push(d));
        res.on('end', () => resolve(Buffer.concat(c)));
      })
      .on('error', reject);
  });
}

describe('k3s double: joining agents', () => {
  it('refuses a token whose CA hash does not match', async () => {
    const bad = `K10${'0'.repeat(64)}::server:${token(s1).split(':').pop()!}`;
    const p = start('badhash', 'agent', {
      server: `https://${ip(1)}:6443`,
      token: bad,
      'node-name': 'badhash',
      'node-ip': ip(9),
    });
    expect(await p.exited).toBe(1);
    const real = caHashOfPem(readFileSync(path.join(serverDir(s1), 'tls/server-ca.crt')));
    expect(p.stderr()).toContain(
      `failed to validate token: token CA hash does not match the Cluster CA certificate hash: ${'0'.repeat(64)} != ${real}`,
    );
  });

  it('refuses a wrong token password', async () => {
    const bad = token(s1).replace(/:[0-9a-f]{32}$/, ':wrongpassword');
    const p = start('badpw', 'agent', {
      server: `https://${ip(1)}:6443`,
      token: bad,
      'node-name': 'badpw',
      'node-ip': ip(9),
    });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toMatch(/401 Unauthorized/);
    const n = await kubectl(s1, 'get', 'nodes');
    expect(nodeRows(n.stdout).has('badpw')).toBe(false);
  });

  it('an agent with a server-only key in its config fails with the urfave/cli wording', async () => {
    const p = start('badkey', 'agent', { server: `https://${ip(1)}:6443`, token: token(s1), 'cluster-init': true });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain('Incorrect Usage: flag provided but not defined: -cluster-init');
  });

  it('registers an agent, and refuses the same node name with another password', async () => {
    worker = start('worker', 'agent', {
      server: `https://${ip(1)}:6443`,
      token: token(s1),
      'node-name': 'worker',
      'node-ip': ip(5),
    });
    await until(
      'worker Ready',
      async () => nodeRows((await kubectl(s1, 'get', 'nodes')).stdout).get('worker')?.[1] === 'Ready',
    );
    const dup = start('dup', 'agent', {
      server: `https://${ip(1)}:6443`,
      token: token(s1),
      'node-name': 'worker',
      'node-ip': ip(6),
    });
    const msg = `Node password rejected, duplicate hostname or contents of '${path.join(dup.root, 'etc/rancher/node/password')}' may not match server node-passwd entry, try enabling a unique node name with the --with-node-id flag`;
    await until('password rejected', () => dup.stderr().includes(msg));
    await stop(dup);
    expect(worker.child.exitCode).toBe(null);
  });
});

describe('k3s double: HA embedded etcd', () => {
  it('three servers form one etcd cluster sharing one CA', async () => {
    s2 = start('s2', 'server', {
      server: `https://${ip(1)}:6443`,
      token: token(s1),
      'node-name': 's2',
      'node-ip': ip(2),
    });
    await until('s2 ready', async () => existsKubeconfig(s2) && (await readyz(s2)) === 200, 45_000);
    s3 = start('s3', 'server', {
      server: `https://${ip(1)}:6443`,
      token: token(s1),
      'node-name': 's3',
      'node-ip': ip(3),
    });
    await until('s3 ready', async () => existsKubeconfig(s3) && (await readyz(s3)) === 200, 45_000);
    const ms = await until('3 voting members', async () => {
      const m = await members(ip(1));
      return m.length === 3 && m.every((x) => !x.isLearner) ? m : undefined;
    });
    expect(ms.map((m) => m.name.replace(/-[0-9a-f]{8}$/, '')).sort()).toEqual(['s1', 's2', 's3']);
    const ca1 = readFileSync(path.join(serverDir(s1), 'tls/server-ca.crt'));
    expect(readFileSync(path.join(serverDir(s3), 'tls/server-ca.crt')).equals(ca1)).toBe(true);
    expect(token(s2)).toBe(token(s1));
    const n = await until('3 servers listed', async () => {
      const rows = nodeRows((await kubectl(s2, 'get', 'nodes')).stdout);
      return ['s1', 's2', 's3', 'worker'].every((x) => rows.get(x)?.[1] === 'Ready') ? rows : undefined;
    });
    expect(n.get('s3')?.[2]).toBe('control-plane,etcd,master');
    expect(n.get('worker')?.[2]).toBe('<none>');
  });

  it('stopping one server keeps the API up; the stopped node goes NotReady, the agent stays Ready', async () => {
    await stop(s1); // the server the agent registered through
    // its etcd child went with it
    await expect(fetch(`http://${ip(1)}:2379/version`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    expect(await readyz(s2)).toBe(200);
    expect((await kubectl(s2, 'get', '--raw', '/readyz')).stdout).toBe('ok');
    await until(
      's1 NotReady',
      async () => nodeRows((await kubectl(s2, 'get', 'nodes')).stdout).get('s1')?.[1] === 'NotReady',
      15_000,
    );
    await new Promise((r) => setTimeout(r, 3500)); // > grace: the agent must have heartbeated through s2 or s3
    expect(nodeRows((await kubectl(s3, 'get', 'nodes')).stdout).get('worker')?.[1]).toBe('Ready');
  });

  it('kubectl delete node of a server removes its etcd member', async () => {
    const r = await kubectl(s2, 'delete', 'node', 's1');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('node "s1" deleted');
    const ms = await members(ip(2));
    expect(ms.map((m) => m.name.replace(/-[0-9a-f]{8}$/, '')).sort()).toEqual(['s2', 's3']);
    const rows = nodeRows((await kubectl(s2, 'get', 'nodes')).stdout);
    expect(rows.has('s1')).toBe(false);
    expect((await kubectl(s2, 'get', 'node', 's1')).stderr).toContain('nodes "s1" not found');
  });

  it('losing quorum makes readiness fail', async () => {
    await stop(s3); // 1 of 2 remaining members left: no quorum
    await until('s2 not ready', async () => (await readyz(s2)) === 503, 20_000);
    const r = await kubectl(s2, 'get', '--raw', '/readyz');
    expect(r.exitCode).not.toBe(0);
  });
});

describe('k3s double: external etcd datastore', () => {
  let etcd: ChildProcess | undefined;
  afterAll(async () => {
    if (etcd && etcd.exitCode === null) {
      const gone = new Promise((r) => etcd!.once('exit', r));
      etcd.kill('SIGTERM');
      await gone;
    }
  });

  it('uses datastore-endpoint instead of an embedded member, survives a restart, and joins a --with-node-id agent', async () => {
    etcd = spawn(
      'etcd',
      [
        '--name',
        'ext',
        '--data-dir',
        path.join(work, 'ext-etcd'),
        '--listen-client-urls',
        `http://${ip(20)}:2379`,
        '--advertise-client-urls',
        `http://${ip(20)}:2379`,
        '--listen-peer-urls',
        `http://${ip(20)}:2380`,
        '--initial-advertise-peer-urls',
        `http://${ip(20)}:2380`,
        '--initial-cluster',
        `ext=http://${ip(20)}:2380`,
      ],
      { stdio: 'ignore' },
    );
    const cfg = {
      'datastore-endpoint': `http://${ip(20)}:2379`,
      'node-name': 'ext',
      'node-ip': ip(21),
      token: 'sharedsecret',
    };
    let ext = start('ext', 'server', cfg);
    await until(
      'ext ready',
      async () => existsKubeconfig(ext) && (await readyz(ext)) === 200 && /registered/.test(ext.stderr()),
    );
    expect(existsKubeconfig(ext)).toBe(true);
    const tok = token(ext);
    expect(tok).toMatch(/::server:sharedsecret$/);
    const row = await until('ext listed', async () => nodeRows((await kubectl(ext, 'get', 'nodes')).stdout).get('ext'));
    expect(row[2]).toBe('control-plane,master');
    await stop(ext);
    ext = start('ext', 'server', cfg);
    await until('ext ready again', async () => (await readyz(ext)) === 200 && /registered/.test(ext.stderr()));
    expect(token(ext)).toBe(tok);
    const ag = start('extagent', 'agent', {
      server: `https://${ip(21)}:6443`,
      token: tok,
      'node-name': 'extagent',
      'with-node-id': true,
      'node-ip': ip(22),
    });
    const id = await until('node id', () => {
      try {
        return readFileSync(path.join(ag.root, 'etc/rancher/node/id'), 'utf8').trim();
      } catch {
        return undefined;
      }
    });
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    await until(
      'extagent Ready',
      async () => nodeRows((await kubectl(ext, 'get', 'nodes')).stdout).get(`extagent-${id}`)?.[1] === 'Ready',
    );
    expect(statSync(path.join(ag.root, 'etc/rancher/node/password')).mode & 0o777).toBe(0o600);
  });
});

function existsKubeconfig(p: Proc): boolean {
  try {
    statSync(kubeconfig(p));
    return true;
  } catch {
    return false;
  }
}
