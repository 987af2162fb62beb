/**
 * `npm run package:flist`: the grid node image as a root filesystem tarball,
 * the `.tar.gz` that the hub turns into an flist (threefoldtech/0-hub README,
 * "Uploading your files"; src/flist-uploader.py api_flist_upload unpacks it
 * and builds `<your name>/<file name without .tar.gz>.flist`). No docker.
 *
 *   tsx scripts/package-flist.ts --zinit FILE --zinit-sha256 HEX
 *     [--image-root dist/agent-image] [--out dist/k3sgrid-node.tar.gz]
 *     [--base-rootfs DIR | --suite bookworm --mirror URL] [--work DIR]
 *
 * Steps:
 *   1. a Debian root: a copy of --base-rootfs, or debootstrap (root only;
 *      --variant=minbase with etc/k3sgrid/packages.txt and the tools the agent
 *      uses);
 *   2. zinit at /sbin/zinit, only when FILE's sha256 equals --zinit-sha256
 *      (the zinit releases publish no checksum: take it from a copy you trust);
 *   3. the agent image root from `npm run package:agent` on top;
 *   4. no /boot/vmlinuz (the VM then runs on the grid's cloud-container
 *      kernel, where the VM's env_vars reach the entrypoint), apt caches
 *      removed;
 *   5. tar + gzip with numeric owners, and its sha256.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A failure with a stable code. */
export class FlistError extends Error {
  override readonly name = 'FlistError';
  constructor(
    readonly code:
      | 'flist-usage'
      | 'flist-image-root-missing'
      | 'flist-zinit-missing'
      | 'flist-zinit-checksum'
      | 'flist-not-root'
      | 'flist-debootstrap-failed'
      | 'flist-incomplete',
    message: string,
  ) {
    super(message);
  }
}

/** Options of {@link packageFlist}. */
export interface FlistOptions {
  /** The agent image root (`npm run package:agent` output). */
  imageRoot: string;
  /** The zinit binary to install, and the sha256 it must have. */
  zinit: string;
  zinitSha256: string;
  /** Tarball to write. */
  out: string;
  /** Scratch folder (the root filesystem is assembled in <work>/rootfs). */
  work: string;
  /** A ready Debian root to start from instead of debootstrap. */
  baseRootfs?: string;
  suite: string;
  mirror: string;
  /** Runs a command (tests pass a recorder); defaults to execFileSync with inherited output. */
  run?: (cmd: string, args: string[]) => void;
}

/** What was built. */
export interface FlistResult {
  out: string;
  sha256: string;
  bytes: number;
}

/** Tools the agent and k3s use besides the packages list (as in packaging/Dockerfile). */
export const BASE_TOOLS = ['ca-certificates', 'curl', 'iproute2', 'iptables', 'kmod', 'procps', 'util-linux'];

/** Files a grid image must have, relative to its root. */
export const REQUIRED_FILES = [
  'sbin/zinit',
  'usr/local/lib/k3sgrid/first-boot.sh',
  'usr/local/lib/k3sgrid/agent.mjs',
  'usr/local/lib/k3sgrid/node',
  'usr/local/bin/k3sgrid-agent',
  'etc/zinit/k3sgrid-agent.yaml',
];

const sha256File = async (p: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(p))
    .digest('hex');

