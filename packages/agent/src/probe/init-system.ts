/**
 * Which init system is running, judged by what runs rather than by what is
 * installed: every image has an /etc/zinit folder (the agent's own tarball
 * puts k3sgrid-agent.yaml there), so a folder proves nothing.
 *
 * Ladder, every read through the probe root so a fixture sysroot works:
 * 1. PID 1 itself: `proc/1/comm`, else the basename of `proc/1/exe`
 *    (`systemd` or `zinit`).
 * 2. systemd's own test (sd_booted): `run/systemd/system` is a folder, used
 *    when PID 1 cannot be read (a fixture, a restricted /proc) or is a
 *    generically named `init`.
 * 3. zinit's control socket (`var/run/zinit.sock`, `run/zinit.sock`) exists;
 *    zinit need not be PID 1 (e.g. a container entrypoint).
 * 4. Live only: `zinit list` answers.
 * Otherwise `none` (the agent then supervises k3s itself).
 */
import path from 'node:path';
import type { InitSystem } from '@k3sgrid/proto';
import type { FsReader } from './fs-reader.js';

/** Runs a command; only the exit code matters here (an ExecFn of the k3s layer fits). */
export type ProbeExec = (file: string, args: readonly string[]) => Promise<{ exitCode: number }>;

/** zinit's default socket (`zinit -s`), with and without the /var/run → /run link. */
export const ZINIT_SOCKETS = ['var/run/zinit.sock', 'run/zinit.sock'] as const;

/** The name PID 1 runs under, or null when /proc/1 cannot be read. */
async function pid1Names(fs: FsReader): Promise<{ comm: string | null; exe: string | null }> {
  const comm = (await fs.readText('proc/1/comm'))?.trim() ?? null;
  const link = fs.readLink ? await fs.readLink('proc/1/exe') : null;
  // The kernel appends " (deleted)" to the link of a replaced binary.
  const exe = link === null ? null : path.posix.basename(link.replace(/ \(deleted\)$/, ''));
  return { comm: comm === '' ? null : comm, exe };
}

/** Detects the running init system under the reader's root; `exec` enables the live `zinit list` check. */
export async function detectInitSystem(fs: FsReader, opts: { exec?: ProbeExec } = {}): Promise<InitSystem> {
  const { comm, exe } = await pid1Names(fs);
  if (comm === 'systemd' || exe === 'systemd') return 'systemd';
  if (comm === 'zinit' || exe === 'zinit') return 'zinit';
  if ((comm === null || comm === 'init') && (await fs.kind('run/systemd/system')) === 'dir') return 'systemd';
  for (const sock of ZINIT_SOCKETS) if ((await fs.kind(sock)) === 'other') return 'zinit';
  if (opts.exec) {
    try {
      if ((await opts.exec('zinit', ['list'])).exitCode === 0) return 'zinit';
    } catch {
      // no zinit binary
    }
  }
  return 'none';
}
