/**
 * A cluster change (PATCH /v1/clusters/{id}), decided: pure. The spec holds
 * the target; this decides the steps towards it that election does not:
 *
 * - shrinking: one server at a time is demoted (never the first server;
 *   a server that is not ready first, else the last to join). Its etcd
 *   member is removed through a live server by the replacement controller
 *   (the node gets a pending removal of its own name: one code path for
 *   removing members, with its quorum rule), and it is sent role `none`
 *   (k3s stopped, the server datastore moved aside by the agent). Nothing
 *   starts while another member change is pending, before the cluster
 *   formed, or when the servers left live would be fewer than the quorum
 *   of the smaller cluster;
 * - labels and taints of the node pools (and the capability labels the
 *   plan computes, refreshed after a drift) are patched onto existing
 *   Nodes ({@link nodeMetadataPatch});
 * - the operation's progress, and its end once the cluster matches.
 *
 * Growing needs nothing here: election promotes eligible nodes to reach
 * `spec.servers`, and they join one at a time through the registration
 * address like any joining server.
 */
import type { ClusterOperation, NodeRow, PoolName } from '../store/types.js';
import type { DecidedEvent } from './decide-formation.js';
import { quorumAfterRemoval } from './decide-replacement.js';
import { labelMap, nodeMetadataPatch, type NodeMetadataPatch } from './node-metadata.js';
import { byJoinOrder, isConnected, isReady, isServer, type ClusterSnapshot } from './snapshot.js';

export type ChangeAction =
  /** Commit: `node` gets role none and a pending removal of its own name; the operation records it. */
  | { kind: 'demote'; node: NodeRow; operation: ClusterOperation; event?: DecidedEvent }
  /** Apply through the cluster's API: merge-patch the Node `name`. */
  | { kind: 'patch-node'; nodeId: string; name: string; patch: NodeMetadataPatch }
  /** Commit the operation as given (progress, a finished demotion, the end). */
  | { kind: 'operation'; operation: ClusterOperation; event?: DecidedEvent };

/** The pool a role belongs to, or null for roles that run no kubelet. */
export function poolOf(role: NodeRow['role']): PoolName | null {
  return isServer(role) ? 'servers' : role === 'agent' ? 'agents' : null;
}

/** The labels and taints a node should carry: its capability labels and its pool's. */
export function wantedMetadata(
  s: ClusterSnapshot,
  n: NodeRow,
): { labels: Record<string, string>; taints: string[] } | null {
  const pool = poolOf(n.role);
  if (!pool) return null;
  const spec = s.cluster.spec.pools?.[pool];
  return {
    labels: { ...labelMap(s.plan?.labels[n.name] ?? []), ...(spec?.labels ?? {}) },
    taints: [...(spec?.taints ?? [])],
  };
}

/** Which server to demote next: a server that is not ready first, else the last to join; never the first server. */
export function demotionCandidate(s: ClusterSnapshot, servers: readonly NodeRow[]): NodeRow | null {
  const initId = s.cluster.formation.initNodeId;
  const pool = servers.filter((n) => n.id !== initId && n.role !== 'server-init');
  const notReady = pool.filter((n) => !isReady(s, n)).sort(byJoinOrder);
  return notReady[0] ?? [...pool].sort(byJoinOrder).at(-1) ?? null;
}

