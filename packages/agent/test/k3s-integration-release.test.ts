/**
 * The CLI integration builds the release source from the live session: the
 * coordinator replica the session uses, its pinned CA, the node id, and the
 * node's signing key from the state directory.
 */
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AssignmentSecrets, AssignmentSpec, K3sPhase } from '@k3sgrid/proto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type K3sIntegration, type PhaseReporter, createK3sIntegration } from '../src/cli/k3s-integration.js';
import type { AgentSettings } from '../src/config.js';
import { ensureStateDir, loadOrCreateKeys, saveCoordinatorInfo } from '../src/identity.js';
import { AgentSessionClient } from '../src/session/client.js';
import { type FakeCoordinator, startFakeCoordinator } from './support/fake-coordinator.js';
import { silentLogger, tempDir } from '@k3sgrid/testkit';

let work: string;
let coord: FakeCoordinator | null = null;
let integ: K3sIntegration | null = null;
beforeEach(() => {
  work = tempDir('k3s-integ-rel');
});
afterEach(async () => {
  await integ?.shutdown({ stopK3s: true });
  integ = null;
  await coord?.close();
  coord = null;
  await fs.rm(work, { recursive: true, force: true });
});

const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';

describe('release downloads through the session', () => {
  it('the session names the https origin of its coordinator, the pin, the CA and the node id', () => {
    const stateDir = path.join(work, 'state');
    const client = new AgentSessionClient({
      coordinators: ['wss://10.9.0.7:8443', 'wss://10.9.0.8:8443'],
      stateDir,
      probe: () => Promise.reject(new Error('unused')),
      log: silentLogger,
    });
    expect(client.releaseEndpoint()).toBeNull(); // not enrolled
    ensureStateDir(stateDir);
    saveCoordinatorInfo(stateDir, {
      pin: 'PIN',
      caPem: 'CA',
      signPub: '',
      boxPub: '',
      nodeId: 'node-1',
      nodeName: 'w1',
      clusterId: 'c1',
    });
    const enrolled = new AgentSessionClient({
      coordinators: ['wss://10.9.0.7:8443'],
      stateDir,
      probe: () => Promise.reject(new Error('unused')),
      log: silentLogger,
    });
    expect(enrolled.releaseEndpoint()).toEqual({
      baseUrl: 'https://10.9.0.7:8443',
      pin: 'PIN',
      caPem: 'CA',
      nodeId: 'node-1',
    });
  });

  it('an assignment with a release is downloaded with the node identity and run', async () => {
    const stateDir = path.join(work, 'state');
    const keys = await loadOrCreateKeys(stateDir);
    coord = await startFakeCoordinator({ nodeKeys: keys.sign });
    const c = coord;
    const k3s = Buffer.from(
      `#!${process.execPath}\nprocess.on('SIGTERM', () => process.exit(0));\nsetInterval(() => {}, 1000);\n`,
    );
    const sha256 = c.add(k3s);
    const settings: AgentSettings = {
      coordinators: ['wss://127.0.0.1:1'],
      coordinator: 'wss://127.0.0.1:1',
      token: undefined,
      stateDir,
      probeRoot: '/',
      hostname: 'w1',
      nodeIp: undefined,
      haproxyBinary: 'haproxy',
      k3s: { rootPrefix: path.join(work, 'root'), supervisor: 'builtin' },
    };
    integ = await createK3sIntegration(settings, silentLogger, {
      runner: {
        healthIntervalMs: 50,
        healthCheck: async (ctx) => ({ ready: (await ctx.supervisor.status()).state === 'running', detail: 'up' }),
      },
    });
    const phases: { phase: K3sPhase; message?: string }[] = [];
    const client: PhaseReporter = {
      reportPhase: (u) => phases.push(u),
      releaseEndpoint: () => ({ baseUrl: c.baseUrl, pin: c.pin, caPem: c.caPem, nodeId: c.nodeId }),
    };
    integ.attach(client);
    const spec: AssignmentSpec = {
      nodeId: c.nodeId,
      clusterId: 'c1',
      clusterName: 'c',
      epoch: 1,
      generation: 1,
      role: 'agent',
      nodeName: 'w1',
      serverUrl: 'https://10.0.0.1:6443',
      k3sVersion: 'v1.33.4+k3s1',
      tlsSans: [],
      nodeLabels: [],
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
      k3sRelease: { version: 'v1.33.4+k3s1', arch, sha256, size: k3s.length, images: null },
      advertiseAddress: '',
      nodePrep: { modules: [], services: [], reason: '' },
      disableNetworkPolicy: false,
    };
    const secrets: AssignmentSecrets = { token: 't', nodePassword: 'p', datastoreCredentials: '', agentToken: '' };
    await integ.handlers.onAssignment!(spec, secrets);
    await integ.runner.waitForPhase(['ready'], 10_000);
    expect(c.requests).toEqual([{ sha256, range: null, status: 200 }]); // the signature verified
    const bin = path.join(work, 'root/usr/local/bin/k3s');
    expect(createHash('sha256').update(readFileSync(bin)).digest('hex')).toBe(sha256);
    expect(statSync(bin).mode & 0o777).toBe(0o755);
    expect(phases.some((p) => p.message === 'downloading k3s v1.33.4+k3s1 (100 %)')).toBe(true);
    // the hash is remembered in the state dir for the next agent start
    const remembered = JSON.parse(readFileSync(path.join(stateDir, 'release-hashes.json'), 'utf8')) as Record<
      string,
      { sha256: string }
    >;
    expect(remembered[bin]?.sha256).toBe(sha256);
  });
});
