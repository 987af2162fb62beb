/**
 * SQLite backend (better-sqlite3, the embedded default): the generic store
 * (sql-store.ts) over one connection with WAL, foreign keys and a busy
 * timeout. better-sqlite3 is synchronous: a statement runs when it is called,
 * and its result or error comes back as a settled promise.
 */
import Database from 'better-sqlite3';
import { CoordinatorError } from '../errors.js';
import type { Row } from './rows.js';
import { SqlStore, storeError, type Dialect, type SqlDriver } from './sql-store.js';
import type { StoreCapabilities } from './types.js';

const SQLITE: Dialect = {
  types: { int: 'INTEGER', blob: 'BLOB', bool: 'INTEGER', false: '0', serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' },
  greatest: 'MAX',
  ilike: 'LIKE',
  // A write transaction (BEGIN IMMEDIATE) holds the database's write lock.
  forUpdate: '',
  skipLocked: '',
};

/** Unique violations are `conflict`, missing referenced rows `not-found`. */
function translate(err: unknown, what: string): CoordinatorError {
  const code = (err as { code?: unknown } | null)?.code;
  const msg = err instanceof Error ? err.message : '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return storeError(err, what, 'conflict', msg.replace('constraint failed:', 'constraint on'));
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return storeError(err, what, 'not-found', 'FOREIGN KEY constraint');
  return storeError(err, what);
}

/** SQLite has no booleans: 1 and 0. An array binds as the anonymous parameters. */
const bind = (params: readonly unknown[]): readonly unknown[] =>
  params.some((v) => typeof v === 'boolean') ? params.map((v) => (typeof v === 'boolean' ? Number(v) : v)) : params;

/**
 * One connection. Statements are prepared once and cached. A transaction's
 * callback awaits, so while one is open, statements from outside it wait for
 * its end instead of running inside it (the callback must use the store it
 * is handed, never the outer one, which would wait for it).
 */
class SqliteDriver implements SqlDriver {
  /**
   * Prepared statements by SQL text. Compiling a statement costs more than
   * running it (about 75 µs for a `SELECT *` over `nodes` against 5–25 µs to
   * run it), and the hot paths (authentication, heartbeats, events) run the
   * same few statements. Bounded: dynamic SQL beyond the cap is not kept.
   */
  private readonly statements = new Map<string, Database.Statement>();
  /** Settles when the open transaction ends. */
  private busy: Promise<void> | null = null;
  /** What a transaction's callback gets: runs at once, inside the transaction. */
  private readonly inTx: SqlDriver = {
    rows: (what, sql, params) => this.rowsNow(what, sql, params),
    run: (what, sql, params) => this.runNow(what, sql, params),
    exec: (what, sql) => this.execNow(what, sql),
    transaction: (fn) => fn(this.inTx),
    close: () => Promise.resolve(),
  };

  constructor(private readonly db: Database.Database) {}

  rows(what: string, sql: string, params: readonly unknown[]): Promise<Row[]> {
    return this.busy ? this.later(() => this.rows(what, sql, params)) : this.rowsNow(what, sql, params);
  }

  run(what: string, sql: string, params: readonly unknown[]): Promise<number> {
    return this.busy ? this.later(() => this.run(what, sql, params)) : this.runNow(what, sql, params);
  }

  exec(what: string, sql: string): Promise<void> {
    return this.busy ? this.later(() => this.exec(what, sql)) : this.execNow(what, sql);
  }

  /** BEGIN IMMEDIATE: takes the write lock up front, so writers in other processes wait (busy timeout) instead of failing. */
  async transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
    while (this.busy) await this.busy;
    let end = (): void => undefined;
    this.busy = new Promise<void>((resolve) => (end = resolve));
    try {
      this.stmt('BEGIN IMMEDIATE').run();
      try {
        const result = await fn(this.inTx);
        this.stmt('COMMIT').run();
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.stmt('ROLLBACK').run();
        throw err;
      }
    } catch (err) {
      throw translate(err, 'transaction');
    } finally {
      this.busy = null;
      end();
    }
  }

  async close(): Promise<void> {
    while (this.busy) await this.busy;
    this.db.close();
  }

  private async later<T>(f: () => Promise<T>): Promise<T> {
    await this.busy;
    return f();
  }

  // Hot paths: no closures, and the parameters bind as they are.
  private rowsNow(what: string, sql: string, params: readonly unknown[]): Promise<Row[]> {
    try {
      const st = this.stmt(sql);
      if (st.reader) return Promise.resolve(st.all(bind(params)) as Row[]);
      st.run(bind(params));
      return Promise.resolve([]);
    } catch (err) {
      return Promise.reject(translate(err, what));
    }
  }

  private runNow(what: string, sql: string, params: readonly unknown[]): Promise<number> {
    try {
      return Promise.resolve(this.stmt(sql).run(bind(params)).changes);
    } catch (err) {
      return Promise.reject(translate(err, what));
    }
  }

  private execNow(what: string, sql: string): Promise<void> {
    try {
      this.db.exec(sql);
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(translate(err, what));
    }
  }

  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.statements.size < 256) this.statements.set(sql, st);
    }
    return st;
  }
}

/** The store on SQLite: one coordinator process. */
export class SqliteStore extends SqlStore {
  readonly capabilities: StoreCapabilities = { shared: false };

  /** Use {@link openSqliteStore}. */
  constructor(db: Database.Database) {
    super(new SqliteDriver(db), SQLITE);
  }
}

/** Opens (creating if needed) and migrates a SQLite database; rejects with `store-failed` or `migration-failed`. */
export async function openSqliteStore(path: string): Promise<SqliteStore> {
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new CoordinatorError('store-failed', `cannot open database ${path}: ${msg}`, { cause: err });
  }
  const store = new SqliteStore(db);
  try {
    await store.migrate();
  } catch (err) {
    db.close();
    throw err;
  }
  return store;
}
