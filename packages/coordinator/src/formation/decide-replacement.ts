/**
 * Server replacement, decided: pure. Two cases:
 *
 * - a machine took over a server's name (`node replace`): the old etcd
 *   member still carries that name and k3s would refuse the new one
 *   (`duplicate node name found`), so the old member goes first, through
 *   the cluster's API (deleting its Node makes k3s remove the member;
 *   research: pkg/etcd/member_controller.go onRemove);
 * - a server lost after formation (disconnected and not Ready past the
 *   grace) is removed the same way and a spare takes its place;
 * - a server demoted by a cluster change (decide-change.ts) carries a
 *   pending removal of its own name: its member goes the same way.
 *
 * Neither happens when it would leave fewer live servers than the smaller
 * cluster's quorum.
 */
import { isServer } from '../planner/election.js';
import type { NodeRow } from '../store/types.js';
import type { DecidedEvent } from './decide-formation.js';
import { byJoinOrder, isConnected, isReady, type ClusterSnapshot } from './snapshot.js';

export type ReplacementAction =
  /** Delete the Node `name` (and so its etcd member), then clear `nodeId`'s pending removal. */
  | { kind: 'remove-member'; nodeId: string; name: string }
  /** Nothing to remove (the cluster has no API yet): clear the pending removal. */
  | { kind: 'clear'; nodeId: string }
  /** Remove the lost server's Node and member, then make the spare a server. */
  | { kind: 'replace-lost'; lost: NodeRow; spare: NodeRow }
  | { kind: 'event'; event: DecidedEvent };

/** Live servers needed after removing one member of `members` (quorum of the smaller cluster). */
export function quorumAfterRemoval(members: number): number {
  return Math.floor((members - 1) / 2) + 1;
}

export function decideReplacement(s: ClusterSnapshot): ReplacementAction[] {
  const c = s.cluster;
  const out: ReplacementAction[] = [];
  if (c.formation.haltReason) return out;
  const servers = s.nodes.filter((n) => isServer(n.role));
  for (const [nodeId, name] of s.pendingRemovals) {
    if (!c.formation.kubeconfigSealed) {
      out.push({ kind: 'clear', nodeId });
      continue;
    }
    // A replacement (a server) is not a member yet: the old one is, and is
    // counted in its place. A demoted server (no server role any more) is
    // still a member until removed: counted on top.
    const live = servers.filter((n) => n.id !== nodeId && isReady(s, n)).length;
    const members = servers.length + (servers.some((n) => n.id === nodeId) ? 0 : 1);
    const needed = quorumAfterRemoval(members);
    if (live < needed) {
      out.push({
        kind: 'event',
        event: {
          type: 'formation.replace-refused',
          message: `the old etcd member of ${name} stays for now: only ${live} server(s) are live and removing it needs ${needed}`,
          data: { name, live, needed },
          nodeId,
        },
      });
      continue;
    }
    out.push({ kind: 'remove-member', nodeId, name });
  }
  if (c.formation.readyAt === null || !c.formation.kubeconfigSealed) return out;

  const grace = (c.spec.formation.serverLossGraceSeconds ?? 300) * 1000;
  const lost = servers.find(
    (n) => !s.pendingRemovals.has(n.id) && !isConnected(s, n) && !isReady(s, n) && s.now - n.lastSeenAt > grace,
  );
  if (!lost) return out;
  const spare = s.nodes
    .filter((n) => n.role === 'none' && isConnected(s, n) && n.report && n.allowedRoles.includes('server'))
    .sort(byJoinOrder)[0];
  if (!spare) return out;
  const live = servers.filter((n) => n.id !== lost.id && isReady(s, n)).length;
  const needed = quorumAfterRemoval(servers.length);
  if (live < needed) {
    out.push({
      kind: 'event',
      event: {
        type: 'formation.replace-refused',
        message: `server ${lost.name} is lost but only ${live} server(s) are live: removing its etcd member would break quorum (${needed} needed)`,
        data: { lost: lost.name, live, needed },
        nodeId: lost.id,
      },
    });
    return out;
  }
  out.push({ kind: 'replace-lost', lost, spare });
  return out;
}
