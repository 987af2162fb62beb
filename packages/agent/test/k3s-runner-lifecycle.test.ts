/**
 * The runner's start and watch against a systemd that behaves like systemd
 * with a Type=notify k3s unit (research §3), worker readiness from the
 * cluster API and k3s's registration errors, and adoption of a k3s that
 * kept running across an agent restart.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AssignmentSecrets, AssignmentSpec } from '@k3sgrid/proto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ExecFn,
  type HashCache,
  type HttpsGet,
  K3sRunner,
  type K3sRunnerOptions,
  type PhaseEvent,
  SystemdSupervisor,
  ZinitSupervisor,
  fileHashCache,
} from '../src/k3s/index.js';
import { tempDir } from '@k3sgrid/testkit';

let root: string;
let work: string;
const runners: K3sRunner[] = [];
beforeEach(() => {
  root = tempDir('k3s-life-root');
  work = tempDir('k3s-life-work');
});
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(work, { recursive: true, force: true });
});

function spec(over: Partial<AssignmentSpec> = {}): AssignmentSpec {
  return {
    nodeId: 'n-1',
    clusterId: 'c1',
    clusterName: 'alpha',
    epoch: 1,
    generation: 1,
    role: 'agent',
    nodeName: 'w1',
    serverUrl: 'https://10.0.0.1:6443',
    k3sVersion: '',
    tlsSans: [],
    nodeLabels: ['a=b'],
    nodeTaints: [],
    flannelBackend: '',
    disable: [],
    secretsEncryption: false,
    nodeIp: '10.0.0.5',
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
  token: 'K10x::node:y',
  nodePassword: 'np',
  datastoreCredentials: '',
  agentToken: '',
};

async function bakedBinary(content = '#!/bin/sh\nexit 0\n'): Promise<string> {
  const f = path.join(root, 'usr/local/bin/k3s');
  await fs.mkdir(path.dirname(f), { recursive: true });
  await fs.writeFile(f, content, { mode: 0o755 });
  return f;
}

/**
 * systemctl/journalctl as systemd answers them for a Type=notify unit with
 * TimeoutStartSec=0: a blocking `restart` waits for READY=1, which k3s never
 * sends here, so it never returns; `--no-block` only queues the job.
 */
class FakeSystemd {
  active = 'inactive';
  sub = 'dead';
  pid = 0;
  restarts = 0;
  journal: string[] = [];
  readonly calls: string[] = [];
  readonly exec: ExecFn = (file, args) => {
    const line = [file, ...args].join(' ');
    this.calls.push(line);
    const ok = (stdout = ''): Promise<{ exitCode: number; stdout: string; stderr: string }> =>
      Promise.resolve({ exitCode: 0, stdout, stderr: '' });
    if (file === 'systemctl' && (args[0] === 'restart' || args[0] === 'start')) {
      if (!args.includes('--no-block')) return new Promise(() => undefined); // waits for READY=1 forever
      this.active = 'activating';
      this.sub = 'start';
      this.pid = 1000 + this.calls.length;
      return ok();
    }
    if (file === 'systemctl' && args[0] === 'show')
      return ok(
        `ActiveState=${this.active}\nSubState=${this.sub}\nMainPID=${this.pid}\nNRestarts=${this.restarts}\nExecMainStatus=0\n`,
      );
    if (file === 'systemctl' && args[0] === 'stop') {
      this.active = 'inactive';
      this.sub = 'dead';
      this.pid = 0;
      return ok();
    }
    if (file === 'journalctl') return ok(this.journal.join('\n'));
    return ok();
  };
  /** systemd restarted the unit and k3s sent READY=1. */
  up(): void {
    this.active = 'active';
    this.sub = 'running';
    this.restarts += 1;
  }
  restartCalls(): string[] {
    return this.calls.filter((c) => / (restart|start) /.test(c) && c.startsWith('systemctl'));
  }
}

function makeRunner(over: Partial<K3sRunnerOptions> = {}): { runner: K3sRunner; events: PhaseEvent[] } {
  const events: PhaseEvent[] = [];
  const runner = new K3sRunner({
    root,
    onPhase: (e) => events.push(e),
    healthIntervalMs: 20,
    ...over,
  });
  runners.push(runner);
  return { runner, events };
}

