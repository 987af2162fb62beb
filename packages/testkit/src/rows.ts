/**
 * Coordinator store rows with defaults, for tests that write rows straight
 * into a store or feed them to the pure formation code. Every field has a
 * plain default; pass what the test is about in `over`. Ids, names and keys
 * are random unless given, so rows made by two calls never collide.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  emptyAssignmentState,
  emptyFormation,
  type ApiTokenRow,
  type ClusterRow,
  type JoinTokenRow,
  type NodeRow,
  type PrincipalRow,
} from '@k3sgrid/coordinator/store';

/** The time the rows are stamped with unless told otherwise (2025-10-09). */
export const ROW_TIME = 1_760_000_000_000;

/** A pending 3-server cluster at epoch 0. */
export function clusterRow(over: Partial<ClusterRow> = {}): ClusterRow {
  const id = over.id ?? randomUUID();
  return {
    id,
    name: `c-${id.slice(0, 8)}`,
    spec: {
      name: over.name ?? `c-${id.slice(0, 8)}`,
      servers: 3,
      k3sVersion: 'v1.31.4+k3s1',
      registration: { mode: 'lb' },
      cni: 'flannel',
      storage: 'local-path',
      encryption: true,
      secretsEncryption: false,
      datastore: { kind: 'embedded-etcd' },
      formation: { minNodes: 3, timeoutSeconds: 600 },
      failureDomainKey: 'gridFarmId',
    },
    phase: 'pending',
    epoch: 0,
    createdAt: ROW_TIME,
    updatedAt: ROW_TIME,
    formation: emptyFormation(),
    ...over,
  };
}

/** A user (or, with `kind`, a service account) with no grants. */
export function principalRow(over: Partial<PrincipalRow> = {}): PrincipalRow {
  const id = over.id ?? randomUUID();
  return {
    id,
    kind: 'user',
    name: `u-${id.slice(0, 8)}`,
    description: 'd',
    createdAt: ROW_TIME,
    createdBy: 'test',
    ...over,
  };
}

/** An API token of `principalId`, valid for an hour (its hash is random bytes). */
export function apiTokenRow(principalId: string, over: Partial<ApiTokenRow> = {}): ApiTokenRow {
  const id = randomBytes(8).toString('hex');
  return {
    id,
    principalId,
    name: `t-${id}`,
    secretHash: randomBytes(32),
    expiresAt: ROW_TIME + 3_600_000,
    revokedAt: null,
    createdAt: ROW_TIME,
    createdBy: 'test',
    ...over,
  };
}

/** An unused single-use token for servers and agents, valid for an hour. */
export function tokenRow(clusterId: string, over: Partial<JoinTokenRow> = {}): JoinTokenRow {
  return {
    id: `tok-${randomUUID().slice(0, 12)}`,
    clusterId,
    macKeySealed: randomBytes(57),
    roles: ['server', 'agent'],
    maxUses: 1,
    uses: 0,
    expiresAt: ROW_TIME + 3_600_000,
    revokedAt: null,
    createdAt: ROW_TIME,
    failedAttempts: 0,
    description: 'test token',
    replaceNodeId: null,
    ...over,
  };
}

/** A disconnected node without a role, a report or an assignment. */
export function nodeRow(clusterId: string, tokenId: string, over: Partial<NodeRow> = {}): NodeRow {
  const id = over.id ?? randomUUID();
  return {
    id,
    clusterId,
    name: `n-${id.slice(0, 8)}`,
    hostname: `host-${id.slice(0, 8)}`,
    signPub: randomBytes(32),
    boxPub: randomBytes(32),
    tokenId,
    allowedRoles: ['server', 'agent'],
    role: 'none',
    phase: 'pending',
    lastError: '',
    connected: false,
    revokedAt: null,
    enrolledAt: ROW_TIME,
    lastSeenAt: ROW_TIME,
    agentVersion: '0.1.0',
    address: '10.0.0.1',
    replicaId: '',
    connectedAt: 0,
    pendingRemoval: '',
    report: null,
    prevReport: null,
    assignment: emptyAssignmentState(),
    ...over,
  };
}
