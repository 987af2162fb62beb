/**
 * The store on its own (`@k3sgrid/coordinator/store`): rows, the
 * {@link Store} interface, migrations and the embedded SQLite backend. It
 * loads neither the API, the gateway nor the PostgreSQL driver, so a process
 * that only writes to SQLite (the store crash test's writers, bundled and
 * started hundreds of times) stays small and starts fast. The package index
 * re-exports all of it, plus the PostgreSQL backend and `openStore`.
 */
export * from './types.js';
export { openSqliteStore, SqliteStore } from './sqlite-store.js';
export { MIGRATIONS, type Migration } from './migrations.js';