describe('the systemd supervisor never blocks the runner', () => {
  it('apply returns while the unit waits for READY=1; a corrected assignment applies; a later success is ready', async () => {
    await bakedBinary();
    const sd = new FakeSystemd();
    let healthy = false;
    const { runner, events } = makeRunner({
      supervisor: new SystemdSupervisor({ root, exec: sd.exec }),
      initSystem: 'systemd',
      exec: sd.exec,
      readyTimeoutMs: 300,
      healthCheck: () => Promise.resolve({ ready: healthy, detail: healthy ? 'node Ready' : 'node w1 is not Ready' }),
    });
    expect((await runner.apply(spec(), secrets)).action).toBe('started');
    expect(sd.restartCalls()).toEqual(['systemctl restart --no-block k3s-agent.service']);
    // activating (start) with a main PID: the process runs, readiness is the health check's
    await runner.waitForPhase(['running'], 5000);
    const failed = await runner.waitForPhase(['failed'], 5000);
    expect(failed.message).toBe('k3s not ready after 300 ms: node w1 is not Ready');

    // systemd restarts the unit, k3s comes up: the watch is still there and says so
    sd.up();
    healthy = true;
    expect((await runner.waitForPhase(['ready'], 5000)).message).toBe('node Ready');

    // the lock was never held: a corrected assignment is applied at once
    expect((await runner.apply(spec({ generation: 2, nodeLabels: ['a=c'] }), secrets)).action).toBe('restarted');
    expect(sd.restartCalls()).toHaveLength(2);
    const phases = events.map((e) => e.phase);
    expect(phases.indexOf('failed')).toBeLessThan(phases.indexOf('ready'));
  });
});

describe('worker readiness', () => {
  /** A k3s agent that is refused with k3s's own log line until `allow` exists, then registers. */
  async function fakeAgent(): Promise<string> {
    const agentDir = path.join(root, 'var/lib/rancher/k3s/agent');
    const f = path.join(work, 'k3s');
    await fs.writeFile(
      f,
      `#!${process.execPath}
const fs = require('fs'); const path = require('path');
const allow = ${JSON.stringify(path.join(work, 'allow'))};
const agentDir = ${JSON.stringify(agentDir)};
fs.appendFileSync(${JSON.stringify(path.join(work, 'starts'))}, 'start\\n');
const t = setInterval(() => {
  if (!fs.existsSync(allow)) {
    console.error('time="2026-12-03T10:00:00Z" level=info msg="Waiting to retrieve agent configuration; server is not ready: /var/lib/rancher/k3s/agent/serving-kubelet.crt: Node password rejected, duplicate hostname or contents of \\'/etc/rancher/node/password\\' may not match server node-passwd entry, try enabling a unique node name with the --with-node-id flag"');
    return;
  }
  fs.mkdirSync(agentDir, { recursive: true });
  fs.writeFileSync(path.join(agentDir, 'server-ca.crt'), 'CA');
  fs.writeFileSync(path.join(agentDir, 'client-kubelet.crt'), 'CERT');
  fs.writeFileSync(path.join(agentDir, 'client-kubelet.key'), 'KEY');
  console.error('time="2026-12-03T10:00:09Z" level=info msg="Annotations and labels have been set successfully on node: w1"');
  clearInterval(t);
}, 30);
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
`,
      { mode: 0o755 },
    );
    return f;
  }

  it('a refused registration is failed with k3s log lines while /ping answers, then ready once the Node is Ready', async () => {
    const bin = await fakeAgent();
    let nodeReady = false;
    const seen: string[] = [];
    // The server answers /ping to anyone; only the Node object says whether this worker joined.
    const get: HttpsGet = (url, o) => {
      const p = new URL(url).pathname;
      seen.push(`${p} ${o.cert ?? 'nocert'}`);
      if (p === '/ping') return Promise.resolve({ status: 200, body: 'pong' });
      if (p === '/api/v1/nodes/w1' && o.cert === 'CERT' && o.key === 'KEY' && o.ca === 'CA')
        return Promise.resolve({
          status: 200,
          body: JSON.stringify({ status: { conditions: [{ type: 'Ready', status: nodeReady ? 'True' : 'False' }] } }),
        });
      return Promise.resolve({ status: 404, body: '{}' });
    };
    const { runner, events } = makeRunner({
      hostBinaryPath: bin,
      supervisorKind: 'builtin',
      supervisorOptions: { builtin: { stopTimeoutMs: 2000 } },
      httpsGet: get,
    });
    await runner.apply(spec(), secrets);
    const failed = await runner.waitForPhase(['failed', 'ready'], 5000);
    expect(failed.phase).toBe('failed');
    expect(failed.message).toMatch(
      /^k3s agent: node password rejected by the server \(another node with this name\?\)/,
    );
    expect(failed.logTail.some((l) => l.includes('Node password rejected'))).toBe(true);
    // reported once, not per log line; k3s is left running (it retries by itself)
    await new Promise((r) => setTimeout(r, 200));
    expect(events.filter((e) => e.phase === 'failed')).toHaveLength(1);
    expect(readFileSync(path.join(work, 'starts'), 'utf8')).toBe('start\n');

    writeFileSync(path.join(work, 'allow'), '');
    await new Promise((r) => setTimeout(r, 200));
    expect(runner.phase).toBe('failed'); // registered, but the Node is not Ready yet
    nodeReady = true;
    const ready = await runner.waitForPhase(['ready'], 5000);
    expect(ready.message).toBe('node w1 Ready (kubelet credentials, via https://10.0.0.1:6443)');
    expect(seen).toContain('/api/v1/nodes/w1 CERT');
    expect(seen.some((s) => s.startsWith('/ping'))).toBe(false);
  });
});

