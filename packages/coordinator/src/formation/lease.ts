/**
 * Leader lease with a fencing epoch, for coordinator replicas sharing one
 * PostgreSQL database: exactly one replica leads the reconciler.
 *
 * The lease is a row `leases(name, holder, epoch, expires_at)`. Acquiring a
 * free or expired lease increments `epoch`; renewing keeps it. Times are the
 * database's clock (`clock_timestamp()`), so replicas' clocks do not matter.
 *
 * Safety does not rest on timing: every leader write goes through
 * {@link LeaderLease.fencedWrite}, which locks the lease row (`FOR UPDATE`)
 * in the write's own transaction and refuses unless the row still names this
 * holder with the caller's epoch (and has not expired). A takeover must update
 * that row, so it waits for an in-flight fenced write to commit, and every
 * fenced write that starts after the takeover sees the new epoch and fails.
 *
 * With SQLite (one process) the lease is local: always held, epoch 1, same
 * interface. {@link LeaderElector} runs acquire/renew on a timer and stops
 * reporting leadership locally before the lease can expire in the database.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CoordinatorError } from '../errors.js';
import type { SqlAccess, Store } from '../store/types.js';

/** A held lease: the fencing epoch and when it ends (ms since 1970, database clock). */
export interface LeaseGrant {
  epoch: number;
  expiresAt: number;
}

/** Who holds a lease now, as stored. */
export interface LeaseInfo {
  holder: string;
  epoch: number;
  expiresAt: number;
  live: boolean;
}

/** One named leader lease. */
export interface LeaderLease {
  readonly name: string;
  /** Unique per process incarnation. */
  readonly holder: string;
  readonly ttlMs: number;
  /** Takes the lease if free, expired or already ours; null when another holder has it. */
  tryAcquire(): Promise<LeaseGrant | null>;
  /** Extends our lease for epoch `epoch`; null if it was lost or expired (call tryAcquire for a new epoch). */
  renew(epoch: number): Promise<LeaseGrant | null>;
  /** Gives the lease up now so another replica can take it without waiting for the TTL. */
  release(epoch: number): Promise<void>;
  /**
   * Runs `fn` in one transaction after checking, under the lease row's lock,
   * that we still hold `epoch`; throws `not-leader` otherwise (nothing written).
   */
  fencedWrite<T>(epoch: number, fn: (tx: Store) => Promise<T>): Promise<T>;
  /** The stored lease, or null if never taken. */
  current(): Promise<LeaseInfo | null>;
}

/** Options for a lease. */
export interface LeaseOptions {
  /** Lease name (default `reconciler`). */
  name?: string;
  /** Holder id (default `<hostname>/<pid>/<random>`). */
  holder?: string;
  /** Lease duration (default 10 000 ms). */
  ttlMs?: number;
}

/** A holder id unique to this process incarnation. */
export function defaultHolderId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

const notLeader = (name: string, epoch: number, why: string): CoordinatorError =>
  new CoordinatorError('not-leader', `lease ${name}: epoch ${epoch} is no longer the leader (${why}); write refused`);

/** PostgreSQL lease (table `leases`, created by the PostgreSQL migrations). */
export class PgLease implements LeaderLease {
  readonly name: string;
  readonly holder: string;
  readonly ttlMs: number;

  constructor(
    private readonly store: SqlAccess,
    o: LeaseOptions = {},
  ) {
    this.name = o.name ?? 'reconciler';
    this.holder = o.holder ?? defaultHolderId();
    this.ttlMs = o.ttlMs ?? 10_000;
    if (!Number.isInteger(this.ttlMs) || this.ttlMs < 100)
      throw new CoordinatorError('bad-request', `lease TTL must be an integer >= 100 ms, got ${this.ttlMs}`);
  }

  async tryAcquire(): Promise<LeaseGrant | null> {
    const rows = await this.store.sql(
      `INSERT INTO leases (name, holder, epoch, expires_at)
         VALUES ($1, $2, 1, clock_timestamp() + make_interval(secs => $3::double precision / 1000))
       ON CONFLICT (name) DO UPDATE SET
         holder = EXCLUDED.holder,
         epoch = CASE WHEN leases.holder = EXCLUDED.holder AND leases.expires_at > clock_timestamp() THEN leases.epoch ELSE leases.epoch + 1 END,
         expires_at = EXCLUDED.expires_at
       WHERE leases.holder = EXCLUDED.holder OR leases.expires_at <= clock_timestamp()
       RETURNING epoch, floor(extract(epoch FROM expires_at) * 1000)::bigint AS expires_ms`,
      [this.name, this.holder, this.ttlMs],
    );
    const r = rows[0];
    return r ? { epoch: Number(r.epoch), expiresAt: Number(r.expires_ms) } : null;
  }

