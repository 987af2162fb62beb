/**
 * PostgreSQL translation of the SQLite migrations (migrations.ts): the same
 * versions and names, so both backends share one schema history. Types map
 * TEXT→TEXT, INTEGER (times, counters, epochs)→BIGINT, BLOB→BYTEA, the
 * `connected` flag→BOOLEAN, AUTOINCREMENT→an identity column. JSON columns
 * stay TEXT so values round-trip byte for byte as on SQLite.
 *
 * Every new SQLite migration gets a PostgreSQL twin with the same version
 * (a unit test checks the lists match). Never edit a released migration.
 */
import type { Migration } from './migrations.js';

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE clusters (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,
  phase TEXT NOT NULL,
  epoch BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE join_tokens (
  id TEXT PRIMARY KEY,
  cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  mac_key_sealed BYTEA NOT NULL,
  roles TEXT NOT NULL,
  max_uses BIGINT NOT NULL,
  uses BIGINT NOT NULL DEFAULT 0,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL,
  failed_attempts BIGINT NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX join_tokens_cluster ON join_tokens(cluster_id);
CREATE TABLE nodes (
  id TEXT PRIMARY KEY,
  cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  hostname TEXT NOT NULL,
  sign_pub BYTEA NOT NULL UNIQUE,
  box_pub BYTEA NOT NULL,
  token_id TEXT NOT NULL,
  allowed_roles TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'none',
  phase TEXT NOT NULL DEFAULT 'pending',
  last_error TEXT NOT NULL DEFAULT '',
  connected BOOLEAN NOT NULL DEFAULT FALSE,
  revoked_at BIGINT,
  enrolled_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  agent_version TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  report TEXT,
  prev_report TEXT,
  UNIQUE (cluster_id, name)
);
CREATE INDEX nodes_cluster ON nodes(cluster_id);
CREATE INDEX nodes_name ON nodes(name);
CREATE TABLE events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ts BIGINT NOT NULL,
  type TEXT NOT NULL,
  cluster_id TEXT,
  node_id TEXT,
  actor TEXT NOT NULL,
  message TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX events_cluster ON events(cluster_id, id);
`,
  },
  {
    version: 2,
    name: 'formation',
    sql: `
ALTER TABLE clusters ADD COLUMN server_token_sealed BYTEA;
ALTER TABLE clusters ADD COLUMN agent_token_sealed BYTEA;
ALTER TABLE clusters ADD COLUMN ca_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE clusters ADD COLUMN kubeconfig_sealed BYTEA;
ALTER TABLE clusters ADD COLUMN init_node_id TEXT;
ALTER TABLE clusters ADD COLUMN lb_node_id TEXT;
ALTER TABLE clusters ADD COLUMN registration_address TEXT NOT NULL DEFAULT '';
ALTER TABLE clusters ADD COLUMN status_message TEXT NOT NULL DEFAULT '';
ALTER TABLE clusters ADD COLUMN ready_at BIGINT;
ALTER TABLE nodes ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN assignment_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN assignment_body BYTEA;
ALTER TABLE nodes ADD COLUMN assignment_sig BYTEA;
ALTER TABLE nodes ADD COLUMN acked_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN acked_generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN node_password_sealed BYTEA;
ALTER TABLE nodes ADD COLUMN ready_at BIGINT;
ALTER TABLE join_tokens ADD COLUMN replace_node_id TEXT;
`,
  },
  {
    version: 3,
    name: 'fencing',
    sql: `ALTER TABLE clusters ADD COLUMN init_assigned_at BIGINT;`,
  },
  {
    version: 4,
    name: 'nodes-by-name',
    // Version 1 already had nodes_name on (name): widen it for the ordered lookup.
    sql: `DROP INDEX IF EXISTS nodes_name; CREATE INDEX nodes_name ON nodes(name, enrolled_at);`,
  },
  {
    version: 5,
    name: 'replicas',
    sql: `
ALTER TABLE nodes ADD COLUMN replica_id TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN connected_at BIGINT NOT NULL DEFAULT 0;
CREATE TABLE replicas (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  seen_at BIGINT NOT NULL
);
CREATE TABLE outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  replica_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  body BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX outbox_replica ON outbox(replica_id, id);
`,
  },
  {
    version: 6,
    name: 'aggregate-indexes',
    // Same schema as SQLite: indexes for the reconciler's per-pass aggregates.
    sql: `
CREATE INDEX nodes_wait ON nodes(cluster_id, revoked_at, connected, enrolled_at, (report IS NOT NULL));
CREATE INDEX nodes_phase ON nodes(revoked_at, phase);
`,
  },
];

/**
 * Tables only the PostgreSQL backend needs (replica coordination), created
 * idempotently after the versioned migrations, under the same lock. They are
 * outside the version list because SQLite (one process) has no use for them.
 */
export const PG_SUPPORT_SQL = `
CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  epoch BIGINT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);
`;

/** Key of the transaction-scoped advisory lock that serialises migrations across replicas. */
export const MIGRATION_LOCK_KEY = 0x6b33_7367; // 'k3sg'
/** Key of the advisory lock that orders event ids by commit (see PgStore.appendEvent). */
export const EVENTS_LOCK_KEY = 0x6b33_7365;
/** Key of the advisory lock held while a replica initialises shared keys (state-dir.ts). */
export const INIT_LOCK_KEY = 0x6b33_7369;
