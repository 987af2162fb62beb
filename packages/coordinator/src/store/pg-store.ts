/**
 * PostgreSQL store (pg): the same {@link Store} as SQLite for coordinator
 * replicas sharing one database. Migrations (pg-migrations.ts) run under an
 * advisory lock so replicas starting together migrate once. Multi-statement
 * methods run in a transaction on one pooled client; `transaction()` hands a
 * store bound to that client to callers (the leader lease's fenced writes).
 * `listen`/`notify` expose LISTEN/NOTIFY for replica-to-replica signalling.
 *
 * BIGINT columns are parsed to JS numbers (times in ms, counters, epochs:
 * all below 2^53); BYTEA comes back as Buffer; JSON stays TEXT.
 */
import pg from 'pg';
import type { CapabilityReport } from '@k3sgrid/proto';
import { CoordinatorError } from '../errors.js';
import { bufOrNull, num, str, toCluster, toEvent, toNode, toOutbox, toReplica, toToken, type Row } from './rows.js';
import { EVENTS_LOCK_KEY, MIGRATION_LOCK_KEY, PG_MIGRATIONS, PG_SUPPORT_SQL } from './pg-migrations.js';
import type {
  ClusterFormation,
  ClusterRow,
  EventRow,
  JoinTokenRow,
  NewEvent,
  NodeAssignmentState,
  NodeRow,
  OutboxRow,
  ReplicaRow,
  Store,
  TokenRefusal,
} from './types.js';

type Queryable = pg.Pool | pg.PoolClient;

const INT8_OID = 20;
/** Parses BIGINT as number (pg's default is string) for this pool only; other types keep pg's parsers. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : (pg.types.getTypeParser as (o: number, f: string) => unknown)(
          oid,
          format ?? 'text',
        )) as typeof pg.types.getTypeParser,
};

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const k of [...u.searchParams.keys()]) if (/pass|secret|key/i.test(k)) u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    // Not a URL: hide anything that looks like user:password@.
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

/** Parses a datastore URL; the error never echoes it (it may hold a password). */
export function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new CoordinatorError('bad-request', `datastore URL ${redactUrl(url)} is malformed`);
  }
}

const PG_CODE_CONFLICT = '23505';
const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

function pgCode(err: unknown): string | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** Maps driver errors to CoordinatorErrors without echoing values (which may be secrets). */
function wrap(err: unknown, what: string): never {
  if (err instanceof CoordinatorError) throw err;
  const code = pgCode(err);
  if (code === PG_CODE_CONFLICT) {
    const constraint = (err as { constraint?: unknown }).constraint;
    throw new CoordinatorError(
      'conflict',
      `${what}: duplicate value violates ${typeof constraint === 'string' ? constraint : 'a unique constraint'}`,
      { cause: err },
    );
  }
  const msg = err instanceof Error ? err.message : String(err);
  throw new CoordinatorError('store-failed', `${what}: ${msg}`, { cause: err });
}

/** Options of {@link openPgStore}. */
export interface PgStoreOptions {
  /** `postgres://user@host:port/db` (a password inside it works but prefer `password`). */
  connectionString: string;
  /** Overrides the URL's password (from a file or the environment). */
  password?: string;
  /** Pool size (default 10). */
  max?: number;
  /** Shown in pg_stat_activity (default `k3sgrid-coordinator`). */
  applicationName?: string;
  /** Per-statement timeout in ms (default 30 000). */
  statementTimeoutMs?: number;
}

