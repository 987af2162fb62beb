/**
 * The reservation model for the ThreeFold Grid: which VMs to reserve for a
 * cluster, on which farms, with which join token. Pure: no I/O; the tokens
 * come in already created (the CLI creates them through the REST API).
 */

/** Error of the grid planning and rendering, with a stable code. */
export class GridPlanError extends Error {
  override readonly name = 'GridPlanError';
  constructor(
    /** Stable machine-readable code. */
    readonly code: 'GRID_PLAN_INVALID',
    message: string,
  ) {
    super(message);
  }
}

/** Role a reserved machine enrolls for (the join token's role). */
export type GridRole = 'server' | 'agent' | 'lb';

/** Which machines get a public IPv4: the registration node (`lb`), every server, all, or none. */
export type PublicIpMode = 'lb' | 'servers' | 'all' | 'none';

/** Default node image: the flist built from packaging/ (see packaging/README.md). */
export const DEFAULT_FLIST = 'https://hub.grid.tf/k3sgrid/k3sgrid-node-latest.flist';
/** The image's first-boot script: reads the env vars below and starts the agent. */
export const DEFAULT_ENTRYPOINT = '/usr/local/lib/k3sgrid/first-boot.sh';
/** Default private network of the deployment (the grid wants a /16). */
export const DEFAULT_IP_RANGE = '10.20.0.0/16';
/** Where the data disk is mounted: k3s keeps etcd, images and local-path volumes below it. */
export const DATA_MOUNT_POINT = '/var/lib/rancher';

/** Input of {@link buildGridModel}. */
export interface GridPlanInput {
  /** Cluster name as the coordinator knows it. */
  cluster: string;
  /** Total machines to reserve (servers + registration lb + workers). */
  nodes: number;
  /** Server count: 1, 3 or 5. */
  servers: number;
  /** Reserve a dedicated registration load balancer (cluster registration mode `lb`). */
  lb: boolean;
  /** Farms to spread over, round-robin; servers first, on distinct farms while farms last. Empty: any farm. */
  farms: readonly number[];
  /** Grid node ids to place on, round-robin (instead of the scheduler). Empty: let the grid scheduler pick. */
  gridNodes?: readonly number[];
  publicIp: PublicIpMode;
  cpu: number;
  memoryMb: number;
  /** Root filesystem in MB. */
  rootfsMb: number;
  /** Data disk in GB mounted at {@link DATA_MOUNT_POINT}; 0 for none. */
  diskGb: number;
  flist: string;
  entrypoint?: string;
  ipRange?: string;
  /** wss:// URL of the coordinator's agent endpoint. */
  coordinatorUrl: string;
  /** One join token per role; `lb` is required when `lb` is true, `agent` when there are workers. */
  tokens: Partial<Record<GridRole, string>>;
  /** Extra env vars for every machine (e.g. K3SGRID_LOG_LEVEL). */
  extraEnv?: Readonly<Record<string, string>>;
}

/** One VM to reserve. */
export interface GridVm {
  /** Alphanumeric name, unique in the plan (`server1`, `lb1`, `agent3`); grid names allow no dashes. */
  name: string;
  role: GridRole;
  /** Farm to place it on, or null for any. */
  farmId: number | null;
  /** Grid node to place it on, or null for the scheduler to choose. */
  gridNodeId: number | null;
  cpu: number;
  memoryMb: number;
  rootfsMb: number;
  diskGb: number;
  publicIp: boolean;
  /** Servers must land on distinct grid nodes. */
  distinct: boolean;
  /** Literal env vars (K3SGRID_COORDINATOR, K3SGRID_TOKEN, K3SGRID_FARM_ID, ...). */
  env: Record<string, string>;
}

/** The whole reservation. */
export interface GridModel {
  cluster: string;
  /** Alphanumeric network name (the grid's TypeScript client allows no underscores). */
  networkName: string;
  ipRange: string;
  flist: string;
  entrypoint: string;
  dataMountPoint: string;
  vms: GridVm[];
  /** Things the operator should know (servers sharing a farm, ...). */
  warnings: string[];
}

const alnum = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '');

