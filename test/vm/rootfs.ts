/**
 * The VM test's node root: built by guest/build-rootfs.sh (debootstrap, then
 * `mkfs.ext4 -d`) into `<cache>/rootfs-<key>/`, where the key is a hash of
 * everything in guest/ (package list, build script, test-only channel), so a
 * change there builds a new root and an unchanged one is reused. The cache is
 * `K3SGRID_VM_CACHE`, default `.cache/vm/` of the repository (git-ignored);
 * downloaded packages are kept in `<cache>/debs/` for the next build.
 */
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../support/paths.js';
import { requireTool } from './qemu.js';

const GUEST_DIR = fileURLToPath(new URL('guest/', import.meta.url));

/** A built root: what QEMU boots. */
export interface RootfsImage {
  dir: string;
  key: string;
  rootImage: string;
  kernel: string;
  initrd: string;
  kernelRelease: string;
  /** True when this call built it (false: taken from the cache). */
  built: boolean;
  /** Build time in ms when built now, else the recorded build time. */
  buildMs: number;
}

/** The cache folder. */
export function vmCacheDir(): string {
  return process.env.K3SGRID_VM_CACHE ?? join(REPO_ROOT, '.cache/vm');
}

/** Hash of every file in guest/ (names and contents), 16 hex digits. */
export function rootfsKey(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(GUEST_DIR).sort()) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(GUEST_DIR, f)));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

function load(dir: string, key: string, built: boolean, buildMs?: number): RootfsImage {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { kernelRelease: string; seconds: number };
  return {
    dir,
    key,
    rootImage: join(dir, 'rootfs.ext4'),
    kernel: join(dir, 'vmlinuz'),
    initrd: join(dir, 'initrd.img'),
    kernelRelease: m.kernelRelease,
    built,
    buildMs: buildMs ?? m.seconds * 1000,
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The cached root for the current guest/ files, built first when missing
 * (needs root and debootstrap; fails with a clear message otherwise). Two
 * runs that need the same build wait for each other through a lock folder.
 */
export async function ensureRootfs(o: { log?: (line: string) => void; timeoutMs?: number } = {}): Promise<RootfsImage> {
  const cache = vmCacheDir();
  const key = rootfsKey();
  const dir = join(cache, `rootfs-${key}`);
  if (existsSync(join(dir, 'manifest.json'))) {
    const now = new Date();
    utimesSync(dir, now, now); // marks it in use for the pruning below
    return load(dir, key, false);
  }
  if (process.getuid?.() !== 0)
    throw new Error(`the VM root ${dir} is not built and building it needs root (debootstrap, chroot)`);
  await requireTool('debootstrap', 'debootstrap');
  await requireTool('mkfs.ext4', 'e2fsprogs');
  mkdirSync(cache, { recursive: true });
  const lock = join(cache, `rootfs-${key}.lock`);
  const deadline = Date.now() + (o.timeoutMs ?? 15 * 60_000);
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const pid = Number(existsSync(join(lock, 'pid')) ? readFileSync(join(lock, 'pid'), 'utf8') : NaN);
      if (Number.isInteger(pid) && !pidAlive(pid)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for another build of ${dir} (lock ${lock})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    if (existsSync(join(dir, 'manifest.json'))) return load(dir, key, false);
    const started = Date.now();
    o.log?.(`building the VM root ${dir} (debootstrap; a few minutes)`);
    const build = execa('bash', [join(GUEST_DIR, 'build-rootfs.sh'), dir, join(cache, 'debs')], {
      all: true,
      reject: false,
      timeout: Math.max(1000, deadline - Date.now()),
      killSignal: 'SIGTERM',
    });
    build.all.on('data', (d: Buffer) => {
      for (const line of d.toString('utf8').split('\n')) if (line.startsWith('[build-rootfs')) o.log?.(line);
    });
    const r = await build;
    if (r.exitCode !== 0)
      throw new Error(
        `building the VM root failed (${r.timedOut ? 'timed out' : `exit ${r.exitCode}`}):\n${r.all.slice(-3000)}`,
      );
    pruneOld(cache, key);
    return load(dir, key, true, Date.now() - started);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Removes roots of other keys not used for a day (a shared cache may serve other branches meanwhile). */
function pruneOld(cache: string, key: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const f of readdirSync(cache)) {
    if (!/^rootfs-[0-9a-f]{16}(\.partial)?$/.test(f) || f === `rootfs-${key}`) continue;
    const p = join(cache, f);
    if (statSync(p).mtimeMs < dayAgo) rmSync(p, { recursive: true, force: true });
  }
}
