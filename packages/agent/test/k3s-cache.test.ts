import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AssignmentSecrets, AssignmentSpec } from '@k3sgrid/proto';
import sodium from 'libsodium-wrappers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CacheCorruptError,
  CacheDecryptError,
  EpochRegressionError,
  K3sRunner,
  type NodeBoxKeys,
  type PhaseEvent,
  createCacheStore,
  defaultCachePath,
  loadCache,
  resumeFromCache,
  saveCache,
} from '../src/k3s/index.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

let keys: NodeBoxKeys;
let otherKeys: NodeBoxKeys;
beforeAll(async () => {
  await sodium.ready;
  keys = sodium.crypto_box_keypair();
  otherKeys = sodium.crypto_box_keypair();
});

let dir: string;
const runners: K3sRunner[] = [];
beforeEach(() => {
  dir = tempDir('k3s-cache');
});
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

function spec(over: Partial<AssignmentSpec> = {}): AssignmentSpec {
  return {
    nodeId: 'node-7',
    clusterId: 'c1',
    clusterName: 'alpha',
    epoch: 2,
    generation: 5,
    role: 'agent',
    nodeName: 'w1',
    serverUrl: 'https://10.1.0.10:6443',
    k3sVersion: 'v1.31.4+k3s1',
    tlsSans: [],
    nodeLabels: ['role=worker'],
    nodeTaints: [],
    flannelBackend: '',
    disable: [],
    secretsEncryption: false,
    nodeIp: '10.1.0.7',
    nodeExternalIp: '',
    flannelIface: 'wg0',
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
  token: 'K10deadbeef::node:SuperSecretTokenValue',
  nodePassword: 'NodePasswordPlaintext42',
  datastoreCredentials: 'dbuser:dbpass-XYZ',
  agentToken: '',
};

describe('assignment cache', () => {
  it('round-trips, 0600, secrets not in plaintext', async () => {
    const file = defaultCachePath(path.join(dir, 'state'));
    await saveCache(file, { spec: spec(), secrets }, keys);
    const loaded = await loadCache(file, keys);
    expect(loaded?.spec).toEqual(spec());
    expect(loaded?.secrets).toEqual(secrets);
    expect(loaded?.savedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const raw = readFileSync(file, 'utf8');
    for (const s of ['SuperSecretTokenValue', 'NodePasswordPlaintext42', 'dbpass-XYZ']) expect(raw).not.toContain(s);
    for (const s of [Buffer.from(secrets.token).toString('base64'), Buffer.from(secrets.nodePassword).toString('hex')])
      expect(raw).not.toContain(s);
    expect(raw).toContain('"nodeName": "w1"'); // the spec stays readable
    expect((await fs.readdir(path.dirname(file))).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('missing file is null; another key cannot open it; corrupt files are typed errors', async () => {
    const file = path.join(dir, 'cache.json');
    expect(await loadCache(file, keys)).toBeNull();
    await saveCache(file, { spec: spec(), secrets }, keys);
    await expect(loadCache(file, otherKeys)).rejects.toThrow(CacheDecryptError);
    await fs.writeFile(file, '{nope');
    await expect(loadCache(file, keys)).rejects.toThrow(CacheCorruptError);
    await fs.writeFile(
      file,
      JSON.stringify({ format: 'k3sgrid-assignment-cache/1', spec: { epoch: 'x' }, sealedSecrets: '' }),
    );
    await expect(loadCache(file, keys)).rejects.toMatchObject({ code: 'k3s-cache-corrupt' });
  });
});

describe('boot from cache without a coordinator', () => {
  it('the runner saves the cache on apply; a fresh runner resumes k3s from it', async () => {
    const root = path.join(dir, 'root');
    const work = path.join(dir, 'work');
    await fs.mkdir(work, { recursive: true });
    const bin = path.join(root, 'usr/local/bin/k3s');
    await fs.mkdir(path.dirname(bin), { recursive: true });
    await fs.writeFile(
      bin,
      `#!${process.execPath}
require('fs').appendFileSync(${JSON.stringify(path.join(work, 'starts'))}, process.pid + ' ' + process.argv.slice(2).join(' ') + '\\n');
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
`,
      { mode: 0o755 },
    );
    const cacheFile = defaultCachePath(path.join(root, 'var/lib/k3sgrid'));
    const store = createCacheStore(cacheFile, keys);
    const make = (): { runner: K3sRunner; events: PhaseEvent[] } => {
      const events: PhaseEvent[] = [];
      const runner = new K3sRunner({
        root,
        onPhase: (e) => events.push(e),
        supervisorKind: 'builtin',
        cache: store,
        healthCheck: async (ctx) => ({ ready: (await ctx.supervisor.status()).state === 'running', detail: 'running' }),
        healthIntervalMs: 20,
      });
      runners.push(runner);
      return { runner, events };
    };
    const startsNow = (): number =>
      existsSync(path.join(work, 'starts'))
        ? readFileSync(path.join(work, 'starts'), 'utf8').trim().split('\n').length
        : 0;
    const until = (cond: () => boolean): Promise<unknown> => waitFor('condition', cond, 10_000, 20);

    // First life: the coordinator delivers an assignment.
    const first = make();
    await first.runner.apply(spec(), secrets);
    await until(() => startsNow() === 1);
    expect(existsSync(cacheFile)).toBe(true);
    await first.runner.stop();

    // Reboot: no coordinator, no cache entry for anything else; k3s comes back from the cache.
    await fs.rm(path.join(root, 'etc/rancher'), { recursive: true });
    const second = make();
    expect(await resumeFromCache(second.runner, store)).toMatchObject({ action: 'started' });
    await until(() => startsNow() === 2);
    await second.runner.waitForPhase(['ready'], 10_000);
    expect(readFileSync(path.join(root, 'etc/rancher/node/password'), 'utf8')).toBe('NodePasswordPlaintext42\n');
    expect(readFileSync(path.join(root, 'etc/rancher/k3s/config.yaml'), 'utf8')).toContain('"https://10.1.0.10:6443"');
    // The coordinator comes back with the same assignment: no restart; an older epoch is refused.
    expect((await second.runner.apply(spec(), secrets)).action).toBe('noop');
    await expect(second.runner.apply(spec({ epoch: 1 }), secrets)).rejects.toThrow(EpochRegressionError);
    expect(startsNow()).toBe(2);
  });

  it('no cache: nothing is started', async () => {
    const runner = new K3sRunner({ root: dir, onPhase: () => undefined, supervisorKind: 'builtin' });
    runners.push(runner);
    expect(await resumeFromCache(runner, createCacheStore(path.join(dir, 'none.json'), keys))).toBeNull();
    expect((await runner.supervisor.status()).state).toBe('stopped');
  });
});
