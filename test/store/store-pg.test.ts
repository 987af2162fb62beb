/**
 * PostgreSQL backend against a real server started by the test (initdb +
 * pg_ctl in a temp dir): the store conformance suite, concurrent migrations,
 * credentials, the leader lease with fencing, LISTEN/NOTIFY, and replicas
 * sharing one identity. Nothing is skipped: if PostgreSQL cannot start, every
 * test fails with the reason.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLease,
  exportIdentity,
  fencedStore,
  LeaderElector,
  MIGRATIONS,
  openIdentity,
  openPgStore,
  openState,
  openStore,
  PgLease,
  PgStore,
  readIdentityFile,
  registerServeCommand,
  resolveDatastore,
  sealIdentity,
} from '@k3sgrid/coordinator';
import { OLD_PG_MIGRATIONS, OLD_PG_SUPPORT_SQL } from '../../packages/coordinator/test/fixtures/old-migrations.js';

const OLD_LAST = OLD_PG_MIGRATIONS.at(-1)?.version ?? 0;
import { storeConformanceSuite } from '../../packages/coordinator/test/store-suite.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';
import { clusterRow, nodeRow, tokenRow } from '@k3sgrid/testkit/rows';

let server: TestPostgres | undefined;
let startError: unknown;
const tmpDirs: string[] = [];

beforeAll(async () => {
  const t0 = Date.now();
  try {
    server = await startPostgres();
  } catch (err) {
    startError = err;
  }
  console.log(`postgres started in ${Date.now() - t0} ms`);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

/** The running server; fails the test (never skips) when PostgreSQL did not start. */
function pgServer(): TestPostgres {
  if (!server) {
    throw new Error(
      `PostgreSQL test server did not start (install Debian's postgresql package): ${startError instanceof Error ? startError.message : String(startError)}`,
    );
  }
  return server;
}

function tmp(): string {
  const d = tempDir('pgtest');
  tmpDirs.push(d);
  return d;
}

const withoutPassword = (url: string): string => {
  const u = new URL(url);
  u.password = '';
  return u.toString();
};

// One database for the suite, emptied before each test (TRUNCATE is much
// faster than CREATE DATABASE); migrations are covered separately below.
let suiteDb: Promise<string> | undefined;
storeConformanceSuite('postgres', async () => {
  suiteDb ??= pgServer().createDatabase();
  const store = await openPgStore({ connectionString: await suiteDb });
  await store.sql('TRUNCATE meta, clusters, join_tokens, nodes, events, leases RESTART IDENTITY CASCADE');
  return { store };
});

