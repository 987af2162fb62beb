/**
 * The store, written once: every {@link Store} method in SQL that SQLite and
 * PostgreSQL both run, over a small driver (statements, transactions, error
 * translation) and a {@link Dialect} (the few fragments that differ), in the
 * manner of k3s-io/kine's generic driver. Backends override only what truly
 * differs: sqlite-store.ts (one connection, cached prepared statements),
 * pg-store.ts (pool, `unnest` batches, event order, LISTEN/NOTIFY, advisory
 * locks).
 *
 * SQL here uses `?` placeholders (the PostgreSQL driver numbers them) and
 * never has a `?` inside a literal. Booleans are bound as booleans (SQLite's
 * driver turns them into 0/1) and written `TRUE`/`FALSE`, which SQLite reads
 * as 1/0.
 */
import type { CapabilityReport } from '@k3sgrid/proto';
import { CoordinatorError } from '../errors.js';
import { MIGRATIONS, renderMigration, type SchemaTypes } from './migrations.js';
import {
  buf,
  bufOrNull,
  num,
  str,
  toCluster,
  toEvent,
  toNode,
  toOutbox,
  toRelease,
  toReplica,
  toToken,
  toApiToken,
  toGrant,
  toPrincipal,
  type Row,
} from './rows.js';
import { emptyFormation } from './types.js';
import type {
  ApiTokenRow,
  GrantRow,
  PrincipalRow,
  ClusterRow,
  EventRow,
  JoinTokenRow,
  NewEvent,
  NodeRow,
  OutboxRow,
  ReleaseRow,
  ReplicaRow,
  Store,
  StoreCapabilities,
  TokenRefusal,
} from './types.js';

/** The SQL that differs between SQLite and PostgreSQL. */
export interface Dialect {
  readonly types: SchemaTypes;
  /** Two-argument maximum: `GREATEST` or SQLite's `MAX`. */
  readonly greatest: string;
  /** Case-insensitive LIKE (SQLite's LIKE already is, for ASCII). */
  readonly ilike: string;
  /** Row lock for a SELECT in a write transaction; '' where a write transaction locks the whole database. */
  readonly forUpdate: string;
  /** The same, skipping rows another transaction holds. */
  readonly skipLocked: string;
  /** Runs first in the migration transaction (replicas starting together migrate once). */
  readonly migrationLock?: string;
  /** Idempotent SQL after the versioned migrations (tables only this backend needs). */
  readonly afterMigrations?: string;
  /** Runs before an event insert, in its transaction, so event ids follow commit order. */
  readonly eventLock?: string;
}

