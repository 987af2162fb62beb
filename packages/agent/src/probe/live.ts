/**
 * Hardware facts from the running machine (systeminformation for memory and
 * disks, os.networkInterfaces and /proc/net/route for addresses). Only used
 * when the probe reads the live `/`; a fixture root has no hardware.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import si from 'systeminformation';
import type { DiskFact } from '@k3sgrid/proto';
import { addressesFromInterfaces, defaultRouteInterfaces, flattenInterfaces } from './addresses.js';

/** Hardware facts read from the live machine. */
export interface LiveFacts {
  cpuCount: number;
  memoryBytes: number;
  disks: DiskFact[];
  addresses: string[];
  hostname: string;
  arch: string;
}

/** Minimal block device shape (systeminformation's BlockDevicesData). */
export interface BlockDeviceLike {
  name: string;
  type: string;
  fsType: string;
  mount: string;
  size: number;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whole disks with whether each is unused: no partitions, no filesystem
 * signature, not mounted. Ceph OSDs need such raw disks. Pure, for tests.
 */
export function disksFromBlockDevices(devs: readonly BlockDeviceLike[]): DiskFact[] {
  const parts = devs.filter((d) => d.type === 'part');
  return (
    devs
      // zram, ramdisks and loop devices are not raw disks an OSD could take.
      .filter((d) => d.type === 'disk' && !/^(zram|ram|loop)\d/.test(d.name))
      .map((d) => {
        // Partition names extend the disk name: sda → sda1, nvme0n1 → nvme0n1p1.
        const hasParts = parts.some((p) => p.name !== d.name && new RegExp(`^${escapeRe(d.name)}p?\\d+$`).test(p.name));
        const unused = d.size > 0 && !hasParts && d.fsType === '' && d.mount === '';
        return { name: d.name, sizeBytes: d.size, unused, type: d.type };
      })
      .sort((a, b) => a.name.localeCompare(b.name))
  );
}

/** Reads CPU, memory, disks and addresses of this machine. */
export async function readLiveFacts(): Promise<LiveFacts> {
  const [mem, devs] = await Promise.all([si.mem(), si.blockDevices().catch(() => [])]);
  let routes = '';
  try {
    routes = readFileSync('/proc/net/route', 'utf8');
  } catch {
    // no IPv4 routing table: no interface is preferred
  }
  return {
    cpuCount: os.cpus().length,
    memoryBytes: mem.total,
    disks: disksFromBlockDevices(devs),
    addresses: addressesFromInterfaces(flattenInterfaces(os.networkInterfaces()), defaultRouteInterfaces(routes)),
    hostname: os.hostname(),
    arch: os.machine(),
  };
}
