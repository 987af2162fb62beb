import { createHash } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AssignmentSecrets, AssignmentSpec, K3sPhase } from '@k3sgrid/proto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { k3sDoublePath } from '../../../test/k3s-double/index.js';
import { type K3sIntegration, type PhaseReporter, createK3sIntegration } from '../src/cli/k3s-integration.js';
import type { AgentSettings } from '../src/config.js';
import { tempDir } from '@k3sgrid/testkit';

const run = promisify(execFile);

const haveTools = (() => {
  try {
    for (const t of ['etcd', 'kubectl', 'haproxy']) execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

type Report = Parameters<PhaseReporter['reportPhase']>[0];

class FakeClient implements PhaseReporter {
  readonly reports: Report[] = [];
  reportPhase(update: Report): void {
    this.reports.push(update);
  }
  phases(): K3sPhase[] {
    return this.reports.map((r) => r.phase);
  }
  async until(phase: K3sPhase, timeoutMs = 60_000, from = 0): Promise<Report> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const r = this.reports.slice(from).find((x) => x.phase === phase);
      if (r) return r;
      const failed = this.reports.slice(from).find((x) => x.phase === 'failed');
      if (failed) throw new Error(`failed: ${failed.message}\n${(failed.logTail ?? []).join('\n')}`);
      if (Date.now() > end) throw new Error(`no ${phase} in time; saw ${this.phases().join(',')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const base = `127.${10 + Math.floor(Math.random() * 200)}.${1 + Math.floor(Math.random() * 250)}`;
const nodeIp = `${base}.1`;
const lbIp = `${base}.9`;
const work = tempDir('k3s-integration');
const log = pino({ level: process.env.K3SGRID_TEST_LOG ?? 'silent' });

/** Knobs the lab would set in the agent's environment; the integration passes K3S_DOUBLE_* on. */
const agentEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  K3S_DOUBLE_NODE_GRACE_MS: '8000',
  K3S_DOUBLE_ETCD_HEARTBEAT_MS: '100',
  K3S_DOUBLE_ETCD_ELECTION_MS: '1000',
  UNRELATED: 'not passed',
};

function settings(name: string): AgentSettings {
  return {
    coordinators: ['wss://127.0.0.1:1'],
    coordinator: 'wss://127.0.0.1:1',
    token: undefined,
    stateDir: path.join(work, name, 'state'),
    probeRoot: '/',
    hostname: name,
    nodeIp: undefined,
    haproxyBinary: 'haproxy',
    k3s: { binary: k3sDoublePath, rootPrefix: path.join(work, name, 'root'), supervisor: 'builtin' },
  };
}

function spec(over: Partial<AssignmentSpec> = {}): AssignmentSpec {
  return {
    nodeId: 'node-a-id',
    clusterId: 'c1',
    clusterName: 'alpha',
    epoch: 1,
    generation: 1,
    role: 'server-init',
    nodeName: 'node-a',
    serverUrl: '',
    k3sVersion: '',
    tlsSans: [nodeIp, lbIp],
    nodeLabels: ['k3sgrid.io/test=yes'],
    nodeTaints: [],
    flannelBackend: '',
    disable: [],
    secretsEncryption: false,
    nodeIp,
    nodeExternalIp: '',
    flannelIface: '',
    manifests: [],
    lb: null,
    datastoreEndpoint: '',
    k3sRelease: null,
    advertiseAddress: '',
    nodePrep: { modules: [], services: [], reason: '' },
    disableNetworkPolicy: false,
    ...over,
  };
}
const secrets: AssignmentSecrets = {
  token: 'k3sgrid-server-secret-0123456789',
  nodePassword: '0123456789abcdef0123456789abcdef',
  datastoreCredentials: '',
  agentToken: 'k3sgrid-agent-secret-0123456789',
};
const noSecrets: AssignmentSecrets = { token: '', nodePassword: '', datastoreCredentials: '', agentToken: '' };

const root = path.join(work, 'node-a', 'root');
const kubeconfig = path.join(root, 'etc/rancher/k3s/k3s.yaml');
const integrations: K3sIntegration[] = [];

async function make(name: string): Promise<{ integ: K3sIntegration; client: FakeClient }> {
  const integ = await createK3sIntegration(settings(name), log, {
    env: agentEnv,
    runner: { healthIntervalMs: 200 },
    haproxy: { checkIntervalMs: 200, healthIntervalMs: 200 },
  });
  const client = new FakeClient();
  integ.attach(client);
  integrations.push(integ);
  return { integ, client };
}

const k3sPid = async (integ: K3sIntegration): Promise<number | null> => (await integ.runner.supervisor.status()).pid;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function kubectl(args: string[], config = kubeconfig): Promise<string> {
  const r = await run('kubectl', ['--kubeconfig', config, '--request-timeout', '10s', ...args], { timeout: 20_000 });
  return r.stdout;
}

describe.skipIf(!haveTools)('k3s integration with the k3s test double', () => {
  let first: { integ: K3sIntegration; client: FakeClient };
  const pids: number[] = [];

  beforeAll(async () => {
    first = await make('node-a');
  });
  afterAll(async () => {
    for (const i of integrations) await i.shutdown({ stopK3s: true }).catch(() => undefined);
    for (const p of pids) if (alive(p)) process.kill(p, 'SIGKILL');
    await fs.rm(work, { recursive: true, force: true });
  }, 60_000);

  it('runs a server-init assignment to ready, reports the CA hash, and kubectl sees a Ready node', async () => {
    const { integ, client } = first;
    expect(integ.supervisorKind).toBe('builtin');
    await integ.handlers.onAssignment!(spec(), secrets);
    const ready = await client.until('ready');
    const p = await k3sPid(integ);
    expect(p).not.toBeNull();
    pids.push(p!);
    const phases = client.phases();
    expect(phases.slice(0, 4)).toEqual(['configuring', 'installing', 'starting', 'running']);

    // CA hash: sha256 of the bytes of server-ca.crt, as k3s puts it in K10 tokens.
    const ca = readFileSync(path.join(root, 'var/lib/rancher/k3s/server/tls/server-ca.crt'));
    const want = createHash('sha256').update(ca).digest('hex');
    const withHash = client.reports.find((r) => r.caHash !== undefined);
    expect(withHash?.caHash).toBe(want);
    expect(ready.caHash).toBe(want);
    expect(readFileSync(path.join(root, 'var/lib/rancher/k3s/server/token'), 'utf8')).toContain(`K10${want}::server:`);

    // the child got the K3S_DOUBLE_* knobs and its root, nothing else of ours
    const environ = readFileSync(`/proc/${p}/environ`, 'utf8').split('\0');
    expect(environ).toContain('K3S_DOUBLE_NODE_GRACE_MS=8000');
    expect(environ).toContain(`K3S_DOUBLE_ROOT=${root}`);

    expect((await kubectl(['get', '--raw', '/readyz'])).trim()).toBe('ok');
    const nodes = await kubectl(['get', 'nodes', '--no-headers']);
    expect(nodes).toMatch(/^node-a\s+Ready\s+control-plane,etcd,master\s/m);

    // the session's kubeconfig request reads k3s.yaml
    expect(await integ.handlers.readKubeconfig!()).toBe(readFileSync(kubeconfig, 'utf8'));
  }, 90_000);

  it('caches the assignment in the state dir, secrets sealed', () => {
    const file = path.join(work, 'node-a', 'state', 'assignment-cache.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"nodeName": "node-a"');
    expect(text).not.toContain(secrets.token);
    expect(text).not.toContain(secrets.nodePassword);
    expect(text).not.toContain(secrets.agentToken);
  });

  it('re-applying the same assignment is a no-op (same k3s pid)', async () => {
    const { integ, client } = first;
    const before = await k3sPid(integ);
    const n = client.reports.length;
    await integ.handlers.onAssignment!(spec(), secrets);
    expect(await k3sPid(integ)).toBe(before);
    expect(client.reports.slice(n).map((r) => r.phase)).toEqual([]);
  });

  it('applies a higher epoch (one restart), then refuses a lower one', async () => {
    const { integ } = first;
    const n = first.client.reports.length;
    await integ.handlers.onAssignment!(spec({ epoch: 2, generation: 1 }), secrets);
    await first.client.until('ready', 60_000, n);
    const p = await k3sPid(first.integ);
    if (p !== null) pids.push(p);
    await expect(integ.handlers.onAssignment!(spec({ epoch: 1, generation: 9 }), secrets)).rejects.toMatchObject({
      code: 'k3s-epoch-regression',
    });
  }, 90_000);

  it('an lb node runs HAProxy in front of the server, kubectl works through it, and it resumes from the cache', async () => {
    const lb = await make('node-lb');
    const bind = `${lbIp}:6443`;
    await lb.integ.handlers.onAssignment!(
      spec({ nodeId: 'lb-id', nodeName: 'lb', role: 'lb', nodeIp: lbIp, lb: { bind, backends: [`${nodeIp}:6443`] } }),
      noSecrets,
    );
    const ready = await lb.client.until('ready', 20_000);
    expect(ready.message).toContain(bind);
    // k3s phases of the lb node (k3s stopped) are not reported; HAProxy's are.
    expect(lb.client.phases()).toEqual(['configuring', 'starting', 'running', 'ready']);
    expect(existsSync(path.join(work, 'node-lb', 'root', 'etc/k3sgrid/haproxy.cfg'))).toBe(true);

    const viaLb = path.join(work, 'kubeconfig-lb.yaml');
    writeFileSync(
      viaLb,
      readFileSync(kubeconfig, 'utf8').replace(/server: https:\/\/[^\s]+/, `server: https://${bind}`),
    );
    expect((await kubectl(['get', '--raw', '/readyz'], viaLb)).trim()).toBe('ok');
    expect(await kubectl(['get', 'nodes', '--no-headers'], viaLb)).toMatch(/^node-a\s+Ready\s/m);

    // agent restart without a coordinator: HAProxy comes back from the cached lb assignment
    await lb.integ.shutdown();
    await expect(kubectl(['get', '--raw', '/readyz'], viaLb)).rejects.toThrow();
    const again = await make('node-lb');
    await again.integ.resume();
    expect(again.integ.haproxy.active).toBe(true);
    expect((await again.client.until('ready', 20_000)).message).toContain(bind);
    expect((await kubectl(['get', '--raw', '/readyz'], viaLb)).trim()).toBe('ok');

    // role none: HAProxy stops
    await again.integ.handlers.onAssignment!(
      spec({ nodeId: 'lb-id', nodeName: 'lb', role: 'none', nodeIp: lbIp, generation: 2 }),
      noSecrets,
    );
    expect(again.integ.haproxy.active).toBe(false);
    expect(again.client.phases().at(-1)).toBe('pending');
    await again.integ.shutdown();
  }, 60_000);

  it('after the agent stops, a fresh integration resumes k3s from the cache without a coordinator', async () => {
    const before = await k3sPid(first.integ);
    await first.integ.shutdown(); // built-in supervisor: k3s is our child and stops with us
    expect(before).not.toBeNull();
    await waitDead(before!);

    const second = await make('node-a');
    await second.integ.resume();
    const ready = await second.client.until('ready', 60_000);
    const p = await k3sPid(second.integ);
    expect(p).not.toBeNull();
    expect(p).not.toBe(before);
    pids.push(p!);
    expect(ready.caHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await kubectl(['get', '--raw', '/readyz'])).trim()).toBe('ok');
    expect(await kubectl(['get', 'nodes', '--no-headers'])).toMatch(/^node-a\s+Ready\s/m);

    // The coordinator comes back and re-sends the cached assignment: no restart.
    await second.integ.handlers.onAssignment!(spec({ epoch: 2, generation: 1 }), secrets);
    expect(await k3sPid(second.integ)).toBe(p);
  }, 90_000);
});

async function waitDead(pid: number, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > end) throw new Error(`pid ${pid} still alive`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
