// Integration tests of the k3s test double: real processes, real etcd, real kubectl.
// Three clusters start at once to keep the file short: s1.. (HA embedded etcd,
// development wrapper), cni1 (flannel-backend none, the release build) and ca1
// (custom CA certificates).
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { buildDoubleRelease } from './build.js';
import { caHashOfPem, k3sDoublePath } from './index.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

const a = 100 + Math.floor(Math.random() * 150);
const b = 1 + Math.floor(Math.random() * 250);
const ip = (n: number): string => `127.${a}.${b}.${n}`;
const work = tempDir('k3s-double-test');
let releaseBinary = '';

const env = {
  ...process.env,
  K3S_DOUBLE_NODE_GRACE_MS: '4000',
  K3S_DOUBLE_ETCD_HEARTBEAT_MS: '100',
  K3S_DOUBLE_ETCD_ELECTION_MS: '1000',
  K3S_DOUBLE_RETRY_MS: '300',
  K3S_DOUBLE_TOKEN_RETRY_MS: '200',
  K3S_DOUBLE_MANIFESTS_SCAN_MS: '300',
  K3S_DOUBLE_HELM_JOB_MS: '300',
  K3S_DOUBLE_CNI_READY_MS: '300',
};

interface Proc {
  name: string;
  root: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}
const procs: Proc[] = [];

// a NOTIFY_SOCKET stand-in: K3S_DOUBLE_NOTIFY_CMD writes its argument and NOTIFY_SOCKET to a file
const notifyCmd = path.join(work, 'notify.sh');
writeFileSync(notifyCmd, '#!/bin/sh\necho "$1 $NOTIFY_SOCKET" >> "$NOTIFY_TEST_FILE"\n', { mode: 0o755 });
const notifyEnv = (p: string): Record<string, string> => ({
  NOTIFY_SOCKET: '/run/test-notify.sock',
  K3S_DOUBLE_NOTIFY_CMD: notifyCmd,
  NOTIFY_TEST_FILE: path.join(work, `${p}.notified`),
});
const notified = (p: string): string | undefined => {
  try {
    return readFileSync(path.join(work, `${p}.notified`), 'utf8');
  } catch {
    return undefined;
  }
};

