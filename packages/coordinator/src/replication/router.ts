/**
 * Reaching agents wherever they are connected. Every replica serves agents;
 * only the lease holder decides. A decision for an agent whose session is on
 * another replica goes through the database: a row in `outbox` for that
 * replica, and a NOTIFY so it drains at once (a 1 s poll covers a missed
 * notification). Presence is per replica: a node row names the replica that
 * holds its session (`replica_id`) and when that session started
 * (`connected_at`); replicas heartbeat in `replicas`, and the leader clears
 * the presence of replicas that stopped heartbeating.
 *
 * Nothing here is needed for delivery guarantees: the reconciler re-sends the
 * committed, byte-identical assignment whenever a node's session changes, so
 * a message lost with a dying replica is sent again on the next session.
 *
 * With one SQLite process (`shared: false`) every call is local.
 */
import { decodeFrame, encodeFrame, AGENT_FRAME_LIMITS, type OutBody } from '@k3sgrid/proto';
import type { Logger } from 'pino';
import type { NodeRow, Store } from '../store/types.js';

/** The local gateway as the router sees it. */
export interface LocalSessions {
  sendTo(nodeId: string, body: OutBody): boolean;
  closeNode(nodeId: string, code: number, reason: string): boolean;
  isConnected(nodeId: string): boolean;
}

/** LISTEN/NOTIFY, when the store has it (PostgreSQL). */
export interface Signals {
  listen(channel: string, cb: (payload: string | null) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
}

/** What the router needs; `shared` is true when other replicas may share the store. */
export interface RouterDeps {
  store: Store;
  replicaId: string;
  /** This replica's agent URL, recorded for operators (`k3sgrid get replicas`). */
  url: () => string;
  local: LocalSessions;
  shared: boolean;
  signals?: Signals;
  clock: () => number;
  log: Logger;
  /** True while this replica leads formation (it then clears dead replicas). */
  isLeader: () => boolean;
  /** Called when another replica asks the leader for a pass. */
  onNudge?: () => void;
  /** Counts routed messages (metrics). */
  count?: (result: 'forwarded' | 'delivered' | 'dropped') => void;
  /** Heartbeat and poll period (default 1000 ms). */
  heartbeatMs?: number;
  /** A replica not seen for this long is dead (default 5 × heartbeat). */
  replicaTtlMs?: number;
}

/** Who a node's session is with, as the store last recorded it. */
export type Presence = Pick<NodeRow, 'id' | 'connected' | 'replicaId'>;

/** NOTIFY channels (lower-case identifiers, see PgStore.listen). */
export const CHANNELS = { outbox: 'k3sgrid_outbox', nudge: 'k3sgrid_nudge' } as const;

/** Outbox payload kinds: a protocol frame to forward, or a request to close the session. */
const FRAME = 1;
const CLOSE = 2;
/** Queued messages older than this are dropped: their replica is gone and the agent reconnected elsewhere. */
const OUTBOX_MAX_AGE_MS = 60_000;

/** Encodes an outbox payload (exported for tests). */
export function encodeOutbox(
  m: { kind: 'frame'; body: OutBody } | { kind: 'close'; code: number; reason: string },
): Buffer {
  if (m.kind === 'frame') return Buffer.concat([Buffer.from([FRAME]), encodeFrame(0, m.body)]);
  return Buffer.concat([Buffer.from([CLOSE]), Buffer.from(JSON.stringify({ code: m.code, reason: m.reason }))]);
}

/** Decodes an outbox payload; throws on anything malformed (the database is trusted, but not blindly). */
export function decodeOutbox(
  b: Buffer,
): { kind: 'frame'; body: OutBody } | { kind: 'close'; code: number; reason: string } {
  if (b[0] === FRAME) return { kind: 'frame', body: decodeFrame(b.subarray(1), AGENT_FRAME_LIMITS).body as OutBody };
  if (b[0] === CLOSE) {
    const v = JSON.parse(b.subarray(1).toString('utf8')) as { code?: unknown; reason?: unknown };
    if (typeof v.code !== 'number' || typeof v.reason !== 'string') throw new Error('malformed close message');
    return { kind: 'close', code: v.code, reason: v.reason };
  }
  throw new Error(`unknown outbox message kind ${String(b[0])}`);
}

export class Router {
  private readonly heartbeatMs: number;
  private readonly ttlMs: number;
  private alive = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private unlisten: Array<() => Promise<void>> = [];
  private nudgeTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly d: RouterDeps) {
    this.heartbeatMs = d.heartbeatMs ?? 1000;
    this.ttlMs = d.replicaTtlMs ?? 5 * this.heartbeatMs;
  }

  get replicaId(): string {
    return this.d.replicaId;
  }

  /** Sends to the node's session here, or queues it for the replica holding it; false if it is nowhere. */
  send(node: Presence, body: OutBody): boolean {
    // The store's presence wins over a local session: a session still open
    // here while the agent is recorded on another replica is a half-open
    // leftover, and a message into it would be lost without a re-send.
    if (this.remote(node)) return this.forward(node, encodeOutbox({ kind: 'frame', body }));
    return this.d.local.sendTo(node.id, body);
  }

  /** Closes the node's session here and on the replica holding it; false if it is nowhere. */
  close(node: Presence, code: number, reason: string): boolean {
    const here = this.d.local.closeNode(node.id, code, reason);
    return this.remote(node) ? this.forward(node, encodeOutbox({ kind: 'close', code, reason })) : here;
  }

