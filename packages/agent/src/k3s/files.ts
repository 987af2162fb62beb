/**
 * Files k3s reads: config.yaml, the node password and server manifests. All
 * paths are absolute k3s paths, prefixed with a root (`/` on a real node).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { K3S_DEFAULTS, rooted } from './deps.js';
import { ManifestNameError } from './errors.js';
import type { ManifestFile } from '@k3sgrid/proto';

/** Prefix of the manifests we own; other files in the manifests folder are left alone. */
export const MANIFEST_PREFIX = 'k3sgrid-';

/**
 * Writes `content` to `file` atomically: a temp file in the same folder, fsync,
 * chmod to `mode`, rename over the target, then fsync the folder (best effort).
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.chmod(mode); // the umask may have narrowed or the mode is wider than asked
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  try {
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // fsync of a directory is not supported everywhere; the rename is still atomic.
  }
}

export interface K3sFilePaths {
  /** Root prefix for every absolute path below; `/` on a real node. */
  root: string;
  configPath: string;
  nodePasswordPath: string;
  dataDir: string;
}

export function defaultFilePaths(root = '/'): K3sFilePaths {
  return {
    root,
    configPath: K3S_DEFAULTS.configPath,
    nodePasswordPath: K3S_DEFAULTS.nodePasswordPath,
    dataDir: K3S_DEFAULTS.dataDir,
  };
}

/** Writes our own config.yaml (0600). Drop-ins in `config.yaml.d/` are not touched. */
export async function writeK3sConfig(paths: K3sFilePaths, yaml: string): Promise<string> {
  const file = rooted(paths.root, paths.configPath);
  await writeFileAtomic(file, yaml, 0o600);
  return file;
}

/** Writes the node password (content + "\n", 0600), as k3s's ensureNodePassword would. */
export async function writeNodePassword(paths: K3sFilePaths, password: string): Promise<string> {
  const file = rooted(paths.root, paths.nodePasswordPath);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${password.trim()}\n`, 0o600);
  return file;
}

/** `<data-dir>/server/manifests` (k3s auto-deploys every file in it). */
export function manifestsDir(paths: K3sFilePaths): string {
  return rooted(paths.root, path.posix.join(paths.dataDir, 'server', 'manifests'));
}

export function checkManifestName(name: string): void {
  if (!name.startsWith(MANIFEST_PREFIX)) throw new ManifestNameError(name, `must start with "${MANIFEST_PREFIX}"`);
  if (name.includes('/') || name.includes('\\') || name === '.' || name === '..' || name.includes('\0')) {
    throw new ManifestNameError(name, 'must be a plain file name');
  }
  if (!/\.(ya?ml|json)$/.test(name)) throw new ManifestNameError(name, 'must end in .yaml, .yml or .json');
}

export interface ManifestSyncResult {
  written: string[];
  removed: string[];
}

/**
 * Writes the assignment's manifests and removes `k3sgrid-*` manifests that are
 * no longer in it. Only call for server roles.
 */
export async function syncManifests(
  paths: K3sFilePaths,
  manifests: readonly ManifestFile[],
): Promise<ManifestSyncResult> {
  for (const m of manifests) checkManifestName(m.name);
  const dir = manifestsDir(paths);
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const wanted = new Set(manifests.map((m) => m.name));
  const written: string[] = [];
  for (const m of manifests) {
    const file = path.join(dir, m.name);
    let current: string | null;
    try {
      current = await fs.readFile(file, 'utf8');
    } catch {
      current = null;
    }
    // An unchanged file is not rewritten: k3s's deploy controller watches mtimes.
    if (current !== m.content) {
      await writeFileAtomic(file, m.content, 0o600);
      written.push(m.name);
    }
  }
  const removed: string[] = [];
  for (const entry of await fs.readdir(dir)) {
    if (entry.startsWith(MANIFEST_PREFIX) && !wanted.has(entry)) {
      await fs.rm(path.join(dir, entry), { force: true });
      removed.push(entry);
    }
  }
  return { written, removed };
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** What the runner is about to write; `null` for a file it leaves alone. */
export interface K3sFilesWanted {
  yaml: string;
  /** The node password, or null when the assignment carries none (the file is not written). */
  nodePassword: string | null;
  /** Our manifests (servers), or null (agents have none). */
  manifests: readonly ManifestFile[] | null;
}

/**
 * True when config.yaml, the node password and our `k3sgrid-*` manifests on
 * disk are exactly what would be written. After an agent restart this is how
 * the runner knows k3s already runs with this assignment (nothing in the
 * agent's memory says so any more).
 */
export async function k3sFilesUnchanged(paths: K3sFilePaths, want: K3sFilesWanted): Promise<boolean> {
  if ((await readOrNull(rooted(paths.root, paths.configPath))) !== want.yaml) return false;
  if (
    want.nodePassword !== null &&
    (await readOrNull(rooted(paths.root, paths.nodePasswordPath))) !== `${want.nodePassword.trim()}\n`
  )
    return false;
  if (want.manifests === null) return true;
  const dir = manifestsDir(paths);
  const ours = (await fs.readdir(dir).catch(() => [] as string[])).filter((e) => e.startsWith(MANIFEST_PREFIX));
  if (ours.length !== want.manifests.length) return false;
  for (const m of want.manifests) if ((await readOrNull(path.join(dir, m.name))) !== m.content) return false;
  return true;
}
