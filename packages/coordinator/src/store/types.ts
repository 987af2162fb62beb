/**
 * Store rows and the store interface. The coordinator's logic talks only to
 * {@link Store}; one SQL implementation (sql-store.ts) runs on SQLite, the
 * embedded default, and on PostgreSQL for replicas. What a backend can do
 * beyond the interface is in {@link Store.capabilities}.
 */
import type { CapabilityReport, K3sPhase, Role } from '@k3sgrid/proto';

/**
 * Desired state of a cluster, as the operator asked for it (validated by the
 * API schema). A type literal, not an interface: it is also the API view's
 * free-form `spec` object (an interface has no index signature).
 */
export type ClusterSpec = {
  name: string;
  servers: ServerCount;
  k3sVersion: string;
  registration: { mode: 'lb' | 'vip' | 'dns' | 'server'; address?: string | undefined };
  cni: string;
  storage: string;
  encryption: boolean;
  secretsEncryption: boolean;
  datastore: { kind: 'embedded-etcd' } | { kind: 'external'; endpoint: string };
  formation: {
    minNodes: number;
    timeoutSeconds: number;
    /** A first server that never becomes ready and is unreachable this long is fenced out (new epoch). Default 300. */
    bootstrapGraceSeconds?: number | undefined;
    /** A server disconnected and not Ready this long after formation is replaced by a spare, if any. Default 300. */
    serverLossGraceSeconds?: number | undefined;
  };
  failureDomainKey: string;
  /** NFS export for `storage: nfs` (the provisioner's server and path). */
  nfs?: { server: string; path: string } | undefined;
  /**
   * Give k3s the node's public address as `node-external-ip` (default
   * false: only the private address is used; servers advertise it).
   */
  publicExternalIp?: boolean | undefined;
  /**
   * Labels and taints per node pool (servers: server-init and server roles;
   * agents: workers), kept on existing nodes through the cluster's API.
   */
  pools?: { servers?: NodePoolSpec | undefined; agents?: NodePoolSpec | undefined } | undefined;
};

/** Embedded etcd wants an odd member count (quorum): 2 servers tolerate no more failures than 1. */
export type ServerCount = 1 | 3 | 5 | 7;

/** The node pools a cluster's spec can label and taint. */
export type PoolName = 'servers' | 'agents';

/** Labels and taints of one node pool; a taint is `key[=value]:Effect` as k3s's `node-taint` takes it. */
export type NodePoolSpec = { labels: Record<string, string>; taints: string[] };

/** `running` until the cluster matches the target; `superseded` when a newer change replaced it before then. */
export type OperationState = 'running' | 'succeeded' | 'superseded';

/**
 * A change of a cluster (PATCH /v1/clusters/{id}), persisted with the
 * cluster so it resumes after a coordinator restart: the target, how far it
 * got and the server being demoted now (one at a time).
 */
export interface ClusterOperation {
  id: string;
  kind: 'change';
  state: OperationState;
  requestedBy: string;
  requestedAt: number;
  finishedAt: number | null;
  from: { servers: number };
  target: { servers: number };
  /** What the operation waits for now (one line), '' once it succeeded. */
  progress: string;
  /**
   * The server being demoted: its etcd member goes (pending removal) and it
   * is sent role none (k3s stopped, server data moved aside); done once the
   * member is gone and the node acknowledged an assignment newer than
   * `generation`, or is unreachable.
   */
  demoting: { nodeId: string; name: string; generation: number } | null;
  /** Names of the servers demoted so far. */
  demoted: string[];
}
/** `halted`: formation stopped for good (see {@link ClusterFormation.haltReason}) until an operator resumes it. */
export type ClusterPhase = 'pending' | 'bootstrapping' | 'forming' | 'ready' | 'degraded' | 'halted';