describe('an agent restart does not restart a k3s that kept running', () => {
  it('systemd: same files on disk and the unit active → adopted, no restart; a change restarts', async () => {
    await bakedBinary();
    const sd = new FakeSystemd();
    const opts = (): Partial<K3sRunnerOptions> => ({
      supervisor: new SystemdSupervisor({ root, exec: sd.exec }),
      initSystem: 'systemd',
      exec: sd.exec,
      healthCheck: () => Promise.resolve({ ready: true, detail: 'node Ready' }),
    });
    const first = makeRunner(opts());
    expect((await first.runner.apply(spec(), secrets)).action).toBe('started');
    await first.runner.waitForPhase(['ready'], 5000);
    sd.up();
    expect(sd.restartCalls()).toHaveLength(1);

    // The agent restarts: a new runner with an empty memory, k3s still active under systemd.
    const second = makeRunner(opts());
    expect((await second.runner.apply(spec(), secrets)).action).toBe('adopted');
    expect(sd.restartCalls()).toHaveLength(1);
    await second.runner.waitForPhase(['ready'], 5000);
    expect(second.events.map((e) => e.phase)).toEqual(['configuring', 'installing', 'running', 'ready']);
    expect(second.events[2]?.message).toBe(
      'k3s agent was already running with this assignment (systemd); not restarted',
    );

    // Something on disk differs (an operator edited config.yaml): restart.
    const cfg = path.join(root, 'etc/rancher/k3s/config.yaml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8') + 'debug: true\n');
    const third = makeRunner(opts());
    expect((await third.runner.apply(spec(), secrets)).action).toBe('started');
    expect(sd.restartCalls()).toHaveLength(2);

    // A different assignment after a restart: restart.
    const fourth = makeRunner(opts());
    expect((await fourth.runner.apply(spec({ generation: 2, nodeLabels: ['a=c'] }), secrets)).action).toBe('started');
    expect(sd.restartCalls()).toHaveLength(3);
  });

  it('systemd with a release: the binary is not hashed again and k3s is adopted', async () => {
    const data = Buffer.from('#!/bin/sh\n# k3s v1.33.4+k3s1\n');
    const sha256 = createHash('sha256').update(data).digest('hex');
    await bakedBinary(data.toString());
    const rel = { version: 'v1.33.4+k3s1', arch: 'amd64' as const, sha256, size: data.length, images: null };
    const stateDir = path.join(work, 'state');
    await fs.mkdir(stateDir);
    const sd = new FakeSystemd();
    let sets = 0;
    const counting = (): HashCache => {
      const c = fileHashCache(path.join(stateDir, 'release-hashes.json'));
      return { get: (f) => c.get(f), set: (f, e) => (sets++, c.set(f, e)) };
    };
    const opts = (): Partial<K3sRunnerOptions> => ({
      supervisor: new SystemdSupervisor({ root, exec: sd.exec }),
      initSystem: 'systemd',
      exec: sd.exec,
      arch: 'amd64',
      hashCache: counting(),
      releases: { open: () => Promise.reject(new Error('must not download a binary that is there')) },
      healthCheck: () => Promise.resolve({ ready: true, detail: 'node Ready' }),
    });
    const first = makeRunner(opts());
    expect((await first.runner.apply(spec({ k3sRelease: rel }), secrets)).action).toBe('started');
    expect(sets).toBe(1); // hashed once, remembered in the state dir
    sd.up();
    const second = makeRunner(opts());
    expect((await second.runner.apply(spec({ k3sRelease: rel }), secrets)).action).toBe('adopted');
    expect(sets).toBe(1);
    expect(sd.restartCalls()).toHaveLength(1);
  });

  it('zinit: adopted the same way', async () => {
    await bakedBinary();
    let monitors = 0;
    const exec: ExecFn = (file, args) => {
      if (file === 'zinit' && args[0] === 'monitor') monitors++;
      const known = monitors > 0;
      if (file === 'zinit' && args[0] === 'status')
        return Promise.resolve(
          known
            ? { exitCode: 0, stdout: 'name: k3s\npid: 77\nstate: Running\n', stderr: '' }
            : { exitCode: 1, stdout: '', stderr: 'unknown service' },
        );
      return Promise.resolve({ exitCode: 0, stdout: '', stderr: '' });
    };
    const opts = (): Partial<K3sRunnerOptions> => ({
      supervisor: new ZinitSupervisor({ root, exec }),
      initSystem: 'zinit',
      exec,
      healthCheck: () => Promise.resolve({ ready: true, detail: 'node Ready' }),
    });
    expect((await makeRunner(opts()).runner.apply(spec(), secrets)).action).toBe('started');
    expect((await makeRunner(opts()).runner.apply(spec(), secrets)).action).toBe('adopted');
    expect(monitors).toBe(1);
  });

  it('the built-in supervisor starts k3s again: its child died with the agent', async () => {
    const bin = path.join(work, 'k3s');
    await fs.writeFile(
      bin,
      `#!${process.execPath}\nrequire('fs').appendFileSync(${JSON.stringify(path.join(work, 'starts'))}, 's\\n');\nprocess.on('SIGTERM', () => process.exit(0));\nsetInterval(() => {}, 1000);\n`,
      { mode: 0o755 },
    );
    const opts = (): Partial<K3sRunnerOptions> => ({
      hostBinaryPath: bin,
      supervisorKind: 'builtin',
      supervisorOptions: { builtin: { stopTimeoutMs: 2000 } },
      healthCheck: async (ctx) => ({ ready: (await ctx.supervisor.status()).state === 'running', detail: 'up' }),
    });
    const first = makeRunner(opts());
    await first.runner.apply(spec(), secrets);
    const startsFile = path.join(work, 'starts');
    for (let i = 0; i < 250 && !existsSync(startsFile); i++) await new Promise((r) => setTimeout(r, 20));
    await first.runner.stop();
    expect((await makeRunner(opts()).runner.apply(spec(), secrets)).action).toBe('started');
    const end = Date.now() + 5000;
    while (!existsSync(path.join(work, 'starts')) || readFileSync(path.join(work, 'starts'), 'utf8') !== 's\ns\n') {
      if (Date.now() > end)
        throw new Error(
          `k3s was not started again: ${existsSync(path.join(work, 'starts')) ? readFileSync(path.join(work, 'starts'), 'utf8') : 'none'}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});
