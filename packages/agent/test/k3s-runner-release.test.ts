/**
 * The runner's installing phase with a release from the (fake) coordinator:
 * progress messages, failures reported as `failed` with nothing
 * half-installed, retries with back-off that resume the download without a
 * new assignment, and the failures that are not retried.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { backoffMs, type AssignmentSecrets, type AssignmentSpec } from '@k3sgrid/proto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ASSIGNMENT_RETRY_BACKOFF,
  CoordinatorReleaseSource,
  K3sRunner,
  type K3sRunnerOptions,
  type PhaseEvent,
  partPath,
} from '../src/k3s/index.js';
import { type FakeCoordinator, startFakeCoordinator } from './support/fake-coordinator.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

let coord: FakeCoordinator;
let root: string;
let work: string;
const runners: K3sRunner[] = [];
beforeAll(async () => {
  coord = await startFakeCoordinator();
});
afterAll(async () => {
  await coord.close();
});
beforeEach(() => {
  root = tempDir('k3s-rr-root');
  work = tempDir('k3s-rr-work');
  coord.requests.length = 0;
  Object.assign(coord.knobs, { revoked: false, unavailable: 0, cutAfter: null, corruptAt: null, refuseRanges: false });
});
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop();
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(work, { recursive: true, force: true });
});

/** The "k3s release": a script that records its start and runs until SIGTERM, padded to a realistic-ish size. */
function release(version = 'v1.33.4+k3s1'): { version: string; sha256: string; size: number; data: Buffer } {
  const script = `#!${process.execPath}
require('fs').appendFileSync(require('path').join(process.env.FAKE_DIR, 'starts'), '${version}\\n');
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
`;
  const data = Buffer.concat([Buffer.from(script), Buffer.from(`//${'k'.repeat(400 * 1024)}\n`)]);
  return { version, sha256: coord.add(data), size: data.length, data };
}

