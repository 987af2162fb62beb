/**
 * Store rows as the API shows them (types inferred from the zod schemas in
 * schemas.ts). Pure: no secret field of a row is ever copied into a view.
 */
import type { z } from 'zod';
import type { CapabilityReport } from '@k3sgrid/proto';
import type { Plan } from '../planner/plan.js';
import { tokenState } from '../service.js';
import type { ClusterRow, ClusterSpec, EventRow, JoinTokenRow, NodeRow } from '../store/types.js';
import type { ClusterView, EventView, NodeView, ReplicaView, TokenCreated, TokenView } from './schemas.js';

/*
 * The API's views, inferred from its zod schemas: the one declaration the
 * routes, the CLI (cli/get-describe.ts) and the dashboard's JSDoc use. The
 * plan and the capability report are free-form in the OpenAPI document
 * (their shapes are the planner's and the protocol's types), typed here.
 */
export type ClusterViewT = Omit<z.infer<typeof ClusterView>, 'plan' | 'spec'> & {
  /** The spec as stored (an external datastore endpoint redacted). */
  spec: ClusterSpec;
  plan?: Plan | null | undefined;
};
export type TokenViewT = z.infer<typeof TokenView>;
export type TokenCreatedT = z.infer<typeof TokenCreated>;
export type NodeViewT = Omit<z.infer<typeof NodeView>, 'report'> & { report?: CapabilityReport | null | undefined };
export type EventViewT = z.infer<typeof EventView>;
export type ReplicaViewT = z.infer<typeof ReplicaView>;

const iso = (ms: number): string => new Date(ms).toISOString();

/** Servers and workers in phase ready, out of desired. */
export function readyCounts(c: ClusterRow, live: readonly NodeRow[]): NonNullable<ClusterViewT['ready']> {
  const servers = live.filter((n) => n.role === 'server-init' || n.role === 'server');
  const workers = live.filter((n) => n.role === 'agent');
  const lbs = c.spec.registration.mode === 'lb' ? 1 : 0;
  return {
    servers: { ready: servers.filter((n) => n.phase === 'ready').length, desired: c.spec.servers },
    workers: {
      ready: workers.filter((n) => n.phase === 'ready').length,
      desired: Math.max(workers.length, c.spec.formation.minNodes - c.spec.servers - lbs, 0),
    },
  };
}

/**
 * A cluster with its counts, from the cluster's node rows (all of them,
 * revoked included) and its plan; `detail` adds members and the plan.
 */
export function clusterView(
  c: ClusterRow,
  nodes: readonly NodeRow[],
  plan: Plan | null,
  isConnected: (n: NodeRow) => boolean,
  detail = false,
): ClusterViewT {
  const live = nodes.filter((n) => n.revokedAt === null);
  const view: ClusterViewT = {
    id: c.id,
    name: c.name,
    phase: c.phase,
    epoch: c.epoch,
    registrationAddress: c.formation.registrationAddress,
    statusMessage: c.formation.statusMessage,
    kubeconfigAvailable: c.formation.kubeconfigSealed !== null,
    spec: c.spec,
    createdAt: iso(c.createdAt),
    nodes: { total: nodes.length, connected: nodes.filter((n) => isConnected(n)).length },
    ready: readyCounts(c, live),
    storage: plan?.storage.choice ?? null,
    cni: plan?.cni.choice ?? null,
  };
  const op = c.formation.operation;
  view.operation = op
    ? {
        id: op.id,
        kind: op.kind,
        state: op.state,
        requestedBy: op.requestedBy,
        requestedAt: iso(op.requestedAt),
        finishedAt: op.finishedAt === null ? null : iso(op.finishedAt),
        from: op.from,
        target: op.target,
        progress: op.progress,
        demoting: op.demoting?.name ?? null,
        demoted: op.demoted,
      }
    : null;
  if (detail) {
    view.members = live.map((n) => ({
      id: n.id,
      name: n.name,
      role: n.role,
      phase: n.phase,
      connected: isConnected(n),
      lastError: n.lastError,
      lastSeenAt: iso(n.lastSeenAt),
    }));
    view.plan = plan;
  }
  return view;
}

/** A join token without its MAC key. */
export function tokenView(t: JoinTokenRow, now: number): TokenViewT {
  return {
    id: t.id,
    clusterId: t.clusterId,
    roles: t.roles,
    maxUses: t.maxUses,
    uses: t.uses,
    expiresAt: iso(t.expiresAt),
    createdAt: iso(t.createdAt),
    revoked: t.revokedAt !== null,
    state: tokenState(t, now),
    failedAttempts: t.failedAttempts,
    description: t.description,
  };
}

/** A node without its keys, password or assignment; `withReport` adds the capability report. */
export function nodeView(n: NodeRow, withReport: boolean, connected: boolean): NodeViewT {
  return {
    id: n.id,
    name: n.name,
    clusterId: n.clusterId,
    hostname: n.hostname,
    role: n.role,
    phase: n.phase,
    connected,
    revoked: n.revokedAt !== null,
    address: n.address,
    lastError: n.lastError,
    agentVersion: n.agentVersion,
    enrolledAt: iso(n.enrolledAt),
    lastSeenAt: iso(n.lastSeenAt),
    ...(withReport ? { report: n.report } : {}),
  };
}

export function eventView(e: EventRow): EventViewT {
  return { ...e, ts: iso(e.ts) };
}
