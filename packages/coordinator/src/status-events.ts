/**
 * Status reports as events, bounded per node. An agent may send a status
 * update up to its message budget (50/s); writing each one as an event let
 * one node fill the disk (95 events, 5.5 MiB, in 2 s). So:
 *
 * - a (phase, message) the node reported within the window is folded into
 *   the event it produced: `count` and `lastSeenAt` are updated in place,
 *   in batches (flush), not appended;
 * - new events per node come from a token bucket (a burst, then a slow
 *   refill); what the bucket refuses is counted and noted on the node's next
 *   event (`suppressedBefore`), and the node row still shows the latest phase;
 * - the message and the log tail an event keeps are capped.
 *
 * The event log's total size is bounded by retention (events-retention.ts).
 */
import { agentActor } from './access/actors.js';
import type { Logger } from 'pino';
import type { K3sPhase } from '@k3sgrid/proto';
import type { Audit } from './audit.js';
import { TokenBucket, type Clock } from './limits.js';
import type { NodeRow, Store } from './store/types.js';

export interface StatusEventPolicy {
  /** A (phase, message) seen again within this long folds into its event. */
  windowMs: number;
  /** Distinct (phase, message) pairs remembered per node for folding. */
  keysPerNode: number;
  /** New status events a node may cause at once ... */
  burst: number;
  /** ... and then per minute. */
  perMinute: number;
  /** Longest message kept (characters). */
  maxMessageChars: number;
  /** Log tail kept: the last lines, each cut to a length. */
  maxTailLines: number;
  maxTailLineChars: number;
}

/** At most 20 + 60 new status events per node-hour; each at most ~6 KiB. */
export const DEFAULT_STATUS_EVENT_POLICY: StatusEventPolicy = {
  windowMs: 10 * 60_000,
  keysPerNode: 8,
  burst: 20,
  perMinute: 1,
  maxMessageChars: 1024,
  maxTailLines: 20,
  maxTailLineChars: 240,
};

/** New status events one node can cause per hour under the default policy. */
export const STATUS_EVENT_BUDGET_PER_HOUR =
  DEFAULT_STATUS_EVENT_POLICY.burst + DEFAULT_STATUS_EVENT_POLICY.perMinute * 60;

interface Folded {
  id: number;
  data: Record<string, unknown>;
  count: number;
  lastAt: number;
  dirty: boolean;
}

interface NodeState {
  /** By `phase\0message`, oldest first (Map keeps insertion order). */
  recent: Map<string, Folded>;
  bucket: TokenBucket;
  suppressed: number;
  lastAt: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export class StatusEvents {
  private readonly policy: StatusEventPolicy;
  private readonly nodes = new Map<string, NodeState>();
  private readonly dirty = new Set<Folded>();

  constructor(
    private readonly d: { store: Store; audit: Audit; clock: Clock; log: Logger },
    policy: Partial<StatusEventPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_STATUS_EVENT_POLICY, ...policy };
  }

  /** The message as stored (node row and event). */
  capMessage(message: string): string {
    const max = this.policy.maxMessageChars;
    return message.length <= max ? message : `${message.slice(0, max - 1)}…`;
  }

  /** The log tail as an event keeps it. */
  capTail(tail: readonly string[]): string[] {
    const p = this.policy;
    return tail
      .slice(-p.maxTailLines)
      .map((l) => (l.length <= p.maxTailLineChars ? l : `${l.slice(0, p.maxTailLineChars - 1)}…`));
  }

  /** Records one status report of `node` (message already capped). */
  async report(node: NodeRow, phase: K3sPhase, message: string, tail: readonly string[]): Promise<void> {
    const now = this.d.clock();
    const st = this.stateOf(node.id, now);
    st.lastAt = now;
    const key = `${phase}\u0000${message}`;
    const hit = st.recent.get(key);
    if (hit && now - hit.lastAt <= this.policy.windowMs) {
      hit.count++;
      hit.lastAt = now;
      hit.dirty = true;
      this.dirty.add(hit);
      return;
    }
    if (!st.bucket.take()) {
      st.suppressed++;
      return;
    }
    const suppressed = st.suppressed;
    st.suppressed = 0;
    const row = await this.d.audit.record({
      type: `node.phase.${phase}`,
      clusterId: node.clusterId,
      nodeId: node.id,
      actor: agentActor(node.name),
      message: `node ${node.name}: ${phase}${message ? ` (${message})` : ''}`,
      data: {
        phase,
        logTail: this.capTail(tail),
        count: 1,
        lastSeenAt: iso(now),
        ...(suppressed > 0 ? { suppressedBefore: suppressed } : {}),
      },
    });
    st.recent.delete(key);
    st.recent.set(key, { id: row.id, data: row.data, count: 1, lastAt: now, dirty: false });
    for (const k of st.recent.keys()) {
      if (st.recent.size <= this.policy.keysPerNode) break;
      st.recent.delete(k);
    }
  }

  /** Writes the counts folded since the last flush; forgets idle nodes. */
  async flush(): Promise<void> {
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const f of batch) {
      f.dirty = false;
      try {
        await this.d.store.updateEventData(f.id, { ...f.data, count: f.count, lastSeenAt: iso(f.lastAt) });
      } catch (err) {
        // Pruned meanwhile (retention) or a store hiccup: the count is a hint, not a record.
        this.d.log.debug({ err: String(err), event: f.id }, 'could not update a folded status event');
      }
    }
    const now = this.d.clock();
    for (const [id, st] of this.nodes) if (now - st.lastAt > this.policy.windowMs * 2) this.nodes.delete(id);
  }

  private stateOf(nodeId: string, now: number): NodeState {
    let st = this.nodes.get(nodeId);
    if (!st) {
      const p = this.policy;
      st = {
        recent: new Map(),
        bucket: new TokenBucket(p.burst, p.perMinute / 60, this.d.clock),
        suppressed: 0,
        lastAt: now,
      };
      this.nodes.set(nodeId, st);
    }
    return st;
  }
}