function spec(rel: ReturnType<typeof release> | null, over: Partial<AssignmentSpec> = {}): AssignmentSpec {
  return {
    nodeId: coord.nodeId,
    clusterId: 'c1',
    clusterName: 'alpha',
    epoch: 1,
    generation: 1,
    role: 'agent',
    nodeName: 'w1',
    serverUrl: 'https://10.0.0.1:6443',
    k3sVersion: rel?.version ?? '',
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
    k3sRelease: rel ? { version: rel.version, arch: 'amd64', sha256: rel.sha256, size: rel.size, images: null } : null,
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

const binary = (): string => path.join(root, 'usr/local/bin/k3s');

function makeRunner(over: Partial<K3sRunnerOptions> = {}): { runner: K3sRunner; events: PhaseEvent[] } {
  const events: PhaseEvent[] = [];
  const runner = new K3sRunner({
    root,
    arch: 'amd64',
    onPhase: (e) => events.push(e),
    supervisorKind: 'builtin',
    supervisorOptions: { builtin: { backoffBaseMs: 20, backoffMaxMs: 100, stopTimeoutMs: 2000 } },
    env: { FAKE_DIR: work },
    releases: new CoordinatorReleaseSource({
      endpoint: () => ({ baseUrl: coord.baseUrl, pin: coord.pin, caPem: coord.caPem, nodeId: coord.nodeId }),
      signingKey: coord.nodeKeys.privateKey,
    }),
    retry: { baseMs: 20, capMs: 200, random: () => 0.5 },
    healthCheck: async (ctx) => ({ ready: (await ctx.supervisor.status()).state === 'running', detail: 'fake' }),
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

describe('K3sRunner with a release from the coordinator', () => {
  it('downloads the release, reports progress, installs it 0755 and runs it', async () => {
    const rel = release();
    const { runner, events } = makeRunner();
    expect((await runner.apply(spec(rel), secrets)).action).toBe('started');
    await runner.waitForPhase(['ready'], 10_000);
    expect(createHash('sha256').update(readFileSync(binary())).digest('hex')).toBe(rel.sha256);
    expect(statSync(binary()).mode & 0o777).toBe(0o755);
    await until(() => starts().length === 1);
    expect(starts()).toEqual([rel.version]);
    const progress = events.filter((e) => e.phase === 'installing').map((e) => e.message);
    expect(progress[0]).toBe('checking the k3s binary');
    expect(progress.at(-1)).toBe('downloading k3s v1.33.4+k3s1 (100 %)');
    for (const m of progress.slice(1)) expect(m).toMatch(/^downloading k3s v1\.33\.4\+k3s1 \(\d+ %\)$/);
    expect(progress.length).toBeLessThanOrEqual(12); // throttled: every 10 % at most
    const phases = events.map((e) => e.phase).filter((p, i, a) => i === 0 || a[i - 1] !== p);
    expect(phases).toEqual(['configuring', 'installing', 'starting', 'running', 'ready']);
  });

  it('a download cut off by a coordinator restart is failed, retried after a back-off and resumed', async () => {
    const rel = release();
    coord.knobs.cutAfter = 150 * 1024;
    const atFailure: { binaryExists: boolean; partMode: number; partSize: number }[] = [];
    const { runner, events } = makeRunner({
      onPhase: (e) => {
        events.push(e);
        if (e.phase === 'failed') {
          const part = partPath(binary(), rel.sha256);
          atFailure.push({
            binaryExists: existsSync(binary()),
            partMode: existsSync(part) ? statSync(part).mode & 0o777 : -1,
            partSize: existsSync(part) ? statSync(part).size : -1,
          });
        }
      },
    });
    expect((await runner.apply(spec(rel), secrets)).action).toBe('retrying');
    const failed = events.find((e) => e.phase === 'failed');
    expect(failed?.message).toMatch(/^k3s-release-truncated: .*\(retrying in \d+\.\d s\)$/);
    // nothing half-installed: no file at the binary path, the part is not executable
    expect(atFailure[0]).toMatchObject({ binaryExists: false, partMode: 0o600 });
    const got = atFailure[0]!.partSize;
    expect(got).toBeGreaterThan(0);
    await coord.restart();
    // no new assignment: the runner tries again by itself and resumes after the part
    await runner.waitForPhase(['ready'], 10_000);
    expect(coord.requests.map((r) => r.range)).toEqual([null, `bytes=${got}-`]);
    expect(createHash('sha256').update(readFileSync(binary())).digest('hex')).toBe(rel.sha256);
    await until(() => starts().length === 1);
    expect(starts()).toEqual([rel.version]);
  });

  it('retries 503s with back-off until the release is there, then starts k3s', async () => {
    const rel = release();
    coord.knobs.unavailable = 3;
    const { runner, events } = makeRunner();
    expect((await runner.apply(spec(rel), secrets)).action).toBe('retrying');
    await runner.waitForPhase(['ready'], 10_000);
    const failures = events.filter((e) => e.phase === 'failed').map((e) => e.message);
    expect(failures).toHaveLength(3);
    for (const m of failures) expect(m).toMatch(/^k3s-release-unavailable: .*HTTP 503/);
    // back-off doubles (jitter pinned at the middle): 15, 30, 60 ms with base 20 ms
    expect(failures.map((m) => /retrying in ([\d.]+) s/.exec(m)?.[1])).toEqual(['0.0', '0.0', '0.1']);
  });

  it('a hash mismatch throws the bytes away and the retry downloads them again', async () => {
    const rel = release();
    coord.knobs.corruptAt = 1000;
    const { runner, events } = makeRunner();
    expect((await runner.apply(spec(rel), secrets)).action).toBe('retrying');
    expect(events.find((e) => e.phase === 'failed')?.message).toMatch(/^k3s-release-corrupt: .*sha256/);
    await runner.waitForPhase(['ready'], 10_000);
    expect(coord.requests.map((r) => r.range)).toEqual([null, null]);
  });

  it('a full disk is failed and retried without a new assignment', async () => {
    const rel = release();
    let full = true;
    const { runner, events } = makeRunner({
      releaseFs: {
        write: async (h, data) => {
          if (full) {
            full = false;
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          }
          await h.write(data);
        },
      },
    });
    expect((await runner.apply(spec(rel), secrets)).action).toBe('retrying');
    expect(events.find((e) => e.phase === 'failed')?.message).toMatch(/^k3s-disk-full: no space left/);
    expect(existsSync(binary())).toBe(false);
    await runner.waitForPhase(['ready'], 10_000);
  });

  it('a release for another arch is refused (rejected, failed, not retried)', async () => {
    const rel = release();
    const { runner, events } = makeRunner({ arch: 'arm64' });
    await expect(runner.apply(spec(rel), secrets)).rejects.toMatchObject({ code: 'k3s-release-arch-mismatch' });
    expect(events.map((e) => e.phase)).toEqual(['configuring', 'installing', 'failed']);
    expect(coord.requests).toEqual([]);
    expect(existsSync(binary())).toBe(false);
  });

  it('a new release replaces the binary (keeping the previous one) and restarts k3s', async () => {
    const a = release('v1.33.4+k3s1');
    const b = release('v1.33.5+k3s1');
    const { runner } = makeRunner();
    await runner.apply(spec(a), secrets);
    await runner.waitForPhase(['ready'], 10_000);
    await until(() => starts().length === 1);
    expect((await runner.apply(spec(b, { generation: 2 }), secrets)).action).toBe('restarted');
    await until(() => starts().length === 2);
    expect(starts()).toEqual([a.version, b.version]);
    expect(readFileSync(`${binary()}.previous`).equals(a.data)).toBe(true);
  });

  it('a newer assignment cancels a download in progress', async () => {
    const a = release('v1.33.4+k3s1');
    coord.knobs.stallAfter = 10_000; // the first download never finishes
    const { runner } = makeRunner();
    const first = runner.apply(spec(a), secrets);
    await runner.waitForPhase(['installing'], 5000);
    await new Promise((r) => setTimeout(r, 100));
    const next = spec(a, { generation: 2, nodeLabels: ['x=y'] });
    runner.supersede(next, secrets);
    expect((await first).action).toBe('superseded');
    expect((await runner.apply(next, secrets)).action).toBe('started');
    await runner.waitForPhase(['ready'], 10_000);
    expect(coord.requests.at(-1)?.range).toBe('bytes=10000-');
  });

  it('air-gap images go to <data-dir>/agent/images/<name>, 0644', async () => {
    const rel = release();
    const img = Buffer.from('not really a tarball');
    const imgSha = coord.add(img);
    const { runner } = makeRunner();
    const s = spec(rel);
    s.k3sRelease = {
      ...s.k3sRelease!,
      images: { name: 'k3s-airgap-images-amd64.tar.zst', sha256: imgSha, size: img.length },
    };
    await runner.apply(s, secrets);
    const file = path.join(root, 'var/lib/rancher/k3s/agent/images/k3s-airgap-images-amd64.tar.zst');
    expect(readFileSync(file).equals(img)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('without a release in the assignment, only a baked binary can run', async () => {
    const { runner, events } = makeRunner();
    await expect(runner.apply(spec(null), secrets)).rejects.toMatchObject({ code: 'k3s-binary-missing' });
    expect(events.at(-1)?.message).toMatch(/names no k3s release and there is no k3s binary/);
  });
});

describe('retry back-off', () => {
  it('doubles from 2 s to 60 s, the second half jittered', () => {
    const lo = [0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffMs(a, ASSIGNMENT_RETRY_BACKOFF, () => 0));
    const hi = [0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffMs(a, ASSIGNMENT_RETRY_BACKOFF, () => 0.999999));
    expect(lo).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(hi).toEqual([2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });
});
