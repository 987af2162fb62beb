/**
 * One live server restart at a time. A changed assignment makes k3s restart
 * on the node (its config is read only at start), and an etcd member is down
 * while its k3s restarts. Sending a change to every server in one pass — a
 * moved first server changes every server's `server:` URL — takes a
 * three-server cluster that already lost one member to zero quorum, and
 * leaves it there if one of them does not come back. So a live server gets
 * its change only while every other server is settled (its latest
 * assignment acknowledged and Ready), and only one per pass; the rest wait
 * and get theirs on a later pass. A server that is not live itself costs no
 * quorum when it restarts and always gets its change (this also lets a
 * broken server be fixed while another one is down). Pure.
 */
import { isServer } from '../planner/election.js';
import type { NodeRole, NodeRow } from '../store/types.js';
import { isReady, type ClusterSnapshot } from './snapshot.js';

/** The node holds and has acknowledged its latest assignment of `epoch`. */
export function runsLatest(n: NodeRow, epoch: number): boolean {
  const a = n.assignment;
  return a.body !== null && a.epoch === epoch && a.ackedEpoch === epoch && a.ackedGeneration >= a.generation;
}

export class RollingGate {
  private passed: string | null = null;

  constructor(
    private readonly s: ClusterSnapshot,
    private readonly roleOf: (n: NodeRow) => NodeRole,
  ) {}

  private settled(n: NodeRow): boolean {
    return runsLatest(n, this.s.cluster.epoch) && isReady(this.s, { ...n, role: this.roleOf(n) });
  }

  /**
   * Whether `n` may take a changed assignment now; when it may not, the
   * reason (for the event log). Call only for a change about to be
   * committed: a `null` answer for a live server uses up this pass's turn.
   */
  wait(n: NodeRow): string | null {
    if (!isServer(this.roleOf(n)) || !this.settled(n)) return null;
    if (this.passed !== null && this.passed !== n.id) return 'another server restarts with its change first';
    const unsettled = this.s.nodes.filter((o) => o.id !== n.id && isServer(this.roleOf(o)) && !this.settled(o));
    if (unsettled.length > 0)
      return `waiting for ${unsettled.map((o) => o.name).join(', ')} to be ready on its assignment first`;
    this.passed = n.id;
    return null;
  }
}
