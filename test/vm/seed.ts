/**
 * The NoCloud seed a cloud would give the machine: a small ISO 9660 image
 * labelled `cidata` holding `user-data` and `meta-data` (cloud-init's NoCloud
 * datasource finds it by label), made with genisoimage or xorriso.
 */
import { execa } from 'execa';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Writes `<dir>/seed.iso` and returns its path. */
export async function makeSeedIso(dir: string, s: SeedInput): Promise<string> {
  const files = join(dir, 'seed');
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, 'user-data'), s.userData, { mode: 0o600 });
  writeFileSync(
    join(files, 'meta-data'),
    stringify({ 'instance-id': s.instanceId, 'local-hostname': s.hostname }, { lineWidth: 0 }),
  );
  const names = ['user-data', 'meta-data'];
  if (s.networkConfig !== undefined) {
    writeFileSync(join(files, 'network-config'), s.networkConfig);
    names.push('network-config');
  }
  const iso = join(dir, 'seed.iso');
  const args = ['-quiet', '-output', iso, '-volid', 'cidata', '-joliet', '-rock', ...names];
  if (await has('genisoimage')) await execa('genisoimage', args, { cwd: files });
  else if (await has('xorriso')) await execa('xorriso', ['-as', 'mkisofs', ...args], { cwd: files });
  else
    throw new Error(
      'genisoimage or xorriso is missing: apt-get install genisoimage (the VM test makes a NoCloud seed)',
    );
  // The seed holds a join token: keep only the ISO (removed with the VM's folder).
  rmSync(files, { recursive: true, force: true });
  return iso;
}