/** Connects, migrates and returns a store; rejects with `store-failed` (URL redacted) if the database is unreachable. */
export async function openPgStore(o: PgStoreOptions): Promise<PgStore> {
  const config: pg.PoolConfig = {
    connectionString: o.connectionString,
    max: o.max ?? 10,
    application_name: o.applicationName ?? 'k3sgrid-coordinator',
    statement_timeout: o.statementTimeoutMs ?? 30_000,
    // Client-side bound too: across a silent partition the server never
    // answers, and a lease renewal or a pass must not wait forever.
    query_timeout: (o.statementTimeoutMs ?? 30_000) + 5_000,
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    types: TYPES,
  };
  if (o.password !== undefined) {
    // pg lets the URL's (empty) password override `config.password`, so the
    // password goes into the in-memory URL instead.
    const u = parseUrl(o.connectionString);
    u.password = encodeURIComponent(o.password);
    config.connectionString = u.toString();
  }
  const pool = new pg.Pool(config);
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const store = new PgStore(pool, pool, config);
  try {
    await store.migrate();
  } catch (err) {
    await pool.end().catch(() => undefined);
    if (err instanceof CoordinatorError && err.code === 'migration-failed') throw err;
    const cause = err instanceof CoordinatorError && err.cause !== undefined ? err.cause : err;
    throw new CoordinatorError(
      'store-failed',
      `cannot open database ${redactUrl(o.connectionString)}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  return store;
}

/** Callback of {@link PgStore.listen}: a payload, or `null` after a reconnect (notifications may have been missed: resync). */
export type NotifyListener = (payload: string | null) => void;

const CHANNEL_RE = /^[a-z_][a-z0-9_]{0,62}$/;

export class PgStore implements Store {
  private listener: pg.Client | null = null;
  private listenerReady: Promise<pg.Client> | null = null;
  private readonly channels = new Map<string, Set<NotifyListener>>();
  private closed = false;

  /** Use {@link openPgStore}; `q` is the pool, or one client inside a transaction. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly q: Queryable,
    private readonly config: pg.PoolConfig,
    private readonly inTransaction = false,
  ) {}

  private async query(text: string, values: unknown[] = [], what = 'query'): Promise<Row[]> {
    try {
      const r = await this.q.query<Row>(text, values);
      return r.rows;
    } catch (err) {
      wrap(err, what);
    }
  }

  private async count(text: string, values: unknown[], what: string): Promise<number> {
    try {
      return (await this.q.query(text, values)).rowCount ?? 0;
    } catch (err) {
      wrap(err, what);
    }
  }

  /**
   * Runs `fn` in one transaction (READ COMMITTED) on one pooled client and
   * commits; rolls back on a throw. Deadlocks and serialization failures are
   * retried up to 3 times, so `fn` must be safe to re-run. Nested calls join
   * the outer transaction.
   */
  async transaction<T>(fn: (tx: PgStore) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (err) {
        wrap(err, 'connect');
      }
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(new PgStore(this.pool, client, this.config, true));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        if (attempt < 3 && RETRYABLE.has(pgCode(err) ?? pgCode((err as { cause?: unknown }).cause) ?? '')) continue;
        if (err instanceof CoordinatorError) throw err;
        wrap(err, 'transaction');
      } finally {
        client.release(broken);
      }
    }
  }

  /** Runs SQL on the bound client or pool (for the lease and other PostgreSQL-only helpers). */
  async sql(text: string, values: unknown[] = []): Promise<Row[]> {
    return this.query(text, values, 'query');
  }

  /**
   * Runs `fn` while holding a session-level advisory lock on a dedicated
   * client (e.g. replicas initialising shared keys one at a time).
   */
  async withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      wrap(err, 'connect');
    }
    try {
      await client.query('SELECT pg_advisory_lock($1)', [key]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  /** Applies pending migrations under an advisory lock; returns the schema version. */
  async migrate(): Promise<number> {
    return this.transaction(async (tx) => {
      await tx.sql('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.sql(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      const applied = new Set((await tx.sql('SELECT version FROM schema_migrations')).map((r) => num(r.version)));
      let version = Math.max(0, ...applied);
      for (const m of PG_MIGRATIONS) {
        if (applied.has(m.version)) continue;
        // One transaction for all pending migrations, with a savepoint per
        // migration so the failing one is named.
        try {
          await tx.sql(`SAVEPOINT m${m.version}`);
          await tx.sql(m.sql);
          await tx.sql('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            Date.now(),
          ]);
          await tx.sql(`RELEASE SAVEPOINT m${m.version}`);
        } catch (err) {
          throw new CoordinatorError(
            'migration-failed',
            `migration ${m.version} (${m.name}) failed: ${(err as Error).message}`,
            { cause: err },
          );
        }
        version = m.version;
      }
      await tx.sql(PG_SUPPORT_SQL);
      return version;
    });
  }

  async close(): Promise<void> {
    if (this.inTransaction) return;
    this.closed = true;
    const l = this.listener;
    this.listener = null;
    this.listenerReady = null;
    this.channels.clear();
    if (l) await l.end().catch(() => undefined);
    await this.pool.end();
  }

  // ----- LISTEN/NOTIFY

  /**
   * Subscribes to a channel on a dedicated connection (reconnected with
   * backoff when lost; callbacks then get `null` to resync). Returns an
   * unsubscribe function. Channel names are lower-case identifiers.
   */
  async listen(channel: string, cb: NotifyListener): Promise<() => Promise<void>> {
    if (!CHANNEL_RE.test(channel))
      throw new CoordinatorError('bad-request', `invalid channel name ${JSON.stringify(channel)}`);
    if (this.inTransaction) throw new CoordinatorError('internal', 'listen() inside a transaction');
    let set = this.channels.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    set.add(cb);
    const client = await this.listenClient();
    if (first) await client.query(`LISTEN ${channel}`);
    return async () => {
      const s = this.channels.get(channel);
      s?.delete(cb);
      if (s && s.size === 0) {
        this.channels.delete(channel);
        await this.listener?.query(`UNLISTEN ${channel}`).catch(() => undefined);
      }
    };
  }

  /** Sends a notification (delivered at commit when called inside {@link transaction}); payload < 8000 bytes. */
  async notify(channel: string, payload: string): Promise<void> {
    if (!CHANNEL_RE.test(channel))
      throw new CoordinatorError('bad-request', `invalid channel name ${JSON.stringify(channel)}`);
    await this.query('SELECT pg_notify($1, $2)', [channel, payload], 'notify');
  }

  private listenClient(): Promise<pg.Client> {
    this.listenerReady ??= this.connectListener(0);
    return this.listenerReady;
  }

  private async connectListener(attempt: number): Promise<pg.Client> {
    if (this.closed) throw new CoordinatorError('unavailable', 'store closed');
    const {
      connectionString,
      password,
      ssl,
      user,
      host,
      port,
      database,
      statement_timeout,
      connectionTimeoutMillis,
      types,
    } = this.config;
    const clientConfig: pg.ClientConfig = {
      connectionString,
      password,
      ssl,
      user,
      host,
      port,
      database,
      statement_timeout,
      connectionTimeoutMillis,
      types,
    };
    const client = new pg.Client({
      ...clientConfig,
      application_name: `${this.config.application_name ?? 'k3sgrid'}-listen`,
    });
    const lost = (): void => {
      if (this.closed || this.listener !== client) return;
      this.listener = null;
      const delay = Math.min(5000, 100 * 2 ** Math.min(attempt, 6));
      this.listenerReady = new Promise((resolve) => setTimeout(resolve, delay)).then(() =>
        this.connectListener(attempt + 1),
      );
      this.listenerReady.catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n: pg.Notification) => {
      for (const cb of this.channels.get(n.channel) ?? []) cb(n.payload ?? '');
    });
    try {
      await client.connect();
      for (const ch of this.channels.keys()) await client.query(`LISTEN ${ch}`);
    } catch (err) {
      if (this.closed) throw err;
      this.listener = client;
      lost();
      return this.listenerReady ?? Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.listener = client;
    if (attempt > 0) for (const set of this.channels.values()) for (const cb of set) cb(null);
    return client;
  }

  // ----- meta

  async getMeta(key: string): Promise<string | null> {
    const r = (await this.query('SELECT value FROM meta WHERE key = $1', [key], 'getMeta'))[0];
    return r ? str(r.value) : null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.query(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
      [key, value],
      'setMeta',
    );
  }

  // ----- clusters

  async createCluster(c: ClusterRow): Promise<void> {
    await this.query(
      'INSERT INTO clusters (id, name, spec, phase, epoch, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [c.id, c.name, JSON.stringify(c.spec), c.phase, c.epoch, c.createdAt, c.updatedAt],
      'createCluster',
    );
  }

  async listClusters(): Promise<ClusterRow[]> {
    return (await this.query('SELECT * FROM clusters ORDER BY created_at, id', [], 'listClusters')).map(toCluster);
  }

  async getCluster(idOrName: string): Promise<ClusterRow | null> {
    const r = (
      await this.query(
        'SELECT * FROM clusters WHERE id = $1 OR name = $1 ORDER BY (id = $1) DESC LIMIT 1',
        [idOrName],
        'getCluster',
      )
    )[0];
    return r ? toCluster(r) : null;
  }

  async deleteCluster(id: string): Promise<boolean> {
    return (await this.count('DELETE FROM clusters WHERE id = $1', [id], 'deleteCluster')) > 0;
  }

  async updateCluster(id: string, patch: Parameters<Store['updateCluster']>[1]): Promise<void> {
    const cols: Record<keyof ClusterFormation, string> = {
      serverTokenSealed: 'server_token_sealed',
      agentTokenSealed: 'agent_token_sealed',
      caHash: 'ca_hash',
      kubeconfigSealed: 'kubeconfig_sealed',
      initNodeId: 'init_node_id',
      lbNodeId: 'lb_node_id',
      registrationAddress: 'registration_address',
      statusMessage: 'status_message',
      readyAt: 'ready_at',
      initAssignedAt: 'init_assigned_at',
    };
    const vals: unknown[] = [Date.now()];
    const sets = ['updated_at = $1'];
    const add = (col: string, v: unknown): void => {
      vals.push(v);
      sets.push(`${col} = $${vals.length}`);
    };
    if (patch.phase !== undefined) add('phase', patch.phase);
    if (patch.epoch !== undefined) add('epoch', patch.epoch);
    for (const [k, v] of Object.entries(patch.formation ?? {}) as [keyof ClusterFormation, unknown][]) {
      const col = cols[k] as string | undefined;
      if (v === undefined || col === undefined) continue;
      add(col, v);
    }
    vals.push(id);
    await this.query(`UPDATE clusters SET ${sets.join(', ')} WHERE id = $${vals.length}`, vals, 'updateCluster');
  }

  // ----- tokens

  async createToken(t: JoinTokenRow): Promise<void> {
    await this.query(
      `INSERT INTO join_tokens (id, cluster_id, mac_key_sealed, roles, max_uses, uses, expires_at, revoked_at, created_at, failed_attempts, description, replace_node_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        t.id,
        t.clusterId,
        t.macKeySealed,
        JSON.stringify(t.roles),
        t.maxUses,
        t.uses,
        t.expiresAt,
        t.revokedAt,
        t.createdAt,
        t.failedAttempts,
        t.description,
        t.replaceNodeId,
      ],
      'createToken',
    );
  }

  async getToken(id: string): Promise<JoinTokenRow | null> {
    const r = (await this.query('SELECT * FROM join_tokens WHERE id = $1', [id], 'getToken'))[0];
    return r ? toToken(r) : null;
  }

  async listTokens(clusterId?: string): Promise<JoinTokenRow[]> {
    const rows = clusterId
      ? await this.query(
          'SELECT * FROM join_tokens WHERE cluster_id = $1 ORDER BY created_at, id',
          [clusterId],
          'listTokens',
        )
      : await this.query('SELECT * FROM join_tokens ORDER BY created_at, id', [], 'listTokens');
    return rows.map(toToken);
  }

  async revokeToken(id: string, now: number): Promise<boolean> {
    return (
      (await this.count(
        'UPDATE join_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
        [now, id],
        'revokeToken',
      )) > 0
    );
  }

  async recordTokenFailure(id: string): Promise<number> {
    const r = (
      await this.query(
        'UPDATE join_tokens SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts',
        [id],
        'recordTokenFailure',
      )
    )[0];
    return r ? num(r.failed_attempts) : 0;
  }

  /**
   * One transaction: a conditional UPDATE consumes a use only while the token
   * is usable (concurrent callers queue on the row lock and re-check the
   * condition, so a single-use token enrolls exactly one node), then the node
   * row is inserted; a failed insert rolls the use back.
   */
  async enrollNode(
    tokenId: string,
    now: number,
    node: NodeRow,
    event?: (stored: NodeRow) => NewEvent,
  ): Promise<{ ok: true; event?: EventRow } | { ok: false; reason: TokenRefusal }> {
    return this.transaction(async (tx) => {
      const used = await tx.query(
        'UPDATE join_tokens SET uses = uses + 1 WHERE id = $1 AND uses < max_uses AND revoked_at IS NULL AND expires_at > $2 RETURNING replace_node_id',
        [tokenId, now],
        'enrollNode',
      );
      const u = used[0];
      if (!u) {
        const t = (
          await tx.query('SELECT revoked_at, expires_at FROM join_tokens WHERE id = $1', [tokenId], 'enrollNode')
        )[0];
        if (!t) return { ok: false, reason: 'unknown' };
        if (t.revoked_at !== null) return { ok: false, reason: 'revoked' };
        if (num(t.expires_at) <= now) return { ok: false, reason: 'expired' };
        return { ok: false, reason: 'used-up' };
      }
      const n: NodeRow = { ...node, assignment: { ...node.assignment } };
      const oldId = u.replace_node_id;
      if (typeof oldId === 'string') {
        // Operator-initiated replace: the new identity takes the old node's
        // name, role and stored node password; the old identity is revoked.
        const old = (
          await tx.query(
            'SELECT name, role, node_password_sealed FROM nodes WHERE id = $1 FOR UPDATE',
            [oldId],
            'enrollNode',
          )
        )[0];
        if (old) {
          await tx.query(
            "UPDATE nodes SET revoked_at = COALESCE(revoked_at, $1), connected = FALSE, name = name || '~replaced-' || $2 WHERE id = $3",
            [now, String(now), oldId],
            'enrollNode',
          );
          n.name = str(old.name);
          n.role = str(old.role) as NodeRow['role'];
          n.assignment.nodePasswordSealed = bufOrNull(old.node_password_sealed);
        }
      }
      await tx.insertNode(n);
      // The caller sees the name and role actually stored (as with SQLite).
      node.name = n.name;
      node.role = n.role;
      node.assignment = n.assignment;
      // Last in the transaction: the events lock is held only until the commit.
      return event ? { ok: true as const, event: await tx.insertEvent(event(node)) } : { ok: true as const };
    });
  }

  private async insertNode(n: NodeRow): Promise<void> {
    await this.query(
      `INSERT INTO nodes (id, cluster_id, name, hostname, sign_pub, box_pub, token_id, allowed_roles, role, phase, last_error, connected,
         revoked_at, enrolled_at, last_seen_at, agent_version, address, report, prev_report, node_password_sealed, replica_id, connected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
      [
        n.id,
        n.clusterId,
        n.name,
        n.hostname,
        n.signPub,
        n.boxPub,
        n.tokenId,
        JSON.stringify(n.allowedRoles),
        n.role,
        n.phase,
        n.lastError,
        n.connected,
        n.revokedAt,
        n.enrolledAt,
        n.lastSeenAt,
        n.agentVersion,
        n.address,
        n.report ? JSON.stringify(n.report) : null,
        n.prevReport ? JSON.stringify(n.prevReport) : null,
        n.assignment.nodePasswordSealed,
        n.replicaId,
        n.connectedAt,
      ],
      'insertNode',
    );
  }

  // ----- nodes

  async getNode(idOrName: string): Promise<NodeRow | null> {
    const r = (
      await this.query(
        'SELECT * FROM nodes WHERE id = $1 OR name = $1 ORDER BY enrolled_at, id LIMIT 1',
        [idOrName],
        'getNode',
      )
    )[0];
    return r ? toNode(r) : null;
  }

  async countNodesByPhase(): Promise<Map<string, number>> {
    const rows = await this.query(
      'SELECT phase, COUNT(*)::int AS n FROM nodes WHERE revoked_at IS NULL GROUP BY phase',
      [],
      'countNodesByPhase',
    );
    return new Map(rows.map((r) => [String(r.phase), Number(r.n)]));
  }

  async clusterWaitStats(clusterId: string): Promise<{ total: number; reporting: number; firstEnrolledAt: number }> {
    const r = (
      await this.query(
        'SELECT COUNT(*)::int AS total, COUNT(*) FILTER (WHERE report IS NOT NULL AND connected)::int AS reporting, COALESCE(MIN(enrolled_at), 0) AS first FROM nodes WHERE cluster_id = $1 AND revoked_at IS NULL',
        [clusterId],
        'clusterWaitStats',
      )
    )[0];
    return {
      total: Number(r?.total ?? 0),
      reporting: Number(r?.reporting ?? 0),
      firstEnrolledAt: Number(r?.first ?? 0),
    };
  }

  async getNodeBySignPub(pub: Uint8Array): Promise<NodeRow | null> {
    const r = (await this.query('SELECT * FROM nodes WHERE sign_pub = $1', [Buffer.from(pub)], 'getNodeBySignPub'))[0];
    return r ? toNode(r) : null;
  }

  async listNodes(filter?: { clusterId?: string }): Promise<NodeRow[]> {
    const rows = filter?.clusterId
      ? await this.query(
          'SELECT * FROM nodes WHERE cluster_id = $1 ORDER BY enrolled_at, id',
          [filter.clusterId],
          'listNodes',
        )
      : await this.query('SELECT * FROM nodes ORDER BY enrolled_at, id', [], 'listNodes');
    return rows.map(toNode);
  }

  async nodeNameTaken(clusterId: string, name: string): Promise<boolean> {
    return (
      (await this.query('SELECT 1 FROM nodes WHERE cluster_id = $1 AND name = $2', [clusterId, name], 'nodeNameTaken'))
        .length > 0
    );
  }

  async saveReport(nodeId: string, report: CapabilityReport): Promise<void> {
    await this.query(
      'UPDATE nodes SET prev_report = report, report = $1 WHERE id = $2',
      [JSON.stringify(report), nodeId],
      'saveReport',
    );
  }

  async updateNodeStatus(nodeId: string, patch: Parameters<Store['updateNodeStatus']>[1]): Promise<void> {
    const cols: Record<string, string> = {
      phase: 'phase',
      lastError: 'last_error',
      connected: 'connected',
      lastSeenAt: 'last_seen_at',
      agentVersion: 'agent_version',
      address: 'address',
      hostname: 'hostname',
      replicaId: 'replica_id',
      connectedAt: 'connected_at',
    };
    const sets: string[] = [];
    const vals: unknown[] = [];
    for (const [k, v] of Object.entries(patch)) {
      const col = cols[k];
      if (!col || v === undefined) continue;
      vals.push(v);
      sets.push(`${col} = $${vals.length}`);
    }
    if (sets.length === 0) return;
    vals.push(nodeId);
    await this.query(`UPDATE nodes SET ${sets.join(', ')} WHERE id = $${vals.length}`, vals, 'updateNodeStatus');
  }

  /** One statement for the whole batch; rows are locked in id order so concurrent batches cannot deadlock. */
  async touchNodes(seen: ReadonlyArray<{ id: string; at: number }>): Promise<void> {
    if (seen.length === 0) return;
    const latest = new Map<string, number>();
    for (const s of seen) latest.set(s.id, Math.max(latest.get(s.id) ?? s.at, s.at));
    const ids = [...latest.keys()].sort();
    const ats = ids.map((id) => latest.get(id) ?? 0);
    await this.query(
      `UPDATE nodes AS n SET last_seen_at = GREATEST(n.last_seen_at, v.at)
       FROM (SELECT * FROM unnest($1::text[], $2::bigint[]) AS t(id, at)) AS v
       WHERE n.id = v.id`,
      [ids, ats],
      'touchNodes',
    );
  }

  async lastEventId(): Promise<number> {
    return num((await this.query('SELECT COALESCE(MAX(id), 0) AS id FROM events', [], 'lastEventId'))[0]?.id);
  }

  async markAllDisconnected(replicaId?: string): Promise<void> {
    if (replicaId === undefined)
      await this.query(
        "UPDATE nodes SET connected = FALSE, replica_id = '' WHERE connected OR replica_id <> ''",
        [],
        'markAllDisconnected',
      );
    else
      await this.query(
        "UPDATE nodes SET connected = FALSE, replica_id = '' WHERE replica_id = $1",
        [replicaId],
        'markAllDisconnected',
      );
  }

  async disconnectNode(nodeId: string, replicaId: string, at: number): Promise<boolean> {
    return (
      (await this.count(
        "UPDATE nodes SET connected = FALSE, replica_id = '', last_seen_at = GREATEST(last_seen_at, $3) WHERE id = $1 AND replica_id = $2",
        [nodeId, replicaId, at],
        'disconnectNode',
      )) > 0
    );
  }

  async heartbeatReplica(r: { id: string; url: string; at: number }): Promise<void> {
    await this.query(
      'INSERT INTO replicas (id, url, started_at, seen_at) VALUES ($1, $2, $3, $3) ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, seen_at = GREATEST(replicas.seen_at, EXCLUDED.seen_at)',
      [r.id, r.url, r.at],
      'heartbeatReplica',
    );
  }

  async listReplicas(): Promise<ReplicaRow[]> {
    return (await this.query('SELECT * FROM replicas ORDER BY started_at, id', [], 'listReplicas')).map(toReplica);
  }

  async removeReplica(id: string): Promise<void> {
    await this.query('DELETE FROM replicas WHERE id = $1', [id], 'removeReplica');
  }

  async enqueueMessage(m: { replicaId: string; nodeId: string; body: Buffer; at: number }): Promise<void> {
    await this.query(
      'INSERT INTO outbox (replica_id, node_id, body, created_at) VALUES ($1, $2, $3, $4)',
      [m.replicaId, m.nodeId, m.body, m.at],
      'enqueueMessage',
    );
  }

  async takeMessages(replicaId: string, limit: number): Promise<OutboxRow[]> {
    // SKIP LOCKED: two drains of one replica never hand out the same message.
    const rows = await this.query(
      'DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE replica_id = $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING *',
      [replicaId, limit],
      'takeMessages',
    );
    return rows.map(toOutbox).sort((a, b) => a.id - b.id);
  }

  async pruneMessages(before: number): Promise<number> {
    return this.count('DELETE FROM outbox WHERE created_at < $1', [before], 'pruneMessages');
  }

  async revokeNode(id: string, now: number): Promise<boolean> {
    return (
      (await this.count(
        'UPDATE nodes SET revoked_at = $1, connected = FALSE WHERE id = $2 AND revoked_at IS NULL',
        [now, id],
        'revokeNode',
      )) > 0
    );
  }

  async setRoles(roles: Parameters<Store['setRoles']>[0]): Promise<void> {
    if (roles.length === 0) return;
    const last = new Map<string, string>();
    for (const r of roles) last.set(r.nodeId, r.role);
    const ids = [...last.keys()].sort();
    await this.query(
      'UPDATE nodes AS n SET role = v.role FROM unnest($1::text[], $2::text[]) AS v(id, role) WHERE n.id = v.id',
      [ids, ids.map((id) => last.get(id) ?? 'none')],
      'setRoles',
    );
  }

  async saveAssignment(
    nodeId: string,
    a: Pick<NodeAssignmentState, 'epoch' | 'generation' | 'hash' | 'body' | 'signature'>,
  ): Promise<void> {
    await this.query(
      'UPDATE nodes SET epoch = $1, generation = $2, assignment_hash = $3, assignment_body = $4, assignment_sig = $5 WHERE id = $6',
      [a.epoch, a.generation, a.hash, a.body, a.signature, nodeId],
      'saveAssignment',
    );
  }

  async setNodePassword(nodeId: string, sealed: Buffer): Promise<void> {
    // Generated once: never overwrite an existing password (first writer wins across replicas).
    await this.query(
      'UPDATE nodes SET node_password_sealed = $1 WHERE id = $2 AND node_password_sealed IS NULL',
      [sealed, nodeId],
      'setNodePassword',
    );
  }

  async recordAck(nodeId: string, epoch: number, generation: number): Promise<void> {
    await this.query(
      'UPDATE nodes SET acked_epoch = $1, acked_generation = $2 WHERE id = $3',
      [epoch, generation, nodeId],
      'recordAck',
    );
  }

  async setNodeReady(nodeId: string, readyAt: number | null): Promise<void> {
    await this.query('UPDATE nodes SET ready_at = $1 WHERE id = $2', [readyAt, nodeId], 'setNodeReady');
  }

  async deleteNode(id: string): Promise<boolean> {
    return (await this.count('DELETE FROM nodes WHERE id = $1', [id], 'deleteNode')) > 0;
  }

  // ----- events

  /**
   * Identity values are handed out at insert time, not at commit, so two
   * replicas appending at once could commit ids out of order and a reader
   * paging with `after` would skip one. A transaction-scoped advisory lock
   * makes id order commit order.
   */
  async appendEvent(e: NewEvent): Promise<EventRow> {
    return this.transaction((tx) => tx.insertEvent(e));
  }

  /** Inside a transaction: the lock makes event ids follow commit order (see Audit.follow). */
  private async insertEvent(e: NewEvent): Promise<EventRow> {
    const ts = e.ts ?? Date.now();
    await this.query('SELECT pg_advisory_xact_lock($1)', [EVENTS_LOCK_KEY], 'appendEvent');
    const r = (
      await this.query(
        'INSERT INTO events (ts, type, cluster_id, node_id, actor, message, data) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
        [ts, e.type, e.clusterId, e.nodeId, e.actor, e.message, JSON.stringify(e.data)],
        'appendEvent',
      )
    )[0];
    if (!r) throw new CoordinatorError('store-failed', 'appendEvent returned no row');
    return toEvent(r);
  }

  async listEvents(q: Parameters<Store['listEvents']>[0]): Promise<EventRow[]> {
    const vals: unknown[] = [q.after ?? 0];
    const where = ['id > $1'];
    const add = (cond: (n: number) => string, v: unknown): void => {
      vals.push(v);
      where.push(cond(vals.length));
    };
    if (q.clusterId) add((n) => `cluster_id = $${n}`, q.clusterId);
    if (q.nodeId) add((n) => `node_id = $${n}`, q.nodeId);
    // ILIKE: SQLite's LIKE is case-insensitive for ASCII; match it.
    if (q.type) add((n) => `type ILIKE $${n}`, `${q.type}%`);
    vals.push(q.limit);
    const rows = await this.query(
      `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${vals.length}`,
      vals,
      'listEvents',
    );
    return rows.map(toEvent);
  }
}
