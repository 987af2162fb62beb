import { describe, expect, it } from 'vitest';
import { emptyReport, type CapabilityReport } from '@k3sgrid/proto';
import { diffReports } from '../src/planner/drift.js';

function base(): CapabilityReport {
  return {
    ...emptyReport(),
    kernelRelease: '5.10.55-Zero-OS',
    kernelConfigSource: 'boot/config-5.10.55-Zero-OS',
    modules: [
      { name: 'rbd', configSymbol: 'BLK_DEV_RBD', state: 'config-module', sourceFile: 'boot/config-5.10.55-Zero-OS' },
      { name: 'vxlan', configSymbol: 'VXLAN', state: 'loaded', sourceFile: 'proc/modules' },
    ],
    tools: [
      { name: 'iscsiadm', present: true, path: '/usr/sbin/iscsiadm' },
      { name: 'mount.nfs', present: false, path: '' },
    ],
    initSystem: 'zinit',
    cgroupVersion: 2,
    cpuCount: 4,
    memoryBytes: 8 * 2 ** 30,
    disks: [{ name: 'sdb', sizeBytes: 1e11, unused: true, type: 'disk' }],
    addresses: ['10.1.0.2', 'fd00::2'],
    hostname: 'n1',
  };
}

describe('diffReports', () => {
  it('finds nothing between identical reports', () => {
    expect(diffReports(base(), base())).toEqual([]);
  });

  it('a removed package is exactly one drift event', () => {
    const next = base();
    next.tools = next.tools.map((t) => (t.name === 'iscsiadm' ? { ...t, present: false, path: '' } : t));
    expect(diffReports(base(), next)).toEqual([{ what: 'tool iscsiadm', from: 'present', to: 'missing' }]);
  });

  it('a kernel upgrade that keeps capabilities is exactly one drift event', () => {
    const next = base();
    next.kernelRelease = '6.1.21-Zero-OS';
    next.kernelConfigSource = 'boot/config-6.1.21-Zero-OS';
    next.modules = next.modules.map((m) =>
      m.state === 'config-module' ? { ...m, sourceFile: 'boot/config-6.1.21-Zero-OS' } : m,
    );
    expect(diffReports(base(), next)).toEqual([{ what: 'kernel', from: '5.10.55-Zero-OS', to: '6.1.21-Zero-OS' }]);
  });

  it('a module state change is one event', () => {
    const next = base();
    next.modules = next.modules.map((m) => (m.name === 'rbd' ? { ...m, state: 'absent' } : m));
    expect(diffReports(base(), next)).toEqual([{ what: 'module rbd', from: 'config-module', to: 'absent' }]);
  });

  it('ignores memory jitter and address order', () => {
    const next = base();
    next.memoryBytes = base().memoryBytes - 64 * 2 ** 20;
    next.addresses = ['fd00::2', '10.1.0.2'];
    expect(diffReports(base(), next)).toEqual([]);
  });

  it('reports a disk taken into use', () => {
    const next = base();
    next.disks = [{ name: 'sdb', sizeBytes: 1e11, unused: false, type: 'disk' }];
    expect(diffReports(base(), next)).toEqual([{ what: 'disk sdb', from: 'unused', to: 'in use' }]);
  });
});
