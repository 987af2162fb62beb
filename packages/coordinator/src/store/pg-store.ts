/**
 * PostgreSQL backend (pg), for coordinator replicas sharing one database: the
 * generic store (sql-store.ts) over a pool, where every transaction runs on
 * one pooled client. What only PostgreSQL does: migrations under an advisory
 * lock (replicas starting together migrate once), event ids in commit order,
 * `unnest` batches, `FOR UPDATE [SKIP LOCKED]`, LISTEN/NOTIFY and advisory
 * locks, offered through {@link PgStore.capabilities}.
 *
 * BIGINT columns are parsed to JS numbers (times in ms, counters, epochs:
 * all below 2^53); BYTEA comes back as Buffer; JSON stays TEXT.
 */
import pg from 'pg';
import { backoffMs } from '@k3sgrid/proto';
import { CoordinatorError } from '../errors.js';
import type { Row } from './rows.js';
import { SqlStore, storeError, type Dialect, type SqlDriver } from './sql-store.js';
import type { SqlAccess, Store, StoreCapabilities } from './types.js';

/** Key of the transaction-scoped advisory lock that serialises migrations across replicas. */
const MIGRATION_LOCK_KEY = 0x6b33_7367; // 'k3sg'
/** Key of the advisory lock that orders event ids by commit (see SqlStore.appendEvent). */
const EVENTS_LOCK_KEY = 0x6b33_7365;

const POSTGRES: Dialect = {
  types: {
    int: 'BIGINT',
    blob: 'BYTEA',
    bool: 'BOOLEAN',
    false: 'FALSE',
    serial: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  },
  greatest: 'GREATEST',
  ilike: 'ILIKE',
  forUpdate: ' FOR UPDATE',
  skipLocked: ' FOR UPDATE SKIP LOCKED',
  migrationLock: `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`,
  // Replica coordination, outside the version list: SQLite (one process) has no use for it.
  afterMigrations: `
CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  epoch BIGINT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);`,
  eventLock: `SELECT pg_advisory_xact_lock(${EVENTS_LOCK_KEY})`,
};

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

/** Removes the password from a connection URL, for logs and messages. */
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

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

const pgCode = (err: unknown): unknown => (err as { code?: unknown } | null)?.code;

/** 23505 unique violation → `conflict`, 23503 foreign key violation → `not-found`. */
function translate(err: unknown, what: string): CoordinatorError {
  const c = (err as { constraint?: unknown } | null)?.constraint;
  const constraint = typeof c === 'string' ? c : undefined;
  const code = pgCode(err);
  return storeError(err, what, code === '23505' ? 'conflict' : code === '23503' ? 'not-found' : undefined, constraint);
}

/** `?` placeholders numbered `$1, $2, …` (SQL already written with `$n` has no `?` and passes unchanged). */
const numberedSql = new Map<string, string>();
function numbered(sql: string): string {
  let out = numberedSql.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (numberedSql.size < 512) numberedSql.set(sql, out);
  }
  return out;
}

/** The pool, or (bound) one client inside a transaction. */
class PgDriver implements SqlDriver {
  constructor(
    private readonly pool: pg.Pool,
    private readonly q: pg.Pool | pg.PoolClient = pool,
    private readonly bound = false,
  ) {}

  async rows(what: string, sql: string, params: readonly unknown[]): Promise<Row[]> {
    return (await this.query(what, numbered(sql), params)).rows;
  }

  async run(what: string, sql: string, params: readonly unknown[]): Promise<number> {
    return (await this.query(what, numbered(sql), params)).rowCount ?? 0;
  }

  async exec(what: string, sql: string): Promise<void> {
    await this.query(what, sql); // no parameters: the simple protocol, which takes several statements
  }

  private async query(what: string, sql: string, params?: readonly unknown[]): Promise<pg.QueryResult<Row>> {
    try {
      return await this.q.query<Row>(sql, params as unknown[] | undefined);
    } catch (err) {
      throw translate(err, what);
    }
  }

  /**
   * READ COMMITTED on one pooled client. A serialization failure or deadlock
   * of BEGIN or COMMIT itself is retried up to 3 times; errors of the
   * statements inside `fn` are not (`fn` may have done more than SQL).
   */
  async transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
    if (this.bound) return fn(this);
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (err) {
        throw translate(err, 'connect');
      }
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(new PgDriver(this.pool, client, true));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        if (attempt < 3 && RETRYABLE.has(pgCode(err) as string)) continue;
        throw translate(err, 'transaction');
      } finally {
        client.release(broken);
      }
    }
  }

  close(): Promise<void> {
    return this.bound ? Promise.resolve() : this.pool.end();
  }
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
  const store = new PgStore(pool, config);
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

function checkChannel(channel: string): void {
  if (!CHANNEL_RE.test(channel))
    throw new CoordinatorError('bad-request', `invalid channel name ${JSON.stringify(channel)}`);
}

