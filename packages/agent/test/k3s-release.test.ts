/**
 * Release blobs from the coordinator: the HTTPS client (pinned CA, node
 * signature), and installing them so that nothing unverified is ever at the
 * destination or executable, against a fake coordinator that implements the
 * endpoint's contract over real TLS (test/support/fake-coordinator.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, promises as fs, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CoordinatorReleaseSource,
  type ReleaseSource,
  checkReleaseArch,
  fileHashCache,
  installBlob,
  memoryHashCache,
  nodeArch,
  partPath,
  progressThrottle,
  releaseAuthorization,
  verifiedSha256,
} from '../src/k3s/index.js';
import { type FakeCoordinator, makeCoordinatorPki, startFakeCoordinator } from './support/fake-coordinator.js';
import { tempDir } from '@k3sgrid/testkit';

const pki = makeCoordinatorPki();
let coord: FakeCoordinator;
let dir: string;
beforeAll(async () => {
  coord = await startFakeCoordinator({ pki });
});
afterAll(async () => {
  await coord.close();
});
beforeEach(() => {
  dir = tempDir('k3s-release');
  coord.requests.length = 0;
  Object.assign(coord.knobs, {
    revoked: false,
    unavailable: 0,
    cutAfter: null,
    corruptAt: null,
    refuseRanges: false,
    stallAfter: null,
  });
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const endpoint = (): { baseUrl: string; pin: string; caPem: string; nodeId: string } => ({
  baseUrl: coord.baseUrl,
  pin: coord.pin,
  caPem: coord.caPem,
  nodeId: coord.nodeId,
});
const source = (o: Partial<ConstructorParameters<typeof CoordinatorReleaseSource>[0]> = {}): ReleaseSource =>
  new CoordinatorReleaseSource({ endpoint, signingKey: coord.nodeKeys.privateKey, ...o });

function blob(bytes = 300 * 1024): { data: Buffer; sha256: string; size: number } {
  const data = randomBytes(bytes);
  return { data, sha256: coord.add(data), size: data.length };
}

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
};

describe('the coordinator release client', () => {
  it('signs each download with the node key over the download transcript', async () => {
    const b = blob(1000);
    const res = await source().open(b, { offset: 0 });
    expect(res).toMatchObject({ start: 0, total: 1000 });
    const chunks: Buffer[] = [];
    for await (const c of res.body) chunks.push(c);
    expect(Buffer.concat(chunks).equals(b.data)).toBe(true);
    expect(coord.requests).toEqual([{ sha256: b.sha256, range: null, status: 200 }]);
    const header = await releaseAuthorization(
      { pin: coord.pin, nodeId: coord.nodeId, sha256: b.sha256, unixMs: 1_700_000_000_000 },
      coord.nodeKeys.privateKey,
    );
    expect(header).toMatch(new RegExp(`^K3G-Node ${coord.nodeId}\\.1700000000000\\.[A-Za-z0-9_-]{86}$`));
  });

  it('maps the coordinator answers to typed errors', async () => {
    const b = blob(1000);
    const other = await import('@k3sgrid/proto').then((p) => p.newSigningKeyPair());
    expect(await codeOf(source({ signingKey: other.privateKey }).open(b, { offset: 0 }))).toBe(
      'k3s-release-unauthorized',
    );
    // a node clock 10 minutes off is outside the ±5 minute window
    expect(await codeOf(source({ clock: { now: () => Date.now() - 600_000 } }).open(b, { offset: 0 }))).toBe(
      'k3s-release-unauthorized',
    );
    expect(await codeOf(source().open({ sha256: 'f'.repeat(64), size: 1 }, { offset: 0 }))).toBe(
      'k3s-release-not-found',
    );
    coord.knobs.unavailable = 1;
    expect(await codeOf(source().open(b, { offset: 0 }))).toBe('k3s-release-unavailable');
    coord.knobs.revoked = true;
    expect(await codeOf(source().open(b, { offset: 0 }))).toBe('k3s-release-forbidden');
    coord.knobs.revoked = false;
    expect(await codeOf(source().open(b, { offset: 5000 }))).toBe('k3s-release-bad-range');
    expect(
      await codeOf(
        new CoordinatorReleaseSource({ endpoint: () => null, signingKey: other.privateKey }).open(b, { offset: 0 }),
      ),
    ).toBe('k3s-release-unavailable');
  });

  it('trusts only the pinned CA', async () => {
    const b = blob(100);
    const foreign = makeCoordinatorPki().caPem;
    const p = source({ endpoint: () => ({ ...endpoint(), caPem: foreign }) }).open(b, { offset: 0 });
    await expect(p).rejects.toMatchObject({ code: 'k3s-release-unavailable' });
    await expect(p).rejects.toThrow(/certificate/i);
    expect(coord.requests).toEqual([]);
  });

  it('cuts off a transfer that stalls', async () => {
    const b = blob(100_000);
    coord.knobs.stallAfter = 1000;
    const res = await source({ idleTimeoutMs: 200 }).open(b, { offset: 0 });
    const consume = async (): Promise<void> => {
      const chunks: Buffer[] = [];
      for await (const c of res.body) chunks.push(c);
    };
    await expect(consume()).rejects.toMatchObject({ code: 'k3s-release-truncated' });
  });
});

describe('installing a blob', () => {
  const target = (b: { sha256: string; size: number }, name = 'k3s') => ({
    blob: b,
    dest: path.join(dir, 'usr/local/bin', name),
    mode: 0o755,
    label: 'k3s v1.33.4+k3s1',
    keepPrevious: true,
  });

  it('downloads, verifies, then makes it executable and renames it into place, keeping the previous binary', async () => {
    const old = Buffer.from('#!/bin/sh\necho old\n');
    mkdirSync(path.join(dir, 'usr/local/bin'), { recursive: true });
    writeFileSync(path.join(dir, 'usr/local/bin/k3s'), old, { mode: 0o755 });
    const b = blob();
    const progress: number[] = [];
    const r = await installBlob(target(b), {
      source: source(),
      cache: memoryHashCache(),
      onProgress: (done) => progress.push(done),
    });
    expect(r).toEqual({ action: 'downloaded', resumedFrom: 0 });
    const dest = path.join(dir, 'usr/local/bin/k3s');
    expect(readFileSync(dest).equals(b.data)).toBe(true);
    expect(statSync(dest).mode & 0o777).toBe(0o755);
    expect(readFileSync(`${dest}.previous`).equals(old)).toBe(true);
    expect(existsSync(partPath(dest, b.sha256))).toBe(false);
    expect(progress.at(-1)).toBe(b.size);
  });

  it('uses a binary that already has the sha256 (baked) and remembers its hash', async () => {
    const b = blob(50_000);
    const dest = path.join(dir, 'usr/local/bin/k3s');
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, b.data, { mode: 0o700 });
    const cacheFile = path.join(dir, 'state/release-hashes.json');
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const cache = fileHashCache(cacheFile);
    expect(await installBlob(target(b), { source: source(), cache })).toEqual({ action: 'present', resumedFrom: 0 });
    expect(coord.requests).toEqual([]);
    expect(statSync(dest).mode & 0o777).toBe(0o755);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    // another agent process: the hash comes from the state dir, not from reading 70 MB again
    expect(await verifiedSha256(dest, fileHashCache(cacheFile))).toMatchObject({ sha256: b.sha256, fromCache: true });
    // a changed file is hashed again
    writeFileSync(dest, Buffer.concat([b.data, Buffer.from('x')]));
    expect(await verifiedSha256(dest, fileHashCache(cacheFile))).toMatchObject({ fromCache: false });
  });

  it('a truncated download leaves only a non-executable part file; the next try resumes after it', async () => {
    const b = blob();
    const dest = path.join(dir, 'usr/local/bin/k3s');
    coord.knobs.cutAfter = 100_000;
    expect(await codeOf(installBlob(target(b), { source: source(), cache: memoryHashCache() }))).toBe(
      'k3s-release-truncated',
    );
    expect(existsSync(dest)).toBe(false);
    const part = partPath(dest, b.sha256);
    // what arrived before the connection dropped (at most what was sent)
    const got = statSync(part).size;
    expect(got).toBeGreaterThan(0);
    expect(got).toBeLessThanOrEqual(100_000);
    expect(readFileSync(part).equals(b.data.subarray(0, got))).toBe(true);
    expect(statSync(part).mode & 0o111).toBe(0);

    const r = await installBlob(target(b), { source: source(), cache: memoryHashCache() });
    expect(r).toEqual({ action: 'downloaded', resumedFrom: got });
    expect(coord.requests.at(-1)).toEqual({ sha256: b.sha256, range: `bytes=${got}-`, status: 206 });
    expect(sha(readFileSync(dest))).toBe(b.sha256);
    expect(existsSync(part)).toBe(false);
  });

  it('resumes after a coordinator restart in the middle of the download', async () => {
    const b = blob();
    coord.knobs.cutAfter = 64 * 1024;
    const first = installBlob(target(b), { source: source(), cache: memoryHashCache() });
    expect(await codeOf(first)).toBe('k3s-release-truncated');
    const got = statSync(partPath(path.join(dir, 'usr/local/bin/k3s'), b.sha256)).size;
    expect(got).toBeGreaterThan(0);
    await coord.restart();
    expect((await installBlob(target(b), { source: source(), cache: memoryHashCache() })).resumedFrom).toBe(got);
    expect(sha(readFileSync(path.join(dir, 'usr/local/bin/k3s')))).toBe(b.sha256);
  });

  it('a corrupted download never reaches the destination and is thrown away', async () => {
    const b = blob();
    const dest = path.join(dir, 'usr/local/bin/k3s');
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, 'old', { mode: 0o755 });
    coord.knobs.corruptAt = 12345;
    expect(await codeOf(installBlob(target(b), { source: source(), cache: memoryHashCache() }))).toBe(
      'k3s-release-corrupt',
    );
    expect(readFileSync(dest, 'utf8')).toBe('old');
    expect(existsSync(partPath(dest, b.sha256))).toBe(false);
    // a size the coordinator does not agree with is refused before anything is written
    expect(
      await codeOf(installBlob(target({ ...b, size: b.size + 1 }), { source: source(), cache: memoryHashCache() })),
    ).toBe('k3s-release-corrupt');
    expect(readFileSync(dest, 'utf8')).toBe('old');
  });

  it('starts over when the coordinator refuses the resume range', async () => {
    const b = blob();
    const dest = path.join(dir, 'usr/local/bin/k3s');
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(partPath(dest, b.sha256), b.data.subarray(0, 5000));
    coord.knobs.refuseRanges = true;
    expect((await installBlob(target(b), { source: source(), cache: memoryHashCache() })).action).toBe('downloaded');
    expect(coord.requests.map((r) => r.status)).toEqual([416, 200]);
    expect(sha(readFileSync(dest))).toBe(b.sha256);
  });

  it('a full disk (injected write) removes the part and is reported as such', async () => {
    const b = blob();
    const dest = path.join(dir, 'usr/local/bin/k3s');
    let written = 0;
    const write = async (h: fs.FileHandle, data: Buffer): Promise<void> => {
      if (written + data.length > 40_000)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      written += data.length;
      await h.write(data);
    };
    const p = installBlob(target(b), { source: source(), cache: memoryHashCache(), fs: { write } });
    await expect(p).rejects.toMatchObject({ code: 'k3s-disk-full', retryable: true });
    await expect(p).rejects.toThrow(/no space left/);
    expect(existsSync(partPath(dest, b.sha256))).toBe(false);
    expect(existsSync(dest)).toBe(false);
  });

  const canMount = ((): boolean => {
    if (process.getuid?.() !== 0) return false;
    const m = tempDir('tmpfs-check');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', m], { stdio: 'ignore' });
      execFileSync('umount', [m], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    } finally {
      rmSyncQuiet(m);
    }
  })();

  it.runIf(canMount)('a full disk (a real 128 KiB tmpfs) removes the part and is reported as such', async () => {
    const mnt = path.join(dir, 'mnt');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128k', 'tmpfs', mnt]);
    try {
      const b = blob(512 * 1024);
      const t = { ...target(b), dest: path.join(mnt, 'k3s') };
      const p = installBlob(t, { source: source(), cache: memoryHashCache() });
      await expect(p).rejects.toMatchObject({ code: 'k3s-disk-full' });
      expect(await fs.readdir(mnt)).toEqual([]);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });

  it('writes image archives 0644 and keeps no previous copy', async () => {
    const b = blob(20_000);
    const dest = path.join(dir, 'var/lib/rancher/k3s/agent/images/k3s-airgap-images-amd64.tar.zst');
    await installBlob(
      { blob: b, dest, mode: 0o644, label: 'images', keepPrevious: false },
      { source: source(), cache: memoryHashCache() },
    );
    expect(statSync(dest).mode & 0o777).toBe(0o644);
    expect(await fs.readdir(path.dirname(dest))).toEqual(['k3s-airgap-images-amd64.tar.zst']);
  });
});

describe('release checks', () => {
  it('maps process.arch to k3s arches and refuses a release for another arch (not retryable)', () => {
    expect(nodeArch('x64')).toBe('amd64');
    expect(nodeArch('arm64')).toBe('arm64');
    expect(nodeArch('riscv64')).toBeNull();
    expect(() => checkReleaseArch({ version: 'v1', arch: 'amd64' }, 'amd64')).not.toThrow();
    const err = (() => {
      try {
        checkReleaseArch({ version: 'v1.33.4+k3s1', arch: 'arm64' }, 'amd64', 'x64');
      } catch (e) {
        return e as { code: string; retryable: boolean; message: string };
      }
      return null;
    })();
    expect(err).toMatchObject({ code: 'k3s-release-arch-mismatch', retryable: false });
    expect(err?.message).toContain('this node is x64 (amd64)');
    expect(() => checkReleaseArch({ version: 'v1', arch: 'amd64' }, null, 'riscv64')).toThrow(/no k3s release/);
  });

  it('throttles progress to every 10 % or every 2 s', () => {
    let t = 0;
    const seen: number[] = [];
    const p = progressThrottle({ now: () => t }, (pct) => seen.push(pct));
    for (let done = 0; done <= 1000; done += 7) p(done, 1000);
    p(1000, 1000);
    expect(seen).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    const slow: number[] = [];
    const q = progressThrottle({ now: () => t }, (pct) => slow.push(pct));
    q(0, 1000);
    t = 2500;
    q(30, 1000); // 3 %, but 2.5 s later
    q(40, 1000); // same second: nothing
    expect(slow).toEqual([0, 3]);
  });
});

function rmSyncQuiet(p: string): void {
  try {
    execFileSync('rmdir', [p], { stdio: 'ignore' });
  } catch {
    // already gone
  }
}