export function decideChange(s: ClusterSnapshot): ChangeAction[] {
  const c = s.cluster;
  const f = c.formation;
  const out: ChangeAction[] = [];
  if (f.haltReason) return out;
  const op = f.operation;
  const servers = s.nodes.filter((n) => isServer(n.role));
  const target = c.spec.servers;
  const formed = f.caHash !== '' && f.readyAt !== null && f.kubeconfigSealed !== null;

  // ---- labels and taints on every Node the API lists (not on one being demoted)
  let patches = 0;
  if (s.kubeNodes)
    for (const n of s.nodes) {
      if (op?.demoting?.nodeId === n.id) continue;
      const want = wantedMetadata(s, n);
      const meta = s.kubeNodes.get(n.name);
      if (!want || !meta) continue;
      const patch = nodeMetadataPatch(meta, want);
      if (patch) {
        out.push({ kind: 'patch-node', nodeId: n.id, name: n.name, patch });
        patches++;
      }
    }

  if (!op || op.state !== 'running') return out;
  const update = (o: Partial<ClusterOperation>, event?: DecidedEvent): void => {
    const next = { ...op, ...o };
    if (JSON.stringify(next) !== JSON.stringify(op))
      out.push({ kind: 'operation', operation: next, ...(event ? { event } : {}) });
  };

  // ---- a demotion under way: done once its member is gone and it stopped k3s (or is unreachable)
  if (op.demoting) {
    const d = op.demoting;
    const n = s.nodes.find((x) => x.id === d.nodeId);
    // Recorded but not committed in full (a crash between the writes): commit it again.
    if (n && isServer(n.role)) {
      out.push({ kind: 'demote', node: n, operation: op });
      return out;
    }
    const memberGone = !n || n.pendingRemoval === '';
    const a = n?.assignment;
    const stopped =
      !n ||
      !isConnected(s, n) ||
      (a !== undefined && a.generation > d.generation && a.ackedEpoch === a.epoch && a.ackedGeneration >= a.generation);
    if (!memberGone || !stopped) {
      update({
        progress: `demoting ${d.name}: ${memberGone ? 'its etcd member is removed' : 'removing its etcd member through a live server'}; ${stopped ? 'k3s is stopped' : 'waiting for it to stop k3s'}`,
      });
      return out;
    }
    update(
      { demoting: null, demoted: [...op.demoted, d.name], progress: `${d.name} demoted` },
      {
        type: 'cluster.server-demoted',
        message: `${d.name} is no longer a server: its etcd member was removed and its server data moved aside`,
        data: { node: d.name, operation: op.id },
        nodeId: d.nodeId,
      },
    );
    return out;
  }

  // ---- shrinking: one server at a time
  if (servers.length > target) {
    const hold = (why: string, event = false): ChangeAction[] => {
      update(
        { progress: `shrinking to ${target} server(s) held: ${why}` },
        event && op.progress !== `shrinking to ${target} server(s) held: ${why}`
          ? {
              type: 'cluster.change-held',
              message: `cluster ${c.name}: shrinking to ${target} server(s) held: ${why}`,
              data: { operation: op.id, reason: why },
              nodeId: null,
            }
          : undefined,
      );
      return out;
    };
    if (!formed) return hold('the cluster has not formed yet (its members are removed through its own API)');
    if (s.pendingRemovals.size > 0) return hold('another etcd member change is pending (one at a time)');
    const victim = demotionCandidate(s, servers);
    if (!victim) return hold('no server but the first one is left to demote');
    const members = servers.length;
    const needed = quorumAfterRemoval(members);
    const live = servers.filter((n) => n.id !== victim.id && isReady(s, n)).length;
    if (live < needed)
      return hold(
        `removing ${victim.name} would leave ${live} live server(s) of ${members - 1} member(s); quorum needs ${needed}`,
        true,
      );
    const operation: ClusterOperation = {
      ...op,
      demoting: { nodeId: victim.id, name: victim.name, generation: victim.assignment.generation },
      progress: `demoting ${victim.name} (${members} → ${members - 1} server(s), target ${target})`,
    };
    out.push({
      kind: 'demote',
      node: victim,
      operation,
      event: {
        type: 'cluster.server-demoting',
        message: `cluster ${c.name}: demoting server ${victim.name} (${members} → ${members - 1}, target ${target}); ${live} other server(s) live, quorum ${needed}`,
        data: { node: victim.name, members, live, needed, operation: op.id },
        nodeId: victim.id,
      },
    });
    return out;
  }

  // ---- growing (election promotes) or done
  const ready = servers.filter((n) => isReady(s, n)).length;
  if (servers.length < target || ready < target) {
    update({
      progress:
        servers.length < target
          ? `${servers.length} of ${target} server(s) elected: waiting for connected nodes whose token allows server (enroll more)`
          : `${ready} of ${target} server(s) ready: joining one at a time`,
    });
    return out;
  }
  if (patches > 0) {
    update({ progress: `labelling and tainting ${patches} node(s)` });
    return out;
  }
  update(
    { state: 'succeeded', progress: '', finishedAt: s.now },
    {
      type: 'cluster.change-succeeded',
      message: `cluster ${c.name}: change ${op.id} done (${op.from.servers} → ${target} server(s)${op.demoted.length ? `; demoted ${op.demoted.join(', ')}` : ''})`,
      data: { operation: op.id, servers: target, demoted: op.demoted },
      nodeId: null,
    },
  );
  return out;
}
