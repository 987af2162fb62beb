/**
 * Installing a release blob (the k3s binary, an air-gap image archive) so
 * that nothing unverified is ever at the destination or executable:
 *
 * 1. Already there with the right sha256 (hash remembered across restarts,
 *    hash-cache.ts): use it as is. This is also how a baked image is used.
 * 2. Otherwise stream it from the {@link ReleaseSource} into
 *    `.<name>-<sha256>.part` in the destination's folder (same filesystem,
 *    so the final rename is atomic), hashing as it goes; a part left by an
 *    earlier try is hashed again and the download resumes after it.
 * 3. Check size and sha256, fsync, and only then give the part its mode
 *    (0755 for k3s); keep the old file as `<dest>.previous` (a hard link, so
 *    the destination never disappears) and rename the part over it.
 *
 * A full disk removes the part (the node should not lose more space to us)
 * and fails; a broken-off transfer keeps it for the resume. The fs write is
 * injectable so tests can make it fail like a full disk does.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { K3sArch } from '@k3sgrid/proto';
import { type Clock, type K3sLogger, noopLogger } from './deps.js';
import { K3sError, ReleaseError } from './errors.js';
import { type HashCache, verifiedSha256 } from './hash-cache.js';
import type { ReleaseBlob, ReleaseSource } from './release-source.js';

/** One blob to put in place. */
export interface BlobTarget {
  blob: ReleaseBlob;
  /** Destination on the host (root prefix applied). */
  dest: string;
  /** Mode given after verification: 0o755 for k3s, 0o644 for image archives. */
  mode: number;
  /** For messages, e.g. `k3s v1.33.4+k3s1`. */
  label: string;
  /** Keep the file it replaces as `<dest>.previous` (for a later rollback). */
  keepPrevious: boolean;
}

/** The one fs operation tests replace (ENOSPC). */
export interface ReleaseFs {
  /** Writes all of `data` at the end of the file. */
  write: (handle: FileHandle, data: Buffer) => Promise<void>;
}

export interface InstallBlobDeps {
  source: ReleaseSource;
  cache: HashCache;
  fs?: Partial<ReleaseFs>;
  signal?: AbortSignal;
  /** Bytes of the blob on disk so far, called for every chunk. */
  onProgress?: (done: number, total: number) => void;
  logger?: K3sLogger;
}

export interface BlobInstallResult {
  action: 'present' | 'downloaded';
  /** Bytes that were already in the part file when this try started. */
  resumedFrom: number;
}

const defaultFs: ReleaseFs = {
  write: async (handle, data) => {
    let off = 0;
    while (off < data.length) {
      const { bytesWritten } = await handle.write(data, off, data.length - off);
      off += bytesWritten;
    }
  },
};

/** The k3s arch of this machine (`process.arch`), or null when k3s publishes none for it. */
export function nodeArch(processArch: string = process.arch): K3sArch | null {
  if (processArch === 'x64') return 'amd64';
  if (processArch === 'arm64') return 'arm64';
  return null;
}

/** Throws (not retryable) when the release is for another machine than this one. */
export function checkReleaseArch(
  release: { version: string; arch: string },
  arch: K3sArch | null,
  processArch: string = process.arch,
): void {
  if (arch === release.arch) return;
  throw new ReleaseError(
    'k3s-release-arch-mismatch',
    `the assignment names k3s ${release.version} for ${release.arch}, but this node is ${processArch}` +
      (arch === null ? ' (no k3s release exists for it)' : ` (${arch})`),
  );
}