/** The dedicated LISTEN connection, reconnected with backoff when lost. */
class PgListener {
  private client: pg.Client | null = null;
  private ready: Promise<pg.Client> | null = null;
  private readonly channels = new Map<string, Set<NotifyListener>>();
  private closed = false;

  constructor(private readonly config: pg.PoolConfig) {}

  async listen(channel: string, cb: NotifyListener): Promise<() => Promise<void>> {
    let set = this.channels.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    set.add(cb);
    this.ready ??= this.connect(0);
    const client = await this.ready;
    if (first) await client.query(`LISTEN ${channel}`);
    return async () => {
      const s = this.channels.get(channel);
      s?.delete(cb);
      if (s && s.size === 0) {
        this.channels.delete(channel);
        await this.client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    this.ready = null;
    this.channels.clear();
    if (c) await c.end().catch(() => undefined);
  }

  private async connect(attempt: number): Promise<pg.Client> {
    if (this.closed) throw new CoordinatorError('unavailable', 'store closed');
    // The pool's connection settings, not its pool-only ones.
    const { connectionString, password, ssl, user, host, port, database, statement_timeout } = this.config;
    const { connectionTimeoutMillis, types, application_name } = this.config;
    const client = new pg.Client({
      ...{
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
      },
      application_name: `${application_name ?? 'k3sgrid'}-listen`,
    });
    const lost = (): void => {
      if (this.closed || this.client !== client) return;
      this.client = null;
      const delay = backoffMs(attempt, { baseMs: 100, capMs: 5000 });
      this.ready = new Promise((resolve) => setTimeout(resolve, delay)).then(() => this.connect(attempt + 1));
      this.ready.catch(() => undefined);
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
      this.client = client;
      lost();
      return this.ready ?? Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.client = client;
    if (attempt > 0) for (const set of this.channels.values()) for (const cb of set) cb(null);
    return client;
  }
}

/** The store on PostgreSQL: one of many replicas. */
export class PgStore extends SqlStore implements SqlAccess {
  readonly capabilities: StoreCapabilities;
  private readonly listener: PgListener;

  /** Use {@link openPgStore}. */
  constructor(
    private readonly pool: pg.Pool,
    config: pg.PoolConfig,
  ) {
    super(new PgDriver(pool), POSTGRES);
    this.listener = new PgListener(config);
    this.capabilities = {
      shared: true,
      signals: { listen: (ch, cb) => this.listen(ch, cb), notify: (ch, p) => this.notify(ch, p) },
      advisoryLock: (key, fn) => this.withAdvisoryLock(key, fn),
      sql: this,
    };
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    await this.listener.close();
    await super.close();
  }

  /**
   * Subscribes to a channel on a dedicated connection (callbacks get `null`
   * after a reconnect, to resync). Resolves to an unsubscribe function.
   * Channel names are lower-case identifiers.
   */
  async listen(channel: string, cb: NotifyListener): Promise<() => Promise<void>> {
    checkChannel(channel);
    return this.listener.listen(channel, cb);
  }

  /** Sends a notification (delivered at commit when called inside {@link transaction}); payload < 8000 bytes. */
  async notify(channel: string, payload: string): Promise<void> {
    checkChannel(channel);
    await this.db.run('notify', 'SELECT pg_notify(?, ?)', [channel, payload]);
  }

  /** Runs `fn` while holding a session-level advisory lock on a dedicated client (e.g. replicas initialising shared keys one at a time). */
  async withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw translate(err, 'connect');
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

  /** One statement for the whole batch; rows are locked in id order so concurrent batches cannot deadlock. */
  override async touchNodes(seen: ReadonlyArray<{ id: string; at: number }>): Promise<void> {
    if (seen.length === 0) return;
    const latest = new Map<string, number>();
    for (const s of seen) latest.set(s.id, Math.max(latest.get(s.id) ?? s.at, s.at));
    const ids = [...latest.keys()].sort();
    const sql = `UPDATE nodes AS n SET last_seen_at = GREATEST(n.last_seen_at, v.at)
      FROM (SELECT * FROM unnest(?::text[], ?::bigint[]) AS t(id, at)) AS v WHERE n.id = v.id`;
    await this.db.run('touchNodes', sql, [ids, ids.map((id) => latest.get(id) ?? 0)]);
  }

  /** One statement for all roles (the last role given for a node wins), in id order as above. */
  override async setRoles(roles: Parameters<Store['setRoles']>[0]): Promise<void> {
    if (roles.length === 0) return;
    const last = new Map<string, string>();
    for (const r of roles) last.set(r.nodeId, r.role);
    const ids = [...last.keys()].sort();
    const sql =
      'UPDATE nodes AS n SET role = v.role FROM unnest(?::text[], ?::text[]) AS v(id, role) WHERE n.id = v.id';
    await this.db.run('setRoles', sql, [ids, ids.map((id) => last.get(id) ?? 'none')]);
  }
}
