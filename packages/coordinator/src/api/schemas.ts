/**
 * Request and response schemas of the REST API (zod). They validate input,
 * drive the OpenAPI document, and are exported for tests. Objects are strict:
 * an unknown field is an error, not silently ignored.
 */
import { z } from 'zod';
import { poolError } from '../formation/node-metadata.js';
import type { ClusterSpec, ServerCount } from '../store/types.js';

export const CLUSTER_NAME = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'must be a DNS label: lowercase letters, digits and "-"');

export const STORAGE_CHOICES = ['auto', 'local-path', 'longhorn', 'rook-ceph', 'nfs'] as const;
export const CNI_CHOICES = ['auto', 'flannel-vxlan', 'flannel-wireguard', 'calico'] as const;
export const DEFAULT_K3S_VERSION = 'v1.33.4+k3s1';

export const ServersSchema = z
  .number()
  .int()
  .refine((n) => n === 1 || n === 3 || n === 5 || n === 7, {
    error:
      'servers must be 1, 3, 5 or 7: embedded etcd needs an odd member count for quorum (2 servers tolerate no more failures than 1, 4 no more than 3)',
  })
  .transform((n): ServerCount => (n === 1 ? 1 : n === 3 ? 3 : n === 5 ? 5 : 7));

/** Labels and taints of one node pool, checked as the Kubernetes API checks them. */
export const NodePoolSchema = z
  .strictObject({
    labels: z
      .record(z.string().max(317), z.string().max(63))
      .refine((l) => Object.keys(l).length <= 64, { error: 'at most 64 labels per pool' })
      .default({})
      .describe('Labels every node of the pool carries (key → value)'),
    taints: z
      .array(z.string().max(400))
      .max(32)
      .default([])
      .describe(
        'Taints every node of the pool carries, as key[=value]:Effect (NoSchedule, PreferNoSchedule, NoExecute)',
      ),
  })
  .superRefine((p, ctx) => {
    const e = poolError(p);
    if (e) ctx.addIssue({ code: 'custom', message: e });
  });

export const NodePoolsSchema = z.strictObject({
  servers: NodePoolSchema.optional().describe('Nodes with the server-init and server roles'),
  agents: NodePoolSchema.optional().describe('Workers (agent role)'),
});

/**
 * `PATCH /v1/clusters/{id}`: the fields a running cluster may change. A pool
 * given replaces that pool's labels and taints; one left out stays as it is.
 */
export const UpdateClusterBody = z
  .strictObject({
    servers: ServersSchema.optional().describe('Server count: grow (1 → 3 → 5 → 7) or shrink, one member at a time'),
    pools: NodePoolsSchema.optional(),
  })
  .refine((b) => b.servers !== undefined || b.pools !== undefined, {
    error: 'nothing to change: give servers and/or pools',
  });
export type UpdateClusterBody = z.infer<typeof UpdateClusterBody>;

export const OperationView = z
  .object({
    id: z.string(),
    kind: z.literal('change'),
    state: z.enum(['running', 'succeeded', 'superseded']),
    requestedBy: z.string(),
    requestedAt: z.string(),
    finishedAt: z.string().nullable(),
    from: z.object({ servers: z.number() }),
    target: z.object({ servers: z.number() }),
    progress: z.string(),
    demoting: z.string().nullable().describe('The server being demoted now, if any'),
    demoted: z.array(z.string()),
  })
  .describe("The cluster's latest change: its target and how far it got (persisted; resumes after a restart)");

export const RegistrationSchema = z
  .strictObject({
    mode: z.enum(['lb', 'vip', 'dns', 'server']).default('server'),
    address: z.string().min(1).max(253).optional(),
  })
  .refine((r) => !(r.mode === 'vip' || r.mode === 'dns') || r.address !== undefined, {
    error:
      "registration.address is required for mode vip (a free IP on the nodes' layer-2 network) and dns (a name that resolves to the servers)",
    path: ['address'],
  });

export const DatastoreSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('embedded-etcd') }),
  z.strictObject({ kind: z.literal('external'), endpoint: z.string().min(1).max(2048) }),
]);

