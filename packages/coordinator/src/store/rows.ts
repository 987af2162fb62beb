/**
 * Row mappers shared by the SQLite and PostgreSQL stores: database rows
 * (snake_case, driver-specific scalar types) to the store's domain rows.
 * SQLite gives integers and bigints, PostgreSQL BIGINT as strings and
 * booleans; both give Buffers for blobs and JSON as text.
 */
import type { CapabilityReport } from '@k3sgrid/proto';
import type {
  ApiTokenRow,
  ClusterOperation,
  ClusterRow,
  EventRow,
  GrantRow,
  JoinTokenRow,
  NodeRow,
  OutboxRow,
  PrincipalRow,
  ReleaseRow,
  ReplicaRow,
} from './types.js';

/** A database row as the driver returns it. */
export type Row = Record<string, unknown>;

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const num = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : 0;
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : str(v));
export const buf = (v: unknown): Buffer => (Buffer.isBuffer(v) ? v : Buffer.alloc(0));
export const bufOrNull = (v: unknown): Buffer | null => (Buffer.isBuffer(v) ? v : null);
export const json = <T>(v: unknown, fallback: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : fallback);

export function toCluster(r: Row): ClusterRow {
  return {
    id: str(r.id),
    name: str(r.name),
    spec: json(r.spec, {} as ClusterRow['spec']),
    phase: str(r.phase) as ClusterRow['phase'],
    epoch: num(r.epoch),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
    formation: {
      serverTokenSealed: bufOrNull(r.server_token_sealed),
      agentTokenSealed: bufOrNull(r.agent_token_sealed),
      caHash: str(r.ca_hash),
      kubeconfigSealed: bufOrNull(r.kubeconfig_sealed),
      initNodeId: strOrNull(r.init_node_id),
      lbNodeId: strOrNull(r.lb_node_id),
      registrationAddress: str(r.registration_address),
      statusMessage: str(r.status_message),
      readyAt: numOrNull(r.ready_at),
      haltReason: str(r.halt_reason),
      initAssignedAt: numOrNull(r.init_assigned_at),
      operation: r.operation ? json<ClusterOperation | null>(r.operation, null) : null,
    },
  };
}

export function toToken(r: Row): JoinTokenRow {
  return {
    id: str(r.id),
    clusterId: str(r.cluster_id),
    macKeySealed: buf(r.mac_key_sealed),
    roles: json<string[]>(r.roles, []),
    maxUses: num(r.max_uses),
    uses: num(r.uses),
    expiresAt: num(r.expires_at),
    revokedAt: numOrNull(r.revoked_at),
    createdAt: num(r.created_at),
    failedAttempts: num(r.failed_attempts),
    description: str(r.description),
    replaceNodeId: strOrNull(r.replace_node_id),
  };
}

export function toNode(r: Row): NodeRow {
  return {
    id: str(r.id),
    clusterId: str(r.cluster_id),
    name: str(r.name),
    hostname: str(r.hostname),
    signPub: buf(r.sign_pub),
    boxPub: buf(r.box_pub),
    tokenId: str(r.token_id),
    allowedRoles: json<string[]>(r.allowed_roles, []),
    role: str(r.role) as NodeRow['role'],
    phase: str(r.phase) as NodeRow['phase'],
    lastError: str(r.last_error),
    // PostgreSQL returns booleans, SQLite integers.
    connected: r.connected === true || r.connected === 1,
    revokedAt: numOrNull(r.revoked_at),
    enrolledAt: num(r.enrolled_at),
    lastSeenAt: num(r.last_seen_at),
    agentVersion: str(r.agent_version),
    address: str(r.address),
    replicaId: str(r.replica_id),
    connectedAt: num(r.connected_at),
    pendingRemoval: str(r.pending_removal),
    report: json<CapabilityReport | null>(r.report, null),
    prevReport: json<CapabilityReport | null>(r.prev_report, null),
    assignment: {
      epoch: num(r.epoch),
      generation: num(r.generation),
      hash: str(r.assignment_hash),
      body: bufOrNull(r.assignment_body),
      signature: bufOrNull(r.assignment_sig),
      ackedEpoch: num(r.acked_epoch),
      ackedGeneration: num(r.acked_generation),
      nodePasswordSealed: bufOrNull(r.node_password_sealed),
      readyAt: numOrNull(r.ready_at),
    },
  };
}

export function toEvent(r: Row): EventRow {
  return {
    id: num(r.id),
    ts: num(r.ts),
    type: str(r.type),
    clusterId: strOrNull(r.cluster_id),
    nodeId: strOrNull(r.node_id),
    actor: str(r.actor),
    message: str(r.message),
    data: json<Record<string, unknown>>(r.data, {}),
  };
}

export function toReplica(r: Row): ReplicaRow {
  return { id: str(r.id), url: str(r.url), startedAt: num(r.started_at), seenAt: num(r.seen_at) };
}

export function toOutbox(r: Row): OutboxRow {
  return {
    id: num(r.id),
    replicaId: str(r.replica_id),
    nodeId: str(r.node_id),
    body: bufOrNull(r.body) ?? Buffer.alloc(0),
    createdAt: num(r.created_at),
  };
}

export function toRelease(r: Row): ReleaseRow {
  return {
    version: str(r.version),
    arch: str(r.arch),
    sha256: str(r.sha256),
    size: num(r.size),
    imagesName: str(r.images_name),
    imagesSha256: str(r.images_sha256),
    imagesSize: num(r.images_size),
    source: str(r.source),
    createdAt: num(r.created_at),
  };
}

export function toPrincipal(r: Row): PrincipalRow {
  return {
    id: str(r.id),
    kind: str(r.kind) as PrincipalRow['kind'],
    name: str(r.name),
    description: str(r.description),
    createdAt: num(r.created_at),
    createdBy: str(r.created_by),
  };
}

export function toGrant(r: Row): GrantRow {
  return {
    principalId: str(r.principal_id),
    clusterId: strOrNull(r.cluster_id),
    role: str(r.role) as GrantRow['role'],
    createdAt: num(r.created_at),
  };
}

export function toApiToken(r: Row): ApiTokenRow {
  return {
    id: str(r.id),
    principalId: str(r.principal_id),
    name: str(r.name),
    secretHash: buf(r.secret_hash),
    expiresAt: num(r.expires_at),
    revokedAt: numOrNull(r.revoked_at),
    createdAt: num(r.created_at),
    createdBy: str(r.created_by),
  };
}
