/**
 * Plain-data capability report shared by the agent (which produces it) and the
 * coordinator (which stores it and plans from it). The wire form is the
 * protobuf `CapabilityReport`; {@link reportToWire} and {@link reportFromWire}
 * convert, validating the string unions on the way in.
 */
import { createHash } from 'node:crypto';
import { k3sgrid } from '@k3sgrid/proto/gen';

/** Where a kernel module answer came from, best evidence first. */
export const MODULE_STATES = [
  'loaded',
  'builtin',
  'loadable',
  'config-module',
  'config-builtin',
  'absent',
  'unknown',
] as const;
export type ModuleStateName = (typeof MODULE_STATES)[number];

export const INIT_SYSTEMS = ['systemd', 'zinit', 'none'] as const;
export type InitSystem = (typeof INIT_SYSTEMS)[number];

/** One kernel module of interest and the evidence for its state. */
export interface ModuleFact {
  name: string;
  /** Kernel config symbol without the CONFIG_ prefix, e.g. BLK_DEV_RBD. */
  configSymbol: string;
  state: ModuleStateName;
  /** Path relative to the probe root of the file that said so ('' when none did). */
  sourceFile: string;
}

/** A userland tool (iscsiadm, mount.nfs, ...) and where it was found. */
export interface ToolFact {
  name: string;
  present: boolean;
  path: string;
}

export interface DiskFact {
  name: string;
  sizeBytes: number;
  /** No partitions, no filesystem, not mounted: usable by Ceph. */
  unused: boolean;
  type: string;
}

/** Everything the agent knows about its node. */
export interface CapabilityReport {
  kernelRelease: string;
  modules: ModuleFact[];
  tools: ToolFact[];
  initSystem: InitSystem;
  /** 1 or 2; 0 when unknown. */
  cgroupVersion: number;
  cpuCount: number;
  memoryBytes: number;
  disks: DiskFact[];
  addresses: string[];
  gridFarmId: string;
  gridNodeId: string;
  publicIp: string;
  arch: string;
  hostname: string;
  /** Path (relative to the root) of the kernel config that was read, '' if none. */
  kernelConfigSource: string;
}

/** An empty report, for nodes that have not reported yet. */
export function emptyReport(): CapabilityReport {
  return {
    kernelRelease: '',
    modules: [],
    tools: [],
    initSystem: 'none',
    cgroupVersion: 0,
    cpuCount: 0,
    memoryBytes: 0,
    disks: [],
    addresses: [],
    gridFarmId: '',
    gridNodeId: '',
    publicIp: '',
    arch: '',
    hostname: '',
    kernelConfigSource: '',
  };
}

/** Converts a plain report to its protobuf properties. */
export function reportToWire(r: CapabilityReport): k3sgrid.v1.CapabilityReport.$Properties {
  return {
    ...r,
    modules: r.modules.map((m) => ({ ...m })),
    tools: r.tools.map((t) => ({ ...t })),
    disks: r.disks.map((d) => ({ ...d })),
  };
}

function oneOf<T extends string>(allowed: readonly T[], v: string | null | undefined, fallback: T): T {
  return (allowed as readonly string[]).includes(v ?? '') ? (v as T) : fallback;
}

/** Converts a decoded protobuf report to plain data; unknown enum strings become 'unknown' / 'none'. */
export function reportFromWire(w: k3sgrid.v1.CapabilityReport.$Properties | null | undefined): CapabilityReport {
  if (!w) return emptyReport();
  return {
    kernelRelease: w.kernelRelease ?? '',
    modules: (w.modules ?? []).map((m) => ({
      name: m.name ?? '',
      configSymbol: m.configSymbol ?? '',
      state: oneOf(MODULE_STATES, m.state, 'unknown'),
      sourceFile: m.sourceFile ?? '',
    })),
    tools: (w.tools ?? []).map((t) => ({ name: t.name ?? '', present: t.present ?? false, path: t.path ?? '' })),
    initSystem: oneOf(INIT_SYSTEMS, w.initSystem, 'none'),
    cgroupVersion: w.cgroupVersion ?? 0,
    cpuCount: w.cpuCount ?? 0,
    memoryBytes: w.memoryBytes ?? 0,
    disks: (w.disks ?? []).map((d) => ({
      name: d.name ?? '',
      sizeBytes: d.sizeBytes ?? 0,
      unused: d.unused ?? false,
      type: d.type ?? '',
    })),
    addresses: [...(w.addresses ?? [])],
    gridFarmId: w.gridFarmId ?? '',
    gridNodeId: w.gridNodeId ?? '',
    publicIp: w.publicIp ?? '',
    arch: w.arch ?? '',
    hostname: w.hostname ?? '',
    kernelConfigSource: w.kernelConfigSource ?? '',
  };
}

/**
 * Digest of a report for the handshake transcripts. The report is normalised
 * through one decode so that both ends hash the same bytes whatever optional
 * fields the sender set explicitly.
 */
export function reportDigest(r: k3sgrid.v1.CapabilityReport.$Properties | null | undefined): Buffer {
  const h = createHash('sha256');
  if (r) {
    const once = k3sgrid.v1.CapabilityReport.encode(k3sgrid.v1.CapabilityReport.create(r)).finish();
    h.update(k3sgrid.v1.CapabilityReport.encode(k3sgrid.v1.CapabilityReport.decode(once)).finish());
  }
  return h.digest();
}
