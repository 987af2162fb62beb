import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AssignmentSecrets, AssignmentSpec } from '@k3sgrid/proto';
import YAML from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EpochRegressionError,
  InvalidConfigKeyError,
  K3sRunner,
  type K3sRunnerOptions,
  type PhaseEvent,
  StaleGenerationError,
} from '../src/k3s/index.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

let root: string;
let work: string;
const runners: K3sRunner[] = [];
beforeEach(() => {
  root = tempDir('k3s-runner-root');
  work = tempDir('k3s-runner-work');
});
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(work, { recursive: true, force: true });
});

const CA = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

/** A stand-in for k3s: logs its start, optionally writes server-ca.crt, then runs until SIGTERM. */
async function fakeK3s(): Promise<string> {
  const f = path.join(root, 'usr/local/bin/k3s');
  await fs.mkdir(path.dirname(f), { recursive: true });
  await fs.writeFile(
    f,
    `#!${process.execPath}
const fs = require('fs');
const path = require('path');
const dir = process.env.FAKE_DIR;
fs.appendFileSync(path.join(dir, 'starts'), process.pid + ' ' + process.argv.slice(2).join(' ') + '\\n');
console.log('k3s fake starting ' + process.argv.slice(2).join(' '));
if (process.env.FAKE_CA) {
  fs.mkdirSync(path.dirname(process.env.FAKE_CA), { recursive: true });
  fs.writeFileSync(process.env.FAKE_CA, ${JSON.stringify(CA)});
}
if (process.env.FAKE_CRASH) { console.error('level=fatal msg="starting kubernetes: preparing server: bootstrap data already found"'); process.exit(1); }
fs.writeFileSync(path.join(dir, 'ready'), String(process.pid));
process.on('SIGTERM', () => { fs.rmSync(path.join(dir, 'ready'), { force: true }); process.exit(0); });
setInterval(() => {}, 1000);
`,
    { mode: 0o755 },
  );
  return f;
}