function start(
  name: string,
  cmd: 'server' | 'agent',
  config: Record<string, unknown>,
  o: { args?: string[]; env?: Record<string, string>; dev?: boolean; files?: Record<string, string> } = {},
): Proc {
  const root = path.join(work, name);
  mkdirSync(path.join(root, 'etc/rancher/k3s'), { recursive: true });
  writeFileSync(path.join(root, 'etc/rancher/k3s/config.yaml'), YAML.stringify(config));
  for (const [rel, text] of Object.entries(o.files ?? {})) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  // the release build starts faster (no TypeScript to compile); some processes use the development wrapper
  const child = spawn(o.dev || !releaseBinary ? k3sDoublePath : releaseBinary, [cmd, ...(o.args ?? [])], {
    env: { ...env, ...o.env, K3S_DOUBLE_ROOT: root },
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

const until = <T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 45_000,
): Promise<T> => waitFor(what, fn, timeoutMs);

const kubeconfig = (p: Proc): string => path.join(p.root, 'etc/rancher/k3s/k3s.yaml');
const serverDir = (p: Proc): string => path.join(p.root, 'var/lib/rancher/k3s/server');
const token = (p: Proc): string => readFileSync(path.join(serverDir(p), 'token'), 'utf8').trim();
const registered = (p: Proc, node: string): boolean =>
  p.stderr().includes(`msg="Annotations and labels have been set successfully on node: ${node}"`);
/** logrus lines of a process with this level and exact message. */
const lines = (p: Proc, level: string, msg: string): string[] =>
  p
    .stderr()
    .split('\n')
    .filter((l) => l.includes(` level=${level} msg=${JSON.stringify(msg)}`));
const stamp = (line: string): number => Date.parse(/time="([^"]+)"/.exec(line)?.[1] ?? '');

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
interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
/** The fields of Nodes, Pods, HelmCharts, Endpoints and EndpointSlices the tests look at. */
interface Obj {
  metadata: {
    name: string;
    labels: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: string;
  };
  spec: {
    taints?: { key: string; effect: string }[];
    nodeName?: string;
    hostNetwork?: boolean;
    tolerations?: unknown[];
  };
  status: { conditions: Cond[]; phase?: string; jobName?: string };
  subsets?: { addresses: { ip: string }[]; ports: unknown[] }[];
  endpoints?: { addresses: string[] }[];
  items: Obj[];
}
const kjson = async (p: Proc, ...args: string[]): Promise<Obj> => {
  const r = await kubectl(p, ...args, '-o', 'json');
  if (r.exitCode !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Obj;
};

/** GET a path with the admin client cert from the server's k3s.yaml. */
function adminGet(p: Proc, urlPath: string): Promise<{ status: number; body: string }> {
  const cfg = YAML.parse(readFileSync(kubeconfig(p), 'utf8'));
  const u = new URL(cfg.clusters[0].cluster.server);
  const user = cfg.users[0].user;
  return new Promise((resolve, reject) => {
    const req = https.get(
      {
        hostname: u.hostname,
        port: u.port,
        path: urlPath,
        ca: Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64'),
        cert: Buffer.from(user['client-certificate-data'], 'base64'),
        key: Buffer.from(user['client-key-data'], 'base64'),
        timeout: 8000,
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}
const readyz = async (p: Proc): Promise<number> => (await adminGet(p, '/readyz')).status;

/** GET /v1-k3s/apiservers as the node user of the token. */
async function apiservers(p: Proc, host: string): Promise<string[]> {
  const pw = token(p).split(':').pop()!;
  const r = await fetchInsecure(`https://${host}:6443/v1-k3s/apiservers`, `node:${pw}`);
  return JSON.parse(r.toString()) as string[];
}

async function members(endpointIp: string): Promise<{ name: string; isLearner?: boolean }[]> {
  const r = await execa(
    'etcdctl',
    ['--endpoints', `http://${endpointIp}:2379`, '--command-timeout=3s', 'member', 'list', '-w', 'json'],
    { env: { ETCDCTL_API: '3', PATH: process.env.PATH } },
  );
  return (JSON.parse(r.stdout) as { members: { name: string; isLearner?: boolean }[] }).members;
}
async function etcdKeys(endpointIp: string, prefix: string): Promise<string[]> {
  const r = await execa(
    'etcdctl',
    ['--endpoints', `http://${endpointIp}:2379`, '--command-timeout=3s', 'get', '--prefix', '--keys-only', prefix],
    { env: { ETCDCTL_API: '3', PATH: process.env.PATH } },
  );
  return r.stdout.split('\n').filter(Boolean);
}

function nodeRows(stdout: string): Map<string, string[]> {
  const ls = stdout.trim().split('\n');
  return new Map(
    ls.slice(1).map((l) => {
      const c = l.trim().split(/\s+/);
      return [c[0]!, c];
    }),
  );
}
const nodeStatus = async (p: Proc, n: string): Promise<string | undefined> =>
  nodeRows((await kubectl(p, 'get', 'nodes')).stdout).get(n)?.[1];

function fetchInsecure(url: string, basic?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    https
      .get(
        url,
        {
          rejectUnauthorized: false,
          ...(basic ? { headers: { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } } : {}),
        },
        (res) => {
          const c: Buffer[] = [];
          res.on('data', (d: Buffer) => c.push(d));
          res.on('end', () => resolve(Buffer.concat(c)));
        },
      )
      .on('error', reject);
  });
}

// ---- custom CAs as contrib/util/generate-custom-ca-certs.sh lays them out (EC keys here, for speed)
const caDir = path.join(work, 'custom-ca');
async function openssl(...args: string[]): Promise<void> {
  await execa('openssl', args);
}
async function makeCustomCAs(): Promise<{ files: Record<string, string>; root: string }> {
  mkdirSync(path.join(caDir, 'etcd'), { recursive: true });
  const key = (n: string): string[] => [
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    path.join(caDir, `${n}.key`),
  ];
  const ext = [
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
  ];
  const t = Math.floor(Date.now() / 1000);
  await openssl(
    'req',
    '-x509',
    ...key('root-ca'),
    '-out',
    path.join(caDir, 'root-ca.pem'),
    '-days',
    '3650',
    '-subj',
    `/CN=k3s-root-ca@${t}`,
    ...ext,
  );
  await openssl(
    'req',
    '-x509',
    ...key('intermediate-ca'),
    '-out',
    path.join(caDir, 'intermediate-ca.pem'),
    '-days',
    '3650',
    '-subj',
    `/CN=k3s-intermediate-ca@${t}`,
    '-CA',
    path.join(caDir, 'root-ca.pem'),
    '-CAkey',
    path.join(caDir, 'root-ca.key'),
    ...ext,
  );
  const root = readFileSync(path.join(caDir, 'root-ca.pem'), 'utf8');
  const inter = readFileSync(path.join(caDir, 'intermediate-ca.pem'), 'utf8');
  const files: Record<string, string> = {};
  const tls = 'var/lib/rancher/k3s/server/tls';
  // etcd/peer-ca is left out on purpose: a missing pair is generated
  await Promise.all(
    ['client', 'server', 'request-header', 'etcd/server'].map(async (type) => {
      await openssl(
        'req',
        '-x509',
        ...key(`${type}-ca`),
        '-out',
        path.join(caDir, `${type}-ca.pem`),
        '-days',
        '3650',
        '-subj',
        `/CN=k3s-${type.replace('/', '-')}-ca@${t}`,
        '-CA',
        path.join(caDir, 'intermediate-ca.pem'),
        '-CAkey',
        path.join(caDir, 'intermediate-ca.key'),
        ...ext,
      );
      files[`${tls}/${type}-ca.crt`] = readFileSync(path.join(caDir, `${type}-ca.pem`), 'utf8') + inter + root;
      files[`${tls}/${type}-ca.key`] = readFileSync(path.join(caDir, `${type}-ca.key`), 'utf8');
    }),
  );
  files[`${tls}/service.key`] = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  return { files, root };
}

const chart = (name: string, chartName: string, extra: Record<string, unknown> = {}): string =>
  YAML.stringify({
    apiVersion: 'helm.cattle.io/v1',
    kind: 'HelmChart',
    metadata: { name, namespace: 'kube-system' },
    spec: { repo: 'https://example.test/charts', chart: chartName, version: '1.0.0', targetNamespace: name, ...extra },
  });
const manifests = 'var/lib/rancher/k3s/server/manifests';

let s1: Proc;
let s2: Proc;
let s3: Proc;
let worker: Proc;
let cni1: Proc;
let ca1: Proc;
let customRoot = '';
let customFiles: Record<string, string> = {};

beforeAll(async () => {
  const built = buildDoubleRelease({ version: 'v1.33.4+k3s1', outFile: path.join(work, 'bin/k3s') });
  const cas = makeCustomCAs();
  s1 = start(
    's1',
    'server',
    {
      'cluster-init': true,
      'node-name': 's1',
      'node-ip': ip(1),
      'write-kubeconfig-mode': '0644',
      'tls-san': ['k3s.example.test'],
      'no-such-flag': 'x',
    },
    { dev: true },
  );
  releaseBinary = (await built).path;
  cni1 = start(
    'cni1',
    'server',
    {
      'cluster-init': true,
      'node-name': 'cni1',
      'node-ip': ip(30),
      'node-external-ip': ip(31),
      'flannel-backend': 'none',
      'disable-network-policy': true,
    },
    {
      env: notifyEnv('cni1'),
      files: {
        [`${manifests}/k3sgrid-tigera-operator.yaml`]: chart('tigera-operator', 'tigera-operator'),
        [`${manifests}/k3sgrid-longhorn.yaml`]: chart('longhorn', 'longhorn'),
        [`${manifests}/.hidden.yaml`]: chart('hidden', 'hidden'),
      },
    },
  );
  const c = await cas;
  customRoot = c.root;
  customFiles = c.files;
  ca1 = start(
    'ca1',
    'server',
    {
      'cluster-init': true,
      'node-name': 'ca1',
      'node-ip': ip(40),
      'advertise-address': ip(41),
      'node-external-ip': ip(42),
    },
    { files: c.files },
  );
  await Promise.all(
    [s1, cni1, ca1].map((p) =>
      until(`${p.name} ready`, async () => (await readyz(p)) === 200 && registered(p, p.name), 45_000),
    ),
  );
});

afterAll(async () => {
  await Promise.all(procs.map(stop));
  const logDir = process.env.K3S_DOUBLE_TEST_LOGS;
  if (logDir) {
    mkdirSync(logDir, { recursive: true });
    procs.forEach((p, i) =>
      writeFileSync(
        path.join(logDir, `${p.name}${procs.findIndex((q) => q.name === p.name) === i ? '' : `-${i}`}.log`),
        p.stderr(),
      ),
    );
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
    expect(createHash('sha256').update(ca).digest('hex')).toBe(caHashOfPem(ca));
    expect(statSync(path.join(serverDir(s1), 'token')).mode & 0o777).toBe(0o600);
    expect(lstatSync(path.join(serverDir(s1), 'node-token')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(serverDir(s1), 'node-token'))).toBe(path.join(serverDir(s1), 'token'));
    expect(statSync(kubeconfig(s1)).mode & 0o777).toBe(0o644);
    expect(readFileSync(path.join(s1.root, 'etc/rancher/node/password'), 'utf8')).toMatch(/^[0-9a-f]{32}\n$/);
    // every CA pair k3s keeps, generated; the etcd member name file inside server/db/etcd
    for (const f of ['server-ca', 'client-ca', 'request-header-ca', 'etcd/server-ca', 'etcd/peer-ca'])
      expect(existsSync(path.join(serverDir(s1), `tls/${f}.key`))).toBe(true);
    expect(existsSync(path.join(serverDir(s1), 'tls/service.key'))).toBe(true);
    expect(readFileSync(path.join(serverDir(s1), 'db/etcd/name'), 'utf8')).toMatch(/^s1-[0-9a-f]{8}$/);
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

  it('k3s --version prints two lines; /version reports the same version; a flannel node is Ready without taints', async () => {
    const v = await execa(k3sDoublePath, ['--version'], { env: { ...env, K3S_DOUBLE_VERSION: 'v1.32.7+k3s1' } });
    expect(v.stdout).toMatch(/^k3s version v1\.32\.7\+k3s1 \([0-9a-f]{8}\)\ngo version go1\.24\.5$/);
    const ver = JSON.parse((await kubectl(s1, 'get', '--raw', '/version')).stdout);
    expect(ver.gitVersion).toBe('v1.33.4+k3s1');
    expect(ver.gitCommit.slice(0, 8)).toBe(
      /\(([0-9a-f]{8})\)/.exec((await execa(k3sDoublePath, ['--version'], { env })).stdout)?.[1],
    );
    const node = await kjson(s1, 'get', 'node', 's1');
    expect(node.spec.taints).toBeUndefined();
    expect(node.status.conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      'MemoryPressure=False',
      'DiskPressure=False',
      'PIDPressure=False',
      'Ready=True',
    ]);
  });
  it('kubectl label and taint patch the Node (merge and strategic merge); stale, invalid and unknown patches are refused', async () => {
    const ok = async (...args: string[]): Promise<void> => {
      const r = await kubectl(s1, ...args);
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
    };
    await ok('label', 'node', 's1', 'tier=web');
    await ok('taint', 'node', 's1', 'dedicated=web:NoSchedule');
    let node = await kjson(s1, 'get', 'node', 's1');
    expect(node.metadata.labels.tier).toBe('web');
    expect(node.metadata.labels['node-role.kubernetes.io/etcd']).toBe('true');
    expect(node.spec.taints).toEqual([{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }]);
    // a resourceVersion that is not the Node's: 409
    const stale = await kubectl(
      s1,
      'patch',
      'node',
      's1',
      '--type',
      'merge',
      '-p',
      '{"metadata":{"resourceVersion":"1","labels":{"x":"y"}}}',
    );
    expect(stale.exitCode).not.toBe(0);
    expect(stale.stderr).toContain('the object has been modified');
    // an invalid taint effect: 422
    const bad = await kubectl(
      s1,
      'patch',
      'node',
      's1',
      '--type',
      'merge',
      '-p',
      '{"spec":{"taints":[{"key":"a","effect":"Sometimes"}]}}',
    );
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('Unsupported value: "Sometimes"');
    // JSON patch is not implemented by the double: 415, nothing changed
    const jp = await kubectl(
      s1,
      'patch',
      'node',
      's1',
      '--type',
      'json',
      '-p',
      '[{"op":"remove","path":"/spec/taints"}]',
    );
    expect(jp.exitCode).not.toBe(0);
    node = await kjson(s1, 'get', 'node', 's1');
    expect(node.metadata.labels.x).toBeUndefined();
    expect(node.spec.taints).toHaveLength(1);
    await ok('label', 'node', 's1', 'tier-');
    await ok('taint', 'node', 's1', 'dedicated:NoSchedule-');
    node = await kjson(s1, 'get', 'node', 's1');
    expect(node.metadata.labels.tier).toBeUndefined();
    expect(node.spec.taints).toBeUndefined();
  });
});

describe('k3s double: registration failures', () => {
  it('an agent retries a CA hash mismatch (error, ~2 s) and a bad password (info, 5-10 s) forever, and never notifies', async () => {
    const real = caHashOfPem(readFileSync(path.join(serverDir(s1), 'tls/server-ca.crt')));
    const url = `https://${ip(1)}:6443`;
    const badhash = start(
      'badhash',
      'agent',
      {
        server: url,
        token: `K10${'0'.repeat(64)}::server:${token(s1).split(':').pop()!}`,
        'node-name': 'badhash',
        'node-ip': ip(9),
      },
      { env: notifyEnv('badhash') },
    );
    const badpw = start(
      'badpw',
      'agent',
      {
        server: url,
        token: token(s1).replace(/:[0-9a-f]{32}$/, ':wrongpassword'),
        'node-name': 'badpw',
        'node-ip': ip(8),
      },
      { env: notifyEnv('badpw') },
    );
    const caMsg = `Failed to validate connection to cluster at ${url}: token CA hash does not match the Cluster CA certificate hash: ${'0'.repeat(64)} != ${real}`;
    const pwMsg =
      'Waiting to retrieve agent configuration; server is not ready: failed to retrieve configuration from server: not authorized';
    const ca = await until('3 CA mismatch errors', () =>
      lines(badhash, 'error', caMsg).length >= 3 ? lines(badhash, 'error', caMsg) : undefined,
    );
    const pw = await until('3 not authorized', () =>
      lines(badpw, 'info', pwMsg).length >= 3 ? lines(badpw, 'info', pwMsg) : undefined,
    );
    // cadence: K3S_DOUBLE_TOKEN_RETRY_MS (k3s: 2 s) and K3S_DOUBLE_RETRY_MS..2x (k3s: 5-10 s); log stamps have 1 s resolution
    expect(stamp(ca[2]!) - stamp(ca[0]!)).toBeLessThan(3000);
    expect(stamp(pw[2]!) - stamp(pw[0]!)).toBeLessThan(4000);
    expect(badhash.child.exitCode).toBe(null);
    expect(badpw.child.exitCode).toBe(null);
    expect(s1.stderr()).toMatch(
      /level=error msg="Failed to authenticate request from [0-9.]+:\d+: invalid username\/password combination"/,
    );
    expect(s1.stderr()).toMatch(/level=error msg="Sending HTTP\/1\.1 401 response to [0-9.]+:\d+: not authorized"/);
    expect(nodeRows((await kubectl(s1, 'get', 'nodes')).stdout).has('badpw')).toBe(false);
    expect(notified('badhash')).toBeUndefined();
    expect(notified('badpw')).toBeUndefined();
    await Promise.all([stop(badhash), stop(badpw)]);
  });

  it('a joining server exits fatally on a CA mismatch, a bad password and a duplicate node name', async () => {
    const url = `https://${ip(1)}:6443`;
    const pw = token(s1).split(':').pop()!;
    const j1 = start('joinhash', 'server', {
      server: url,
      token: `K10${'0'.repeat(64)}::server:${pw}`,
      'node-name': 'joinhash',
      'node-ip': ip(10),
    });
    const j2 = start('joinpw', 'server', {
      server: url,
      token: token(s1).replace(/:[0-9a-f]{32}$/, ':wrong'),
      'node-name': 'joinpw',
      'node-ip': ip(11),
    });
    const j3 = start('joindup', 'server', { server: url, token: token(s1), 'node-name': 's1', 'node-ip': ip(12) });
    expect(await Promise.all([j1.exited, j2.exited, j3.exited])).toEqual([1, 1, 1]);
    const real = caHashOfPem(readFileSync(path.join(serverDir(s1), 'tls/server-ca.crt')));
    expect(
      lines(
        j1,
        'fatal',
        `Error: preparing server: failed to bootstrap cluster data: failed to check if bootstrap data has been initialized: failed to validate token: token CA hash does not match the Cluster CA certificate hash: ${'0'.repeat(64)} != ${real}`,
      ),
    ).toHaveLength(1);
    expect(lines(j2, 'warning', 'Skipping cluster configuration validation: not authorized')).toHaveLength(1);
    expect(
      lines(j2, 'fatal', 'Error: preparing server: failed to bootstrap cluster data: not authorized'),
    ).toHaveLength(1);
    expect(
      lines(j3, 'fatal', 'etcd cluster join failed: duplicate node name found, please use a unique name for this node'),
    ).toHaveLength(1);
    expect(existsSync(path.join(serverDir(j3), 'db/etcd/name'))).toBe(false);
    expect((await members(ip(1))).map((m) => m.name.replace(/-[0-9a-f]{8}$/, ''))).toEqual(['s1']);
  });

  it('an agent with a server-only key in its config fails with the urfave/cli wording', async () => {
    const p = start(
      'badkey',
      'agent',
      { server: `https://${ip(1)}:6443`, token: token(s1), 'cluster-init': true },
      { dev: true },
    );
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain('Incorrect Usage: flag provided but not defined: -cluster-init');
  });

  it('registers an agent, and refuses the same node name with another password (403, retried)', async () => {
    worker = start(
      'worker',
      'agent',
      {
        server: `https://${ip(1)}:6443`,
        token: token(s1),
        'node-name': 'worker',
        'node-ip': ip(5),
        'node-label': ['k3sgrid.io/storage.longhorn=true'],
      },
      { dev: true },
    );
    await until('worker Ready', async () => (await nodeStatus(s1, 'worker')) === 'Ready');
    expect((await kjson(s1, 'get', 'node', 'worker')).metadata.labels['k3sgrid.io/storage.longhorn']).toBe('true');
    const dup = start('dup', 'agent', {
      server: `https://${ip(1)}:6443`,
      token: token(s1),
      'node-name': 'worker',
      'node-ip': ip(6),
    });
    const msg = `Waiting to retrieve agent configuration; server is not ready: ${path.join(dup.root, 'var/lib/rancher/k3s/agent/serving-kubelet.crt')}: Node password rejected, duplicate hostname or contents of '${path.join(dup.root, 'etc/rancher/node/password')}' may not match server node-passwd entry, try enabling a unique node name with the --with-node-id flag`;
    await until('password rejected twice', () => lines(dup, 'info', msg).length >= 2);
    expect(s1.stderr()).toMatch(
      /level=error msg="Sending HTTP\/1\.1 403 response to [0-9.:]+: unable to verify password for node worker: hash does not match"/,
    );
    expect(dup.child.exitCode).toBe(null);
    await stop(dup);
    expect(worker.child.exitCode).toBe(null);
  });
});

describe('k3s double: HA embedded etcd', () => {
  it('three servers form one etcd cluster sharing one CA; apiservers and the kubernetes Endpoints list them', async () => {
    s2 = start(
      's2',
      'server',
      {
        server: `https://${ip(1)}:6443`,
        token: token(s1),
        'node-name': 's2',
        'node-ip': ip(2),
        debug: !!process.env.K3S_DOUBLE_TEST_DEBUG,
      },
      { dev: true },
    );
    s3 = start('s3', 'server', {
      server: `https://${ip(1)}:6443`,
      token: token(s1),
      'node-name': 's3',
      'node-ip': ip(3),
      debug: !!process.env.K3S_DOUBLE_TEST_DEBUG,
    });
    await Promise.all(
      [s2, s3].map((p) =>
        until(`${p.name} ready`, async () => existsKubeconfig(p) && (await readyz(p)) === 200, 45_000),
      ),
    );
    const ms = await until('3 voting members', async () => {
      const m = await members(ip(1));
      return m.length === 3 && m.every((x) => !x.isLearner) ? m : undefined;
    });
    expect(ms.map((m) => m.name.replace(/-[0-9a-f]{8}$/, '')).sort()).toEqual(['s1', 's2', 's3']);
    const ca1pem = readFileSync(path.join(serverDir(s1), 'tls/server-ca.crt'));
    expect(readFileSync(path.join(serverDir(s3), 'tls/server-ca.crt')).equals(ca1pem)).toBe(true);
    expect(
      readFileSync(path.join(serverDir(s3), 'tls/etcd/peer-ca.crt')).equals(
        readFileSync(path.join(serverDir(s1), 'tls/etcd/peer-ca.crt')),
      ),
    ).toBe(true);
    expect(token(s2)).toBe(token(s1));
    const n = await until('3 servers listed', async () => {
      const rows = nodeRows((await kubectl(s2, 'get', 'nodes')).stdout);
      return ['s1', 's2', 's3', 'worker'].every((x) => rows.get(x)?.[1] === 'Ready') ? rows : undefined;
    });
    expect(n.get('s3')?.[2]).toBe('control-plane,etcd,master');
    expect(n.get('worker')?.[2]).toBe('<none>');
    expect((await apiservers(s1, ip(2))).sort()).toEqual([ip(1), ip(2), ip(3)].map((x) => `${x}:6443`).sort());
    const ep = await kubectl(s1, 'get', 'endpoints', 'kubernetes', '-o', 'json');
    expect(ep.stderr).toContain('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice');
    const subsets = (JSON.parse(ep.stdout) as Obj).subsets!;
    expect(subsets[0]!.addresses.map((x) => x.ip).sort()).toEqual([ip(1), ip(2), ip(3)].sort());
    expect(subsets[0]!.ports).toEqual([{ name: 'https', port: 6443, protocol: 'TCP' }]);
    const slices = await kjson(
      s1,
      'get',
      'endpointslices',
      '-n',
      'default',
      '-l',
      'kubernetes.io/service-name=kubernetes',
    );
    expect(slices.items[0]!.endpoints!.map((e) => e.addresses[0]).sort()).toEqual([ip(1), ip(2), ip(3)].sort());
  });

  it('stopping one server keeps the API up; the stopped node goes NotReady with the unreachable taint, the agent stays Ready', async () => {
    await stop(s1); // the server the agent registered through
    // its etcd child went with it
    await expect(fetch(`http://${ip(1)}:2379/version`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    expect(await readyz(s2)).toBe(200);
    expect((await kubectl(s2, 'get', '--raw', '/readyz')).stdout).toBe('ok');
    await until('s1 NotReady', async () => (await nodeStatus(s2, 's1')) === 'NotReady', 15_000);
    const node = await kjson(s2, 'get', 'node', 's1');
    expect(node.status.conditions.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
    });
    expect(node.spec.taints).toEqual([
      expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }),
    ]);
    await until(
      's1 gone from apiservers',
      async () => !(await apiservers(s2, ip(2))).includes(`${ip(1)}:6443`),
      20_000,
    );
    expect(await nodeStatus(s3, 'worker')).toBe('Ready');
  });

  it('kubectl delete node of a server removes its etcd member, then its password secret and the Node', async () => {
    expect(await etcdKeys(ip(2), '/registry/secrets/kube-system/s1.node-password.k3s')).toHaveLength(1);
    const r = await kubectl(s2, 'delete', 'node', 's1');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('node "s1" deleted');
    const ms = await members(ip(2));
    expect(ms.map((m) => m.name.replace(/-[0-9a-f]{8}$/, '')).sort()).toEqual(['s2', 's3']);
    expect(nodeRows((await kubectl(s2, 'get', 'nodes')).stdout).has('s1')).toBe(false);
    expect((await kubectl(s2, 'get', 'node', 's1')).stderr).toContain('nodes "s1" not found');
    expect(await etcdKeys(ip(2), '/registry/secrets/kube-system/s1.node-password.k3s')).toEqual([]);
    expect(s2.stderr() + s3.stderr()).toMatch(
      /msg="Removing etcd member from cluster due to node delete" address=[0-9.]+ name=s1-[0-9a-f]{8}/,
    );
  });

  it('losing quorum makes readiness fail; a restarted member ignores --server and --cluster-init', async () => {
    await stop(s3); // 1 of 2 remaining members left: no quorum
    await until('s2 not ready', async () => (await readyz(s2)) === 503, 20_000);
    const r = await kubectl(s2, 'get', '--raw', '/readyz');
    expect(r.exitCode).not.toBe(0);
    s3 = start('s3', 'server', {
      server: `https://${ip(99)}:6443`,
      'cluster-init': true,
      token: token(s2),
      'node-name': 's3',
      'node-ip': ip(3),
    });
    await until('s2 ready again', async () => (await readyz(s2)) === 200, 30_000);
    expect(lines(s3, 'info', 'Managed etcd cluster bootstrap already complete and initialized')).toHaveLength(1);
    expect(lines(s3, 'info', 'Starting etcd for existing cluster member')).toHaveLength(1);
    expect(s3.stderr()).toContain('level=warning msg="Unable to reconcile with remote datastore: ');
    expect((await members(ip(2))).length).toBe(2);
  });
});

describe('k3s double: no CNI (flannel-backend none), release build', () => {
  it('the server notifies systemd once etcd and the apiserver are up; nodes are NotReady and tainted', async () => {
    expect(notified('cni1')).toBe('READY=1 /run/test-notify.sock\n');
    expect(lines(cni1, 'info', 'k3s is up and running')).toHaveLength(1);
    expect(await nodeStatus(cni1, 'cni1')).toBe('NotReady');
    const node = await kjson(cni1, 'get', 'node', 'cni1');
    expect(node.status.conditions.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'KubeletNotReady',
      message:
        'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
    });
    expect(node.spec.taints).toEqual([
      expect.objectContaining({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }),
    ]);
    expect(readFileSync(releaseBinary, 'utf8').split('\n')[0]).toBe('#!/bin/sh');
  });

  it('advertises the first node-external-ip in /v1-k3s/apiservers and the kubernetes Endpoints', async () => {
    expect(await apiservers(cni1, ip(30))).toEqual([`${ip(31)}:6443`]);
    const ep = JSON.parse((await kubectl(cni1, 'get', 'endpoints', 'kubernetes', '-o', 'json')).stdout) as Obj;
    expect(ep.subsets).toEqual([
      { addresses: [{ ip: ip(31) }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
    ]);
  });

  it('helm charts without bootstrap stay Pending; an agent notifies once its Node exists', async () => {
    const charts = await until('2 helmcharts', async () => {
      const r = await kjson(cni1, 'get', 'helmcharts', '-A');
      return r.items.length === 2 ? r.items : undefined;
    });
    expect(charts.map((c) => c.metadata.name).sort()).toEqual(['longhorn', 'tigera-operator']);
    const table = await kubectl(cni1, 'get', 'helmcharts', '-n', 'kube-system');
    expect(table.stdout.split('\n')[0]!.split(/\s+/)).toEqual([
      'NAME',
      'REPO',
      'CHART',
      'VERSION',
      'TARGETNAMESPACE',
      'BOOTSTRAP',
      'FAILED',
      'AGE',
    ]);
    const pending = await until('unschedulable helm pods', async () => {
      const pods = (await kjson(cni1, 'get', 'pods', '-n', 'kube-system')).items;
      return pods.length === 2 && pods.every((p) => p.status.conditions[0]?.reason === 'Unschedulable')
        ? pods
        : undefined;
    });
    expect(pending[0]!.status.phase).toBe('Pending');
    expect(pending[0]!.status.conditions[0]!.message).toBe(
      '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    expect(cni1.stderr()).toContain('k3s-double: helm install pod kube-system/helm-install-tigera-operator-');
    const jobs = await kubectl(cni1, 'get', 'jobs', '-n', 'kube-system');
    expect(nodeRows(jobs.stdout).get('helm-install-tigera-operator')?.slice(1, 3)).toEqual(['Running', '0/1']);
    const ag = start(
      'cniagent',
      'agent',
      { server: `https://${ip(30)}:6443`, token: token(cni1), 'node-name': 'cniagent', 'node-ip': ip(32) },
      { env: notifyEnv('cniagent') },
    );
    await until('agent notified', () => notified('cniagent'));
    expect(notified('cniagent')).toBe('READY=1 /run/test-notify.sock\n');
    expect(lines(ag, 'info', 'k3s agent is up and running')).toHaveLength(1);
    expect(await nodeStatus(cni1, 'cniagent')).toBe('NotReady');
    await new Promise((r) => setTimeout(r, 1000)); // several scheduling rounds: still nothing runs
    const again = (await kjson(cni1, 'get', 'pods', '-n', 'kube-system')).items;
    expect(again.every((p) => p.status.phase === 'Pending')).toBe(true);
    expect(again[0]!.status.conditions[0]!.message).toMatch(
      /^0\/2 nodes are available: 2 node\(s\) had untolerated taint \{node\.kubernetes\.io\/not-ready: \}\./,
    );
  });

  it('a CNI chart with bootstrap: true runs on the not-ready server; then nodes become Ready and the other chart installs', async () => {
    writeFileSync(
      path.join(cni1.root, manifests, 'k3sgrid-tigera-operator.yaml'),
      chart('tigera-operator', 'tigera-operator', { bootstrap: true }),
    );
    await until(
      'nodes Ready',
      async () => {
        const rows = nodeRows((await kubectl(cni1, 'get', 'nodes')).stdout);
        return rows.get('cni1')?.[1] === 'Ready' && rows.get('cniagent')?.[1] === 'Ready';
      },
      20_000,
    );
    expect((await kjson(cni1, 'get', 'node', 'cniagent')).spec.taints).toBeUndefined();
    const pods = await until(
      'both helm jobs done',
      async () => {
        const items = (await kjson(cni1, 'get', 'pods', '-n', 'kube-system')).items;
        return items.length === 2 && items.every((p) => p.status.phase === 'Succeeded') ? items : undefined;
      },
      20_000,
    );
    const tigera = pods.find((p) => p.metadata.labels['helmcharts.helm.cattle.io/chart'] === 'tigera-operator')!;
    expect(tigera.spec.nodeName).toBe('cni1');
    expect(tigera.spec.hostNetwork).toBe(true);
    expect(tigera.spec.tolerations).toContainEqual({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
    const hc = await kjson(cni1, 'get', 'helmchart', 'tigera-operator', '-n', 'kube-system');
    expect(hc.status.jobName).toBe('helm-install-tigera-operator');
    expect(
      nodeRows((await kubectl(cni1, 'get', 'jobs', '-n', 'kube-system')).stdout)
        .get('helm-install-longhorn')
        ?.slice(1, 3),
    ).toEqual(['Complete', '1/1']);
  });
});

describe('k3s double: custom CA certificates', () => {
  it('uses the CA files placed in server/tls, generates only the missing pair, and hashes the root', async () => {
    const tls = path.join(serverDir(ca1), 'tls');
    for (const [rel, text] of Object.entries(customFiles))
      expect(readFileSync(path.join(ca1.root, rel), 'utf8')).toBe(text);
    const peer = new X509Certificate(readFileSync(path.join(tls, 'etcd/peer-ca.crt')));
    expect(peer.subject).toMatch(/^CN=etcd-peer-ca@\d+$/);
    const rootHash = createHash('sha256').update(new X509Certificate(customRoot).raw).digest('hex');
    expect(token(ca1)).toMatch(new RegExp(`^K10${rootHash}::server:`));
    const ag = start('caagent', 'agent', {
      server: `https://${ip(40)}:6443`,
      token: token(ca1),
      'node-name': 'caagent',
      'node-ip': ip(43),
    });
    await until('caagent Ready', async () => (await nodeStatus(ca1, 'caagent')) === 'Ready');
    expect(ag.stderr()).not.toContain('level=error');
    // advertise-address wins over node-external-ip and node-ip
    expect(await apiservers(ca1, ip(40))).toEqual([`${ip(41)}:6443`]);
  });

  it('deleting the Node of the last etcd voter leaves it Terminating: the member removal fails and is retried', async () => {
    const r = await kubectl(ca1, 'delete', 'node', 'ca1', '--wait=false');
    expect(r.stdout.trim()).toBe('node "ca1" deleted');
    await until('removal rejected', () =>
      ca1
        .stderr()
        .includes(
          'level=error msg="error syncing \'ca1\': handler managed-etcd-controller: etcdserver: re-configuration failed due to not enough started members, requeuing"',
        ),
    );
    const node = await kjson(ca1, 'get', 'node', 'ca1');
    expect(node.metadata.deletionTimestamp).toBeTruthy();
    expect(node.metadata.finalizers).toContain('wrangler.cattle.io/managed-etcd-controller');
    expect((await members(ip(40))).length).toBe(1);
    expect(await etcdKeys(ip(40), '/registry/secrets/kube-system/ca1.node-password.k3s')).toHaveLength(1);
  });
  it('a tombstoned member restarted without --server moves server/db/etcd aside and starts a new cluster (v1.33)', async () => {
    const name = readFileSync(path.join(serverDir(ca1), 'db/etcd/name'), 'utf8');
    const tok = token(ca1);
    await stop(ca1);
    writeFileSync(path.join(serverDir(ca1), 'db/etcd/tombstone'), '');
    ca1 = start(
      'ca1',
      'server',
      { 'cluster-init': true, 'node-name': 'ca1', 'node-ip': ip(40), 'advertise-address': ip(41) },
      { files: customFiles },
    );
    await until('ca1 ready again', async () => (await readyz(ca1)) === 200 && registered(ca1, 'ca1'));
    expect(lines(ca1, 'info', 'Managed etcd cluster bootstrap already complete and initialized')).toHaveLength(1);
    expect(
      lines(ca1, 'info', 'tombstone file has been detected, removing data dir to rejoin the cluster'),
    ).toHaveLength(1);
    expect(readdirSync(path.join(serverDir(ca1), 'db')).filter((e) => /^etcd-backup-\d+$/.test(e))).toHaveLength(1);
    expect(readFileSync(path.join(serverDir(ca1), 'db/etcd/name'), 'utf8')).not.toBe(name);
    expect(token(ca1)).toBe(tok);
    expect((await kjson(ca1, 'get', 'node', 'ca1')).metadata.deletionTimestamp).toBeUndefined();
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
      async () => existsKubeconfig(ext) && (await readyz(ext)) === 200 && registered(ext, 'ext'),
    );
    const tok = token(ext);
    expect(tok).toMatch(/::server:sharedsecret$/);
    const row = await until('ext listed', async () => nodeRows((await kubectl(ext, 'get', 'nodes')).stdout).get('ext'));
    expect(row[2]).toBe('control-plane,master');
    await stop(ext);
    ext = start('ext', 'server', cfg);
    await until('ext ready again', async () => (await readyz(ext)) === 200 && registered(ext, 'ext'));
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
    await until('extagent Ready', async () => (await nodeStatus(ext, `extagent-${id}`)) === 'Ready');
    expect(statSync(path.join(ag.root, 'etc/rancher/node/password')).mode & 0o777).toBe(0o600);
    expect((await kjson(ext, 'get', 'node', 'ext')).metadata.finalizers).toEqual(['wrangler.cattle.io/node']);
  });
});

describe('k3s double: etcd lives and dies with the k3s process (embedded in k3s)', () => {
  const alive = (pid: number): boolean => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
    } catch {
      return false;
    }
  };
  /** The live etcd process serving this node's data dir (found in /proc, as an operator would). */
  const etcdPid = (p: Proc): number => {
    const dataDir = path.join(serverDir(p), 'db/etcd');
    for (const e of readdirSync('/proc')) {
      if (!/^\d+$/.test(e) || !alive(Number(e))) continue;
      try {
        const argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
        if (path.basename(argv[0] ?? '') === 'etcd' && argv.includes(dataDir)) return Number(e);
      } catch {
        // gone meanwhile
      }
    }
    throw new Error(`no etcd process for ${dataDir}`);
  };
  const cfg = { 'cluster-init': true, 'node-name': 'e1', 'node-ip': ip(50) };

  it('a start after a killed double stops the etcd it left behind; an etcd that exits takes k3s down (fatal, exit 1)', async () => {
    let e1 = start('e1', 'server', cfg);
    await until('e1 ready', async () => (await readyz(e1)) === 200, 45_000);
    const orphan = etcdPid(e1);
    // An etcd that will not go (stopped, its ports still bound) outlives the killed double.
    process.kill(orphan, 'SIGSTOP');
    e1.child.kill('SIGKILL');
    await e1.exited;
    expect(alive(orphan)).toBe(true);

    e1 = start('e1', 'server', cfg);
    await until('e1 ready again', async () => (await readyz(e1)) === 200, 45_000);
    expect(alive(orphan)).toBe(false);
    expect(lines(e1, 'info', 'Starting etcd for existing cluster member')).toHaveLength(1);

    // pkg/executor/embed/etcd.go: logrus.Fatalf("etcd exited: %v") once etcd is gone.
    process.kill(etcdPid(e1), 'SIGKILL');
    expect(await e1.exited).toBe(1);
    expect(e1.stderr()).toMatch(/level=fatal msg="etcd exited: exit status/);
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