/** Validates the input and lays out the VMs: servers, then the lb, then workers, farms round-robin. */
export function buildGridModel(input: GridPlanInput): GridModel {
  const bad = (m: string): never => {
    throw new GridPlanError('GRID_PLAN_INVALID', m);
  };
  if (![1, 3, 5].includes(input.servers))
    bad(
      `--servers must be 1, 3 or 5 (got ${input.servers}); an even etcd member count loses quorum as easily as one less`,
    );
  const lbCount = input.lb ? 1 : 0;
  if (!Number.isInteger(input.nodes) || input.nodes < input.servers + lbCount)
    bad(
      `--nodes ${input.nodes} is too few: ${input.servers} server(s)${input.lb ? ' + 1 registration load balancer' : ''} need at least ${input.servers + lbCount}`,
    );
  const workers = input.nodes - input.servers - lbCount;
  if (!input.tokens.server) bad('no server join token');
  if (input.lb && !input.tokens.lb) bad('no lb join token');
  if (workers > 0 && !input.tokens.agent) bad('no agent join token');
  if (!/^wss:\/\/[^\s/]+/.test(input.coordinatorUrl))
    bad(`coordinator URL ${JSON.stringify(input.coordinatorUrl)} is not wss://HOST:PORT`);
  if (input.cpu < 1 || input.cpu > 32) bad('--cpu must be between 1 and 32 (grid limit)');
  if (input.memoryMb < 1024) bad('--memory must be at least 1024 MB (k3s needs it)');
  if (input.rootfsMb < 1024) bad('root filesystem must be at least 1024 MB');
  if (input.diskGb < 0 || input.diskGb > 10240) bad('--disk must be between 0 and 10240 GB');
  for (const f of input.farms) if (!Number.isInteger(f) || f < 1) bad(`farm id ${f} is not a positive integer`);
  const gridNodes = input.gridNodes ?? [];
  for (const n of gridNodes) if (!Number.isInteger(n) || n < 1) bad(`grid node id ${n} is not a positive integer`);
  const clusterAlnum = alnum(input.cluster).toLowerCase();
  if (!clusterAlnum) bad(`cluster name ${JSON.stringify(input.cluster)} has no letters or digits`);

  const warnings: string[] = [];
  const layout: Array<{ role: GridRole; name: string }> = [];
  for (let i = 1; i <= input.servers; i++) layout.push({ role: 'server', name: `server${i}` });
  if (input.lb) layout.push({ role: 'lb', name: 'lb1' });
  for (let i = 1; i <= workers; i++) layout.push({ role: 'agent', name: `agent${i}` });

  // The registration node gets the public IP in `lb` mode: the lb VM, or the first server without one.
  const registrationName = input.lb ? 'lb1' : 'server1';
  const wantsPublic = (role: GridRole, name: string): boolean =>
    input.publicIp === 'all' ||
    (input.publicIp === 'servers' && role === 'server') ||
    (input.publicIp === 'lb' && name === registrationName);

  const vms = layout.map(({ role, name }, i): GridVm => {
    const farmId = input.farms.length > 0 ? (input.farms[i % input.farms.length] ?? null) : null;
    const gridNodeId = gridNodes.length > 0 ? (gridNodes[i % gridNodes.length] ?? null) : null;
    const token = input.tokens[role] ?? '';
    const env: Record<string, string> = {
      ...(input.extraEnv ?? {}),
      K3SGRID_COORDINATOR: input.coordinatorUrl,
      K3SGRID_TOKEN: token,
      K3SGRID_HOSTNAME: `${clusterAlnum}-${name}`,
      ...(farmId !== null ? { K3SGRID_FARM_ID: String(farmId) } : {}),
      ...(gridNodeId !== null ? { K3SGRID_GRID_NODE_ID: String(gridNodeId) } : {}),
    };
    return {
      name,
      role,
      farmId,
      gridNodeId,
      cpu: input.cpu,
      memoryMb: input.memoryMb,
      rootfsMb: input.rootfsMb,
      diskGb: input.diskGb,
      publicIp: input.publicIp !== 'none' && wantsPublic(role, name),
      distinct: role === 'server',
      env,
    };
  });

  const serverFarms = new Set(vms.filter((v) => v.role === 'server' && v.farmId !== null).map((v) => v.farmId));
  if (input.farms.length > 0 && serverFarms.size < input.servers)
    warnings.push(
      `${input.servers} servers over ${serverFarms.size} farm(s): losing one farm can lose etcd quorum; pass --farm at least ${input.servers} times`,
    );
  if (input.farms.length === 0 && gridNodes.length === 0 && input.servers > 1)
    warnings.push(
      'no --farm given: the grid scheduler picks distinct nodes for the servers, but they may share a farm',
    );
  const serverNodes = vms.filter((v) => v.role === 'server' && v.gridNodeId !== null).map((v) => v.gridNodeId);
  if (new Set(serverNodes).size < serverNodes.length)
    warnings.push('two servers share a grid node: pass more --grid-node ids');

  return {
    cluster: input.cluster,
    networkName: `k3sgrid${clusterAlnum}`,
    ipRange: input.ipRange ?? DEFAULT_IP_RANGE,
    flist: input.flist,
    entrypoint: input.entrypoint ?? DEFAULT_ENTRYPOINT,
    dataMountPoint: DATA_MOUNT_POINT,
    vms,
    warnings,
  };
}