  async renew(epoch: number): Promise<LeaseGrant | null> {
    const rows = await this.store.sql(
      `UPDATE leases SET expires_at = clock_timestamp() + make_interval(secs => $4::double precision / 1000)
       WHERE name = $1 AND holder = $2 AND epoch = $3 AND expires_at > clock_timestamp()
       RETURNING epoch, floor(extract(epoch FROM expires_at) * 1000)::bigint AS expires_ms`,
      [this.name, this.holder, epoch, this.ttlMs],
    );
    const r = rows[0];
    return r ? { epoch: Number(r.epoch), expiresAt: Number(r.expires_ms) } : null;
  }

  async release(epoch: number): Promise<void> {
    await this.store.sql("UPDATE leases SET expires_at = '-infinity' WHERE name = $1 AND holder = $2 AND epoch = $3", [
      this.name,
      this.holder,
      epoch,
    ]);
  }

  async fencedWrite<T>(epoch: number, fn: (tx: Store) => Promise<T>): Promise<T> {
    return this.store.transaction(async (tx) => {
      const r = (
        await tx.sql(
          'SELECT holder, epoch, expires_at > clock_timestamp() AS live FROM leases WHERE name = $1 FOR UPDATE',
          [this.name],
        )
      )[0];
      if (!r) throw notLeader(this.name, epoch, 'no lease');
      if (Number(r.epoch) !== epoch || r.holder !== this.holder)
        throw notLeader(this.name, epoch, `lease is at epoch ${Number(r.epoch)}`);
      if (r.live !== true) throw notLeader(this.name, epoch, 'lease expired');
      return fn(tx);
    });
  }

  async current(): Promise<LeaseInfo | null> {
    const r = (
      await this.store.sql(
        `SELECT holder, epoch, expires_at > clock_timestamp() AS live,
                CASE WHEN expires_at = '-infinity' THEN 0 ELSE floor(extract(epoch FROM expires_at) * 1000)::bigint END AS expires_ms
         FROM leases WHERE name = $1`,
        [this.name],
      )
    )[0];
    return r
      ? { holder: String(r.holder), epoch: Number(r.epoch), expiresAt: Number(r.expires_ms), live: r.live === true }
      : null;
  }
}

/**
 * Single-process lease (SQLite): always held at epoch 1; `fencedWrite` runs
 * `fn` on the store directly (one process, one writer). A released lease is
 * taken again by the next `tryAcquire`.
 */
export class LocalLease implements LeaderLease {
  readonly name: string;
  readonly holder: string;
  readonly ttlMs: number;
  private released = false;

  constructor(
    private readonly store: Store,
    o: LeaseOptions = {},
  ) {
    this.name = o.name ?? 'reconciler';
    this.holder = o.holder ?? defaultHolderId();
    this.ttlMs = o.ttlMs ?? 10_000;
  }

  private grant(): LeaseGrant {
    return { epoch: 1, expiresAt: Date.now() + this.ttlMs };
  }

  tryAcquire(): Promise<LeaseGrant | null> {
    this.released = false;
    return Promise.resolve(this.grant());
  }

  renew(epoch: number): Promise<LeaseGrant | null> {
    return Promise.resolve(epoch === 1 && !this.released ? this.grant() : null);
  }

  release(): Promise<void> {
    this.released = true;
    return Promise.resolve();
  }

  async fencedWrite<T>(epoch: number, fn: (tx: Store) => Promise<T>): Promise<T> {
    if (epoch !== 1) throw notLeader(this.name, epoch, 'lease is at epoch 1');
    if (this.released) throw notLeader(this.name, epoch, 'lease released');
    return fn(this.store);
  }

  current(): Promise<LeaseInfo | null> {
    return Promise.resolve({
      holder: this.holder,
      epoch: 1,
      expiresAt: this.released ? 0 : Date.now() + this.ttlMs,
      live: !this.released,
    });
  }
}

/** The lease implementation that fits the store: in the database where it offers SQL (PostgreSQL), local otherwise. */
export function createLease(store: Store, o: LeaseOptions = {}): LeaderLease {
  return store.capabilities.sql ? new PgLease(store.capabilities.sql, o) : new LocalLease(store, o);
}