function spec(over: Partial<AssignmentSpec> = {}): AssignmentSpec {
  return {
    nodeId: 'node-1',
    clusterId: 'c1',
    clusterName: 'alpha',
    epoch: 3,
    generation: 1,
    role: 'server-init',
    nodeName: 'n1',
    serverUrl: '',
    k3sVersion: '',
    tlsSans: ['10.9.0.1'],
    nodeLabels: ['a=b'],
    nodeTaints: [],
    flannelBackend: '',
    disable: ['traefik'],
    secretsEncryption: false,
    nodeIp: '127.0.0.1',
    nodeExternalIp: '',
    flannelIface: '',
    manifests: [{ name: 'k3sgrid-demo.yaml', content: 'kind: ConfigMap\n' }],
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
  token: 'tok-0755',
  nodePassword: 'np-1',
  datastoreCredentials: '',
  agentToken: '',
};

function makeRunner(over: Partial<K3sRunnerOptions> = {}): { runner: K3sRunner; events: PhaseEvent[] } {
  const events: PhaseEvent[] = [];
  const runner = new K3sRunner({
    root,
    onPhase: (e) => events.push(e),
    supervisorKind: 'builtin',
    supervisorOptions: { builtin: { backoffBaseMs: 20, backoffMaxMs: 100, stopTimeoutMs: 2000 } },
    env: { FAKE_DIR: work, FAKE_CA: path.join(root, 'var/lib/rancher/k3s/server/tls/server-ca.crt') },
    healthCheck: async (ctx) => {
      const running = (await ctx.supervisor.status()).state === 'running';
      return {
        ready: running && existsSync(path.join(work, 'ready')),
        detail: running ? 'fake ready file' : 'not running',
      };
    },
    healthIntervalMs: 20,
    ...over,
  });
  runners.push(runner);
  return { runner, events };
}

const until = (cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<unknown> =>
  waitFor('condition', cond, timeoutMs, 20);

const starts = (): string[] =>
  existsSync(path.join(work, 'starts')) ? readFileSync(path.join(work, 'starts'), 'utf8').trim().split('\n') : [];

describe('K3sRunner', () => {
  it('goes through the phases in order, writes the files and reports the CA hash', async () => {
    await fakeK3s();
    const { runner, events } = makeRunner();
    const res = await runner.apply(spec(), secrets);
    expect(res.action).toBe('started');
    const ready = await runner.waitForPhase(['ready', 'failed'], 10_000);
    expect(ready.phase).toBe('ready');
    const phases = events.map((e) => e.phase).filter((p, i, a) => i === 0 || a[i - 1] !== p);
    expect(phases).toEqual(['configuring', 'installing', 'starting', 'running', 'ready']);
    const caHash = createHash('sha256').update(CA).digest('hex');
    expect(ready.caHash).toBe(caHash);
    expect(runner.caHash).toBe(caHash);
    expect(ready.epoch).toBe(3);

    const cfgFile = path.join(root, 'etc/rancher/k3s/config.yaml');
    const cfg = YAML.parse(readFileSync(cfgFile, 'utf8'), { version: '1.1' }) as Record<string, unknown>;
    expect(cfg).toMatchObject({ 'cluster-init': true, token: 'tok-0755', 'node-name': 'n1', disable: ['traefik'] });
    expect((await fs.stat(cfgFile)).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(root, 'etc/rancher/node/password'), 'utf8')).toBe('np-1\n');
    expect(readFileSync(path.join(root, 'var/lib/rancher/k3s/server/manifests/k3sgrid-demo.yaml'), 'utf8')).toBe(
      'kind: ConfigMap\n',
    );
    expect(starts()).toHaveLength(1);
    expect(starts()[0]).toContain(`server --config ${cfgFile}`);
  });

  it('re-applying the same assignment is a no-op; a changed one restarts k3s once', async () => {
    await fakeK3s();
    const { runner, events } = makeRunner();
    await runner.apply(spec(), secrets);
    await runner.waitForPhase(['ready'], 10_000);
    const pid1 = (await runner.supervisor.status()).pid;
    const n = events.length;

    expect((await runner.apply(spec(), { ...secrets })).action).toBe('noop');
    expect((await runner.supervisor.status()).pid).toBe(pid1);
    expect(starts()).toHaveLength(1);
    expect(events.length).toBe(n);

    const changed = spec({ generation: 2, nodeLabels: ['a=c'] });
    expect((await runner.apply(changed, secrets)).action).toBe('restarted');
    await runner.waitForPhase(['ready'], 10_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(starts()).toHaveLength(2);
    const pid2 = (await runner.supervisor.status()).pid;
    expect(pid2).not.toBe(pid1);
    const cfg = YAML.parse(readFileSync(path.join(root, 'etc/rancher/k3s/config.yaml'), 'utf8'), {
      version: '1.1',
    }) as Record<string, unknown>;
    expect(cfg['node-label']).toEqual(['a=c']);
    expect(events.slice(n).map((e) => e.phase)).toEqual(['configuring', 'installing', 'starting', 'running', 'ready']);

    // same epoch+generation but different content is applied too (content hash differs)
    expect((await runner.apply(changed, { ...secrets, nodePassword: 'np-2' })).action).toBe('restarted');
    await until(() => starts().length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(starts()).toHaveLength(3);
  });

  it('refuses a lower epoch and a stale generation without touching k3s', async () => {
    await fakeK3s();
    const { runner } = makeRunner();
    await runner.apply(spec({ epoch: 5, generation: 4 }), secrets);
    await runner.waitForPhase(['ready'], 10_000);
    const pid = (await runner.supervisor.status()).pid;
    const lower = runner.apply(spec({ epoch: 4, generation: 9 }), secrets);
    await expect(lower).rejects.toThrow(EpochRegressionError);
    await expect(lower).rejects.toMatchObject({ code: 'k3s-epoch-regression', applied: 5, offered: 4 });
    await expect(runner.apply(spec({ epoch: 5, generation: 3 }), secrets)).rejects.toThrow(StaleGenerationError);
    expect((await runner.supervisor.status()).pid).toBe(pid);
    expect(starts()).toHaveLength(1);
    expect(runner.appliedState).toMatchObject({ epoch: 5, generation: 4 });
    // a higher epoch is accepted
    expect((await runner.apply(spec({ epoch: 6, generation: 1 }), secrets)).action).toBe('restarted');
  });

  it('reports failed with the last log lines when k3s keeps crashing', async () => {
    await fakeK3s();
    const { runner, events } = makeRunner({ maxCrashesBeforeFailed: 2, env: { FAKE_DIR: work, FAKE_CRASH: '1' } });
    await runner.apply(spec(), secrets).catch(() => undefined); // may fail already while waiting for "running"
    const failed = events.find((e) => e.phase === 'failed') ?? (await runner.waitForPhase(['failed'], 10_000));
    expect(failed.logTail.some((l) => l.includes('bootstrap data already found'))).toBe(true);
    expect(failed.logTail.some((l) => l.includes('k3s exited (code 1'))).toBe(true);
    expect(events.some((e) => e.phase === 'ready')).toBe(false);
    // a re-apply of the same assignment after a failure tries again
    const before = starts().length;
    await runner.apply(spec(), secrets).catch(() => undefined);
    await until(() => starts().length > before);
  });

  it('fails in configuring (nothing written) for a config key the command does not have', async () => {
    await fakeK3s();
    const { runner, events } = makeRunner({ extraConfig: { 'cluster-init': true } });
    const p = runner.apply(spec({ role: 'agent', serverUrl: 'https://10.0.0.1:6443' }), secrets);
    await expect(p).rejects.toThrow(InvalidConfigKeyError);
    expect(events.map((e) => e.phase)).toEqual(['configuring', 'failed']);
    expect(events[1]!.message).toContain('k3s-config-invalid-key');
    expect(existsSync(path.join(root, 'etc/rancher/k3s/config.yaml'))).toBe(false);
    expect(starts()).toHaveLength(0);
  });

  it('an agent gets no manifests; role none stops k3s', async () => {
    await fakeK3s();
    const { runner, events } = makeRunner();
    await runner.apply(spec({ role: 'agent', serverUrl: 'https://10.0.0.1:6443' }), secrets);
    await until(() => starts().length === 1);
    expect(existsSync(path.join(root, 'var/lib/rancher/k3s/server/manifests'))).toBe(false);
    expect(starts()[0]).toContain('agent --config');
    expect((await runner.apply(spec({ role: 'none', generation: 2 }), secrets)).action).toBe('stopped');
    expect((await runner.supervisor.status()).state).toBe('stopped');
    expect(events.at(-1)?.phase).toBe('pending');
  });

  it('reports a missing binary as failed', async () => {
    const { runner, events } = makeRunner();
    await expect(runner.apply(spec(), secrets)).rejects.toMatchObject({ code: 'k3s-binary-missing' });
    expect(events.map((e) => e.phase)).toEqual(['configuring', 'installing', 'failed']);
  });

  it('hostBinaryPath runs a binary outside the root (the test double case)', async () => {
    const fake = await fakeK3s();
    const hostBin = path.join(work, 'k3s-host');
    await fs.rename(fake, hostBin);
    const { runner } = makeRunner({ hostBinaryPath: hostBin });
    await runner.apply(spec(), secrets);
    await runner.waitForPhase(['ready'], 10_000);
    expect(starts()).toHaveLength(1);
    const missing = makeRunner({ hostBinaryPath: path.join(work, 'nope') });
    await expect(missing.runner.apply(spec(), secrets)).rejects.toMatchObject({ code: 'k3s-binary-missing' });
  });

  it('readKubeconfig returns k3s.yaml under the root, or null', async () => {
    const { runner } = makeRunner();
    expect(await runner.readKubeconfig()).toBeNull();
    await fs.mkdir(path.join(root, 'etc/rancher/k3s'), { recursive: true });
    await fs.writeFile(path.join(root, 'etc/rancher/k3s/k3s.yaml'), 'kind: Config\n');
    expect(await runner.readKubeconfig()).toBe('kind: Config\n');
  });
});
