/**
 * The NoCloud seed a cloud would give the machine: a small ISO 9660 image
 * labelled `cidata` holding `user-data` and `meta-data` (cloud-init's NoCloud
 * datasource finds it by label), made with genisoimage or xorriso. The same
 * helper makes other read-only file disks for the guest.
 */
import { execa } from 'execa';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

/** Contents of the seed. */
export interface SeedInput {
  userData: string;
  instanceId: string;
  hostname: string;
  /** Optional NoCloud `network-config` (version 2); without it cloud-init configures DHCP on the first NIC. */
  networkConfig?: string;
}

async function has(cmd: string): Promise<boolean> {
  return (await execa('/bin/sh', ['-c', `command -v ${cmd}`], { reject: false })).exitCode === 0;
}

/**
 * Writes `<dir>/<name>.iso`, an ISO 9660 image (Rock Ridge, so long names
 * and modes survive) labelled `label` holding `files` (path in the image →
 * content), and returns its path. Attach it as a read-only disk (VmOptions
 * `disks`) to give the guest files too big for the command channel; in the
 * guest it mounts as `LABEL=<label>`.
 */
export async function makeIso(
  dir: string,
  name: string,
  label: string,
  files: Readonly<Record<string, string | Buffer>>,
): Promise<string> {
  const staging = join(dir, `${name}.files`);
  mkdirSync(staging, { recursive: true });
  try {
    for (const [path, content] of Object.entries(files)) {
      const target = join(staging, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content, { mode: 0o600 });
    }
    const iso = join(dir, `${name}.iso`);
    const args = ['-quiet', '-output', iso, '-volid', label, '-joliet', '-rock', '.'];
    if (await has('genisoimage')) await execa('genisoimage', args, { cwd: staging });
    else if (await has('xorriso')) await execa('xorriso', ['-as', 'mkisofs', ...args], { cwd: staging });
    else
      throw new Error('genisoimage or xorriso is missing: apt-get install genisoimage (the VM test makes ISO images)');
    return iso;
  } finally {
    // A seed holds a join token: keep only the ISO (removed with the test's folder).
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Writes `<dir>/seed.iso`, the NoCloud seed (label `cidata`), and returns its path. */
export async function makeSeedIso(dir: string, s: SeedInput): Promise<string> {
  return makeIso(dir, 'seed', 'cidata', {
    'user-data': s.userData,
    'meta-data': stringify({ 'instance-id': s.instanceId, 'local-hostname': s.hostname }, { lineWidth: 0 }),
    ...(s.networkConfig === undefined ? {} : { 'network-config': s.networkConfig }),
  });
}
