/**
 * Host preparation the cluster plan asks for (`spec.nodePrep`), done before
 * k3s starts: kernel modules loaded, host services running. Longhorn needs
 * `iscsi_tcp` and `iscsid`; NFS volumes need `nfs` and `rpc-statd`.
 *
 * - A module the probe ladder already finds loaded or built in is left
 *   alone; any other is `modprobe`d and checked again.
 * - Under systemd a service is `systemctl enable --now`ed and must then be
 *   active. Under zinit or without an init system the agent cannot manage
 *   host services (it has no unit to start them with); it says so, and fails
 *   only when the service is not already running (`zinit status`, `pidof`).
 *
 * - Under systemd the modules are also listed in {@link MODULES_LOAD_FILE},
 *   so systemd-modules-load loads them at boot, before k3s.service (which
 *   starts on its own after a reboot, before the agent has prepared
 *   anything: the VM test saw iscsi_tcp loaded only after k3s was up).
 *
 * Failures name what the plan needed and why, e.g.
 * `storage longhorn needs iscsid running: …`, and are retried by the runner.
 */
import type { InitSystem, NodePrep } from '@k3sgrid/proto';
import { type FsReader, probeModule } from '../probe/index.js';
import { type ExecFn, type K3sLogger, noopLogger } from './deps.js';
import { NodePrepError } from './errors.js';

export interface NodePrepDeps {
  exec: ExecFn;
  /** Reads /proc and /sys of the host (the probe root). */
  reader: FsReader;
  initSystem: InitSystem;
  logger?: K3sLogger;
  /** Writes the modules-load.d file (systemd only); without it nothing persists across a reboot. */
  persistModules?: (content: string) => Promise<void>;
}

/** Where the modules of the plan are listed for systemd-modules-load. */
export const MODULES_LOAD_FILE = '/etc/modules-load.d/k3sgrid.conf';

/** The modules-load.d(5) file listing `modules`, one a line. */
export function renderModulesLoad(modules: readonly string[]): string {
  return `# Written by k3sgrid-agent: kernel modules the cluster plan needs, loaded at boot.\n${modules.map((m) => `${m}\n`).join('')}`;
}

/** What was done, for the log and the phase message. */
export interface NodePrepResult {
  modulesLoaded: string[];
  servicesStarted: string[];
  /** Services found running that the agent could not have started itself. */
  servicesFoundRunning: string[];
}

/** `<reason> needs`, with a fallback when the plan gave no reason. */
function needs(prep: NodePrep): string {
  return `${prep.reason.trim() || 'this node'} needs`;
}

function output(r: { stdout: string; stderr: string }): string {
  return (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' / ');
}

async function loadModule(prep: NodePrep, name: string, d: NodePrepDeps): Promise<boolean> {
  const before = await probeModule(d.reader, name);
  if (before.state === 'loaded' || before.state === 'builtin') return false;
  const r = await d.exec('modprobe', [name]).catch((err: unknown) => ({
    exitCode: 127,
    stdout: '',
    stderr: String(err),
  }));
  if (r.exitCode !== 0)
    throw new NodePrepError(
      `${needs(prep)} kernel module ${name}: modprobe ${name} failed (exit ${r.exitCode}): ${output(r)}`,
    );
  const after = await probeModule(d.reader, name);
  if (after.state !== 'loaded' && after.state !== 'builtin')
    throw new NodePrepError(
      `${needs(prep)} kernel module ${name}: modprobe ${name} succeeded but the module is still ${after.state}`,
    );
  return true;
}

async function isRunning(name: string, d: NodePrepDeps): Promise<boolean> {
  if (d.initSystem === 'zinit') {
    const z = await d.exec('zinit', ['status', name]).catch(() => null);
    if (z !== null && z.exitCode === 0 && /^state:\s*running/im.test(z.stdout)) return true;
  }
  // A unit name is not always the process name: rpc-statd runs as rpc.statd.
  for (const proc of new Set([name, name.replace(/-/g, '.')])) {
    const p = await d.exec('pidof', [proc]).catch(() => null);
    if (p !== null && p.exitCode === 0 && p.stdout.trim() !== '') return true;
  }
  return false;
}

/** Returns true when the agent started the service, false when it was found running. */
async function ensureService(prep: NodePrep, name: string, d: NodePrepDeps): Promise<boolean> {
  if (d.initSystem === 'systemd') {
    const r = await d.exec('systemctl', ['enable', '--now', `${name}.service`]);
    if (r.exitCode !== 0)
      throw new NodePrepError(
        `${needs(prep)} ${name} running: systemctl enable --now ${name}.service failed (exit ${r.exitCode}): ${output(r)}`,
      );
    const a = await d.exec('systemctl', ['is-active', `${name}.service`]);
    const state = a.stdout.trim() || 'unknown';
    if (a.exitCode !== 0 || state !== 'active')
      throw new NodePrepError(`${needs(prep)} ${name} running: it is ${state} after systemctl enable --now`);
    return true;
  }
  const where = d.initSystem === 'zinit' ? 'under zinit' : 'without an init system';
  if (await isRunning(name, d)) {
    (d.logger ?? noopLogger).warn(
      { service: name, initSystem: d.initSystem },
      `the agent cannot manage host services ${where}; ${name} is already running, so it is used as is`,
    );
    return false;
  }
  throw new NodePrepError(
    `${needs(prep)} ${name} running: the agent cannot start host services ${where} (it only does so through systemd), ` +
      `and ${name} is not running; add it to the image's init configuration`,
  );
}

/** Loads the modules and starts the services of `prep`; throws {@link NodePrepError} on the first failure. */
export async function prepareNode(prep: NodePrep, d: NodePrepDeps): Promise<NodePrepResult> {
  const result: NodePrepResult = { modulesLoaded: [], servicesStarted: [], servicesFoundRunning: [] };
  for (const m of prep.modules) if (await loadModule(prep, m, d)) result.modulesLoaded.push(m);
  if (d.initSystem === 'systemd' && d.persistModules && prep.modules.length > 0) {
    try {
      await d.persistModules(renderModulesLoad(prep.modules));
    } catch (err) {
      throw new NodePrepError(
        `${needs(prep)} ${prep.modules.join(', ')} loaded at boot: writing ${MODULES_LOAD_FILE} failed: ${String(err)}`,
        { cause: err },
      );
    }
  }
  for (const s of prep.services) {
    if (await ensureService(prep, s, d)) result.servicesStarted.push(s);
    else result.servicesFoundRunning.push(s);
  }
  if (prep.modules.length + prep.services.length > 0)
    (d.logger ?? noopLogger).info({ reason: prep.reason, ...result }, 'node prepared');
  return result;
}

/** True when the assignment asks for any host preparation. */
export function hasNodePrep(prep: NodePrep | undefined): prep is NodePrep {
  return prep !== undefined && prep.modules.length + prep.services.length > 0;
}
