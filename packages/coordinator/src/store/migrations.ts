/**
 * Versioned schema migrations, one list for both dialects, applied in order
 * in one transaction and recorded in `schema_migrations`. Types that differ
 * are tokens the dialect fills in ({@link SchemaTypes}); the rest is SQL that
 * SQLite and PostgreSQL both accept. JSON columns are TEXT on both, so values
 * round-trip byte for byte. Never edit a released migration: add one.
 */

/** One schema step; `sql` may hold the tokens of {@link SchemaTypes}. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * What `{int}` (times in ms, counters, epochs), `{blob}`, `{bool}`, `{false}`
 * (its false literal) and `{serial}` (an auto-incrementing primary key) become.
 */
export type SchemaTypes = Record<'int' | 'blob' | 'bool' | 'false' | 'serial', string>;

/** The SQL of `m` in a dialect; throws on an unknown token. */
export function renderMigration(m: Migration, types: SchemaTypes): string {
  return m.sql.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (!Object.hasOwn(types, k)) throw new Error(`migration ${m.version}: unknown type token {${k}}`);
    return types[k as keyof SchemaTypes];
  });
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
  epoch {int} NOT NULL,
  created_at {int} NOT NULL,
  updated_at {int} NOT NULL
);
CREATE TABLE join_tokens (
  id TEXT PRIMARY KEY,
  cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  mac_key_sealed {blob} NOT NULL,
  roles TEXT NOT NULL,
  max_uses {int} NOT NULL,
  uses {int} NOT NULL DEFAULT 0,
  expires_at {int} NOT NULL,
  revoked_at {int},
  created_at {int} NOT NULL,
  failed_attempts {int} NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX join_tokens_cluster ON join_tokens(cluster_id);
CREATE TABLE nodes (
  id TEXT PRIMARY KEY,
  cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  hostname TEXT NOT NULL,
  sign_pub {blob} NOT NULL UNIQUE,
  box_pub {blob} NOT NULL,
  token_id TEXT NOT NULL,
  allowed_roles TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'none',
  phase TEXT NOT NULL DEFAULT 'pending',
  last_error TEXT NOT NULL DEFAULT '',
  connected {bool} NOT NULL DEFAULT {false},
  revoked_at {int},
  enrolled_at {int} NOT NULL,
  last_seen_at {int} NOT NULL,
  agent_version TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  report TEXT,
  prev_report TEXT,
  UNIQUE (cluster_id, name)
);
CREATE INDEX nodes_cluster ON nodes(cluster_id);
CREATE TABLE events (
  id {serial},
  ts {int} NOT NULL,
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
ALTER TABLE clusters ADD COLUMN server_token_sealed {blob};
ALTER TABLE clusters ADD COLUMN agent_token_sealed {blob};
ALTER TABLE clusters ADD COLUMN ca_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE clusters ADD COLUMN kubeconfig_sealed {blob};
ALTER TABLE clusters ADD COLUMN init_node_id TEXT;
ALTER TABLE clusters ADD COLUMN lb_node_id TEXT;
ALTER TABLE clusters ADD COLUMN registration_address TEXT NOT NULL DEFAULT '';
ALTER TABLE clusters ADD COLUMN status_message TEXT NOT NULL DEFAULT '';
ALTER TABLE clusters ADD COLUMN ready_at {int};
ALTER TABLE nodes ADD COLUMN epoch {int} NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN generation {int} NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN assignment_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN assignment_body {blob};
ALTER TABLE nodes ADD COLUMN assignment_sig {blob};
ALTER TABLE nodes ADD COLUMN acked_epoch {int} NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN acked_generation {int} NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN node_password_sealed {blob};
ALTER TABLE nodes ADD COLUMN ready_at {int};
ALTER TABLE join_tokens ADD COLUMN replace_node_id TEXT;
`,
  },
  {
    version: 3,
    name: 'fencing',
    sql: `ALTER TABLE clusters ADD COLUMN init_assigned_at {int};`,
  },
  {
    version: 4,
    name: 'nodes-by-name',
    // PostgreSQL databases made before the lists merged have a narrower
    // nodes_name(name) from version 1: replace it.
    sql: `DROP INDEX IF EXISTS nodes_name; CREATE INDEX nodes_name ON nodes(name, enrolled_at);`,
  },
  {
    version: 5,
    name: 'replicas',
    // Presence per replica, replica liveness and the cross-replica outbox
    // (unused with one SQLite process, kept so both backends share one schema).
    sql: `
ALTER TABLE nodes ADD COLUMN replica_id TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN connected_at {int} NOT NULL DEFAULT 0;
CREATE TABLE replicas (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  started_at {int} NOT NULL,
  seen_at {int} NOT NULL
);
CREATE TABLE outbox (
  id {serial},
  replica_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  body {blob} NOT NULL,
  created_at {int} NOT NULL
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
  {
    version: 7,
    name: 'releases',
    // k3s releases the coordinator holds (the bytes are content-addressed
    // files in the state dir; with replicas also chunks in blob_chunks, so a
    // replica that lacks a file copies it from the database), and a cluster's
    // hard stop (a server reported another CA), and on a node taking over a
    // server the name of the old etcd member to remove before it joins.
    sql: `
CREATE TABLE releases (
  version TEXT NOT NULL,
  arch TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size {int} NOT NULL,
  images_name TEXT NOT NULL DEFAULT '',
  images_sha256 TEXT NOT NULL DEFAULT '',
  images_size {int} NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT '',
  created_at {int} NOT NULL,
  PRIMARY KEY (version, arch)
);
CREATE INDEX releases_sha ON releases(sha256);
CREATE TABLE blob_chunks (
  sha256 TEXT NOT NULL,
  idx {int} NOT NULL,
  data {blob} NOT NULL,
  PRIMARY KEY (sha256, idx)
);
ALTER TABLE clusters ADD COLUMN halt_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN pending_removal TEXT NOT NULL DEFAULT '';
`,
  },
  {
    version: 8,
    name: 'access',
    // Users and service accounts (principals), their roles for all clusters
    // (cluster_id NULL) or one cluster, and their API tokens (a keyed hash of
    // the secret only); events filtered by actor.
    sql: `
CREATE TABLE principals (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at {int} NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, name)
);
CREATE TABLE grants (
  principal_id TEXT NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
  cluster_id TEXT REFERENCES clusters(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  created_at {int} NOT NULL
);
CREATE UNIQUE INDEX grants_scope ON grants(principal_id, COALESCE(cluster_id, ''));
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  principal_id TEXT NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  secret_hash {blob} NOT NULL,
  expires_at {int} NOT NULL,
  revoked_at {int},
  created_at {int} NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  UNIQUE (principal_id, name)
);
CREATE INDEX events_actor ON events(actor, id);
`,
  },
  {
    version: 9,
    name: 'cluster-operations',
    // A cluster's latest change (PATCH /v1/clusters/{id}) as JSON: its
    // target and progress survive a coordinator restart.
    sql: `
ALTER TABLE clusters ADD COLUMN operation TEXT NOT NULL DEFAULT '';
`,
  },
];
