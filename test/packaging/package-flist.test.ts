/**
 * `npm run package:flist`: from an agent image root and a checked zinit
 * binary to the root filesystem `.tar.gz` the hub turns into an flist
 * (threefoldtech/0-hub src/flist-uploader.py unpacks the upload and names the
 * flist after the file). debootstrap is not run here (minutes, network):
 * a small base root stands in, and the debootstrap call is checked as
 * recorded. The tarball is read back with the real tar.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlistError, packageFlist, type FlistOptions } from '../../scripts/package-flist.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '@k3sgrid/testkit';

let dir: string;
let opts: FlistOptions;
const ZINIT = '#!/bin/sh\necho "zinit stand-in"\n';
const zinitSha = createHash('sha256').update(ZINIT).digest('hex');

beforeAll(() => {
  dir = tempDir('package-flist');
  // An agent image root as package:agent lays it out (templates from packaging/rootfs, stand-in binaries).
  const image = join(dir, 'image');
  cpSync(join(REPO_ROOT, 'packaging/rootfs'), image, { recursive: true });
  const lib = join(image, 'usr/local/lib/k3sgrid');
  writeFileSync(join(lib, 'manifest.json'), '{}\n');
  writeFileSync(join(lib, 'agent.mjs'), '');
  writeFileSync(join(lib, 'node'), '', { mode: 0o755 });
  // A tiny "Debian" root, with a kernel that must not end up in the image.
  const base = join(dir, 'base');
  for (const d of ['bin', 'etc', 'boot', 'var/lib/apt/lists']) mkdirSync(join(base, d), { recursive: true });
  writeFileSync(join(base, 'etc/debian_version'), '12.11\n');
  writeFileSync(join(base, 'boot/vmlinuz'), 'kernel');
  writeFileSync(join(base, 'var/lib/apt/lists/junk'), 'x');
  writeFileSync(join(dir, 'zinit'), ZINIT, { mode: 0o755 });
  opts = {
    imageRoot: image,
    zinit: join(dir, 'zinit'),
    zinitSha256: zinitSha,
    out: join(dir, 'out/k3sgrid-node.tar.gz'),
    work: join(dir, 'work'),
    baseRootfs: base,
    suite: 'bookworm',
    mirror: 'http://deb.debian.org/debian',
  };
});

const listing = (tarball: string): Map<string, string> =>
  new Map(
    execFileSync('tar', ['-tzvf', tarball], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => {
        const cols = l.split(/\s+/);
        return [(cols[5] ?? '').replace(/^\.\//, '').replace(/\/$/, ''), cols[0] ?? ''];
      }),
  );

describe('package:flist', () => {
  it('writes a root filesystem tarball with zinit, the agent and its units, and no kernel', async () => {
    const r = await packageFlist(opts);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    const files = listing(r.out);
    expect(files.get('sbin/zinit')).toBe('-rwxr-xr-x');
    expect(files.get('usr/local/lib/k3sgrid/first-boot.sh')).toBe('-rwxr-xr-x');
    expect(files.get('etc/zinit/k3sgrid-agent.yaml')).toMatch(/^-rw-/);
    expect(files.has('etc/debian_version')).toBe(true);
    expect(files.has('boot/vmlinuz')).toBe(false);
    expect(files.has('var/lib/apt/lists/junk')).toBe(false);
    // Entries sit at the top of the archive (a root filesystem, not a folder holding one).
    expect([...files.keys()].some((f) => f.startsWith('rootfs'))).toBe(false);
    const zinit = execFileSync('tar', ['-xzOf', r.out, './sbin/zinit'], { encoding: 'utf8' });
    expect(zinit).toBe(ZINIT);
  });

  it('refuses a zinit binary whose sha256 is not the given one, or no sha256 at all', async () => {
    const err = await packageFlist({ ...opts, zinitSha256: 'f'.repeat(64) }).catch((e: unknown) => e);
    expect((err as FlistError).code).toBe('flist-zinit-checksum');
    const bad = await packageFlist({ ...opts, zinitSha256: '' }).catch((e: unknown) => e);
    expect((bad as FlistError).code).toBe('flist-usage');
  });

  it('refuses a folder that is not an agent image root', async () => {
    const err = await packageFlist({ ...opts, imageRoot: join(dir, 'base') }).catch((e: unknown) => e);
    expect((err as FlistError).code).toBe('flist-image-root-missing');
  });

  it('without a base root, runs debootstrap minbase with the image packages (as root)', async () => {
    const calls: Array<[string, string[]]> = [];
    const noBase: FlistOptions = { ...opts };
    delete noBase.baseRootfs;
    const run = (cmd: string, args: string[]): void => {
      calls.push([cmd, args]);
      // Stand in for debootstrap's result so the rest can run.
      if (cmd === 'debootstrap') cpSync(join(dir, 'base'), args[3] as string, { recursive: true });
      else execFileSync(cmd, args);
    };
    if (process.getuid?.() !== 0) {
      const err = await packageFlist({ ...noBase, run }).catch((e: unknown) => e);
      expect((err as FlistError).code).toBe('flist-not-root');
      return;
    }
    await packageFlist({ ...noBase, run, out: join(dir, 'out/debootstrapped.tar.gz') });
    const [cmd, args] = calls[0] ?? ['', []];
    expect(cmd).toBe('debootstrap');
    expect(args[0]).toBe('--variant=minbase');
    expect(args[1]?.split('=')[1]?.split(',')).toEqual(
      expect.arrayContaining(['open-iscsi', 'nfs-common', 'wireguard-tools', 'haproxy', 'iptables', 'iproute2']),
    );
    expect(args.slice(2)).toEqual(['bookworm', join(opts.work, 'rootfs'), 'http://deb.debian.org/debian']);
  });
});
