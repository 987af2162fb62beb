/**
 * SQLite store (better-sqlite3): WAL journal, foreign keys, a busy timeout,
 * versioned migrations. better-sqlite3 is synchronous; methods still return
 * promises so the same {@link Store} interface fits PostgreSQL.
 */
import Database from 'better-sqlite3';
import type { CapabilityReport } from '@k3sgrid/proto';
import { CoordinatorError } from '../errors.js';
import { bufOrNull, num, str, toCluster, toEvent, toNode, toOutbox, toReplica, toToken, type Row } from './rows.js';
import { MIGRATIONS } from './migrations.js';
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

/** Opens (creating if needed) and migrates a SQLite database. */
export function openSqliteStore(path: string): SqliteStore {
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new CoordinatorError('store-failed', `cannot open database ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const store = new SqliteStore(db);
  store.migrate();
  return store;
}

export class SqliteStore implements Store {
  /**
   * Prepared statements by SQL text. Compiling a statement costs more than
   * running it (about 75 µs for a `SELECT *` over `nodes` against 5–25 µs to
   * run it), and the hot paths (authentication, heartbeats, events) run the
   * same few statements. Bounded: dynamic SQL beyond the cap is not kept.
   */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.statements.size < 256) this.statements.set(sql, st);
    }
    return st;
  }

  /** Applies pending migrations; returns the schema version. */
  migrate(): number {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => num(r.version)),
    );
    let version = Math.max(0, ...applied);
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      try {
        this.db.transaction(() => {
          this.db.exec(m.sql);
          this.db
            .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(m.version, m.name, Date.now());
        })();
      } catch (err) {
        throw new CoordinatorError(
          'migration-failed',
          `migration ${m.version} (${m.name}) failed: ${(err as Error).message}`,
          { cause: err },
        );
      }
      version = m.version;
    }
    return version;
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  getMeta(key: string): Promise<string | null> {
    const r = this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as Row | undefined;
    return Promise.resolve(r ? str(r.value) : null);
  }

  setMeta(key: string, value: string): Promise<void> {
    this.stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      key,
      value,
    );
    return Promise.resolve();
  }

  createCluster(c: ClusterRow): Promise<void> {
    this.stmt(
      'INSERT INTO clusters (id, name, spec, phase, epoch, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(c.id, c.name, JSON.stringify(c.spec), c.phase, c.epoch, c.createdAt, c.updatedAt);
    return Promise.resolve();
  }

  listClusters(): Promise<ClusterRow[]> {
    return Promise.resolve((this.stmt('SELECT * FROM clusters ORDER BY created_at, id').all() as Row[]).map(toCluster));
  }

  getCluster(idOrName: string): Promise<ClusterRow | null> {
    const r = this.stmt('SELECT * FROM clusters WHERE id = ? OR name = ? LIMIT 1').get(idOrName, idOrName) as
      Row | undefined;
    return Promise.resolve(r ? toCluster(r) : null);
  }

  deleteCluster(id: string): Promise<boolean> {
    return Promise.resolve(this.stmt('DELETE FROM clusters WHERE id = ?').run(id).changes > 0);
  }

  createToken(t: JoinTokenRow): Promise<void> {
    this.stmt(
      `INSERT INTO join_tokens (id, cluster_id, mac_key_sealed, roles, max_uses, uses, expires_at, revoked_at, created_at, failed_attempts, description, replace_node_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
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
    );
    return Promise.resolve();
  }

  getToken(id: string): Promise<JoinTokenRow | null> {
    const r = this.stmt('SELECT * FROM join_tokens WHERE id = ?').get(id) as Row | undefined;
    return Promise.resolve(r ? toToken(r) : null);
  }

  listTokens(clusterId?: string): Promise<JoinTokenRow[]> {
    const rows = clusterId
      ? this.stmt('SELECT * FROM join_tokens WHERE cluster_id = ? ORDER BY created_at, id').all(clusterId)
      : this.stmt('SELECT * FROM join_tokens ORDER BY created_at, id').all();
    return Promise.resolve((rows as Row[]).map(toToken));
  }

  revokeToken(id: string, now: number): Promise<boolean> {
    return Promise.resolve(
      this.stmt('UPDATE join_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes > 0,
    );
  }

  recordTokenFailure(id: string): Promise<number> {
    const r = this.stmt(
      'UPDATE join_tokens SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts',
    ).get(id) as Row | undefined;
    return Promise.resolve(r ? num(r.failed_attempts) : 0);
  }

  enrollNode(
    tokenId: string,
    now: number,
    node: NodeRow,
    event?: (stored: NodeRow) => NewEvent,
  ): Promise<{ ok: true; event?: EventRow } | { ok: false; reason: TokenRefusal }> {
    const tx = this.db.transaction((): { ok: true; event?: EventRow } | { ok: false; reason: TokenRefusal } => {
      // Conditional update: the row changes only if the token is usable now.
      const res = this.stmt(
        'UPDATE join_tokens SET uses = uses + 1 WHERE id = ? AND uses < max_uses AND revoked_at IS NULL AND expires_at > ?',
      ).run(tokenId, now);
      if (res.changes === 0) {
        const t = this.stmt('SELECT uses, max_uses, revoked_at, expires_at FROM join_tokens WHERE id = ?').get(
          tokenId,
        ) as Row | undefined;
        if (!t) return { ok: false, reason: 'unknown' };
        if (t.revoked_at !== null) return { ok: false, reason: 'revoked' };
        if (num(t.expires_at) <= now) return { ok: false, reason: 'expired' };
        return { ok: false, reason: 'used-up' };
      }
      const replace = this.stmt('SELECT replace_node_id FROM join_tokens WHERE id = ?').get(tokenId) as Row | undefined;
      const oldId = replace?.replace_node_id;
      if (typeof oldId === 'string') {
        // Operator-initiated replace: the new identity takes the old node's
        // name, role and stored node password; the old identity is revoked.
        const old = this.stmt('SELECT * FROM nodes WHERE id = ?').get(oldId) as Row | undefined;
        if (old) {
          this.stmt(
            "UPDATE nodes SET revoked_at = COALESCE(revoked_at, ?), connected = 0, name = name || '~replaced-' || ? WHERE id = ?",
          ).run(now, String(now), oldId);
          node.name = str(old.name);
          node.role = str(old.role) as NodeRow['role'];
          node.assignment = { ...node.assignment, nodePasswordSealed: bufOrNull(old.node_password_sealed) };
        }
      }
      this.insertNode(node);
      return event ? { ok: true, event: this.insertEvent(event(node)) } : { ok: true };
    });
    // A failure (constraint, the event builder) rolls back and rejects, as the Store contract says.
    try {
      return Promise.resolve(tx.immediate());
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private insertNode(n: NodeRow): void {
    this.stmt(
      `INSERT INTO nodes (id, cluster_id, name, hostname, sign_pub, box_pub, token_id, allowed_roles, role, phase, last_error, connected,
           revoked_at, enrolled_at, last_seen_at, agent_version, address, report, prev_report, node_password_sealed, replica_id, connected_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
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
      n.connected ? 1 : 0,
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
    );
  }

  getNode(idOrName: string): Promise<NodeRow | null> {
    // Two indexed lookups: `id = ? OR name = ?` scans the whole table.
    const r = (this.stmt('SELECT * FROM nodes WHERE id = ?').get(idOrName) ??
      this.stmt('SELECT * FROM nodes WHERE name = ? ORDER BY enrolled_at LIMIT 1').get(idOrName)) as Row | undefined;
    return Promise.resolve(r ? toNode(r) : null);
  }

  countNodesByPhase(): Promise<Map<string, number>> {
    const rows = this.stmt(
      'SELECT phase, COUNT(*) AS n FROM nodes WHERE revoked_at IS NULL GROUP BY phase',
    ).all() as Array<{ phase: string; n: number }>;
    return Promise.resolve(new Map(rows.map((r) => [r.phase, r.n])));
  }

  clusterWaitStats(clusterId: string): Promise<{ total: number; reporting: number; firstEnrolledAt: number }> {
    const r = this.stmt(
      'SELECT COUNT(*) AS total, COALESCE(SUM(report IS NOT NULL AND connected = 1), 0) AS reporting, COALESCE(MIN(enrolled_at), 0) AS first FROM nodes WHERE cluster_id = ? AND revoked_at IS NULL',
    ).get(clusterId) as { total: number; reporting: number; first: number };
    return Promise.resolve({ total: r.total, reporting: r.reporting, firstEnrolledAt: r.first });
  }

  getNodeBySignPub(pub: Uint8Array): Promise<NodeRow | null> {
    const r = this.stmt('SELECT * FROM nodes WHERE sign_pub = ?').get(Buffer.from(pub)) as Row | undefined;
    return Promise.resolve(r ? toNode(r) : null);
  }

  listNodes(filter?: { clusterId?: string }): Promise<NodeRow[]> {
    const rows = filter?.clusterId
      ? this.stmt('SELECT * FROM nodes WHERE cluster_id = ? ORDER BY enrolled_at, id').all(filter.clusterId)
      : this.stmt('SELECT * FROM nodes ORDER BY enrolled_at, id').all();
    return Promise.resolve((rows as Row[]).map(toNode));
  }

  nodeNameTaken(clusterId: string, name: string): Promise<boolean> {
    return Promise.resolve(
      this.stmt('SELECT 1 FROM nodes WHERE cluster_id = ? AND name = ?').get(clusterId, name) !== undefined,
    );
  }

  saveReport(nodeId: string, report: CapabilityReport): Promise<void> {
    this.stmt('UPDATE nodes SET prev_report = report, report = ? WHERE id = ?').run(JSON.stringify(report), nodeId);
    return Promise.resolve();
  }

  updateNodeStatus(nodeId: string, patch: Parameters<Store['updateNodeStatus']>[1]): Promise<void> {
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
      sets.push(`${col} = ?`);
      vals.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    }
    if (sets.length > 0) this.stmt(`UPDATE nodes SET ${sets.join(', ')} WHERE id = ?`).run(...vals, nodeId);
    return Promise.resolve();
  }

  touchNodes(seen: ReadonlyArray<{ id: string; at: number }>): Promise<void> {
    const stmt = this.stmt('UPDATE nodes SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ?');
    this.db.transaction(() => {
      for (const s of seen) stmt.run(s.at, s.id);
    })();
    return Promise.resolve();
  }

  lastEventId(): Promise<number> {
    return Promise.resolve(num((this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM events').get() as Row).id));
  }

  markAllDisconnected(replicaId?: string): Promise<void> {
    if (replicaId === undefined)
      this.stmt("UPDATE nodes SET connected = 0, replica_id = '' WHERE connected = 1 OR replica_id != ''").run();
    else this.stmt("UPDATE nodes SET connected = 0, replica_id = '' WHERE replica_id = ?").run(replicaId);
    return Promise.resolve();
  }

  disconnectNode(nodeId: string, replicaId: string, at: number): Promise<boolean> {
    const r = this.stmt(
      "UPDATE nodes SET connected = 0, replica_id = '', last_seen_at = MAX(last_seen_at, ?) WHERE id = ? AND replica_id = ?",
    ).run(at, nodeId, replicaId);
    return Promise.resolve(r.changes > 0);
  }

  heartbeatReplica(r: { id: string; url: string; at: number }): Promise<void> {
    this.stmt(
      'INSERT INTO replicas (id, url, started_at, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET url = excluded.url, seen_at = MAX(replicas.seen_at, excluded.seen_at)',
    ).run(r.id, r.url, r.at, r.at);
    return Promise.resolve();
  }

  listReplicas(): Promise<ReplicaRow[]> {
    return Promise.resolve((this.stmt('SELECT * FROM replicas ORDER BY started_at, id').all() as Row[]).map(toReplica));
  }

  removeReplica(id: string): Promise<void> {
    this.stmt('DELETE FROM replicas WHERE id = ?').run(id);
    return Promise.resolve();
  }

  enqueueMessage(m: { replicaId: string; nodeId: string; body: Buffer; at: number }): Promise<void> {
    this.stmt('INSERT INTO outbox (replica_id, node_id, body, created_at) VALUES (?, ?, ?, ?)').run(
      m.replicaId,
      m.nodeId,
      m.body,
      m.at,
    );
    return Promise.resolve();
  }

  takeMessages(replicaId: string, limit: number): Promise<OutboxRow[]> {
    const rows = this.stmt(
      'DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE replica_id = ? ORDER BY id LIMIT ?) RETURNING *',
    ).all(replicaId, limit) as Row[];
    return Promise.resolve(rows.map(toOutbox).sort((a, b) => a.id - b.id));
  }

  pruneMessages(before: number): Promise<number> {
    return Promise.resolve(this.stmt('DELETE FROM outbox WHERE created_at < ?').run(before).changes);
  }

  revokeNode(id: string, now: number): Promise<boolean> {
    return Promise.resolve(
      this.stmt('UPDATE nodes SET revoked_at = ?, connected = 0 WHERE id = ? AND revoked_at IS NULL').run(now, id)
        .changes > 0,
    );
  }

  updateCluster(id: string, patch: Parameters<Store['updateCluster']>[1]): Promise<void> {
    const cols: Record<string, string> = {
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
    const sets = ['updated_at = ?'];
    const vals: unknown[] = [Date.now()];
    if (patch.phase !== undefined) {
      sets.push('phase = ?');
      vals.push(patch.phase);
    }
    if (patch.epoch !== undefined) {
      sets.push('epoch = ?');
      vals.push(patch.epoch);
    }
    for (const [k, v] of Object.entries(patch.formation ?? {}) as [keyof ClusterFormation, unknown][]) {
      if (v === undefined) continue;
      sets.push(`${cols[k] ?? 'x'} = ?`);
      vals.push(v);
    }
    this.stmt(`UPDATE clusters SET ${sets.join(', ')} WHERE id = ?`).run(...vals, id);
    return Promise.resolve();
  }

  setRoles(roles: Parameters<Store['setRoles']>[0]): Promise<void> {
    const stmt = this.stmt('UPDATE nodes SET role = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const r of roles) stmt.run(r.role, r.nodeId);
    })();
    return Promise.resolve();
  }

  saveAssignment(
    nodeId: string,
    a: Pick<NodeAssignmentState, 'epoch' | 'generation' | 'hash' | 'body' | 'signature'>,
  ): Promise<void> {
    this.stmt(
      'UPDATE nodes SET epoch = ?, generation = ?, assignment_hash = ?, assignment_body = ?, assignment_sig = ? WHERE id = ?',
    ).run(a.epoch, a.generation, a.hash, a.body, a.signature, nodeId);
    return Promise.resolve();
  }

  setNodePassword(nodeId: string, sealed: Buffer): Promise<void> {
    // Generated once: never overwrite an existing password.
    this.stmt('UPDATE nodes SET node_password_sealed = ? WHERE id = ? AND node_password_sealed IS NULL').run(
      sealed,
      nodeId,
    );
    return Promise.resolve();
  }

  recordAck(nodeId: string, epoch: number, generation: number): Promise<void> {
    this.stmt('UPDATE nodes SET acked_epoch = ?, acked_generation = ? WHERE id = ?').run(epoch, generation, nodeId);
    return Promise.resolve();
  }

  setNodeReady(nodeId: string, readyAt: number | null): Promise<void> {
    this.stmt('UPDATE nodes SET ready_at = ? WHERE id = ?').run(readyAt, nodeId);
    return Promise.resolve();
  }

  deleteNode(id: string): Promise<boolean> {
    return Promise.resolve(this.stmt('DELETE FROM nodes WHERE id = ?').run(id).changes > 0);
  }

  appendEvent(e: NewEvent): Promise<EventRow> {
    return Promise.resolve(this.insertEvent(e));
  }

  private insertEvent(e: NewEvent): EventRow {
    const ts = e.ts ?? Date.now();
    const r = this.stmt(
      'INSERT INTO events (ts, type, cluster_id, node_id, actor, message, data) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
    ).get(ts, e.type, e.clusterId, e.nodeId, e.actor, e.message, JSON.stringify(e.data)) as Row;
    return toEvent(r);
  }

  listEvents(q: Parameters<Store['listEvents']>[0]): Promise<EventRow[]> {
    const where = ['id > ?'];
    const vals: unknown[] = [q.after ?? 0];
    const filters: Array<[string, unknown]> = [];
    if (q.clusterId) filters.push(['cluster_id = ?', q.clusterId]);
    if (q.nodeId) filters.push(['node_id = ?', q.nodeId]);
    if (q.type) filters.push(['type LIKE ?', `${q.type}%`]);
    for (const [w, v] of filters) {
      where.push(w);
      vals.push(v);
    }
    const rows = this.stmt(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`).all(
      ...vals,
      q.limit,
    ) as Row[];
    return Promise.resolve(rows.map(toEvent));
  }
}
