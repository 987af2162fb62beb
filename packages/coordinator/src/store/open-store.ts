/**
 * Picks the store backend from a datastore string: a `postgres://` or
 * `postgresql://` URL opens PostgreSQL (pg-store.ts), anything else is a
 * SQLite file path (sqlite-store.ts, the embedded default). Both are the one
 * SQL store (sql-store.ts); callers ask `store.capabilities` what the backend
 * can do beyond the {@link Store} interface. The password comes from, in
 * order: `password` (a file the operator named), the URL,
 * `K3SGRID_DATASTORE_PASSWORD`, then libpq's `PGPASSWORD`. URLs in errors
 * and logs are redacted.
 */
import { openPgStore, redactUrl } from './pg-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

export { redactUrl };

/** True for `postgres://…` and `postgresql://…`. */
export function isPostgresUrl(datastore: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(datastore);
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Password from a file or a secret store; overrides the URL's. */
  password?: string;
  /** Environment to read `K3SGRID_DATASTORE_PASSWORD` / `PGPASSWORD` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

/** The password {@link openStore} will use for a URL, or undefined to let pg decide. */
export function datastorePassword(url: string, o: OpenStoreOptions = {}): string | undefined {
  if (o.password !== undefined) return o.password;
  try {
    const fromUrl = new URL(url).password;
    if (fromUrl) return decodeURIComponent(fromUrl);
  } catch {
    // pg reports a malformed URL itself
  }
  const env = o.env ?? process.env;
  return env.K3SGRID_DATASTORE_PASSWORD || env.PGPASSWORD || undefined;
}

/** Opens and migrates the store named by `datastore` (URL or SQLite path). */
export async function openStore(datastore: string, o: OpenStoreOptions = {}): Promise<Store> {
  if (!isPostgresUrl(datastore)) return openSqliteStore(datastore);
  const password = datastorePassword(datastore, o);
  return openPgStore({
    connectionString: datastore,
    ...(password !== undefined ? { password } : {}),
    ...(o.poolSize !== undefined ? { max: o.poolSize } : {}),
  });
}