/** Store methods that write: the ones {@link fencedStore} routes through the lease. */
export const STORE_WRITE_METHODS = [
  'setMeta',
  'createCluster',
  'deleteCluster',
  'createToken',
  'revokeToken',
  'recordTokenFailure',
  'enrollNode',
  'saveReport',
  'updateNodeStatus',
  'touchNodes',
  'markAllDisconnected',
  'disconnectNode',
  'heartbeatReplica',
  'removeReplica',
  'enqueueMessage',
  'takeMessages',
  'pruneMessages',
  'revokeNode',
  'updateCluster',
  'setRoles',
  'saveAssignment',
  'setNodePassword',
  'recordAck',
  'setNodeReady',
  'deleteNode',
  'appendEvent',
  'updateEventData',
  'pruneEvents',
  'putRelease',
  'deleteRelease',
  'putBlobChunk',
  'deleteBlobChunks',
] as const satisfies ReadonlyArray<keyof Store>;

/**
 * A store whose write methods (all of {@link STORE_WRITE_METHODS}, or the
 * given subset) run as fenced writes at the epoch `epoch()` returns; reads go
 * straight to `store`. `epoch()` returning null (not leader) refuses writes.
 * Give this to the reconciler so every decision it commits is fenced.
 */
export function fencedStore(
  store: Store,
  lease: LeaderLease,
  epoch: () => number | null,
  methods: ReadonlyArray<keyof Store> = STORE_WRITE_METHODS,
): Store {
  const fenced = new Set<PropertyKey>(methods);
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (!fenced.has(prop)) return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        const e = epoch();
        if (e === null) return Promise.reject(notLeader(lease.name, 0, 'not the leader'));
        return lease.fencedWrite(e, (tx) =>
          (Reflect.get(tx, prop) as (...a: unknown[]) => Promise<unknown>).apply(tx, args),
        );
      };
    },
  });
}

/** Callbacks of {@link LeaderElector}. */
export interface ElectorEvents {
  /** This replica now leads at `epoch` (a new epoch each time leadership is gained). */
  onElected?: (epoch: number) => void;
  /** This replica stopped leading (lost, expired locally, released, or a database error). */
  onDeposed?: (epoch: number, reason: string) => void;
  /** A database error while acquiring or renewing (the elector keeps trying). */
  onError?: (err: unknown) => void;
}

/**
 * Acquires and renews a lease every `ttl/3`. Leadership is reported only
 * while the local monotonic clock is before (start of the last successful
 * renew) + ttl − margin, so a replica cut off from the database stops
 * acting before the database lets another replica take over; the epoch
 * check in `fencedWrite` covers anything that still slips through.
 */
export class LeaderElector {
  private timer: NodeJS.Timeout | null = null;
  private epoch: number | null = null;
  private validUntil = 0;
  private running = false;
  private ticking: Promise<void> | null = null;
  readonly intervalMs: number;
  readonly marginMs: number;

  constructor(
    readonly lease: LeaderLease,
    private readonly events: ElectorEvents = {},
    o: { intervalMs?: number; marginMs?: number } = {},
  ) {
    this.intervalMs = o.intervalMs ?? Math.max(50, Math.floor(lease.ttlMs / 3));
    this.marginMs = o.marginMs ?? Math.floor(lease.ttlMs / 5);
  }

  /** The epoch we lead at, or null. */
  leaderEpoch(): number | null {
    if (this.epoch !== null && performance.now() >= this.validUntil) this.depose('lease not renewed in time');
    return this.epoch;
  }

  isLeader(): boolean {
    return this.leaderEpoch() !== null;
  }

  /** Starts campaigning (first attempt immediately). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops campaigning and releases the lease if held. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    const e = this.epoch;
    if (e !== null) {
      this.depose('stopped');
      await this.lease.release(e).catch((err: unknown) => this.events.onError?.(err));
    }
  }

  /** One acquire-or-renew round (exposed for tests). */
  async tick(): Promise<void> {
    const started = performance.now();
    try {
      const held = this.leaderEpoch();
      const grant = held !== null ? await this.lease.renew(held) : await this.lease.tryAcquire();
      if (!grant) {
        if (held !== null) this.depose('lease lost');
        return;
      }
      if (held !== null && grant.epoch !== held) this.depose('epoch changed');
      this.validUntil = started + this.lease.ttlMs - this.marginMs;
      if (this.epoch === null && this.running) {
        this.epoch = grant.epoch;
        this.events.onElected?.(grant.epoch);
      }
    } catch (err) {
      this.events.onError?.(err);
      // Keep leading only until the local deadline; leaderEpoch() enforces it.
    }
  }

  private depose(reason: string): void {
    const e = this.epoch;
    if (e === null) return;
    this.epoch = null;
    this.validUntil = 0;
    this.events.onDeposed?.(e, reason);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        this.ticking = null;
        this.schedule(this.intervalMs);
      });
    }, ms);
    this.timer.unref();
  }
}