describe('PostgreSQL store: migrations and credentials', () => {
  it('five replicas migrating one fresh database at once: all open, schema applied once', async () => {
    const url = await pgServer().createDatabase();
    const stores = await Promise.all(Array.from({ length: 5 }, () => openPgStore({ connectionString: url, max: 2 })));
    const versions = await stores[0]!.sql('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(versions.length).toBeGreaterThanOrEqual(3);
    expect(await stores[1]!.migrate()).toBe(MIGRATIONS.at(-1)?.version);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('opens a database the old PostgreSQL migrations made: nothing re-applied, rows readable, same schema as a new one', async () => {
    const oldUrl = await pgServer().createDatabase();
    // As the old code did it: all migrations in one transaction, recorded, then the support tables.
    const admin = new pg.Client({ connectionString: oldUrl });
    await admin.connect();
    await admin.query('BEGIN');
    await admin.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    for (const m of OLD_PG_MIGRATIONS) {
      await admin.query(m.sql);
      await admin.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, 1)', [
        m.version,
        m.name,
      ]);
    }
    await admin.query(OLD_PG_SUPPORT_SQL);
    const c = clusterRow();
    await admin.query(
      'INSERT INTO clusters (id, name, spec, phase, epoch, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [c.id, c.name, JSON.stringify(c.spec), c.phase, c.epoch, c.createdAt, c.updatedAt],
    );
    await admin.query(
      "INSERT INTO events (ts, type, actor, message, data) VALUES (1, 'old.event', 'old', 'old code', '{}')",
    );
    await admin.query('COMMIT');
    await admin.end();

    const store = await openPgStore({ connectionString: oldUrl });
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
    // Columns (types, defaults, identity) and indexes as the catalog reports them.
    const schema = (s: PgStore) =>
      Promise.all([
        s.sql(`SELECT table_name, column_name, data_type, column_default, is_nullable, is_identity, identity_generation
               FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`),
        s.sql("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname"),
        s.sql(`SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
               WHERE connamespace = 'public'::regnamespace ORDER BY conname`),
      ]);
    const fresh = await openPgStore({ connectionString: await pgServer().createDatabase() });
    const [freshSchema, oldSchema] = await Promise.all([schema(fresh), schema(store)]);
    expect(freshSchema[0].length).toBeGreaterThan(50);
    expect(freshSchema[1].map((r) => r.indexname)).toContain('nodes_name');
    expect(freshSchema).toEqual(oldSchema);
    await fresh.close();
    await store.close();
  });

  it('says what it can do: shared, signals, advisory locks and SQL for the lease', async () => {
    const store = await openPgStore({ connectionString: await pgServer().createDatabase() });
    expect(store.capabilities.shared).toBe(true);
    expect(store.capabilities.sql).toBe(store);
    expect(await store.capabilities.advisoryLock?.(42, () => Promise.resolve('held'))).toBe('held');
    expect(createLease(store)).toBeInstanceOf(PgLease);
    await store.close();
  });

  it('takes the password from a file (option) or the environment, and never echoes it', async () => {
    const srv = pgServer();
    const url = await srv.createDatabase();
    const bare = withoutPassword(url);
    const s1 = await openStore(bare, { password: srv.password });
    expect(s1).toBeInstanceOf(PgStore);
    await s1.close();
    const s2 = await openStore(bare, { env: { K3SGRID_DATASTORE_PASSWORD: srv.password } });
    await s2.close();
    const wrongUrl = url.replace(encodeURIComponent(srv.password), 'wrong-Secret-123');
    const err = await openStore(wrongUrl).then(
      () => null,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(err?.code).toBe('store-failed');
    expect(err?.message).toContain('***');
    expect(err?.message).not.toContain('wrong-Secret-123');
    expect(err?.message).not.toContain(srv.password);
  });

  it('an unreachable server is a clear store-failed error', async () => {
    const err = await openStore('postgres://u:topsecret@127.0.0.1:1/db').catch(
      (e: unknown) => e as Error & { code?: string },
    );
    expect(err).toMatchObject({ code: 'store-failed' });
    expect((err as Error).message).toMatch(/cannot open database postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db/);
    expect((err as Error).message).not.toContain('topsecret');
  });
});

describe('leader lease on PostgreSQL', () => {
  async function twoReplicas(
    ttlMs: number,
  ): Promise<{ a: PgLease; b: PgLease; sa: PgStore; sb: PgStore; close: () => Promise<void> }> {
    const url = await pgServer().createDatabase();
    const sa = await openPgStore({ connectionString: url });
    const sb = await openPgStore({ connectionString: url });
    return {
      a: new PgLease(sa, { holder: 'replica-a', ttlMs }),
      b: new PgLease(sb, { holder: 'replica-b', ttlMs }),
      sa,
      sb,
      close: async () => {
        await sa.close();
        await sb.close();
      },
    };
  }

  it('two holders: only one leads; renewing keeps the epoch', async () => {
    const { a, b, close } = await twoReplicas(2000);
    const ga = await a.tryAcquire();
    const gb = await b.tryAcquire();
    expect(ga?.epoch).toBe(1);
    expect(gb).toBeNull();
    expect((await a.renew(1))?.epoch).toBe(1);
    expect(await b.renew(1)).toBeNull();
    expect((await a.tryAcquire())?.epoch).toBe(1);
    expect(await b.current()).toMatchObject({ holder: 'replica-a', epoch: 1, live: true });
    await close();
  });

  it('ten replicas racing for a free lease: exactly one wins', async () => {
    const url = await pgServer().createDatabase();
    const stores = await Promise.all(Array.from({ length: 10 }, () => openPgStore({ connectionString: url, max: 2 })));
    const grants = await Promise.all(
      stores.map((s, i) => new PgLease(s, { holder: `r${i}`, ttlMs: 2000 }).tryAcquire()),
    );
    expect(grants.filter((g) => g !== null).map((g) => g?.epoch)).toEqual([1]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('the leader stops renewing: the other takes over within the TTL, and the stale leader is fenced off', async () => {
    const ttl = 2000;
    const { a, b, sa, close } = await twoReplicas(ttl);
    const ga = (await a.tryAcquire())!;
    const c = clusterRow();
    await a.fencedWrite(ga.epoch, (tx) => tx.createCluster(c));
    // A is "killed": it never renews. B polls every 100 ms.
    const t0 = Date.now();
    let gb = null;
    while (!gb && Date.now() - t0 < ttl * 3) {
      gb = await b.tryAcquire();
      if (!gb) await new Promise((r) => setTimeout(r, 100));
    }
    const tookOver = Date.now() - t0;
    if (!gb) throw new Error(`no takeover within ${ttl * 3} ms`);
    console.log(`lease takeover after ${tookOver} ms (ttl ${ttl} ms)`);
    expect(gb.epoch).toBe(ga.epoch + 1);
    expect(tookOver).toBeLessThan(ttl + 1000); // TTL + polling + scheduling slack
    // The stale leader's write is refused by the epoch check, and nothing is written.
    await expect(a.fencedWrite(ga.epoch, (tx) => tx.updateCluster(c.id, { phase: 'ready' }))).rejects.toMatchObject({
      code: 'not-leader',
    });
    expect((await sa.getCluster(c.id))?.phase).toBe('pending');
    expect(await a.renew(ga.epoch)).toBeNull();
    // The new leader writes.
    await b.fencedWrite(gb.epoch, (tx) => tx.updateCluster(c.id, { phase: 'forming' }));
    expect((await sa.getCluster(c.id))?.phase).toBe('forming');
    // A fenced store refuses too.
    const staleStore = fencedStore(sa, a, () => ga.epoch);
    await expect(staleStore.setRoles([])).rejects.toMatchObject({ code: 'not-leader' });
    await close();
  });

  it('a takeover waits for an in-flight fenced write, which commits before the new epoch', async () => {
    const { a, b, sa, close } = await twoReplicas(300);
    const ga = (await a.tryAcquire())!;
    const c = clusterRow();
    await sa.createCluster(c);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const write = a.fencedWrite(ga.epoch, async (tx) => {
      entered();
      await gate; // holds the lease row lock past the lease's expiry
      await tx.updateCluster(c.id, { phase: 'forming' });
    });
    await inside;
    await new Promise((r) => setTimeout(r, 400)); // lease expired meanwhile
    let bDone = false;
    const takeover = b.tryAcquire().then((g) => {
      bDone = true;
      return g;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(bDone).toBe(false); // blocked on the row lock
    release();
    await write;
    const gb = await takeover;
    expect(gb?.epoch).toBe(ga.epoch + 1);
    expect((await sa.getCluster(c.id))?.phase).toBe('forming');
    await expect(a.fencedWrite(ga.epoch, (tx) => tx.setMeta('x', 'y'))).rejects.toMatchObject({ code: 'not-leader' });
    await close();
  });

  it('release hands the lease over at once with a new epoch', async () => {
    const { a, b, close } = await twoReplicas(60_000);
    const ga = (await a.tryAcquire())!;
    expect(await b.tryAcquire()).toBeNull();
    await a.release(ga.epoch);
    expect((await b.tryAcquire())?.epoch).toBe(ga.epoch + 1);
    await expect(a.fencedWrite(ga.epoch, () => Promise.resolve())).rejects.toMatchObject({ code: 'not-leader' });
    await close();
  });

  it('LeaderElector: one of two leads; stopping it moves leadership within the TTL', async () => {
    const url = await pgServer().createDatabase();
    const sa = await openPgStore({ connectionString: url });
    const sb = await openPgStore({ connectionString: url });
    const ttl = 1500;
    const events: string[] = [];
    const ea = new LeaderElector(createLease(sa, { holder: 'a', ttlMs: ttl }), {
      onElected: (e) => events.push(`a+${e}`),
      onDeposed: (e, why) => events.push(`a-${e}:${why}`),
    });
    ea.start();
    await waitFor('replica a to lead', () => ea.isLeader(), 3000, 25);
    const eb = new LeaderElector(createLease(sb, { holder: 'b', ttlMs: ttl }), {
      onElected: (e) => events.push(`b+${e}`),
    });
    eb.start();
    await new Promise((r) => setTimeout(r, ttl));
    expect(ea.isLeader()).toBe(true);
    expect(eb.isLeader()).toBe(false);
    // Simulate a crash: stop A's timer without releasing (no graceful hand-over).
    const t0 = Date.now();
    (ea as unknown as { running: boolean }).running = false;
    await waitFor('replica b to take the lease over', () => eb.isLeader(), ttl * 3, 25);
    const moved = Date.now() - t0;
    console.log(`elector failover after ${moved} ms (ttl ${ttl} ms)`);
    expect(moved).toBeLessThan(ttl + ttl / 3 + 1500); // TTL + one renew interval + slack
    // A, no longer renewing, no longer believes it leads once its local deadline passes.
    expect(ea.isLeader()).toBe(false);
    expect(events).toEqual(['a+1', 'b+2', 'a-1:lease not renewed in time']);
    await eb.stop();
    await ea.stop();
    await sa.close();
    await sb.close();
  });
});

describe('LISTEN/NOTIFY', () => {
  it('delivers notifications across stores, after commit only', async () => {
    const url = await pgServer().createDatabase();
    const sa = await openPgStore({ connectionString: url });
    const sb = await openPgStore({ connectionString: url });
    const got: Array<string | null> = [];
    const unlisten = await sb.listen('k3sgrid_node', (p) => got.push(p));
    await sa.notify('k3sgrid_node', 'n1');
    await sa.transaction(async (tx) => {
      await tx.notify('k3sgrid_node', 'in-tx');
      await new Promise((r) => setTimeout(r, 100));
      expect(got).not.toContain('in-tx');
    });
    await sa
      .transaction(async (tx) => {
        await tx.notify('k3sgrid_node', 'rolled-back');
        throw new Error('abort');
      })
      .catch(() => undefined);
    await waitFor('two notifications', () => got.length >= 2, 2000, 25);
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual(['n1', 'in-tx']);
    await unlisten();
    await sa.notify('k3sgrid_node', 'after-unlisten');
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual(['n1', 'in-tx']);
    await expect(sa.notify('Bad Channel', 'x')).rejects.toMatchObject({ code: 'bad-request' });
    await sa.close();
    await sb.close();
  });

  it('re-subscribes after the listening connection is killed, signalling a resync with null', async () => {
    const url = await pgServer().createDatabase();
    const sa = await openPgStore({ connectionString: url });
    const got: Array<string | null> = [];
    await sa.listen('k3sgrid_x', (p) => got.push(p));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'k3sgrid-coordinator-listen' AND datname = current_database()",
    );
    await waitFor('the reconnect marker', () => got.includes(null), 5000, 25);
    await sa.notify('k3sgrid_x', 'again');
    await waitFor('a notification after the reconnect', () => got.includes('again'), 2000, 25);
    await admin.end();
    await sa.close();
  });
});

describe('replicas sharing one identity on PostgreSQL', () => {
  it('the first replica exports its identity, a second imports it: same pin, keys and admin token; a third without it is refused', async () => {
    const srv = pgServer();
    const url = await srv.createDatabase();
    const pwFile = join(tmp(), 'db.password');
    writeFileSync(pwFile, `${srv.password}\n`, { mode: 0o600 });
    const bare = withoutPassword(url);

    const dirA = tmp();
    const a = await openState(dirA, { advertise: ['coord-a'], datastore: bare, datastorePasswordFile: pwFile });
    expect(a.store).toBeInstanceOf(PgStore);
    expect(a.datastore).toBe(bare);
    await a.store.close();
    // The choice is remembered without the password.
    const recorded = readFileSync(join(dirA, 'datastore.json'), 'utf8');
    expect(recorded).toContain(bare);
    expect(recorded).not.toContain(srv.password);
    expect(resolveDatastore(dirA).target).toBe(bare);

    const id = await exportIdentity(dirA);
    const sealed = await sealIdentity(id, 'correct horse battery staple');
    expect(sealed.toString()).not.toContain(id.caKey.slice(40, 80));
    await expect(openIdentity(sealed, 'wrong passphrase!!')).rejects.toMatchObject({ code: 'decrypt-failed' });
    const opened = await openIdentity(sealed, 'correct horse battery staple');
    expect(opened.encryptionKey.equals(id.encryptionKey)).toBe(true);

    const dirB = tmp();
    const b = await openState(dirB, { advertise: ['coord-b'], datastore: url, identity: opened });
    const a2 = await openState(dirA, { advertise: ['coord-a'] });
    expect(b.pin).toBe(a2.pin);
    expect(Buffer.from(b.signing.publicKey).equals(Buffer.from(a2.signing.publicKey))).toBe(true);
    expect(Buffer.from(b.box.privateKey).equals(Buffer.from(a2.box.privateKey))).toBe(true);
    expect(b.adminToken).toBe(a2.adminToken);
    // A secret sealed by one replica opens on the other.
    expect(b.secrets.openString(a2.secrets.seal('shared', 'ctx'), 'ctx')).toBe('shared');
    // The URL's password went to a 0600 file, not into datastore.json.
    expect(readFileSync(join(dirB, 'datastore.json'), 'utf8')).not.toContain(srv.password);
    expect(statSync(join(dirB, 'datastore.password')).mode & 0o777).toBe(0o600);
    await b.store.close();
    await a2.store.close();

    const dirC = tmp();
    await expect(openState(dirC, { advertise: [], datastore: url })).rejects.toMatchObject({
      code: 'encryption-key-missing',
    });
    // A state dir with its own keys (here a SQLite one) cannot join the shared database...
    const dirD = tmp();
    await (await openState(dirD, { advertise: [] })).store.close();
    await expect(openState(dirD, { advertise: [], datastore: url })).rejects.toMatchObject({
      code: 'encryption-key-mismatch',
    });
    // ...and refuses to have its CA and keys overwritten by an import.
    await expect(openState(dirD, { advertise: [], datastore: url, identity: opened })).rejects.toMatchObject({
      code: 'state-dir-invalid',
    });
  });

  it('replicas starting at once on an empty database agree on the keys', async () => {
    const url = await pgServer().createDatabase();
    const dirA = tmp();
    const first = await openState(dirA, { advertise: [], datastore: url });
    await first.store.close();
    const id = await exportIdentity(dirA);
    // Fresh database: three replicas with the same identity initialise concurrently.
    const url2 = await pgServer().createDatabase();
    const states = await Promise.all(
      [tmp(), tmp(), tmp()].map((d) => openState(d, { advertise: [], datastore: url2, identity: id })),
    );
    const pubs = new Set(states.map((s) => Buffer.from(s.signing.publicKey).toString('hex')));
    expect(pubs.size).toBe(1);
    expect([...pubs][0]).toBe(Buffer.from(id.signing.publicKey).toString('hex'));
    await Promise.all(states.map((s) => s.store.close()));
  });

  it('CLI: export-identity writes a 0600 sealed file that serve --identity can read; --plain warns loudly', async () => {
    const url = await pgServer().createDatabase();
    const dir = tmp();
    const st = await openState(dir, { advertise: [], datastore: url });
    await st.store.close();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
    const run = async (args: string[]): Promise<void> => {
      const program = new Command('k3sgrid').exitOverride();
      registerServeCommand(program, io);
      await program.parseAsync(args, { from: 'user' });
    };
    const passFile = join(tmp(), 'pass');
    writeFileSync(passFile, 'a long enough passphrase\n', { mode: 0o600 });
    const sealedFile = join(tmp(), 'identity.sealed');
    await run([
      'coordinator',
      'export-identity',
      '--state-dir',
      dir,
      '--out',
      sealedFile,
      '--passphrase-file',
      passFile,
    ]);
    expect(statSync(sealedFile).mode & 0o777).toBe(0o600);
    const id = await readIdentityFile(sealedFile, passFile);
    expect(id.caCert).toBe(st.tls.caCert);
    await expect(
      run(['coordinator', 'export-identity', '--state-dir', dir, '--out', sealedFile, '--passphrase-file', passFile]),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      run(['coordinator', 'export-identity', '--state-dir', dir, '--out', join(tmp(), 'x')]),
    ).rejects.toMatchObject({ code: 'bad-request' });
    const plainFile = join(tmp(), 'identity.json');
    await run(['coordinator', 'export-identity', '--state-dir', dir, '--out', plainFile, '--plain']);
    expect(statSync(plainFile).mode & 0o777).toBe(0o600);
    expect(err.join('')).toContain('UNENCRYPTED');
    expect((await readIdentityFile(plainFile)).adminToken).toBe(id.adminToken);
    expect(out.join('') + err.join('')).not.toContain(id.adminToken);
  });
});
