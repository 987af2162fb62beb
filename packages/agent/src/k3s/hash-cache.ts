/**
 * sha256 of installed release files, remembered by size, mtime and inode in
 * the agent's state directory, so an agent restart does not re-read a 70 MB
 * binary (or a larger image archive) to learn what it already knew. Any
 * change of the file (a new inode after a rename, a write that moves mtime or
 * size) makes the entry stale and the file is hashed again.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { writeFileAtomic } from './files.js';

/** What was known about a file when it was hashed. */
export interface VerifiedFile {
  size: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
}

/** Remembered hashes by absolute file path. */
export interface HashCache {
  get(file: string): Promise<VerifiedFile | null>;
  set(file: string, entry: VerifiedFile): Promise<void>;
}

/** File name of the cache in the agent's state directory. */
export const HASH_CACHE_FILE = 'release-hashes.json';

/** A cache kept only in memory (tests; an agent without a state directory). */
export function memoryHashCache(): HashCache {
  const m = new Map<string, VerifiedFile>();
  return {
    get: (file) => Promise.resolve(m.get(file) ?? null),
    set: (file, e) => {
      m.set(file, e);
      return Promise.resolve();
    },
  };
}

function isEntry(v: unknown): v is VerifiedFile {
  const e = v as Partial<VerifiedFile> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.size === 'number' &&
    typeof e.mtimeMs === 'number' &&
    typeof e.ino === 'number' &&
    typeof e.sha256 === 'string'
  );
}

/** A cache in a JSON file (0600, written atomically); an unreadable file is treated as empty. */
export function fileHashCache(file: string): HashCache {
  const load = async (): Promise<Record<string, VerifiedFile>> => {
    try {
      const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null) return {};
      const out: Record<string, VerifiedFile> = {};
      for (const [k, v] of Object.entries(parsed)) if (isEntry(v)) out[k] = v;
      return out;
    } catch {
      return {};
    }
  };
  return {
    get: async (f) => (await load())[f] ?? null,
    set: async (f, e) => {
      const all = await load();
      all[f] = e;
      await writeFileAtomic(file, `${JSON.stringify(all, null, 2)}\n`, 0o600);
    },
  };
}

/** sha256 of a file's content, streamed. */
export async function sha256OfFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) h.update(chunk);
  return h.digest('hex');
}

/**
 * The file's sha256, from the cache when size, mtime and inode still match,
 * else by reading it (and then remembered). Null when the file does not exist.
 */
export async function verifiedSha256(
  file: string,
  cache: HashCache,
): Promise<{ sha256: string; size: number; fromCache: boolean } | null> {
  let st;
  try {
    st = await fs.stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (!st.isFile()) return null;
  const known = await cache.get(file);
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs && known.ino === st.ino)
    return { sha256: known.sha256, size: st.size, fromCache: true };
  const sha256 = await sha256OfFile(file);
  // Stat again: a file replaced while it was read must not be remembered under the old hash.
  const after = await fs.stat(file);
  if (after.size === st.size && after.mtimeMs === st.mtimeMs && after.ino === st.ino)
    await cache.set(file, { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, sha256 });
  return { sha256, size: st.size, fromCache: false };
}
