/**
 * The store conformance suite on SQLite (the embedded default), plus the
 * single-process lease and the migration parity with PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLease, fencedStore, LocalLease } from '../src/formation/lease.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { isPostgresUrl, openStore, redactUrl, datastorePassword } from '../src/store/open-store.js';
import { PG_MIGRATIONS } from '../src/store/pg-migrations.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { clusterRow, storeConformanceSuite } from './store-suite.js';

storeConformanceSuite('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k3sgrid-store-'));
  return Promise.resolve({
    store: openSqliteStore(join(dir, 'k3sgrid.db')),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});

describe('store selection', () => {
  it('PostgreSQL migrations mirror the SQLite versions and names', () => {
    expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
  });

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
    const dir = mkdtempSync(join(tmpdir(), 'k3sgrid-store-'));
    const store = await openStore(join(dir, 'x.db'));
    await store.setMeta('a', 'b');
    expect(await store.getMeta('a')).toBe('b');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('local lease (SQLite: one process)', () => {
  it('is always held at epoch 1 and fences writes of other epochs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k3sgrid-store-'));
    const store = openSqliteStore(join(dir, 'k3sgrid.db'));
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