export const CreateClusterBody = z
  .strictObject({
    name: CLUSTER_NAME,
    servers: ServersSchema.default(1),
    k3sVersion: z
      .string()
      .regex(/^v\d+\.\d+\.\d+\+k3s\d+$/, 'must look like v1.33.4+k3s1')
      .default(DEFAULT_K3S_VERSION),
    registration: RegistrationSchema.default({ mode: 'server' }),
    cni: z.enum(CNI_CHOICES).default('auto'),
    storage: z.enum(STORAGE_CHOICES).default('auto'),
    encryption: z.boolean().default(false),
    secretsEncryption: z.boolean().default(true),
    datastore: DatastoreSchema.default({ kind: 'embedded-etcd' }),
    formation: z
      .strictObject({
        minNodes: z.number().int().min(1).max(10_000).default(1),
        timeoutSeconds: z.number().int().min(0).max(86_400).default(300),
        bootstrapGraceSeconds: z.number().int().min(5).max(86_400).default(300),
        serverLossGraceSeconds: z.number().int().min(5).max(86_400).default(300),
      })
      .default({ minNodes: 1, timeoutSeconds: 300, bootstrapGraceSeconds: 300, serverLossGraceSeconds: 300 }),
    failureDomainKey: z.enum(['farm', 'none']).default('farm'),
    nfs: z
      .strictObject({
        server: z.string().min(1).max(253).describe('NFS server address'),
        path: z
          .string()
          .regex(/^\/[^\0\n]*$/, 'must be an absolute export path')
          .max(1024),
      })
      .optional()
      .describe('The NFS export for storage nfs (required with it)'),
    pools: NodePoolsSchema.optional().describe('Labels and taints per node pool (servers, agents)'),
    publicExternalIp: z
      .boolean()
      .default(false)
      .describe(
        "Pass a node's public address to k3s as node-external-ip (servers still advertise their private address)",
      ),
  })
  .refine((b) => b.storage !== 'nfs' || b.nfs !== undefined, {
    error: 'storage nfs needs nfs.server and nfs.path (the export the provisioner uses)',
    path: ['nfs'],
  });
export type CreateClusterBody = z.infer<typeof CreateClusterBody>;

/**
 * A full cluster spec from a name and any fields to override, with the same
 * defaults (and the same validation) as `POST /v1/clusters`: for callers in
 * process (the lab, the benchmark, tests).
 */
export function clusterSpec(input: { name: string } & Partial<ClusterSpec>): ClusterSpec {
  return CreateClusterBody.parse(input);
}

export const TOKEN_ROLES = ['server', 'agent', 'lb'] as const;

export const CreateTokenBody = z.strictObject({
  ttlSeconds: z.number().int().min(60).max(86_400).default(3600),
  maxUses: z.number().int().min(1).max(10_000).default(1),
  roles: z.array(z.enum(TOKEN_ROLES)).min(1).max(3).default(['server', 'agent', 'lb']),
  description: z.string().max(200).default(''),
});
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;

export const IdParams = z.strictObject({ id: z.string().min(1).max(128) });
export const TokenIdParams = z.strictObject({ tokenId: z.string().min(1).max(128) });

export const NodesQuery = z.strictObject({ cluster: z.string().min(1).max(128).optional() });
const ACTOR_FILTER =
  'who acted: `user:<name>`, `sa:<name>`, `break-glass`, `agent:<node>` or `system`; a kind alone (`user:`, `agent:`) matches all of that kind';
export const StreamQuery = z.strictObject({
  after: z.coerce.number().int().min(0).optional().describe('replay stored events after this id first'),
  cluster: z.string().min(1).max(128).optional(),
  node: z.string().min(1).max(128).optional(),
  type: z.string().min(1).max(64).optional().describe('an event type or a dotted prefix of one'),
  actor: z.string().min(1).max(160).optional().describe(ACTOR_FILTER),
});
export const EventsQuery = z.strictObject({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cluster: z.string().min(1).max(128).optional(),
  node: z.string().min(1).max(128).optional(),
  type: z.string().min(1).max(64).optional(),
  actor: z.string().min(1).max(160).optional().describe(ACTOR_FILTER),
});

