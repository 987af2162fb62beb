/**
 * What the formation controllers observe of one cluster, as plain data: the
 * cluster row, its live nodes with their presence, what the cluster's own
 * API says is Ready, the k3s releases held for its version and its plan.
 * Controllers decide from a snapshot alone (pure), then apply.
 */
import type { K3sReleaseRef } from '@k3sgrid/proto';
import { isServer } from '../planner/election.js';
import type { Plan } from '../planner/plan.js';
import { k3sArchOf } from '../releases/release-service.js';
import type { ClusterRow, NodeRow } from '../store/types.js';
import type { KubeNodeMeta } from './node-metadata.js';

export interface ClusterSnapshot {
  now: number;
  cluster: ClusterRow;
  /** Live (not revoked) nodes of the cluster. */
  nodes: NodeRow[];
  connected: ReadonlyMap<string, boolean>;
  /** Names of the Nodes the cluster's API reports Ready; null before the kubeconfig is held. */
  kubeReady: ReadonlySet<string> | null;
  /** The cluster's k3s version as the coordinator holds it, per k3s arch. */
  releases: ReadonlyMap<string, K3sReleaseRef>;
  plan: Plan | null;
  /** Replacements of a server whose old etcd member must go first: node id → the name it takes over. */
  pendingRemovals: ReadonlyMap<string, string>;
  /** The labels, annotations and taints of each Node the cluster's API lists (by name); absent or null when unknown. */
  kubeNodes?: ReadonlyMap<string, KubeNodeMeta> | null;
}

/** The node-ip k3s should use: the address the agent chose (first in its report), else where it connected from. */
export function nodeIpOf(n: NodeRow): string {
  return n.report?.addresses[0] ?? n.address;
}

/** The node's k3s arch (amd64, arm64) from its report; null when unknown or unsupported. */
export function archOf(n: NodeRow): string | null {
  return n.report ? k3sArchOf(n.report.arch) : null;
}

export function isConnected(s: ClusterSnapshot, n: NodeRow): boolean {
  return s.connected.get(n.id) ?? false;
}

/**
 * A node is ready when the cluster's own API says its Node is Ready (the
 * agent's view is not enough for workers: a k3s agent keeps running while
 * its registration is refused) and its agent reports ready; before the
 * cluster's API is reachable, the agent's report on a live session is all
 * there is. The lb node runs no k3s: its agent's report decides.
 */
export function isReady(s: ClusterSnapshot, n: NodeRow | undefined): boolean {
  if (!n) return false;
  if (s.kubeReady && n.role !== 'lb') return s.kubeReady.has(n.name) && n.phase === 'ready';
  return n.phase === 'ready' && isConnected(s, n);
}

/** Joining order: enrolment time, then name (stable). */
export function byJoinOrder(a: NodeRow, b: NodeRow): number {
  return a.enrolledAt - b.enrolledAt || a.name.localeCompare(b.name);
}

/** Servers of the snapshot, the first one first, then in joining order. */
export function serversOf(s: ClusterSnapshot): NodeRow[] {
  return [
    ...s.nodes.filter((n) => n.role === 'server-init'),
    ...s.nodes.filter((n) => n.role === 'server').sort(byJoinOrder),
  ];
}

export { isServer };
