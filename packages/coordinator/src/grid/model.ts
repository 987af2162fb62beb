/**
 * The reservation model for the ThreeFold Grid: which VMs to reserve for a
 * cluster, on which farms, with which join token, how they reach the
 * coordinator. Pure: no I/O; the tokens and random bytes come in from the CLI.
 *
 * Planning is idempotent: given the record of an earlier plan
 * ({@link GridPlanRecord}), every VM in it is kept as it was, field for field
 * (ZOS cannot update a VM: zosbase pkg/provision/engine.go refuses an update
 * of a workload type whose manager has no Update, and pkg/primitives/vm has
 * none), and only new VMs are added, with new tokens.
 */
import { GRID_NAME_MAX, GRID_NAME_PATTERN, hostnameFor, networkNameFor } from './names.js';

/** Stable codes of {@link GridPlanError}. */
export type GridPlanErrorCode =
  | 'grid-plan-invalid'
  | 'grid-plan-unsupported'
  | 'grid-plan-record-conflict'
  | 'grid-plan-shrink'
  | 'grid-plan-provider-too-old';

/** Error of the grid planning and rendering, with a stable code. */
export class GridPlanError extends Error {
  override readonly name = 'GridPlanError';
  constructor(
    /** Stable machine-readable code. */
    readonly code: GridPlanErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Role a reserved machine enrolls for (the join token's role). */
export type GridRole = 'server' | 'agent' | 'lb';

/** Which machines get a public IPv4: the registration node (`lb`), every server, all, or none. */
export type PublicIpMode = 'lb' | 'servers' | 'all' | 'none';

/**
 * How the VMs reach the coordinator:
 * - `public`: a wss:// URL the grid can reach as is (public IP or DNS name);
 * - `gateway`: a grid gateway name (`grid_name_proxy`, `tls_passthrough = true`)
 *   in front of the coordinator, `wss://<name>.<gateway domain>:443`;
 * - `mycelium`: the VMs join mycelium and dial the coordinator's mycelium
 *   address (no public IP needed anywhere).
 */
export type CoordinatorAccess = 'public' | 'gateway' | 'mycelium';

/** ZOS node kind the scheduler asks for (see terraform.ts for why `full` is the default). */
export type NodeType = 'full' | 'light';

/** A grid gateway name in front of the coordinator. */
export interface GatewayInput {
  /** Grid node id of the gateway (a node with a public config and a domain). */
  nodeId: number;
  /** Name prefix: the FQDN is `<name>.<the gateway node's domain>`. */
  name: string;
  /** The coordinator's `ip:port` as the gateway node reaches it (TLS passes through). */
  backend: string;
  /** Grid network the backend address is in, when it is a private address. */
  network?: string;
}

/** Default private network of the deployment (the grid wants a /16). */
export const DEFAULT_IP_RANGE = '10.20.0.0/16';
/** The image's first-boot script: reads the env vars below and starts the agent. */
export const DEFAULT_ENTRYPOINT = '/usr/local/lib/k3sgrid/first-boot.sh';
/** Where the data disk is mounted: k3s keeps etcd, images and local-path volumes below it. */
export const DATA_MOUNT_POINT = '/var/lib/rancher';
/** Grid networks the provider accepts (terraform-provider-grid internal/provider/provider.go). */
export const GRID_NETWORKS = ['main', 'test', 'qa', 'dev'] as const;
/** Most VMs one plan can hold: node subnets are <a>.<b>.<2+slot>.0/24, slot 1..253. */
export const MAX_VMS = 253;
/**
 * First provider release after the stored snapshot's newest tag (v1.11.2-dev,
 * f22439b, 2024-09-04). The `wireguard`/`yggdrasil` scheduler fields and
 * ZOS-light support came later (commits 5812981 and 75078bc, 2024-10-16), so
 * every release up to and including v1.11.2-dev rejects the plan.
 */
export const PROVIDER_VERSION_FLOOR = '1.11.2';

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
  /** The private network's /16; defaults to the record's, else {@link DEFAULT_IP_RANGE}. */
  ipRange?: string;
  /** wss:// URL of the coordinator's agent endpoint (`public` and `mycelium` access). */
  coordinatorUrl: string;
  /** Defaults to the record's, else `public`. */
  access?: CoordinatorAccess;
  /** Required for `gateway` access. */
  gateway?: GatewayInput;
  /** Defaults to the record's, else `full`. */
  nodeType?: NodeType;
  /** The cluster's storage option (the plan refuses what a grid VM cannot give it). */
  storage?: string;
  /** Exact `threefoldtech/grid` provider version to pin (at least {@link PROVIDER_VERSION_FLOOR}). */
  providerVersion: string;
  /** Join tokens for the roles of the VMs this plan adds (none needed for kept VMs). */
  tokens: Partial<Record<GridRole, string>>;
  /** Extra env vars for every new machine (e.g. K3SGRID_LOG_LEVEL). */
  extraEnv?: Readonly<Record<string, string>>;
  /** The record of an earlier plan of this cluster: its VMs are kept exactly. */
  existing?: GridPlanRecord;
  /** `bytes` random bytes as lowercase hex (mycelium seeds and keys); required for `mycelium` access. */
  randomHex?: (bytes: number) => string;
}

/** One VM to reserve. Everything a VM's Terraform blocks are made of is here, so a kept VM renders byte-identical. */
export interface GridVm {
  /** Alphanumeric name, unique in the plan (`server1`, `lb1`, `agent3`); grid names allow no dashes. */
  name: string;
  role: GridRole;
  /** Position in the plan, 1-based, never reused: picks the node subnet and host address. */
  slot: number;
  /** The plan run that added it (1 for the first); VMs of run g share scheduler `k3sgrid_g<g>`. */
  generation: number;
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
  /** Scheduler `wireguard` flag: true asks for full ZOS nodes. */
  fullNode: boolean;
  flist: string;
  entrypoint: string;
  /** Subnet its grid node gets in the network when it is the first VM of the plan on that node. */
  subnet: string;
  /** Host part of its private address in its node's subnet (slot + 1: .1 is the node's gateway). */
  hostId: number;
  /** Mycelium IP seed, 6 bytes hex (mycelium access), else null. */
  myceliumIpSeed: string | null;
  /** Mycelium key for its node's network resource, 32 bytes hex (mycelium access), else null. */
  myceliumKey: string | null;
  /** K3SGRID_COORDINATOR is the gateway's FQDN (known to Terraform only). */
  coordinatorViaGateway: boolean;
  /** Literal env vars (K3SGRID_COORDINATOR unless via the gateway, K3SGRID_TOKEN, K3SGRID_FARM_ID, ...). */
  env: Record<string, string>;
}

/** The whole reservation. */
export interface GridModel {
  cluster: string;
  /** Alphanumeric network name, at most 36 characters (the grid's TypeScript client allows no underscores). */
  networkName: string;
  ipRange: string;
  dataMountPoint: string;
  access: CoordinatorAccess;
  gateway: GatewayInput | null;
  nodeType: NodeType;
  providerVersion: string;
  vms: GridVm[];
  /** How many VMs this run added (the rest are kept from the record). */
  added: number;
  /** Uses each role's new join token needs (only roles with new VMs). */
  tokenUses: Partial<Record<GridRole, number>>;
  /** Things the operator should know (servers sharing a farm, open ports, ...). */
  warnings: string[];
}

/** The plan record kept next to the generated files (see plan-record.ts). */
export interface GridPlanRecord {
  kind: 'k3sgrid.grid-plan-record/v1';
  cluster: string;
  networkName: string;
  ipRange: string;
  access: CoordinatorAccess;
  gateway: GatewayInput | null;
  nodeType: NodeType;
  vms: GridVm[];
}

const bad = (m: string, code: GridPlanErrorCode = 'grid-plan-invalid'): never => {
  throw new GridPlanError(code, m);
};

/** Compares dotted versions numerically; a pre-release sorts before its release. */
function versionAtLeast(v: string, floor: string): boolean {
  const parse = (s: string): { nums: number[]; pre: boolean } => {
    const [core = '', pre] = s.split('-', 2);
    return { nums: core.split('.').map(Number), pre: pre !== undefined };
  };
  const a = parse(v);
  const b = parse(floor);
  for (let i = 0; i < 3; i++) {
    const x = a.nums[i] ?? 0;
    const y = b.nums[i] ?? 0;
    if (x !== y) return x > y;
  }
  return !a.pre || b.pre;
}

/**
 * The smallest root filesystem ZOS accepts for a VM: 2 GB once cpu × memory
 * reaches 8 GB, else 500 MB (zosbase pkg/gridtypes/zos/zmachine.go
 * MinRootSize: cu = cpu × memory / 8 GB), and never below the provider's 1024 MB
 * (terraform-provider-grid docs/resources/deployment.md rootfs_size).
 */
export function minRootfsMb(cpu: number, memoryMb: number): number {
  return cpu * memoryMb >= 8 * 1024 ? 2048 : 1024;
}

function checkGateway(g: GatewayInput): void {
  if (!Number.isInteger(g.nodeId) || g.nodeId < 1) bad(`--gateway-node ${g.nodeId} is not a grid node id`);
  // The provider allows [a-zA-Z0-9_]; the name is also the first DNS label of the FQDN the agents dial.
  if (!/^[a-z0-9]+$/.test(g.name) || g.name.length > GRID_NAME_MAX)
    bad(`--gateway-name ${JSON.stringify(g.name)} must be 1-${GRID_NAME_MAX} lowercase letters or digits`);
  const m = /^(\[[0-9a-fA-F:]+\]|\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(g.backend);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535)
    bad(`--gateway-backend ${JSON.stringify(g.backend)} must be IP:PORT (TLS passthrough backends are ip:port)`);
  if (g.network !== undefined && !GRID_NAME_PATTERN.test(g.network))
    bad(`--gateway-network ${JSON.stringify(g.network)} is not a grid network name`);
}

const sameGateway = (a: GatewayInput | null, b: GatewayInput | null): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/** Mycelium addresses are in 400::/7 (the route zosbase pkg/primitives/vm/utils.go gives a VM's mycelium NIC). */
function isMyceliumUrl(url: string): boolean {
  const host = /^wss:\/\/\[([0-9a-fA-F:]+)\](?::\d+)?(?:\/|$)/.exec(url)?.[1];
  if (!host) return false;
  const first = parseInt(host.split(':')[0] || '0', 16);
  return first >= 0x400 && first <= 0x5ff;
}

/** Validates the input and lays out the VMs: kept ones first, then new servers, the lb, workers; farms round-robin. */
export function buildGridModel(input: GridPlanInput): GridModel {
  const old = input.existing;
  if (old && old.cluster !== input.cluster)
    bad(
      `the plan record is for cluster ${old.cluster}, not ${input.cluster}; use another --dir`,
      'grid-plan-record-conflict',
    );
  const access = input.access ?? old?.access ?? 'public';
  const nodeType = input.nodeType ?? old?.nodeType ?? 'full';
  const ipRange = input.ipRange ?? old?.ipRange ?? DEFAULT_IP_RANGE;
  const gateway = access === 'gateway' ? (input.gateway ?? old?.gateway ?? null) : null;
  if (old) {
    const conflict = (what: string, was: string, now: string): never =>
      bad(
        `${what} was ${was} when this cluster was planned and its VMs exist; it cannot become ${now} (ZOS cannot update a VM)`,
        'grid-plan-record-conflict',
      );
    if (access !== old.access) conflict('coordinator access', old.access, access);
    if (nodeType !== old.nodeType) conflict('node type', old.nodeType, nodeType);
    if (ipRange !== old.ipRange) conflict('--ip-range', old.ipRange, ipRange);
    if (!sameGateway(gateway, old.gateway))
      conflict('the gateway', JSON.stringify(old.gateway), JSON.stringify(gateway));
  }

  // ---- inputs
  if (![1, 3, 5].includes(input.servers))
    bad(
      `--servers must be 1, 3 or 5 (got ${input.servers}); an even etcd member count loses quorum as easily as one less`,
    );
  const lbCount = input.lb ? 1 : 0;
  if (!Number.isInteger(input.nodes) || input.nodes < input.servers + lbCount)
    bad(
      `--nodes ${input.nodes} is too few: ${input.servers} server(s)${input.lb ? ' + 1 registration load balancer' : ''} need at least ${input.servers + lbCount}`,
    );
  if (input.nodes > MAX_VMS) bad(`--nodes ${input.nodes} is more than one plan can hold (${MAX_VMS})`);
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(input.providerVersion))
    bad(`--provider-version ${JSON.stringify(input.providerVersion)} is not an exact version such as 1.11.3`);
  if (!versionAtLeast(input.providerVersion, PROVIDER_VERSION_FLOOR) || input.providerVersion === '1.11.2-dev')
    bad(
      `provider ${input.providerVersion} predates the scheduler's wireguard/yggdrasil flags and ZOS-light support ` +
        '(terraform-provider-grid commit 5812981, after tag v1.11.2-dev); pin a later release',
      'grid-plan-provider-too-old',
    );
  if (input.storage === 'rook-ceph')
    bad(
      'rook-ceph needs a raw, unmounted disk, which a grid VM in container mode cannot have: ZOS attaches a disk only ' +
        'through a mount, formats it with btrfs and mounts it (zosbase pkg/primitives/vm/utils.go prepContainer → ' +
        'vmMounts(format=true), pkg/storage/disk.go ensureFS); use local-path on the grid',
      'grid-plan-unsupported',
    );
  if (access === 'gateway') {
    if (!gateway) bad('gateway access needs --gateway-node, --gateway-name and --gateway-backend');
    else checkGateway(gateway);
  } else if (!/^wss:\/\/[^\s/]+/.test(input.coordinatorUrl))
    bad(`coordinator URL ${JSON.stringify(input.coordinatorUrl)} is not wss://HOST:PORT`);
  if (access === 'mycelium' && !isMyceliumUrl(input.coordinatorUrl))
    bad(
      `mycelium access needs the coordinator's mycelium address, wss://[4xx:…]:PORT or wss://[5xx:…]:PORT (400::/7); got ${input.coordinatorUrl}`,
    );
  if (access === 'mycelium' && !input.randomHex) bad('mycelium access needs a random source');
  if (!/^\d{1,3}\.\d{1,3}\.0\.0\/16$/.test(ipRange))
    bad(`--ip-range ${ipRange} must be a /16 of the form A.B.0.0/16 (the provider requires a /16)`);
  if (input.cpu < 1 || input.cpu > 32) bad('--cpu must be between 1 and 32 (grid limit)');
  if (input.memoryMb < 1024) bad('--memory must be at least 1024 MB (k3s needs it)');
  const minRoot = minRootfsMb(input.cpu, input.memoryMb);
  if (input.rootfsMb < minRoot)
    bad(
      `--rootfs ${input.rootfsMb} MB is too small for ${input.cpu} vCPU × ${input.memoryMb} MB: ZOS wants at least ${minRoot} MB ` +
        '(2 GB once cpu × memory reaches 8 GB: zosbase pkg/gridtypes/zos/zmachine.go MinRootSize)',
    );
  if (input.diskGb < 0 || input.diskGb > 10240) bad('--disk must be between 0 and 10240 GB');
  if (!/^https?:\/\/\S+\.(flist|fl)$/.test(input.flist))
    bad(`--flist ${JSON.stringify(input.flist)} is not an http(s) URL of a .flist or .fl file`);
  if (input.entrypoint !== undefined && !/^\/\S+$/.test(input.entrypoint))
    bad(`--entrypoint ${JSON.stringify(input.entrypoint)} is not an absolute path`);
  for (const f of input.farms) if (!Number.isInteger(f) || f < 1) bad(`farm id ${f} is not a positive integer`);
  const gridNodes = input.gridNodes ?? [];
  for (const n of gridNodes) if (!Number.isInteger(n) || n < 1) bad(`grid node id ${n} is not a positive integer`);
  if (!/[A-Za-z0-9]/.test(input.cluster)) bad(`cluster name ${JSON.stringify(input.cluster)} has no letters or digits`);

  // ---- what is kept, what is added
  const kept = old?.vms ?? [];
  const count = (role: GridRole): number => kept.filter((v) => v.role === role).length;
  const workers = input.nodes - input.servers - lbCount;
  const shrink = (what: string): never =>
    bad(
      `${what}; grid plan only adds machines (remove one with k3sgrid node delete, then terraform destroy -target its grid_deployment)`,
      'grid-plan-shrink',
    );
  if (input.servers < count('server'))
    shrink(`the plan record has ${count('server')} server(s), --servers ${input.servers} would remove some`);
  if (lbCount < count('lb')) shrink('the plan record has a registration load balancer and this plan has none');
  if (workers < count('agent'))
    shrink(`the plan record has ${count('agent')} worker(s), this plan would keep only ${workers}`);

  const layout: Array<{ role: GridRole; name: string }> = [];
  for (let i = count('server') + 1; i <= input.servers; i++) layout.push({ role: 'server', name: `server${i}` });
  if (lbCount > count('lb')) layout.push({ role: 'lb', name: 'lb1' });
  for (let i = count('agent') + 1; i <= workers; i++) layout.push({ role: 'agent', name: `agent${i}` });

  const tokenUses: Partial<Record<GridRole, number>> = {};
  for (const { role } of layout) tokenUses[role] = (tokenUses[role] ?? 0) + 1;
  for (const role of Object.keys(tokenUses) as GridRole[])
    if (!input.tokens[role]) bad(`no ${role} join token for the new ${role} machine(s)`);

  const registrationName = input.lb ? 'lb1' : 'server1';
  const wantsPublic = (role: GridRole, name: string): boolean =>
    input.publicIp === 'all' ||
    (input.publicIp === 'servers' && role === 'server') ||
    (input.publicIp === 'lb' && name === registrationName);

  const [octA, octB] = ipRange.split('.');
  const firstSlot = kept.reduce((m, v) => Math.max(m, v.slot), 0) + 1;
  const generation = kept.reduce((m, v) => Math.max(m, v.generation), 0) + 1;
  const entrypoint = input.entrypoint ?? DEFAULT_ENTRYPOINT;

  const added = layout.map(({ role, name }, i): GridVm => {
    const slot = firstSlot + i;
    const farmId = input.farms.length > 0 ? (input.farms[(slot - 1) % input.farms.length] ?? null) : null;
    const gridNodeId = gridNodes.length > 0 ? (gridNodes[(slot - 1) % gridNodes.length] ?? null) : null;
    const env: Record<string, string> = {
      ...(input.extraEnv ?? {}),
      ...(access !== 'gateway' ? { K3SGRID_COORDINATOR: input.coordinatorUrl } : {}),
      K3SGRID_TOKEN: input.tokens[role] ?? '',
      K3SGRID_HOSTNAME: hostnameFor(input.cluster, name),
      ...(farmId !== null ? { K3SGRID_FARM_ID: String(farmId) } : {}),
      ...(gridNodeId !== null ? { K3SGRID_GRID_NODE_ID: String(gridNodeId) } : {}),
    };
    const mycelium = access === 'mycelium' && input.randomHex;
    return {
      name,
      role,
      slot,
      generation,
      farmId,
      gridNodeId,
      cpu: input.cpu,
      memoryMb: input.memoryMb,
      rootfsMb: input.rootfsMb,
      diskGb: input.diskGb,
      publicIp: input.publicIp !== 'none' && wantsPublic(role, name),
      distinct: role === 'server',
      fullNode: nodeType === 'full',
      flist: input.flist,
      entrypoint,
      subnet: `${octA}.${octB}.${2 + slot}.0/24`,
      hostId: slot + 1,
      myceliumIpSeed: mycelium ? mycelium(6) : null,
      myceliumKey: mycelium ? mycelium(32) : null,
      coordinatorViaGateway: access === 'gateway',
      env,
    };
  });
  const vms = [...kept, ...added];

  // ---- warnings
  const warnings: string[] = [];
  const servers = vms.filter((v) => v.role === 'server');
  const serverFarms = new Set(servers.filter((v) => v.farmId !== null).map((v) => v.farmId));
  if (input.farms.length > 0 && serverFarms.size < servers.length)
    warnings.push(
      `${servers.length} servers over ${serverFarms.size} farm(s): losing one farm can lose etcd quorum; pass --farm at least ${servers.length} times`,
    );
  if (input.farms.length === 0 && gridNodes.length === 0 && servers.length > 1 && !old)
    warnings.push(
      'no --farm given: the grid scheduler picks distinct nodes for the servers, but they may share a farm',
    );
  const serverNodes = servers.filter((v) => v.gridNodeId !== null).map((v) => v.gridNodeId);
  if (new Set(serverNodes).size < serverNodes.length)
    warnings.push('two servers share a grid node: pass more --grid-node ids');
  if (nodeType === 'light')
    warnings.push(
      'light nodes: a ZOS-light network has no WireGuard peering (tfgrid-sdk-go grid-client/workloads/network_light.go), ' +
        'so private addresses do not route between nodes; k3s needs node addresses that do',
    );
  const publicVms = vms.filter((v) => v.publicIp);
  const publicK3s = publicVms.filter((v) => v.role !== 'lb').map((v) => v.name);
  if (publicVms.length > 0)
    warnings.push(
      `no firewall in front of public IPs: ZOS only filters spoofed source addresses on a VM's public IPv4 ` +
        `(zosbase pkg/network/networker.go), so every port ${publicVms.map((v) => v.name).join(', ')} listen(s) on is public` +
        (publicK3s.length > 0
          ? `; on the k3s nodes among them (${publicK3s.join(', ')}) that includes the kubelet 10250/tcp, flannel VXLAN 8472/udp, ` +
            'ServiceLB 80/443 and NodePorts, and on servers the Kubernetes API 6443/tcp'
          : ' (the lb runs only HAProxy on 6443)'),
    );

  return {
    cluster: input.cluster,
    networkName: old?.networkName ?? networkNameFor(input.cluster),
    ipRange,
    dataMountPoint: DATA_MOUNT_POINT,
    access,
    gateway,
    nodeType,
    providerVersion: input.providerVersion,
    vms,
    added: added.length,
    tokenUses,
    warnings,
  };
}