export const ErrorBody = z.object({
  statusCode: z.number(),
  code: z.string(),
  error: z.string(),
  message: z.string(),
});

export const ClusterNodeStatus = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  phase: z.string(),
  connected: z.boolean(),
  lastError: z.string(),
  lastSeenAt: z.string(),
});

export const ClusterView = z.object({
  id: z.string(),
  name: z.string(),
  phase: z.enum(['pending', 'bootstrapping', 'forming', 'ready', 'degraded', 'halted']),
  epoch: z.number(),
  registrationAddress: z.string(),
  statusMessage: z.string(),
  kubeconfigAvailable: z.boolean(),
  spec: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  nodes: z.object({ total: z.number(), connected: z.number() }),
  ready: z
    .object({
      servers: z.object({ ready: z.number(), desired: z.number() }),
      workers: z.object({ ready: z.number(), desired: z.number() }),
    })
    .optional()
    .describe(
      'servers (server-init and server roles) and workers (agent role) in phase ready, out of desired: servers from the spec, workers from the enrolled worker nodes',
    ),
  storage: z.string().nullable(),
  cni: z.string().nullable(),
  members: z.array(ClusterNodeStatus).optional(),
  operation: OperationView.nullable().optional(),
  plan: z.unknown().optional(),
  warnings: z
    .array(z.string())
    .optional()
    .describe('On creation: what formation will wait for (e.g. a k3s release the coordinator does not hold yet)'),
});

export const ReplaceNodeBody = z.strictObject({ ttlSeconds: z.number().int().min(60).max(86_400).default(3600) });

export const TokenView = z.object({
  id: z.string(),
  clusterId: z.string(),
  roles: z.array(z.string()),
  maxUses: z.number(),
  uses: z.number(),
  expiresAt: z.string(),
  createdAt: z.string(),
  revoked: z.boolean(),
  state: z.enum(['active', 'expired', 'used-up', 'revoked']),
  failedAttempts: z
    .number()
    .describe('Enrollment attempts with a wrong secret so far (they never lock the token; see the README)'),
  description: z.string(),
});

export const TokenCreated = TokenView.extend({
  token: z.string().describe('The join token. Shown once; store it securely.'),
  agentCommand: z.string(),
});

export const NodeView = z.object({
  id: z.string(),
  name: z.string(),
  clusterId: z.string(),
  hostname: z.string(),
  role: z.string(),
  phase: z.string(),
  connected: z.boolean(),
  revoked: z.boolean(),
  address: z.string(),
  lastError: z.string(),
  agentVersion: z.string(),
  enrolledAt: z.string(),
  lastSeenAt: z.string(),
  report: z.unknown().optional(),
});

export const ReplicaView = z.object({
  id: z.string().describe('Replica id: host/pid/random, one per process incarnation'),
  url: z.string().describe('Agent URL of the replica'),
  startedAt: z.string(),
  seenAt: z.string(),
  leader: z.boolean().describe('Holds the formation lease'),
  self: z.boolean().describe('The replica answering this request'),
});

export const ReplicasView = z.object({
  items: z.array(ReplicaView),
  lease: z
    .object({ holder: z.string(), epoch: z.number(), live: z.boolean(), expiresAt: z.string() })
    .nullable()
    .describe('The formation lease as stored (epoch is the fencing epoch)'),
});

export const EventView = z.object({
  id: z.number(),
  ts: z.string(),
  type: z.string(),
  clusterId: z.string().nullable(),
  nodeId: z.string().nullable(),
  actor: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()),
});

// ---- OpenAPI examples (one per request and response shape) ----