export interface ClusterRow {
  id: string;
  name: string;
  spec: ClusterSpec;
  phase: ClusterPhase;
  /** Fencing epoch: every assignment carries it; a new first server means a new epoch. */
  epoch: number;
  createdAt: number;
  updatedAt: number;
  /** Formation state (null/empty until elected or reported). */
  formation: ClusterFormation;
}

/** What formation has decided and learned so far. Secrets are sealed. */
export interface ClusterFormation {
  serverTokenSealed: Buffer | null;
  agentTokenSealed: Buffer | null;
  /** CA hash reported by the first server, as k3s computes it for K10 tokens. */
  caHash: string;
  kubeconfigSealed: Buffer | null;
  initNodeId: string | null;
  lbNodeId: string | null;
  registrationAddress: string;
  statusMessage: string;
  readyAt: number | null;
  /** When the current epoch's first server was elected (for the bootstrap grace). */
  initAssignedAt: number | null;
  /**
   * Why formation is stopped for good until an operator resumes it ('' when
   * it is not): e.g. a server reported a CA other than the cluster's.
   */
  haltReason: string;
  /** The latest change operation (running or finished), or null if the cluster was never changed. */
  operation: ClusterOperation | null;
}

export function emptyFormation(): ClusterFormation {
  return {
    serverTokenSealed: null,
    agentTokenSealed: null,
    caHash: '',
    kubeconfigSealed: null,
    initNodeId: null,
    lbNodeId: null,
    registrationAddress: '',
    statusMessage: '',
    readyAt: null,
    initAssignedAt: null,
    haltReason: '',
    operation: null,
  };
}

export type NodeRole = Role;

export interface JoinTokenRow {
  id: string;
  clusterId: string;
  /** The token's MAC key, sealed under the at-rest key (never the raw secret). */
  macKeySealed: Buffer;
  roles: string[];
  maxUses: number;
  uses: number;
  expiresAt: number;
  revokedAt: number | null;
  createdAt: number;
  failedAttempts: number;
  description: string;
  /** When set, enrolling with this token replaces that node (same name and node password). */
  replaceNodeId: string | null;
}

/** A coordinator replica as it last reported itself. */
export interface ReplicaRow {
  id: string;
  url: string;
  startedAt: number;
  seenAt: number;
}

/** A message queued for an agent connected to another replica. */
export interface OutboxRow {
  id: number;
  replicaId: string;
  nodeId: string;
  body: Buffer;
  createdAt: number;
}

/** Public view of a token: what list responses show. */
export type JoinTokenView = Omit<JoinTokenRow, 'macKeySealed'>;

/** A k3s release the coordinator holds for one architecture (the bytes live in the blob store). */
export interface ReleaseRow {
  version: string;
  arch: string;
  /** Lowercase hex sha256 of the k3s binary. */
  sha256: string;
  size: number;
  /** Air-gap image archive, '' when none. */
  imagesName: string;
  imagesSha256: string;
  imagesSize: number;
  /** How it came: `import` or `fetch <mirror>`. */
  source: string;
  createdAt: number;
}

export interface NodeRow {
  id: string;
  clusterId: string;
  name: string;
  hostname: string;
  signPub: Buffer;
  boxPub: Buffer;
  tokenId: string;
  allowedRoles: string[];
  role: NodeRole;
  phase: K3sPhase;
  lastError: string;
  connected: boolean;
  revokedAt: number | null;
  enrolledAt: number;
  lastSeenAt: number;
  agentVersion: string;
  address: string;
  /** Replica holding the node's session ('' when none); see replication/. */
  replicaId: string;
  /** When the current (or last) session became ready: a new value means a new session. */
  connectedAt: number;
  /**
   * Set on a node that took over a server (operator replace): the node name
   * whose old etcd member must be removed through a live server before this
   * node may join (k3s refuses a duplicate name); '' when none.
   */
  pendingRemoval: string;
  report: CapabilityReport | null;
  prevReport: CapabilityReport | null;
  assignment: NodeAssignmentState;
}

