/**
 * Capability reports for tests. {@link nodeReport} is a node the planner and
 * the election accept for any role with the default CNI (flannel-vxlan):
 * 4 CPUs, 8 GiB and the vxlan module loaded.
 */
import { emptyReport, type CapabilityReport, type ModuleFact } from '@k3sgrid/proto';

/** vxlan, loaded (flannel-vxlan, the auto CNI, needs it on every node). */
export const VXLAN_LOADED: Readonly<ModuleFact> = {
  name: 'vxlan',
  configSymbol: 'VXLAN',
  state: 'loaded',
  sourceFile: 'proc/modules',
};

/** An x64 node with 4 CPUs, 8 GiB and vxlan loaded; `over` replaces whole fields. */
export function nodeReport(over: Partial<CapabilityReport> = {}): CapabilityReport {
  return {
    ...emptyReport(),
    arch: 'x64',
    cpuCount: 4,
    memoryBytes: 8 * 2 ** 30,
    modules: [{ ...VXLAN_LOADED }],
    ...over,
  };
}