/** The packages debootstrap installs: the image's list plus {@link BASE_TOOLS}. */
export async function imagePackages(imageRoot: string): Promise<string[]> {
  const list = (await readFile(join(imageRoot, 'etc/k3sgrid/packages.txt'), 'utf8'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return [...new Set([...list, ...BASE_TOOLS])];
}

/** Builds the root filesystem tarball. */
export async function packageFlist(o: FlistOptions): Promise<FlistResult> {
  const run = o.run ?? ((cmd: string, args: string[]): void => void execFileSync(cmd, args, { stdio: 'inherit' }));
  if (!existsSync(join(o.imageRoot, 'usr/local/lib/k3sgrid/manifest.json')))
    throw new FlistError(
      'flist-image-root-missing',
      `${o.imageRoot} is not an agent image root (no usr/local/lib/k3sgrid/manifest.json): run npm run package:agent first`,
    );
  if (!/^[0-9a-f]{64}$/.test(o.zinitSha256))
    throw new FlistError('flist-usage', '--zinit-sha256 must be 64 lowercase hex digits');
  if (!existsSync(o.zinit)) throw new FlistError('flist-zinit-missing', `zinit binary ${o.zinit} not found`);
  const got = await sha256File(o.zinit);
  if (got !== o.zinitSha256)
    throw new FlistError('flist-zinit-checksum', `zinit binary ${o.zinit} has sha256 ${got}, want ${o.zinitSha256}`);

  const rootfs = join(o.work, 'rootfs');
  await rm(rootfs, { recursive: true, force: true });
  await mkdir(o.work, { recursive: true });
  if (o.baseRootfs) {
    await cp(o.baseRootfs, rootfs, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  } else {
    if (process.getuid?.() !== 0)
      throw new FlistError('flist-not-root', 'debootstrap needs root; run as root or pass --base-rootfs DIR');
    const pkgs = await imagePackages(o.imageRoot);
    try {
      run('debootstrap', ['--variant=minbase', `--include=${pkgs.join(',')}`, o.suite, rootfs, o.mirror]);
    } catch (err) {
      throw new FlistError('flist-debootstrap-failed', `debootstrap failed: ${(err as Error).message}`);
    }
  }

  await mkdir(join(rootfs, 'sbin'), { recursive: true });
  await copyFile(o.zinit, join(rootfs, 'sbin/zinit'));
  await chmod(join(rootfs, 'sbin/zinit'), 0o755);
  await cp(o.imageRoot, rootfs, { recursive: true, force: true, verbatimSymlinks: true });
  // A flist with /boot/vmlinuz boots its own kernel and initrd, which do not pass the VM's env_vars on.
  for (const f of ['boot/vmlinuz', 'boot/initrd.img']) await rm(join(rootfs, f), { force: true, recursive: false });
  for (const d of ['var/lib/apt/lists', 'var/cache/apt/archives']) {
    await rm(join(rootfs, d), { recursive: true, force: true });
    await mkdir(join(rootfs, d), { recursive: true });
  }
  const missing = REQUIRED_FILES.filter((f) => !existsSync(join(rootfs, f)));
  if (missing.length > 0) throw new FlistError('flist-incomplete', `the image lacks ${missing.join(', ')}`);

  await mkdir(dirname(o.out), { recursive: true });
  run('tar', ['--numeric-owner', '-C', rootfs, '-czf', o.out, '.']);
  return { out: o.out, sha256: await sha256File(o.out), bytes: (await stat(o.out)).size };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'image-root': { type: 'string', default: join(REPO, 'dist/agent-image') },
      zinit: { type: 'string' },
      'zinit-sha256': { type: 'string' },
      out: { type: 'string', default: join(REPO, 'dist/k3sgrid-node.tar.gz') },
      work: { type: 'string', default: join(REPO, 'dist/flist-work') },
      'base-rootfs': { type: 'string' },
      suite: { type: 'string', default: 'bookworm' },
      mirror: { type: 'string', default: 'http://deb.debian.org/debian' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      (/\*\*([\s\S]*?)\*\//.exec(await readFile(fileURLToPath(import.meta.url), 'utf8'))?.[1] ?? '').replace(
        /^ \* ?/gm,
        '',
      ),
    );
    return;
  }
  if (!values.zinit || !values['zinit-sha256'])
    throw new FlistError(
      'flist-usage',
      'zinit is part of every grid image: pass --zinit FILE --zinit-sha256 HEX (a threefoldtech/zinit release binary, e.g. v0.2.28 zinit-linux-x86_64, and its sha256 from a copy you trust)',
    );
  const r = await packageFlist({
    imageRoot: resolve(values['image-root']),
    zinit: resolve(values.zinit),
    zinitSha256: values['zinit-sha256'],
    out: resolve(values.out),
    work: resolve(values.work),
    suite: values.suite,
    mirror: values.mirror,
    ...(values['base-rootfs'] ? { baseRootfs: resolve(values['base-rootfs']) } : {}),
  });
  const name = (/([^/]+)\.tar\.gz$/.exec(r.out)?.[1] ?? 'k3sgrid-node').replace(/[^A-Za-z0-9._-]/g, '');
  process.stderr.write(
    `root filesystem tarball: ${relative(process.cwd(), r.out)} (${(r.bytes / 1024 / 1024).toFixed(1)} MiB, sha256 ${r.sha256})\n` +
      'upload it to the hub (token from the hub website):\n' +
      `  curl -H "Authorization: bearer $HUB_TOKEN" -X POST -F file=@${relative(process.cwd(), r.out)} https://hub.grid.tf/api/flist/me/upload\n` +
      `then: k3sgrid grid plan ... --flist https://hub.grid.tf/<your hub name>/${name}.flist\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    const e = err as Error & { code?: string };
    process.stderr.write(`error: ${e.message}${e.code ? ` (${e.code})` : ''}\n`);
    process.exit(1);
  });
}