/** `.<name>-<sha256>.part` next to the destination: never picked up as k3s or as an image archive. */
export function partPath(dest: string, sha256: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}-${sha256}.part`);
}

function isDiskFull(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Removes parts of other versions of the same destination: only one download's bytes are kept. */
async function removeStaleParts(dest: string, keep: string): Promise<void> {
  const dir = path.dirname(dest);
  const re = new RegExp(`^\\.${path.basename(dest).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f]{64}\\.part$`);
  for (const entry of await fs.readdir(dir).catch(() => [] as string[])) {
    const p = path.join(dir, entry);
    if (re.test(entry) && p !== keep) await fs.rm(p, { force: true });
  }
}

/** Hash state and length of what an earlier try left in the part file. */
async function resumeState(part: string, size: number): Promise<{ offset: number; hash: Hash }> {
  const hash = createHash('sha256');
  let st;
  try {
    st = await fs.stat(part);
  } catch {
    return { offset: 0, hash };
  }
  if (!st.isFile() || st.size > size) {
    await fs.rm(part, { force: true, recursive: true });
    return { offset: 0, hash };
  }
  let offset = 0;
  for await (const chunk of createReadStream(part) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    offset += chunk.length;
  }
  return { offset, hash };
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // not supported everywhere; the rename is atomic regardless
  }
}

/**
 * Puts `t.blob` at `t.dest` (see the module comment). Rejects with a
 * {@link ReleaseError} (download, size, hash, disk full) or an fs error.
 */
export async function installBlob(t: BlobTarget, d: InstallBlobDeps): Promise<BlobInstallResult> {
  const log = d.logger ?? noopLogger;
  const write = d.fs?.write ?? defaultFs.write;
  const { sha256, size } = t.blob;

  const current = await verifiedSha256(t.dest, d.cache);
  if (current?.sha256 === sha256) {
    const st = await fs.stat(t.dest);
    if ((st.mode & 0o777) !== t.mode) await fs.chmod(t.dest, t.mode);
    return { action: 'present', resumedFrom: 0 };
  }

  const dir = path.dirname(t.dest);
  const part = partPath(t.dest, sha256);
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o755 });
    await removeStaleParts(t.dest, part);
    let { offset, hash } = await resumeState(part, size);
    const resumedFrom = offset;
    if (offset < size) {
      ({ offset, hash } = await download(t, d, part, offset, hash, write));
    }
    const digest = hash.digest('hex');
    if (offset !== size || digest !== sha256) {
      await fs.rm(part, { force: true });
      throw new ReleaseError(
        'k3s-release-corrupt',
        `${t.label}: downloaded ${offset} bytes with sha256 ${digest}; the assignment names ${size} bytes with sha256 ${sha256}`,
      );
    }
    // Verified: only now may the bytes become executable and take the destination's name.
    await fs.chmod(part, t.mode);
    if (t.keepPrevious && (await exists(t.dest))) {
      const previous = `${t.dest}.previous`;
      await fs.rm(previous, { force: true });
      try {
        await fs.link(t.dest, previous);
      } catch {
        // No hard links here: copy, so the destination still never disappears.
        await fs.copyFile(t.dest, previous);
      }
    }
    await fs.rename(part, t.dest);
    await fsyncDir(dir);
    const st = await fs.stat(t.dest);
    await d.cache.set(t.dest, { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, sha256 });
    log.info({ dest: t.dest, sha256, resumedFrom }, `installed ${t.label}`);
    return { action: 'downloaded', resumedFrom };
  } catch (err) {
    if (isDiskFull(err)) {
      await fs.rm(part, { force: true }).catch(() => undefined);
      throw new ReleaseError(
        'k3s-disk-full',
        `no space left on ${dir} for ${t.label} (${size} bytes): ${(err as Error).message}`,
        { cause: err },
      );
    }
    throw err;
  }
}

/** One request from `offset` (and once from 0 again when the coordinator refuses the range). */
async function download(
  t: BlobTarget,
  d: InstallBlobDeps,
  part: string,
  offset: number,
  hash: Hash,
  write: ReleaseFs['write'],
): Promise<{ offset: number; hash: Hash }> {
  const { size } = t.blob;
  let res;
  try {
    res = await d.source.open(t.blob, { offset, ...(d.signal ? { signal: d.signal } : {}) });
  } catch (err) {
    if (!(err instanceof ReleaseError && err.code === 'k3s-release-bad-range' && offset > 0)) throw err;
    // The part does not fit what the coordinator has: start over.
    await fs.rm(part, { force: true });
    ({ offset, hash } = { offset: 0, hash: createHash('sha256') });
    res = await d.source.open(t.blob, { offset: 0, ...(d.signal ? { signal: d.signal } : {}) });
  }
  if (res.total !== size)
    throw new ReleaseError(
      'k3s-release-corrupt',
      `${t.label}: the coordinator serves ${res.total} bytes, the assignment names ${size}`,
    );
  if (res.start !== offset) {
    // A full answer to a range request: what is in the part is not kept.
    await fs.rm(part, { force: true });
    ({ offset, hash } = { offset: 0, hash: createHash('sha256') });
  }
  const handle = await fs.open(part, 'a', 0o600);
  let overlong = false;
  try {
    d.onProgress?.(offset, size);
    for await (const chunk of res.body) {
      if (offset + chunk.length > size) {
        overlong = true;
        break;
      }
      await write(handle, chunk);
      hash.update(chunk);
      offset += chunk.length;
      d.onProgress?.(offset, size);
    }
    if (!overlong) await handle.sync();
  } finally {
    await handle.close().catch(() => undefined);
  }
  if (overlong) {
    await fs.rm(part, { force: true });
    throw new ReleaseError('k3s-release-corrupt', `${t.label}: the coordinator sent more than ${size} bytes`);
  }
  if (offset < size)
    throw new ReleaseError('k3s-release-truncated', `${t.label}: the download ended after ${offset} of ${size} bytes`);
  return { offset, hash };
}

/**
 * Turns byte counts into percent messages at most every 10 % or every 2 s
 * (the coordinator folds and budgets status events; a message per chunk
 * would be noise).
 */
export function progressThrottle(
  clock: Pick<Clock, 'now'>,
  emit: (percent: number) => void,
  opts: { stepPercent?: number; intervalMs?: number } = {},
): (done: number, total: number) => void {
  const step = opts.stepPercent ?? 10;
  const interval = opts.intervalMs ?? 2000;
  let lastPct = -1;
  let lastAt = 0;
  return (done, total) => {
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    const now = clock.now();
    const crossed = lastPct < 0 || Math.floor(pct / step) > Math.floor(lastPct / step);
    const due = pct !== lastPct && now - lastAt >= interval;
    if (!crossed && !due) return;
    lastPct = pct;
    lastAt = now;
    emit(pct);
  };
}

/** True for errors worth another try of the same assignment. */
export function isRetryable(err: unknown): boolean {
  return err instanceof K3sError && err.retryable;
}