/** The node's committed assignment: stored before the first send, re-sent byte for byte. */
export interface NodeAssignmentState {
  epoch: number;
  generation: number;
  /** Hash of the assignment's content (spec and secrets), to detect changes. */
  hash: string;
  body: Buffer | null;
  signature: Buffer | null;
  ackedEpoch: number;
  ackedGeneration: number;
  nodePasswordSealed: Buffer | null;
  readyAt: number | null;
}

export function emptyAssignmentState(): NodeAssignmentState {
  return {
    epoch: 0,
    generation: 0,
    hash: '',
    body: null,
    signature: null,
    ackedEpoch: 0,
    ackedGeneration: 0,
    nodePasswordSealed: null,
    readyAt: null,
  };
}

/** A user or a service account (`sa`); what API tokens belong to and grants are given to. */
export interface PrincipalRow {
  id: string;
  kind: 'user' | 'sa';
  name: string;
  description: string;
  createdAt: number;
  /** The actor that created it. */
  createdBy: string;
}

/** A role for all clusters (`clusterId` null) or for one cluster. */
export interface GrantRow {
  principalId: string;
  clusterId: string | null;
  role: 'viewer' | 'operator' | 'admin';
  createdAt: number;
}

/** An API token of a user or service account; only a keyed hash of its secret is stored. */
export interface ApiTokenRow {
  id: string;
  principalId: string;
  name: string;
  /** HMAC of the secret (access/api-tokens.ts); never the secret. */
  secretHash: Buffer;
  expiresAt: number;
  revokedAt: number | null;
  createdAt: number;
  createdBy: string;
}

export interface EventRow {
  id: number;
  ts: number;
  /** e.g. `enroll.ok`, `enroll.refused`, `token.created`, `node.revoked`, `capability.drift`. */
  type: string;
  clusterId: string | null;
  nodeId: string | null;
  actor: string;
  message: string;
  data: Record<string, unknown>;
}

export type NewEvent = Omit<EventRow, 'id' | 'ts'> & { ts?: number };

/** Why a token could not be consumed (audit only; the agent sees one uniform error). */
export type TokenRefusal = 'unknown' | 'expired' | 'used-up' | 'revoked' | 'role-not-allowed';

/** Replica-to-replica signals (PostgreSQL LISTEN/NOTIFY); `null` to a listener means "missed some: resync". */
export interface StoreSignals {
  listen(channel: string, cb: (payload: string | null) => void): Promise<() => Promise<void>>;
  /** Delivered at commit when sent inside a transaction. */
  notify(channel: string, payload: string): Promise<void>;
}

/** SQL in the backend's own dialect with transactions, for backend-specific parts (the PostgreSQL leader lease). */
export interface SqlAccess {
  sql(text: string, values?: unknown[]): Promise<Array<Record<string, unknown>>>;
  /** Runs `fn` in one transaction; `tx` is the store bound to it. */
  transaction<T>(fn: (tx: SqlAccess & Store) => Promise<T>): Promise<T>;
}

/** What a backend can do beyond {@link Store}: callers ask this, never the class. */
export interface StoreCapabilities {
  /** Several coordinator processes (replicas) may share this database. */
  readonly shared: boolean;
  readonly signals?: StoreSignals;
  /** Runs `fn` holding a database-wide lock on `key` (one replica at a time). */
  readonly advisoryLock?: <T>(key: number, fn: () => Promise<T>) => Promise<T>;
  /** Present where the leader lease runs in the database (PostgreSQL). */
  readonly sql?: SqlAccess;
}

/** Key of the {@link StoreCapabilities.advisoryLock} held while a replica initialises shared keys (state-dir.ts). */
export const INIT_LOCK_KEY = 0x6b33_7369;

/**
 * The coordinator's persistence. All methods are atomic and asynchronous
 * (failures reject, never throw); driver errors reject as CoordinatorErrors
 * (`conflict` for a duplicate key, `not-found` for a missing referenced row,
 * `store-failed` otherwise).
 */
export interface Store {
  readonly capabilities: StoreCapabilities;
  close(): Promise<void>;
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;

