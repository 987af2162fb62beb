/**
 * The reservation as input for the grid's TypeScript client
 * (threefoldtech/tfgrid-sdk-ts, `@threefold/grid_client`): a `MachinesModel`
 * for `gridClient.machines.deploy(...)`, plus per machine the
 * `FilterOptions` for `gridClient.capacity.filterNodes(...)` that picks its
 * `node_id` (left null here: the grid decides at reservation time).
 * Field names follow grid_client `src/modules/models.ts`.
 */
import { GridPlanError, type GridModel } from './model.js';

/** One machine of a `MachinesModel` (node_id still to be chosen). */
export interface TsClientMachine {
  name: string;
  node_id: number | null;
  disks: Array<{ name: string; size: number; mountpoint: string }>;
  public_ip: boolean;
  public_ip6: boolean;
  planetary: boolean;
  mycelium: boolean;
  cpu: number;
  /** MB */
  memory: number;
  /** GB (the TypeScript client counts the root filesystem in GB, Terraform in MB). */
  rootfs_size: number;
  flist: string;
  entrypoint: string;
  env: Record<string, string>;
}

/** `FilterOptions` to choose a machine's node (mru/sru in GB). */
export interface TsClientNodeFilter {
  machine: string;
  farmId?: number;
  cru: number;
  mru: number;
  sru: number;
  publicIPs: boolean;
}

/** What `k3sgrid grid plan -o json` prints. */
export interface TsClientPlan {
  kind: 'k3sgrid.grid-plan/v1';
  cluster: string;
  /** `MachinesModel` for gridClient.machines.deploy (fill every node_id first). */
  machines: {
    name: string;
    network: { name: string; ip_range: string; addAccess: boolean };
    machines: TsClientMachine[];
    description: string;
  };
  nodeFilters: TsClientNodeFilter[];
  warnings: string[];
}

/**
 * The JSON model for the grid's TypeScript client. The client picks each
 * machine's private address itself, so K3SGRID_NODE_IP is not set here.
 * @throws GridPlanError (grid-plan-unsupported) for gateway access, which only the Terraform output generates.
 */
export function renderTsClientModel(m: GridModel): TsClientPlan {
  if (m.access === 'gateway')
    throw new GridPlanError(
      'grid-plan-unsupported',
      'gateway access is generated only as Terraform (-o terraform or terraform-json)',
    );
  return {
    kind: 'k3sgrid.grid-plan/v1',
    cluster: m.cluster,
    machines: {
      name: m.networkName,
      network: { name: m.networkName, ip_range: m.ipRange, addAccess: true },
      machines: m.vms.map((vm) => ({
        name: vm.name,
        node_id: vm.gridNodeId,
        disks: vm.diskGb > 0 ? [{ name: 'data', size: vm.diskGb, mountpoint: m.dataMountPoint }] : [],
        public_ip: vm.publicIp,
        public_ip6: false,
        planetary: false,
        mycelium: vm.myceliumIpSeed !== null,
        cpu: vm.cpu,
        memory: vm.memoryMb,
        rootfs_size: Math.ceil(vm.rootfsMb / 1024),
        flist: vm.flist,
        entrypoint: vm.entrypoint,
        env: { ...vm.env },
      })),
      description: `k3sgrid cluster ${m.cluster}`,
    },
    nodeFilters: m.vms.map((vm) => ({
      machine: vm.name,
      ...(vm.farmId !== null ? { farmId: vm.farmId } : {}),
      cru: vm.cpu,
      mru: Math.ceil(vm.memoryMb / 1024),
      sru: Math.ceil(vm.rootfsMb / 1024) + vm.diskGb,
      publicIPs: vm.publicIp,
    })),
    warnings: [
      ...m.warnings,
      'the TypeScript client assigns private addresses itself: K3SGRID_NODE_IP is not set (the agent chooses)',
    ],
  };
}