  /** Connected here, or (replicas) recorded as connected to a live replica. */
  isConnected(node: Presence): boolean {
    return this.d.local.isConnected(node.id) || this.remote(node);
  }

  /** Asks the leader (whichever replica it is) for a reconciler pass soon; coalesced. */
  nudge(): void {
    const signals = this.d.signals;
    if (!this.d.shared || !signals || this.nudgeTimer || this.stopped) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = null;
      void signals.notify(CHANNELS.nudge, this.d.replicaId).catch(() => undefined);
    }, 50);
    this.nudgeTimer.unref();
  }

  /** Registers this replica, subscribes to its outbox and starts the heartbeat. */
  async start(): Promise<void> {
    await this.heartbeat();
    const signals = this.d.signals;
    if (this.d.shared && signals) {
      this.unlisten.push(
        await signals.listen(CHANNELS.outbox, (payload) => {
          // null: the listening connection was re-established; notifications may have been missed.
          if (payload === null || payload === this.d.replicaId) this.drain();
        }),
        await signals.listen(CHANNELS.nudge, (payload) => {
          if (payload !== this.d.replicaId) this.d.onNudge?.();
        }),
      );
    }
    this.schedule();
  }

  /** Stops; this replica's sessions are about to close, so its presence is cleared and it deregisters. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.nudgeTimer) clearTimeout(this.nudgeTimer);
    this.timer = null;
    await this.ticking;
    await this.draining;
    for (const u of this.unlisten) await u().catch(() => undefined);
    this.unlisten = [];
    if (this.d.shared) {
      await this.d.store.markAllDisconnected(this.d.replicaId).catch(() => undefined);
      await this.d.store.removeReplica(this.d.replicaId).catch(() => undefined);
    }
  }

  /** Recorded as connected to another live replica (never true with one SQLite process). */
  private remote(node: Presence): boolean {
    return (
      this.d.shared &&
      node.connected &&
      node.replicaId !== '' &&
      node.replicaId !== this.d.replicaId &&
      this.alive.has(node.replicaId)
    );
  }

  private forward(node: Presence, body: Buffer): boolean {
    const target = node.replicaId;
    this.d.count?.('forwarded');
    void this.d.store
      .enqueueMessage({ replicaId: target, nodeId: node.id, body, at: this.d.clock() })
      .then(() => this.d.signals?.notify(CHANNELS.outbox, target))
      .catch((err: unknown) =>
        this.d.log.warn({ err: err instanceof Error ? err.message : String(err), node: node.id }, 'forward failed'),
      );
    return true;
  }

  /** Delivers queued messages for this replica; runs one at a time, again if asked meanwhile. */
  private drain(): void {
    if (!this.d.shared || this.stopped) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = (async () => {
      do {
        this.drainAgain = false;
        for (;;) {
          const batch = await this.d.store.takeMessages(this.d.replicaId, 200);
          for (const m of batch) this.deliver(m.nodeId, m.body);
          if (batch.length < 200) break;
        }
      } while (this.drainAgain && !this.stopped);
    })()
      .catch((err: unknown) =>
        this.d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'outbox drain failed'),
      )
      .finally(() => {
        this.draining = null;
      });
  }

  private deliver(nodeId: string, raw: Buffer): void {
    let m: ReturnType<typeof decodeOutbox>;
    try {
      m = decodeOutbox(raw);
    } catch (err) {
      this.d.count?.('dropped');
      this.d.log.warn({ node: nodeId, err: err instanceof Error ? err.message : String(err) }, 'bad outbox message');
      return;
    }
    const ok =
      m.kind === 'frame' ? this.d.local.sendTo(nodeId, m.body) : this.d.local.closeNode(nodeId, m.code, m.reason);
    // Not here any more: the agent moved; the leader re-sends on its new session.
    this.d.count?.(ok ? 'delivered' : 'dropped');
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        this.ticking = null;
        this.schedule();
      });
    }, this.heartbeatMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.heartbeat();
      this.drain();
      if (this.d.shared && this.d.isLeader()) await this.sweep();
    } catch (err) {
      this.d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'replica heartbeat failed');
    }
  }

  private async heartbeat(): Promise<void> {
    if (!this.d.shared) return;
    const now = this.d.clock();
    await this.d.store.heartbeatReplica({ id: this.d.replicaId, url: this.d.url(), at: now });
    const replicas = await this.d.store.listReplicas();
    this.alive = new Set(replicas.filter((r) => now - r.seenAt <= this.ttlMs).map((r) => r.id));
    this.alive.add(this.d.replicaId);
  }

  /** Leader housekeeping: sessions held by dead replicas are over; their queued messages are dropped. */
  async sweep(): Promise<void> {
    const now = this.d.clock();
    for (const r of await this.d.store.listReplicas()) {
      if (r.id === this.d.replicaId || now - r.seenAt <= this.ttlMs) continue;
      await this.d.store.markAllDisconnected(r.id);
      await this.d.store.removeReplica(r.id);
      this.d.log.warn({ replica: r.id, url: r.url, silentMs: now - r.seenAt }, 'replica gone: its sessions cleared');
      this.d.onNudge?.();
    }
    await this.d.store.pruneMessages(now - OUTBOX_MAX_AGE_MS);
  }
}