/** What the store needs from a connection. Failures reject with CoordinatorErrors naming `what`. */
export interface SqlDriver {
  /** Rows of a SELECT or a `... RETURNING` statement. */
  rows(what: string, sql: string, params: readonly unknown[]): Promise<Row[]>;
  /** Runs a write; resolves to the number of rows it changed. */
  run(what: string, sql: string, params: readonly unknown[]): Promise<number>;
  /** Runs several statements without parameters (migrations). */
  exec(what: string, sql: string): Promise<void>;
  /** Runs `fn` in one transaction on a driver bound to it; calls on a bound driver join it. */
  transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A driver error as a CoordinatorError: `conflict` for a unique violation,
 * `not-found` for a missing referenced row, `store-failed` otherwise. The
 * message names the constraint, never the values (they may be secrets).
 */
export function storeError(
  err: unknown,
  what: string,
  kind?: 'conflict' | 'not-found',
  constraint = 'a constraint',
): CoordinatorError {
  if (err instanceof CoordinatorError) return err;
  const cause = { cause: err };
  if (kind === 'conflict') return new CoordinatorError(kind, `${what}: duplicate value violates ${constraint}`, cause);
  if (kind === 'not-found')
    return new CoordinatorError(kind, `${what}: a referenced row does not exist (${constraint})`, cause);
  return new CoordinatorError('store-failed', `${what}: ${err instanceof Error ? err.message : String(err)}`, cause);
}

/** Events deleted per statement by retention: no prune holds the database for long. */
const PRUNE_BATCH = 5000;

/**
 * Every fixed statement, named by what it does; `run('getMeta', key)` runs
 * one and names it in errors. Like kine's generic driver, the SQL lives in
 * one table and a dialect fills in the fragments that differ.
 */
function statementsFor(d: Dialect) {
  return {
    getMeta: 'SELECT value FROM meta WHERE key = ?',
    setMeta: 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    createCluster:
      'INSERT INTO clusters (id, name, spec, phase, epoch, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    listClusters: 'SELECT * FROM clusters ORDER BY created_at, id',
    getCluster: 'SELECT * FROM clusters WHERE id = ? OR name = ? ORDER BY (id = ?) DESC LIMIT 1',
    deleteCluster: 'DELETE FROM clusters WHERE id = ?',
    createToken: `INSERT INTO join_tokens (id, cluster_id, mac_key_sealed, roles, max_uses, uses, expires_at, revoked_at, created_at, failed_attempts, description, replace_node_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    getToken: 'SELECT * FROM join_tokens WHERE id = ?',
    listTokens: 'SELECT * FROM join_tokens ORDER BY created_at, id',
    listClusterTokens: 'SELECT * FROM join_tokens WHERE cluster_id = ? ORDER BY created_at, id',
    revokeToken: 'UPDATE join_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    recordTokenFailure:
      'UPDATE join_tokens SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts',
    useToken: `UPDATE join_tokens SET uses = uses + 1 WHERE id = ? AND uses < max_uses AND revoked_at IS NULL AND expires_at > ? RETURNING replace_node_id`,
    tokenState: 'SELECT revoked_at, expires_at FROM join_tokens WHERE id = ?',
    replacedNode: `SELECT name, role, node_password_sealed FROM nodes WHERE id = ?${d.forUpdate}`,
    retireNode: `UPDATE nodes SET revoked_at = COALESCE(revoked_at, ?), connected = FALSE, name = name || '~replaced-' || ? WHERE id = ?`,
    insertNode: `INSERT INTO nodes (id, cluster_id, name, hostname, sign_pub, box_pub, token_id, allowed_roles, role, phase, last_error, connected, revoked_at, enrolled_at, last_seen_at, agent_version, address, report, prev_report, node_password_sealed, replica_id, connected_at, pending_removal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    // Two indexed lookups, the id first (an OR would sort both).
    getNodeById: 'SELECT * FROM nodes WHERE id = ?',
    getNodeByName: 'SELECT * FROM nodes WHERE name = ? ORDER BY enrolled_at, id LIMIT 1',
    getNodeBySignPub: 'SELECT * FROM nodes WHERE sign_pub = ?',
    listNodes: 'SELECT * FROM nodes ORDER BY enrolled_at, id',
    listClusterNodes: 'SELECT * FROM nodes WHERE cluster_id = ? ORDER BY enrolled_at, id',
    countNodesByPhase: 'SELECT phase, COUNT(*) AS n FROM nodes WHERE revoked_at IS NULL GROUP BY phase',
    // This form reads only the covering index nodes_wait on SQLite (with FILTER it reads the rows).
    clusterWaitStats: `SELECT COUNT(*) AS total, COALESCE(SUM(CAST(report IS NOT NULL AND connected AS INTEGER)), 0) AS reporting, COALESCE(MIN(enrolled_at), 0) AS first FROM nodes WHERE cluster_id = ? AND revoked_at IS NULL`,
    nodeNameTaken: 'SELECT 1 FROM nodes WHERE cluster_id = ? AND name = ?',
    saveReport: 'UPDATE nodes SET prev_report = report, report = ? WHERE id = ?',
    touchNode: `UPDATE nodes SET last_seen_at = ${d.greatest}(last_seen_at, ?) WHERE id = ?`,
    disconnectAll: "UPDATE nodes SET connected = FALSE, replica_id = '' WHERE connected OR replica_id <> ''",
    disconnectReplica: "UPDATE nodes SET connected = FALSE, replica_id = '' WHERE replica_id = ?",
    disconnectNode: `UPDATE nodes SET connected = FALSE, replica_id = '', last_seen_at = ${d.greatest}(last_seen_at, ?) WHERE id = ? AND replica_id = ?`,
    revokeNode: 'UPDATE nodes SET revoked_at = ?, connected = FALSE WHERE id = ? AND revoked_at IS NULL',
    deleteNode: 'DELETE FROM nodes WHERE id = ?',
    heartbeatReplica: `INSERT INTO replicas (id, url, started_at, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET url = excluded.url, seen_at = ${d.greatest}(replicas.seen_at, excluded.seen_at)`,
    listReplicas: 'SELECT * FROM replicas ORDER BY started_at, id',
    removeReplica: 'DELETE FROM replicas WHERE id = ?',
    enqueueMessage: 'INSERT INTO outbox (replica_id, node_id, body, created_at) VALUES (?, ?, ?, ?)',
    // SKIP LOCKED on PostgreSQL: two drains of one replica never hand out the same message.
    takeMessages: `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE replica_id = ? ORDER BY id LIMIT ?${d.skipLocked}) RETURNING *`,
    pruneMessages: 'DELETE FROM outbox WHERE created_at < ?',
    setRole: 'UPDATE nodes SET role = ? WHERE id = ?',
    saveAssignment:
      'UPDATE nodes SET epoch = ?, generation = ?, assignment_hash = ?, assignment_body = ?, assignment_sig = ? WHERE id = ?',
    // Generated once: never overwrite an existing password (first writer wins across replicas).
    setNodePassword: 'UPDATE nodes SET node_password_sealed = ? WHERE id = ? AND node_password_sealed IS NULL',
    recordAck: 'UPDATE nodes SET acked_epoch = ?, acked_generation = ? WHERE id = ?',
    setNodeReady: 'UPDATE nodes SET ready_at = ? WHERE id = ?',
    appendEvent: `INSERT INTO events (ts, type, cluster_id, node_id, actor, message, data) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    lastEventId: 'SELECT COALESCE(MAX(id), 0) AS id FROM events',
    updateEventData: 'UPDATE events SET data = ? WHERE id = ?',
    putRelease: `INSERT INTO releases (version, arch, sha256, size, images_name, images_sha256, images_size, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (version, arch) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, images_name = excluded.images_name, images_sha256 = excluded.images_sha256, images_size = excluded.images_size, source = excluded.source, created_at = excluded.created_at`,
    listReleases: 'SELECT * FROM releases ORDER BY version, arch',
    getRelease: 'SELECT * FROM releases WHERE version = ? AND arch = ?',
    releasesWithBlob: 'SELECT * FROM releases WHERE sha256 = ? OR images_sha256 = ? ORDER BY version, arch',
    deleteRelease: 'DELETE FROM releases WHERE version = ? AND arch = ?',
    putBlobChunk:
      'INSERT INTO blob_chunks (sha256, idx, data) VALUES (?, ?, ?) ON CONFLICT (sha256, idx) DO UPDATE SET data = excluded.data',
    getBlobChunks: 'SELECT data FROM blob_chunks WHERE sha256 = ? AND idx >= ? ORDER BY idx LIMIT ?',
    countBlobChunks: 'SELECT COUNT(*) AS n FROM blob_chunks WHERE sha256 = ?',
    deleteBlobChunks: 'DELETE FROM blob_chunks WHERE sha256 = ?',
    // Retention, oldest first in batches (ids follow time: no index on ts needed).
    pruneOldEvents: `DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id LIMIT ${PRUNE_BATCH}) AND ts < ?`,
    eventKeepBoundary: 'SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?',
    pruneEventsBelow: `DELETE FROM events WHERE id IN (SELECT id FROM events WHERE id < ? ORDER BY id LIMIT ${PRUNE_BATCH})`,
    createPrincipal:
      'INSERT INTO principals (id, kind, name, description, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
    getPrincipal: 'SELECT * FROM principals WHERE kind = ? AND name = ?',
    getPrincipalById: 'SELECT * FROM principals WHERE id = ?',
    listPrincipals: 'SELECT * FROM principals ORDER BY kind, name',
    listPrincipalsOfKind: 'SELECT * FROM principals WHERE kind = ? ORDER BY name',
    deletePrincipal: 'DELETE FROM principals WHERE id = ?',
    // COALESCE: one grant per principal and scope, NULL (all clusters) included.
    deleteGrant: "DELETE FROM grants WHERE principal_id = ? AND COALESCE(cluster_id, '') = ?",
    insertGrant: 'INSERT INTO grants (principal_id, cluster_id, role, created_at) VALUES (?, ?, ?, ?)',
    listGrants: 'SELECT * FROM grants ORDER BY principal_id, cluster_id',
    listPrincipalGrants: 'SELECT * FROM grants WHERE principal_id = ? ORDER BY cluster_id',
    createApiToken:
      'INSERT INTO api_tokens (id, principal_id, name, secret_hash, expires_at, revoked_at, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    getApiToken: 'SELECT * FROM api_tokens WHERE id = ?',
    listApiTokens: 'SELECT * FROM api_tokens ORDER BY created_at, id',
    listPrincipalApiTokens: 'SELECT * FROM api_tokens WHERE principal_id = ? ORDER BY created_at, id',
    revokeApiToken: 'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  };
}

/** A statement's name in {@link statementsFor}. */
export type Statement = keyof ReturnType<typeof statementsFor>;

/** The fields each patch may set, and their columns (the field's name in snake_case). */
const columns = (fields: string[]): Map<string, string> =>
  new Map(fields.map((f) => [f, f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]));
const CLUSTER_COLUMNS = columns(['phase', 'epoch', 'spec']);
/** Fields stored as JSON text. */
const JSON_FIELDS = new Set(['spec', 'operation']);
const FORMATION_COLUMNS = columns(Object.keys(emptyFormation()));
const NODE_STATUS_COLUMNS = columns(
  'phase lastError connected lastSeenAt agentVersion address hostname replicaId connectedAt pendingRemoval'.split(' '),
);

type EnrollResult = { ok: true; event?: EventRow } | { ok: false; reason: TokenRefusal };

/** Every {@link Store} method once, for any {@link SqlDriver} and {@link Dialect}. */
export abstract class SqlStore implements Store {
  abstract readonly capabilities: StoreCapabilities;
  protected closed = false;
  private readonly statements: Record<Statement, string>;

  protected constructor(
    /** The connection, or in a bound view (see {@link transaction}) one transaction. */
    protected readonly db: SqlDriver,
    protected readonly d: Dialect,
  ) {
    this.statements = statementsFor(d);
  }

  /**
   * Runs `fn` in one transaction and commits; rolls back when it rejects.
   * `tx` is this store bound to the transaction (a view sharing all state,
   * whose statements join it); nested calls join the outer transaction.
   */
  transaction<T>(fn: (tx: this) => Promise<T>): Promise<T> {
    return this.db.transaction((db) =>
      fn(db === this.db ? this : (Object.create(this, { db: { value: db }, closed: { value: true } }) as this)),
    );
  }

  /** Runs SQL in this backend's own dialect (placeholders `?`, or `$n` on PostgreSQL). */
  sql(text: string, values: unknown[] = []): Promise<Row[]> {
    return this.db.rows('query', text, values);
  }

  /** Runs a named statement; resolves to the rows changed. */
  protected run(name: Statement, ...params: unknown[]): Promise<number> {
    return this.db.run(name, this.statements[name], params);
  }

  protected rows(name: Statement, ...params: unknown[]): Promise<Row[]> {
    return this.db.rows(name, this.statements[name], params);
  }

  protected async one(name: Statement, ...params: unknown[]): Promise<Row | undefined> {
    return (await this.db.rows(name, this.statements[name], params))[0];
  }

  /** Applies pending migrations, all in one transaction; resolves to the schema version. */
  migrate(): Promise<number> {
    const types = this.d.types;
    return this.transaction(async ({ db }) => {
      if (this.d.migrationLock) await db.exec('migrate', this.d.migrationLock);
      const table = `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${types.int} NOT NULL)`;
      await db.exec('migrate', table);
      const applied = new Set(
        (await db.rows('migrate', 'SELECT version FROM schema_migrations', [])).map((r) => num(r.version)),
      );
      let version = Math.max(0, ...applied);
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        try {
          await db.exec('migrate', renderMigration(m, types));
          const record = 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)';
          await db.run('migrate', record, [m.version, m.name, Date.now()]);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          throw new CoordinatorError('migration-failed', `migration ${m.version} (${m.name}) failed: ${msg}`, {
            cause: err,
          });
        }
        version = m.version;
      }
      if (this.d.afterMigrations) await db.exec('migrate', this.d.afterMigrations);
      return version;
    });
  }

  /** Closes the connection once; later calls resolve at once, calls of other methods reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }

  async getMeta(key: string): Promise<string | null> {
    const r = await this.one('getMeta', key);
    return r ? str(r.value) : null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.run('setMeta', key, value);
  }

  // ----- clusters

  async createCluster(c: ClusterRow): Promise<void> {
    await this.run('createCluster', c.id, c.name, JSON.stringify(c.spec), c.phase, c.epoch, c.createdAt, c.updatedAt);
  }

  async listClusters(): Promise<ClusterRow[]> {
    return (await this.rows('listClusters')).map(toCluster);
  }

  async getCluster(idOrName: string): Promise<ClusterRow | null> {
    const r = await this.one('getCluster', idOrName, idOrName, idOrName);
    return r ? toCluster(r) : null;
  }

  async deleteCluster(id: string): Promise<boolean> {
    return (await this.run('deleteCluster', id)) > 0;
  }

  async updateCluster(id: string, patch: Parameters<Store['updateCluster']>[1]): Promise<void> {
    const { formation = {}, ...top } = patch;
    const fields = [
      ...Object.entries(top).map(([k, v]) => [k, CLUSTER_COLUMNS.get(k), v] as const),
      ...Object.entries(formation).map(([k, v]) => [k, FORMATION_COLUMNS.get(k), v] as const),
    ];
    const sets = ['updated_at = ?'];
    const vals: unknown[] = [Date.now()];
    for (const [k, col, v] of fields) {
      // A field the schema does not know is a programming error: refuse the whole write.
      if (col === undefined)
        throw new CoordinatorError('internal', `updateCluster: unknown field ${JSON.stringify(k)}`);
      if (v === undefined) continue;
      sets.push(`${col} = ?`);
      vals.push(JSON_FIELDS.has(k) ? (v === null ? '' : JSON.stringify(v)) : v);
    }
    await this.db.run('updateCluster', `UPDATE clusters SET ${sets.join(', ')} WHERE id = ?`, [...vals, id]);
  }

  // ----- tokens

  async createToken(t: JoinTokenRow): Promise<void> {
    await this.run(
      'createToken',
      ...[t.id, t.clusterId, t.macKeySealed, JSON.stringify(t.roles), t.maxUses, t.uses, t.expiresAt, t.revokedAt],
      ...[t.createdAt, t.failedAttempts, t.description, t.replaceNodeId],
    );
  }

  async getToken(id: string): Promise<JoinTokenRow | null> {
    const r = await this.one('getToken', id);
    return r ? toToken(r) : null;
  }

  async listTokens(clusterId?: string): Promise<JoinTokenRow[]> {
    return (clusterId ? await this.rows('listClusterTokens', clusterId) : await this.rows('listTokens')).map(toToken);
  }

  async revokeToken(id: string, now: number): Promise<boolean> {
    return (await this.run('revokeToken', now, id)) > 0;
  }

  async recordTokenFailure(id: string): Promise<number> {
    return num((await this.one('recordTokenFailure', id))?.failed_attempts);
  }

  /**
   * One transaction: a conditional UPDATE consumes a use only while the token
   * is usable (concurrent callers queue on the row lock, or on SQLite's
   * database lock, and re-check the condition, so a single-use token enrolls
   * exactly one node), then the node row and its event are inserted; a
   * failure rolls the use back.
   */
  enrollNode(
    tokenId: string,
    now: number,
    node: NodeRow,
    event?: (stored: NodeRow) => NewEvent,
  ): Promise<EnrollResult> {
    return this.transaction(async (tx): Promise<EnrollResult> => {
      const u = await tx.one('useToken', tokenId, now);
      if (!u) {
        const t = await tx.one('tokenState', tokenId);
        if (!t) return { ok: false, reason: 'unknown' };
        if (t.revoked_at !== null) return { ok: false, reason: 'revoked' };
        if (num(t.expires_at) <= now) return { ok: false, reason: 'expired' };
        return { ok: false, reason: 'used-up' };
      }
      const n: NodeRow = { ...node, assignment: { ...node.assignment } };
      const oldId = u.replace_node_id;
      // Operator-initiated replace: the new identity takes the old node's
      // name, role and stored node password; the old identity is revoked.
      const old = typeof oldId === 'string' ? await tx.one('replacedNode', oldId) : undefined;
      if (old) {
        await tx.run('retireNode', now, String(now), oldId);
        n.name = str(old.name);
        n.role = str(old.role) as NodeRow['role'];
        n.assignment.nodePasswordSealed = bufOrNull(old.node_password_sealed);
        // A server's etcd member carries its name: it must go before the new machine joins under it.
        if (n.role === 'server' || n.role === 'server-init') n.pendingRemoval = n.name;
      }
      await tx.run(
        'insertNode',
        ...[
          n.id,
          n.clusterId,
          n.name,
          n.hostname,
          n.signPub,
          n.boxPub,
          n.tokenId,
          JSON.stringify(n.allowedRoles),
          n.role,
        ],
        ...[n.phase, n.lastError, n.connected, n.revokedAt, n.enrolledAt, n.lastSeenAt, n.agentVersion, n.address],
        ...[n.report ? JSON.stringify(n.report) : null, n.prevReport ? JSON.stringify(n.prevReport) : null],
        ...[n.assignment.nodePasswordSealed, n.replicaId, n.connectedAt, n.pendingRemoval],
      );
      // The caller sees the name and role actually stored.
      node.name = n.name;
      node.role = n.role;
      node.assignment = n.assignment;
      node.pendingRemoval = n.pendingRemoval;
      // Last in the transaction: an event lock is held only until the commit.
      return event ? { ok: true, event: await tx.insertEvent(event(node)) } : { ok: true };
    });
  }

  // ----- nodes

  async getNode(idOrName: string): Promise<NodeRow | null> {
    const r = (await this.one('getNodeById', idOrName)) ?? (await this.one('getNodeByName', idOrName));
    return r ? toNode(r) : null;
  }

  async getNodeBySignPub(pub: Uint8Array): Promise<NodeRow | null> {
    const r = await this.one('getNodeBySignPub', Buffer.from(pub));
    return r ? toNode(r) : null;
  }

  async listNodes(filter?: { clusterId?: string }): Promise<NodeRow[]> {
    const id = filter?.clusterId;
    return (id ? await this.rows('listClusterNodes', id) : await this.rows('listNodes')).map(toNode);
  }

  async countNodesByPhase(): Promise<Map<string, number>> {
    return new Map((await this.rows('countNodesByPhase')).map((r) => [str(r.phase), num(r.n)]));
  }

  async clusterWaitStats(clusterId: string): Promise<{ total: number; reporting: number; firstEnrolledAt: number }> {
    const r = await this.one('clusterWaitStats', clusterId);
    return { total: num(r?.total), reporting: num(r?.reporting), firstEnrolledAt: num(r?.first) };
  }

  async nodeNameTaken(clusterId: string, name: string): Promise<boolean> {
    return (await this.one('nodeNameTaken', clusterId, name)) !== undefined;
  }

  async saveReport(nodeId: string, report: CapabilityReport): Promise<void> {
    await this.run('saveReport', JSON.stringify(report), nodeId);
  }

  async updateNodeStatus(nodeId: string, patch: Parameters<Store['updateNodeStatus']>[1]): Promise<void> {
    const sets: string[] = [];
    const vals: unknown[] = [];
    for (const [k, v] of Object.entries(patch)) {
      const col = NODE_STATUS_COLUMNS.get(k);
      if (col === undefined || v === undefined) continue;
      sets.push(`${col} = ?`);
      vals.push(v);
    }
    if (sets.length === 0) return;
    vals.push(nodeId);
    await this.db.run('updateNodeStatus', `UPDATE nodes SET ${sets.join(', ')} WHERE id = ?`, vals);
  }

  /** One transaction for the batch, a cached statement per node (PostgreSQL: one statement). */
  async touchNodes(seen: ReadonlyArray<{ id: string; at: number }>): Promise<void> {
    if (seen.length === 0) return;
    await this.transaction(async (tx) => {
      for (const s of seen) await tx.run('touchNode', s.at, s.id);
    });
  }

  async markAllDisconnected(replicaId?: string): Promise<void> {
    await (replicaId === undefined ? this.run('disconnectAll') : this.run('disconnectReplica', replicaId));
  }

  async disconnectNode(nodeId: string, replicaId: string, at: number): Promise<boolean> {
    return (await this.run('disconnectNode', at, nodeId, replicaId)) > 0;
  }

  async revokeNode(id: string, now: number): Promise<boolean> {
    return (await this.run('revokeNode', now, id)) > 0;
  }

  async deleteNode(id: string): Promise<boolean> {
    return (await this.run('deleteNode', id)) > 0;
  }

  // ----- replicas and outbox

  async heartbeatReplica(r: { id: string; url: string; at: number }): Promise<void> {
    await this.run('heartbeatReplica', r.id, r.url, r.at, r.at);
  }

  async listReplicas(): Promise<ReplicaRow[]> {
    return (await this.rows('listReplicas')).map(toReplica);
  }

  async removeReplica(id: string): Promise<void> {
    await this.run('removeReplica', id);
  }

  async enqueueMessage(m: { replicaId: string; nodeId: string; body: Buffer; at: number }): Promise<void> {
    await this.run('enqueueMessage', m.replicaId, m.nodeId, m.body, m.at);
  }

  async takeMessages(replicaId: string, limit: number): Promise<OutboxRow[]> {
    return (await this.rows('takeMessages', replicaId, limit)).map(toOutbox).sort((a, b) => a.id - b.id);
  }

  async pruneMessages(before: number): Promise<number> {
    return this.run('pruneMessages', before);
  }

  // ----- formation state

  /** One transaction for all roles (PostgreSQL: one statement). */
  async setRoles(roles: Parameters<Store['setRoles']>[0]): Promise<void> {
    if (roles.length === 0) return;
    await this.transaction(async (tx) => {
      for (const r of roles) await tx.run('setRole', r.role, r.nodeId);
    });
  }

  async saveAssignment(nodeId: string, a: Parameters<Store['saveAssignment']>[1]): Promise<void> {
    await this.run('saveAssignment', a.epoch, a.generation, a.hash, a.body, a.signature, nodeId);
  }

  async setNodePassword(nodeId: string, sealed: Buffer): Promise<void> {
    await this.run('setNodePassword', sealed, nodeId);
  }

  async recordAck(nodeId: string, epoch: number, generation: number): Promise<void> {
    await this.run('recordAck', epoch, generation, nodeId);
  }

  async setNodeReady(nodeId: string, readyAt: number | null): Promise<void> {
    await this.run('setNodeReady', readyAt, nodeId);
  }

  // ----- events

  /**
   * With an {@link Dialect.eventLock} (PostgreSQL: identity values are handed
   * out at insert, not at commit, so two replicas appending at once could
   * commit ids out of order and a reader paging with `after` would skip one)
   * the insert gets its own transaction, which holds the lock to the commit.
   */
  appendEvent(e: NewEvent): Promise<EventRow> {
    return this.d.eventLock ? this.transaction((tx) => tx.insertEvent(e)) : this.insertEvent(e);
  }

  private async insertEvent(e: NewEvent): Promise<EventRow> {
    if (this.d.eventLock) await this.db.run('appendEvent', this.d.eventLock, []);
    const data = JSON.stringify(e.data);
    const r = await this.one(
      'appendEvent',
      e.ts ?? Date.now(),
      e.type,
      e.clusterId,
      e.nodeId,
      e.actor,
      e.message,
      data,
    );
    if (!r) throw new CoordinatorError('store-failed', 'appendEvent returned no row');
    return toEvent(r);
  }

  async lastEventId(): Promise<number> {
    return num((await this.one('lastEventId'))?.id);
  }

  // ----- releases and blob chunks

  async putRelease(r: ReleaseRow): Promise<void> {
    await this.run(
      'putRelease',
      ...[r.version, r.arch, r.sha256, r.size, r.imagesName, r.imagesSha256, r.imagesSize, r.source, r.createdAt],
    );
  }

  async listReleases(): Promise<ReleaseRow[]> {
    return (await this.rows('listReleases')).map(toRelease);
  }

  async getRelease(version: string, arch: string): Promise<ReleaseRow | null> {
    const r = await this.one('getRelease', version, arch);
    return r ? toRelease(r) : null;
  }

  async releasesWithBlob(sha256: string): Promise<ReleaseRow[]> {
    return (await this.rows('releasesWithBlob', sha256, sha256)).map(toRelease);
  }

  async deleteRelease(version: string, arch: string): Promise<boolean> {
    return (await this.run('deleteRelease', version, arch)) > 0;
  }

  async putBlobChunk(sha256: string, idx: number, data: Buffer): Promise<void> {
    await this.run('putBlobChunk', sha256, idx, data);
  }

  async getBlobChunks(sha256: string, from: number, count: number): Promise<Buffer[]> {
    return (await this.rows('getBlobChunks', sha256, from, count)).map((r) => buf(r.data));
  }

  async countBlobChunks(sha256: string): Promise<number> {
    return num((await this.one('countBlobChunks', sha256))?.n);
  }

  async deleteBlobChunks(sha256: string): Promise<void> {
    await this.run('deleteBlobChunks', sha256);
  }

  async updateEventData(id: number, data: Record<string, unknown>): Promise<void> {
    if ((await this.run('updateEventData', JSON.stringify(data), id)) === 0)
      throw new CoordinatorError('not-found', `event ${id} not found`);
  }

  async pruneEvents(q: { before: number; keep: number }): Promise<number> {
    if (!Number.isInteger(q.keep) || q.keep < 1)
      throw new CoordinatorError('bad-request', `pruneEvents: keep must be a positive integer, got ${q.keep}`);
    let deleted = 0;
    for (let n = PRUNE_BATCH; n === PRUNE_BATCH; deleted += n) n = await this.run('pruneOldEvents', q.before);
    const boundary = await this.one('eventKeepBoundary', q.keep - 1);
    if (boundary)
      for (let n = PRUNE_BATCH; n === PRUNE_BATCH; deleted += n)
        n = await this.run('pruneEventsBelow', num(boundary.id));
    return deleted;
  }

  async listEvents(q: Parameters<Store['listEvents']>[0]): Promise<EventRow[]> {
    const where = ['id > ?'];
    const vals: unknown[] = [q.after ?? 0];
    const filter = (cond: string, v: unknown): void => {
      where.push(cond);
      vals.push(v);
    };
    if (q.clusterId) filter('cluster_id = ?', q.clusterId);
    if (q.nodeId) filter('node_id = ?', q.nodeId);
    if (q.type) filter(`type ${this.d.ilike} ?`, `${q.type}%`);
    // `user:` is every user; LIKE needs its wildcards escaped in the name part.
    if (q.actor?.endsWith(':')) filter("actor LIKE ? ESCAPE '\\'", `${q.actor.replace(/[\\%_]/g, '\\$&')}%`);
    else if (q.actor) filter('actor = ?', q.actor);
    if (q.clusterIds) {
      if (q.clusterIds.length === 0) return [];
      where.push(`cluster_id IN (${q.clusterIds.map(() => '?').join(', ')})`);
      vals.push(...q.clusterIds);
    }
    const sql = `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`;
    return (await this.db.rows('listEvents', sql, [...vals, q.limit])).map(toEvent);
  }

  // ----- principals, grants and API tokens

  async createPrincipal(p: PrincipalRow): Promise<void> {
    await this.run('createPrincipal', p.id, p.kind, p.name, p.description, p.createdAt, p.createdBy);
  }

  async getPrincipal(kind: PrincipalRow['kind'], name: string): Promise<PrincipalRow | null> {
    const r = await this.one('getPrincipal', kind, name);
    return r ? toPrincipal(r) : null;
  }

  async getPrincipalById(id: string): Promise<PrincipalRow | null> {
    const r = await this.one('getPrincipalById', id);
    return r ? toPrincipal(r) : null;
  }

  async listPrincipals(kind?: PrincipalRow['kind']): Promise<PrincipalRow[]> {
    return (kind ? await this.rows('listPrincipalsOfKind', kind) : await this.rows('listPrincipals')).map(toPrincipal);
  }

  async deletePrincipal(id: string): Promise<boolean> {
    return (await this.run('deletePrincipal', id)) > 0;
  }

  /** Replace in one transaction (an upsert on the COALESCE index is not portable). */
  async putGrant(g: GrantRow): Promise<void> {
    await this.transaction(async (tx) => {
      await tx.run('deleteGrant', g.principalId, g.clusterId ?? '');
      await tx.run('insertGrant', g.principalId, g.clusterId, g.role, g.createdAt);
    });
  }

  async deleteGrant(principalId: string, clusterId: string | null): Promise<boolean> {
    return (await this.run('deleteGrant', principalId, clusterId ?? '')) > 0;
  }

  async listGrants(principalId?: string): Promise<GrantRow[]> {
    return (principalId ? await this.rows('listPrincipalGrants', principalId) : await this.rows('listGrants')).map(
      toGrant,
    );
  }

  async createApiToken(t: ApiTokenRow): Promise<void> {
    await this.run(
      'createApiToken',
      ...[t.id, t.principalId, t.name, t.secretHash, t.expiresAt, t.revokedAt, t.createdAt, t.createdBy],
    );
  }

  async getApiToken(id: string): Promise<ApiTokenRow | null> {
    const r = await this.one('getApiToken', id);
    return r ? toApiToken(r) : null;
  }

  async listApiTokens(principalId?: string): Promise<ApiTokenRow[]> {
    return (
      principalId ? await this.rows('listPrincipalApiTokens', principalId) : await this.rows('listApiTokens')
    ).map(toApiToken);
  }

  async revokeApiToken(id: string, now: number): Promise<boolean> {
    return (await this.run('revokeApiToken', now, id)) > 0;
  }
}