  createCluster(row: ClusterRow): Promise<void>;
  listClusters(): Promise<ClusterRow[]>;
  /** By id or by name. */
  getCluster(idOrName: string): Promise<ClusterRow | null>;
  deleteCluster(id: string): Promise<boolean>;

  createToken(row: JoinTokenRow): Promise<void>;
  getToken(id: string): Promise<JoinTokenRow | null>;
  listTokens(clusterId?: string): Promise<JoinTokenRow[]>;
  revokeToken(id: string, now: number): Promise<boolean>;
  recordTokenFailure(id: string): Promise<number>;

  /**
   * Consumes one use of a token and creates the node record (with its
   * presence: `connected`, `replicaId`, `connectedAt`) in the same
   * transaction, and with it the event `event` builds from the row as stored
   * (an operator-initiated replace changes its name). Returns the refusal
   * reason instead when the token is not usable at `now`; then nothing is
   * written. One commit per enrollment instead of three.
   */
  enrollNode(
    tokenId: string,
    now: number,
    node: NodeRow,
    event?: (stored: NodeRow) => NewEvent,
  ): Promise<{ ok: true; event?: EventRow } | { ok: false; reason: TokenRefusal }>;

  getNode(idOrName: string): Promise<NodeRow | null>;
  getNodeBySignPub(pub: Uint8Array): Promise<NodeRow | null>;
  listNodes(filter?: { clusterId?: string }): Promise<NodeRow[]>;
  /** Live (not revoked) nodes per phase, for metrics; one aggregate query. */
  countNodesByPhase(): Promise<Map<string, number>>;
  /** Aggregates a cluster waiting for its first election needs, without loading node rows. */
  clusterWaitStats(clusterId: string): Promise<{ total: number; reporting: number; firstEnrolledAt: number }>;
  nodeNameTaken(clusterId: string, name: string): Promise<boolean>;
  /** Replaces the latest report, keeping the previous one. */
  saveReport(nodeId: string, report: CapabilityReport): Promise<void>;
  updateNodeStatus(
    nodeId: string,
    patch: Partial<
      Pick<
        NodeRow,
        | 'phase'
        | 'lastError'
        | 'connected'
        | 'lastSeenAt'
        | 'agentVersion'
        | 'address'
        | 'hostname'
        | 'replicaId'
        | 'connectedAt'
        | 'pendingRemoval'
      >
    >,
  ): Promise<void>;
  /** Batched liveness write, one transaction for many nodes. */
  touchNodes(seen: ReadonlyArray<{ id: string; at: number }>): Promise<void>;
  /** Marks nodes disconnected: all of them, or only those whose session `replicaId` held. */
  markAllDisconnected(replicaId?: string): Promise<void>;
  /**
   * Ends a node's presence if `replicaId` still holds it; false when the node
   * has meanwhile connected elsewhere (a late close must not undo that).
   */
  disconnectNode(nodeId: string, replicaId: string, at: number): Promise<boolean>;

  /** Records that replica `r.id` is alive (insert or refresh). */
  heartbeatReplica(r: { id: string; url: string; at: number }): Promise<void>;
  listReplicas(): Promise<ReplicaRow[]>;
  removeReplica(id: string): Promise<void>;
  /** Queues a message for the agent session `replicaId` holds. */
  enqueueMessage(m: { replicaId: string; nodeId: string; body: Buffer; at: number }): Promise<void>;
  /** Removes and returns up to `limit` queued messages for `replicaId`, oldest first. */
  takeMessages(replicaId: string, limit: number): Promise<OutboxRow[]>;
  /** Drops messages queued before `before` (their replica is gone); returns how many. */
  pruneMessages(before: number): Promise<number>;
  revokeNode(id: string, now: number): Promise<boolean>;

