/**
 * Content-addressed blobs (k3s binaries, air-gap image archives) in the
 * state directory: `<dir>/<sha256>`, written once through a temporary file
 * and renamed only after the bytes hashed to the name. With replicas
 * (a shared store) every blob is also kept as chunks in the database, so a
 * replica that lacks the file (it was imported on another replica, or its
 * disk was replaced) copies it from there before serving it, checking the
 * hash again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { CoordinatorError } from '../errors.js';
import type { Store } from '../store/types.js';

/** 1 MiB: a 70 MiB k3s binary is 70 rows. */
export const CHUNK_BYTES = 1024 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;

export interface BlobInfo {
  sha256: string;
  size: number;
}

export class BlobStore {
  constructor(
    private readonly dir: string,
    private readonly store: Store,
    /** Keep chunks in the database (replicas share the store). */
    private readonly shared: boolean,
  ) {}

  /** Path of a blob's file (it may not exist). */
  path(sha256: string): string {
    if (!SHA256.test(sha256)) throw new CoordinatorError('bad-request', 'a blob name is 64 lowercase hex digits');
    return join(this.dir, sha256);
  }

  /** Size of the local file, or null when this replica does not have it. */
  async localSize(sha256: string): Promise<number | null> {
    try {
      return (await fs.stat(this.path(sha256))).size;
    } catch {
      return null;
    }
  }

  /**
   * Writes a stream as a blob, at most `maxBytes`; resolves its sha256 and
   * size. When `expect` is given, a stream that hashes otherwise is refused
   * and nothing is kept.
   */
  async put(source: Readable, o: { maxBytes: number; expect?: string }): Promise<BlobInfo> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dir, `.incoming-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const c of chunks) {
            size += c.length;
            if (size > o.maxBytes)
              throw new CoordinatorError('payload-too-large', `blob is larger than ${o.maxBytes} bytes`);
            hash.update(c);
            yield c;
          }
        },
        createWriteStream(tmp, { mode: 0o600 }),
      );
      const sha256 = hash.digest('hex');
      if (o.expect !== undefined && sha256 !== o.expect)
        throw new CoordinatorError('bad-request', `sha256 of the bytes is ${sha256}, expected ${o.expect}`);
      await fs.rename(tmp, this.path(sha256));
      if (this.shared) await this.publish(sha256);
      return { sha256, size };
    } catch (err) {
      await fs.rm(tmp, { force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC')
        throw new CoordinatorError('insufficient-storage', `no space left for a blob in ${this.dir}`, { cause: err });
      throw err;
    }
  }

  /** Copies a local blob into the database as chunks (replicas), unless all are there. */
  private async publish(sha256: string): Promise<void> {
    const file = this.path(sha256);
    const size = (await fs.stat(file)).size;
    const want = Math.max(1, Math.ceil(size / CHUNK_BYTES));
    if ((await this.store.countBlobChunks(sha256)) === want) return;
    let idx = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>)
      await this.store.putBlobChunk(sha256, idx++, chunk);
    if (idx === 0) await this.store.putBlobChunk(sha256, 0, Buffer.alloc(0));
  }

  /**
   * Makes sure this replica has the blob's file: from the database when it
   * does not (checked against its name). Resolves false when neither has it.
   */
  async ensureLocal(sha256: string): Promise<boolean> {
    if ((await this.localSize(sha256)) !== null) return true;
    if (!this.shared || (await this.store.countBlobChunks(sha256)) === 0) return false;
    const store = this.store;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let from = 0; ; from += 16) {
        const page = await store.getBlobChunks(sha256, from, 16);
        yield* page;
        if (page.length < 16) return;
      }
    }
    const { Readable } = await import('node:stream');
    // Written through put(): the bytes are hashed again on the way to the file.
    await this.put(Readable.from(chunks()), { maxBytes: Number.MAX_SAFE_INTEGER, expect: sha256 });
    return true;
  }

  /** Removes the blob here and, with replicas, its chunks. */
  async remove(sha256: string): Promise<void> {
    await fs.rm(this.path(sha256), { force: true });
    if (this.shared) await this.store.deleteBlobChunks(sha256);
  }
}
