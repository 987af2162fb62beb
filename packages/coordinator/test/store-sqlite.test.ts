/**
 * The store conformance suite on SQLite (the embedded default), plus the
 * single-process lease, store selection and databases made by the migrations
 * as they were before the SQLite and PostgreSQL lists became one.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createLease, fencedStore, LocalLease } from '../src/formation/lease.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { isPostgresUrl, openStore, redactUrl, datastorePassword } from '../src/store/open-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { OLD_PG_MIGRATIONS, OLD_SQLITE_MIGRATIONS } from './fixtures/old-migrations.js';

const OLD_LAST = OLD_SQLITE_MIGRATIONS.at(-1)?.version ?? 0;
import { storeConformanceSuite } from './store-suite.js';
import { tempDir } from '@k3sgrid/testkit';
import { clusterRow, nodeRow, tokenRow } from '@k3sgrid/testkit/rows';

storeConformanceSuite('sqlite', async () => {
  const dir = tempDir('store');
  return {
    store: await openSqliteStore(join(dir, 'k3sgrid.db')),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
});

/** The schema as SQLite records it, whitespace normalised. */
function sqliteSchema(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
      .all();
    return (rows as Array<Record<string, string | null>>).map((r) =>
      [r.type, r.name, r.tbl_name, (r.sql ?? '').replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')')].join(
        ' | ',
      ),
    );
  } finally {
    db.close();
  }
}

describe('migrations: one list for both dialects', () => {
  it('keeps the released versions and names of both old lists', () => {
    const released = (l: ReadonlyArray<{ version: number; name: string }>) => l.map((m) => [m.version, m.name]);
    // Released versions never change; new ones only follow them.
    expect(released(MIGRATIONS).slice(0, OLD_SQLITE_MIGRATIONS.length)).toEqual(released(OLD_SQLITE_MIGRATIONS));
    expect(released(MIGRATIONS).slice(0, OLD_PG_MIGRATIONS.length)).toEqual(released(OLD_PG_MIGRATIONS));
  });

  it('opens a database the old SQLite migrations made: nothing re-applied, rows readable, same schema as a new one', async () => {
    const dir = tempDir('store');
    const oldPath = join(dir, 'old.db');
    // As the old code did it: each migration in its own transaction, recorded.
    const db = new Database(oldPath);
    db.pragma('journal_mode = WAL');
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    for (const m of OLD_SQLITE_MIGRATIONS)
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          m.version,
          m.name,
          1,
        );
      })();
    const c = clusterRow();
    db.prepare(
      'INSERT INTO clusters (id, name, spec, phase, epoch, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(c.id, c.name, JSON.stringify(c.spec), c.phase, c.epoch, c.createdAt, c.updatedAt);
    db.prepare(
      "INSERT INTO events (ts, type, actor, message, data) VALUES (1, 'old.event', 'old', 'made by the old code', '{}')",
    ).run();
    db.close();

    const store = await openSqliteStore(oldPath);
    expect(await store.migrate()).toBe(MIGRATIONS.at(-1)?.version);
    expect(await store.sql('SELECT version, applied_at FROM schema_migrations ORDER BY version')).toEqual(
      // The old list's versions as they were; later ones applied now (not at 1).
      MIGRATIONS.map((m) => ({ version: m.version, applied_at: m.version <= OLD_LAST ? 1 : expect.any(Number) })),
    );
    expect(await store.getCluster(c.name)).toEqual(c);
    const t = tokenRow(c.id);
    await store.createToken(t);
    const n = nodeRow(c.id, t.id, { connected: true });
    expect(await store.enrollNode(t.id, t.createdAt, n)).toEqual({ ok: true });
    expect(await store.getNode(n.id)).toEqual(n);
    const e = await store.appendEvent({
      type: 'new.event',
      clusterId: c.id,
      nodeId: n.id,
      actor: 'a',
      message: 'm',
      data: {},
    });
    expect((await store.listEvents({ limit: 10 })).map((x) => [x.id, x.type])).toEqual([
      [1, 'old.event'],
      [e.id, 'new.event'],
    ]);
    await store.close();

    const freshPath = join(dir, 'fresh.db');
    await (await openSqliteStore(freshPath)).close();
    const fresh = sqliteSchema(freshPath);
    expect(fresh.length).toBeGreaterThan(12);
    expect(fresh.join('\n')).toContain('connected INTEGER NOT NULL DEFAULT 0');
    expect(fresh).toEqual(sqliteSchema(oldPath));
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('store selection', () => {
  it('tells URLs from paths and redacts passwords', () => {
    expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresUrl('postgresql://u@h/db')).toBe(true);
    expect(isPostgresUrl('/var/lib/k3sgrid/k3sgrid.db')).toBe(false);
    const red = redactUrl('postgres://k3sgrid:s3cr%21t@db.example:5432/grid?sslmode=require&password=x');
    expect(red).not.toContain('s3cr');
    expect(red).not.toContain('password=x');
    expect(red).toContain('k3sgrid:***@db.example:5432/grid');
    expect(redactUrl('postgres://u@h/db')).toBe('postgres://u@h/db');
  });

  it('takes the password from the option, the URL, then the environment', () => {
    expect(datastorePassword('postgres://u:fromurl@h/db', { password: 'file', env: {} })).toBe('file');
    expect(datastorePassword('postgres://u:from%40url@h/db', { env: {} })).toBe('from@url');
    expect(datastorePassword('postgres://u@h/db', { env: { K3SGRID_DATASTORE_PASSWORD: 'k', PGPASSWORD: 'p' } })).toBe(
      'k',
    );
    expect(datastorePassword('postgres://u@h/db', { env: { PGPASSWORD: 'p' } })).toBe('p');
    expect(datastorePassword('postgres://u@h/db', { env: {} })).toBeUndefined();
  });

  it('opens SQLite for a path', async () => {
    const dir = tempDir('store');
    const store = await openStore(join(dir, 'x.db'));
    await store.setMeta('a', 'b');
    expect(await store.getMeta('a')).toBe('b');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('local lease (SQLite: one process)', () => {
  it('is always held at epoch 1 and fences writes of other epochs', async () => {
    const dir = tempDir('store');
    const store = await openSqliteStore(join(dir, 'k3sgrid.db'));
    expect(store.capabilities).toEqual({ shared: false });
    const lease = createLease(store, { ttlMs: 1000 });
    expect(lease).toBeInstanceOf(LocalLease);
    const g = await lease.tryAcquire();
    expect(g?.epoch).toBe(1);
    expect((await lease.renew(1))?.epoch).toBe(1);
    const c = clusterRow();
    await lease.fencedWrite(1, (tx) => tx.createCluster(c));
    expect(await store.getCluster(c.id)).not.toBeNull();
    await expect(lease.fencedWrite(2, (tx) => tx.deleteCluster(c.id))).rejects.toMatchObject({ code: 'not-leader' });
    const fenced = fencedStore(store, lease, () => 1);
    await fenced.updateCluster(c.id, { phase: 'forming' });
    expect((await fenced.getCluster(c.id))?.phase).toBe('forming');
    await lease.release(1);
    await expect(fenced.updateCluster(c.id, { phase: 'ready' })).rejects.toMatchObject({ code: 'not-leader' });
    expect(await lease.renew(1)).toBeNull();
    expect((await lease.tryAcquire())?.epoch).toBe(1);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
