/**
 * Drift between two capability reports of the same node (e.g. across a
 * reboot): a kernel upgrade, a module that is no longer there, a removed
 * package. Volatile facts (memory jitter, address order) are ignored.
 */
import type { CapabilityReport } from '@k3sgrid/proto';

/** One capability change. */
export interface DriftEvent {
  /** What changed, e.g. `kernel`, `module rbd`, `tool iscsiadm`. */
  what: string;
  from: string;
  to: string;
}

/** Memory changes below this fraction are jitter (firmware reservations, balloon drivers). */
const MEMORY_TOLERANCE = 0.1;

function compare(out: DriftEvent[], what: string, from: string, to: string): void {
  if (from !== to) out.push({ what, from, to });
}

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.name, i]));
}

/** Lists what changed from `prev` to `next`; empty when nothing that matters did. */
export function diffReports(prev: CapabilityReport, next: CapabilityReport): DriftEvent[] {
  const out: DriftEvent[] = [];
  compare(out, 'kernel', prev.kernelRelease, next.kernelRelease);
  compare(out, 'arch', prev.arch, next.arch);
  compare(out, 'init system', prev.initSystem, next.initSystem);
  compare(out, 'cgroup version', String(prev.cgroupVersion), String(next.cgroupVersion));
  compare(out, 'cpu count', String(prev.cpuCount), String(next.cpuCount));
  const maxMem = Math.max(prev.memoryBytes, next.memoryBytes);
  if (maxMem > 0 && Math.abs(prev.memoryBytes - next.memoryBytes) / maxMem > MEMORY_TOLERANCE) {
    out.push({ what: 'memory', from: String(prev.memoryBytes), to: String(next.memoryBytes) });
  }

  // Only the state matters: a kernel upgrade moves source paths without changing capabilities.
  const pm = byName(prev.modules);
  const nm = byName(next.modules);
  for (const name of [...new Set([...pm.keys(), ...nm.keys()])].sort()) {
    compare(out, `module ${name}`, pm.get(name)?.state ?? 'not reported', nm.get(name)?.state ?? 'not reported');
  }
  const pt = byName(prev.tools);
  const nt = byName(next.tools);
  const toolState = (t: { present: boolean } | undefined): string =>
    t === undefined ? 'not reported' : t.present ? 'present' : 'missing';
  for (const name of [...new Set([...pt.keys(), ...nt.keys()])].sort()) {
    compare(out, `tool ${name}`, toolState(pt.get(name)), toolState(nt.get(name)));
  }
  const pd = byName(prev.disks);
  const nd = byName(next.disks);
  const diskState = (d: { unused: boolean } | undefined): string =>
    d === undefined ? 'absent' : d.unused ? 'unused' : 'in use';
  for (const name of [...new Set([...pd.keys(), ...nd.keys()])].sort()) {
    compare(out, `disk ${name}`, diskState(pd.get(name)), diskState(nd.get(name)));
  }

  compare(out, 'addresses', [...prev.addresses].sort().join(','), [...next.addresses].sort().join(','));
  compare(out, 'grid farm', prev.gridFarmId, next.gridFarmId);
  compare(out, 'grid node', prev.gridNodeId, next.gridNodeId);
  compare(out, 'public ip', prev.publicIp, next.publicIp);
  compare(out, 'hostname', prev.hostname, next.hostname);
  return out;
}
