/**
 * AccessService on a real SQLite store: lifetimes (default, maximum, the
 * default clamped to a lower maximum), what authenticates and what does
 * not, the stored hash is not the secret, and a restart keeps a rotated
 * break-glass token (init seeds the hash only once).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessService } from '../src/access/access-service.js';
import { Audit } from '../src/audit.js';
import { createSecretBox, newEncryptionKey } from '../src/secrets.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';

const DAY = 86_400;

async function setup(ttl?: { defaultSeconds?: number; maxSeconds?: number }) {
  const store = await openSqliteStore(join(mkdtempSync(join(tmpdir(), 'k3sgrid-access-')), 'db'));
  const secrets = await createSecretBox(newEncryptionKey());
  let now = 1_800_000_000_000;
  const clock = (): number => now;
  const access = new AccessService({ store, secrets, audit: new Audit(store), clock, ...(ttl ? { ttl } : {}) });
  return { store, secrets, access, clock, advance: (ms: number) => (now += ms) };
}

describe('AccessService', () => {
  it('lifetimes: 30 days by default, at most the maximum; a maximum below 30 days lowers the default', async () => {
    const a = await setup();
    expect(a.access.ttl).toEqual({ defaultSeconds: 30 * DAY, maxSeconds: 90 * DAY });
    const b = await setup({ maxSeconds: 7 * DAY });
    expect(b.access.ttl).toEqual({ defaultSeconds: 7 * DAY, maxSeconds: 7 * DAY });
    const u = await b.access.createPrincipal('user', 'alice', '', 'test');
    const t = await b.access.createToken(u, { name: 'x' }, 'test');
    expect(t.row.expiresAt - t.row.createdAt).toBe(7 * DAY * 1000);
    await expect(b.access.createToken(u, { name: 'y', ttlSeconds: 7 * DAY + 1 }, 'test')).rejects.toMatchObject({
      code: 'bad-request',
    });
    await expect(b.access.createToken(u, { name: 'x' }, 'test')).rejects.toMatchObject({ code: 'conflict' });
    await expect(setup({ maxSeconds: 59 })).rejects.toMatchObject({ code: 'bad-request' });
    await a.store.close();
    await b.store.close();
  });

  it('authenticates the token and nothing like it; the stored hash is neither the secret nor its plain SHA-256', async () => {
    const { store, access, advance } = await setup();
    const u = await access.createPrincipal('sa', 'ci', '', 'test');
    await access.grant('sa', 'ci', 'viewer', null, 'test');
    const { row, token } = await access.createToken(u, { name: 'p', ttlSeconds: 120 }, 'test');
    const secret = token.slice(token.lastIndexOf('_') + 1);
    expect(row.secretHash.includes(Buffer.from(secret))).toBe(false);
    const { createHash } = await import('node:crypto');
    expect(row.secretHash.equals(createHash('sha256').update(secret).digest())).toBe(false);
    expect(await access.authenticate(token)).toMatchObject({
      kind: 'sa',
      name: 'ci',
      tokenId: row.id,
      grants: [{ role: 'viewer', clusterId: null }],
    });
    const flip = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [flip, `${token}x`, token.replace('k3g_at_', 'k3g_xx_'), '', 'k3g_admin_nope'])
      expect(await access.authenticate(bad), bad.slice(0, 12)).toBeNull();
    advance(120_000);
    expect(await access.authenticate(token)).toBeNull();
    await store.close();
  });

  it('init seeds the break-glass hash once: after a rotation the old bootstrap token stays dead across restarts', async () => {
    const { store, secrets, access, clock } = await setup();
    await access.init('k3g_admin_first');
    expect(await access.authenticate('k3g_admin_first')).toMatchObject({ kind: 'break-glass' });
    const fresh = await access.rotateBreakGlass('test');
    const restarted = new AccessService({ store, secrets, audit: new Audit(store), clock });
    await restarted.init('k3g_admin_first');
    expect(await restarted.authenticate('k3g_admin_first')).toBeNull();
    expect(await restarted.authenticate(fresh)).toMatchObject({ kind: 'break-glass' });
    // Another at-rest key derives another HMAC key: the hash is useless without it.
    const other = new AccessService({
      store,
      secrets: await createSecretBox(newEncryptionKey()),
      audit: new Audit(store),
      clock,
    });
    expect(await other.authenticate(fresh)).toBeNull();
    await store.close();
  });
});