  /** Writes formation fields of a cluster (phase, epoch and any formation field given); an unknown key is an `internal` error. */
  updateCluster(
    id: string,
    patch: Partial<Pick<ClusterRow, 'phase' | 'epoch' | 'spec'>> & { formation?: Partial<ClusterFormation> },
  ): Promise<void>;
  /** Sets roles of many nodes in one transaction. */
  setRoles(roles: ReadonlyArray<{ nodeId: string; role: NodeRole }>): Promise<void>;
  /** Commits a node's new assignment (decide, commit, then send). */
  saveAssignment(
    nodeId: string,
    a: Pick<NodeAssignmentState, 'epoch' | 'generation' | 'hash' | 'body' | 'signature'>,
  ): Promise<void>;
  setNodePassword(nodeId: string, sealed: Buffer): Promise<void>;
  recordAck(nodeId: string, epoch: number, generation: number): Promise<void>;
  setNodeReady(nodeId: string, readyAt: number | null): Promise<void>;
  /** Removes a node record for good (after revocation and Kubernetes cleanup). */
  deleteNode(id: string): Promise<boolean>;

  /** Inserts or replaces the release of `version` for `arch`. */
  putRelease(r: ReleaseRow): Promise<void>;
  listReleases(): Promise<ReleaseRow[]>;
  getRelease(version: string, arch: string): Promise<ReleaseRow | null>;
  /** Releases whose binary or image archive has this sha256. */
  releasesWithBlob(sha256: string): Promise<ReleaseRow[]>;
  deleteRelease(version: string, arch: string): Promise<boolean>;
  /** Blob bytes in the database (replicas): chunk `idx` of the blob `sha256`. */
  putBlobChunk(sha256: string, idx: number, data: Buffer): Promise<void>;
  /** Chunks `from`..`from + count - 1`, in order (fewer at the end). */
  getBlobChunks(sha256: string, from: number, count: number): Promise<Buffer[]>;
  countBlobChunks(sha256: string): Promise<number>;
  deleteBlobChunks(sha256: string): Promise<void>;

  appendEvent(e: NewEvent): Promise<EventRow>;
  /** The id of the newest event (0 when there is none). */
  lastEventId(): Promise<number>;
  /** Replaces an event's data (folded counts); `not-found` when it was pruned. */
  updateEventData(id: number, data: Record<string, unknown>): Promise<void>;
  /**
   * Retention: deletes events older than `before` and all but the newest
   * `keep`, in batches; resolves the number deleted.
   */
  pruneEvents(q: { before: number; keep: number }): Promise<number>;
  listEvents(q: {
    after?: number;
    limit: number;
    clusterId?: string;
    nodeId?: string;
    type?: string;
    /** An actor exactly, or every actor of a kind when it ends in `:` (`user:`). */
    actor?: string;
    /** Only events of these clusters (none: no cluster-less events either). */
    clusterIds?: readonly string[];
  }): Promise<EventRow[]>;

  /** `conflict` when a principal of that kind and name exists. */
  createPrincipal(p: PrincipalRow): Promise<void>;
  getPrincipal(kind: PrincipalRow['kind'], name: string): Promise<PrincipalRow | null>;
  getPrincipalById(id: string): Promise<PrincipalRow | null>;
  listPrincipals(kind?: PrincipalRow['kind']): Promise<PrincipalRow[]>;
  /** Deletes it with its grants and API tokens. */
  deletePrincipal(id: string): Promise<boolean>;
  /** Sets the principal's role for a cluster (or all: null), replacing a previous one there. */
  putGrant(g: GrantRow): Promise<void>;
  deleteGrant(principalId: string, clusterId: string | null): Promise<boolean>;
  /** Grants of one principal, or of all. */
  listGrants(principalId?: string): Promise<GrantRow[]>;
  createApiToken(t: ApiTokenRow): Promise<void>;
  getApiToken(id: string): Promise<ApiTokenRow | null>;
  /** Tokens of one principal, or of all. */
  listApiTokens(principalId?: string): Promise<ApiTokenRow[]>;
  revokeApiToken(id: string, now: number): Promise<boolean>;
}