const T0 = '2026-01-01T12:00:00.000Z';
export const EXAMPLES = {
  error: { statusCode: 404, code: 'not-found', error: 'Not Found', message: 'cluster prod not found' },
  createCluster: {
    name: 'prod',
    servers: 3,
    registration: { mode: 'lb' },
    cni: 'auto',
    storage: 'auto',
    formation: { minNodes: 6, timeoutSeconds: 300 },
  },
  cluster: {
    id: 'c_7f3a9b2c',
    name: 'prod',
    phase: 'ready',
    epoch: 1,
    registrationAddress: '10.20.0.4',
    statusMessage: '3/3 servers and 2/2 workers ready',
    kubeconfigAvailable: true,
    spec: { name: 'prod', servers: 3, registration: { mode: 'lb' }, cni: 'auto', storage: 'auto' },
    createdAt: T0,
    nodes: { total: 6, connected: 6 },
    ready: { servers: { ready: 3, desired: 3 }, workers: { ready: 2, desired: 2 } },
    storage: 'local-path',
    cni: 'flannel-vxlan',
  },
  member: {
    id: 'n_41c2',
    name: 'node-a1',
    role: 'server-init',
    phase: 'ready',
    connected: true,
    lastError: '',
    lastSeenAt: T0,
  },
  plan: {
    catalogVersion: '1',
    storage: {
      requested: 'auto',
      choice: 'local-path',
      warnings: [],
      options: {
        longhorn: {
          usable: false,
          reasons: ['longhorn needs iscsiadm (open-iscsi) on node node-a3; missing'],
          warnings: [],
          perNode: {
            'node-a3': { usable: false, reasons: ['longhorn needs iscsiadm (open-iscsi) on node node-a3; missing'] },
          },
        },
      },
    },
    cni: { requested: 'auto', choice: 'flannel-vxlan', warnings: [], options: {} },
    labels: { 'node-a1': ['k3sgrid.io/storage-longhorn=true'] },
  },
  kubeconfig:
    'apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://10.20.0.4:6443\n    certificate-authority-data: LS0t...\n',
  createToken: { ttlSeconds: 3600, maxUses: 3, roles: ['server', 'agent'], description: 'rack 4' },
  token: {
    id: 'jt_9d1e',
    clusterId: 'c_7f3a9b2c',
    roles: ['server', 'agent'],
    maxUses: 3,
    uses: 0,
    expiresAt: '2026-01-01T13:00:00.000Z',
    createdAt: T0,
    revoked: false,
    state: 'active',
    failedAttempts: 0,
    description: 'rack 4',
  },
  tokenSecret: 'K3G1sha256:2b7c...::jt_9d1e.s3cr3t',
  agentCommand: 'k3sgrid-agent run --coordinator wss://coord.example:8443 --token K3G1sha256:2b7c...::jt_9d1e.s3cr3t',
  node: {
    id: 'n_41c2',
    name: 'node-a1',
    clusterId: 'c_7f3a9b2c',
    hostname: 'node-a1',
    role: 'server-init',
    phase: 'ready',
    connected: true,
    revoked: false,
    address: '10.20.0.4',
    lastError: '',
    agentVersion: '0.1.0',
    enrolledAt: T0,
    lastSeenAt: T0,
  },
  report: {
    kernelRelease: '6.1.0-18-amd64',
    modules: [
      {
        name: 'iscsi_tcp',
        configSymbol: 'ISCSI_TCP',
        state: 'loadable',
        sourceFile: 'lib/modules/6.1.0-18-amd64/modules.dep',
      },
    ],
    tools: [{ name: 'iscsiadm', present: false, path: '' }],
    initSystem: 'systemd',
    cgroupVersion: 2,
    cpuCount: 4,
    memoryBytes: 8589934592,
    disks: [],
    addresses: ['10.20.0.4'],
    gridFarmId: '1',
    gridNodeId: '11',
    publicIp: '',
    arch: 'x64',
    hostname: 'node-a1',
    kernelConfigSource: 'boot/config-6.1.0-18-amd64',
  },
  event: {
    id: 42,
    ts: T0,
    type: 'node.phase.ready',
    clusterId: 'c_7f3a9b2c',
    nodeId: 'n_41c2',
    actor: 'agent:lab-node1',
    message: 'node node-a1: ready',
    data: { phase: 'ready' },
  },
  replaceNode: { ttlSeconds: 3600 },
} as const;
