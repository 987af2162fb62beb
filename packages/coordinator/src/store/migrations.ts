/**
 * Versioned schema migrations, applied in order, each in its own transaction,
 * recorded in `schema_migrations`. Never edit a released migration: add one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
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
  epoch INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE join_tokens (
  id TEXT PRIMARY KEY,
  cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  mac_key_sealed BLOB NOT NULL,
  roles TEXT NOT NULL,
  max_uses INTEGER NOT NULL,
  uses INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  created_at INTEGER NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX join_tokens_cluster ON join_tokens(cluster_id);
CREATE TABLE nodes (
  id TEXT PRIMARY KEY,
  cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  hostname TEXT NOT NULL,
  sign_pub BLOB NOT NULL UNIQUE,
  box_pub BLOB NOT NULL,
  token_id TEXT NOT NULL,
  allowed_roles TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'none',
  phase TEXT NOT NULL DEFAULT 'pending',
  last_error TEXT NOT NULL DEFAULT '',
  connected INTEGER NOT NULL DEFAULT 0,
  revoked_at INTEGER,
  enrolled_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  agent_version TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  report TEXT,
  prev_report TEXT,
  UNIQUE (cluster_id, name)
);
CREATE INDEX nodes_cluster ON nodes(cluster_id);
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
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
ALTER TABLE clusters ADD COLUMN server_token_sealed BLOB;
ALTER TABLE clusters ADD COLUMN agent_token_sealed BLOB;
ALTER TABLE clusters ADD COLUMN ca_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE clusters ADD COLUMN kubeconfig_sealed BLOB;
ALTER TABLE clusters ADD COLUMN init_node_id TEXT;
ALTER TABLE clusters ADD COLUMN lb_node_id TEXT;
ALTER TABLE clusters ADD COLUMN registration_address TEXT NOT NULL DEFAULT '';
ALTER TABLE clusters ADD COLUMN status_message TEXT NOT NULL DEFAULT '';
ALTER TABLE clusters ADD COLUMN ready_at INTEGER;
ALTER TABLE nodes ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN assignment_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN assignment_body BLOB;
ALTER TABLE nodes ADD COLUMN assignment_sig BLOB;
ALTER TABLE nodes ADD COLUMN acked_epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN acked_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN node_password_sealed BLOB;
ALTER TABLE nodes ADD COLUMN ready_at INTEGER;
ALTER TABLE join_tokens ADD COLUMN replace_node_id TEXT;
`,
  },
  {
    version: 3,
    name: 'fencing',
    sql: `ALTER TABLE clusters ADD COLUMN init_assigned_at INTEGER;`,
  },
  {
    version: 4,
    name: 'nodes-by-name',
    sql: `CREATE INDEX nodes_name ON nodes(name, enrolled_at);`,
  },
  {
    version: 5,
    name: 'replicas',
    // Presence per replica, replica liveness and the cross-replica outbox
    // (unused with one SQLite process, kept so both backends share one schema).
    sql: `
ALTER TABLE nodes ADD COLUMN replica_id TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN connected_at INTEGER NOT NULL DEFAULT 0;
CREATE TABLE replicas (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  seen_at INTEGER NOT NULL
);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  replica_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  body BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX outbox_replica ON outbox(replica_id, id);
`,
  },
  {
    version: 6,
    name: 'aggregate-indexes',
    // Covering indexes for the reconciler's per-pass aggregates
    // (clusterWaitStats, countNodesByPhase): read from the index, not from
    // node rows that carry two JSON reports each.
    sql: `
CREATE INDEX nodes_wait ON nodes(cluster_id, revoked_at, connected, enrolled_at, (report IS NOT NULL));
CREATE INDEX nodes_phase ON nodes(revoked_at, phase);
`,
  },
];
