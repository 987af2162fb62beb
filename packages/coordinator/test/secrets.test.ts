import { describe, expect, it } from 'vitest';
import { rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecretBox, newEncryptionKey } from '../src/secrets.js';
import { openState } from '../src/state-dir.js';
import { CoordinatorError } from '../src/errors.js';
import { FailureLimiter, TokenBucket } from '../src/limits.js';
import { tempDir } from '@k3sgrid/testkit';

describe('secret box', () => {
  it('round-trips and binds ciphertexts to their context', async () => {
    const box = await createSecretBox(newEncryptionKey());
    const sealed = box.seal('node-password', 'nodes/a/password');
    expect(box.openString(sealed, 'nodes/a/password')).toBe('node-password');
    expect(sealed.includes(Buffer.from('node-password'))).toBe(false);
    expect(() => box.open(sealed, 'nodes/b/password')).toThrow(/does not decrypt/);
    const other = await createSecretBox(newEncryptionKey());
    expect(() => other.open(sealed, 'nodes/a/password')).toThrow(CoordinatorError);
  });

  it('refuses short and all-zero keys', async () => {
    await expect(createSecretBox(Buffer.alloc(16, 1))).rejects.toThrow(/32 bytes/);
    await expect(createSecretBox(Buffer.alloc(32))).rejects.toThrow(/all zeros/);
  });
});

describe('state directory', () => {
  it('creates everything with safe modes, reuses it, and refuses to start without the key', async () => {
    const dir = join(tempDir('state'), 'c');
    const s1 = await openState(dir, { advertise: ['coord.example'] });
    const pin = s1.pin;
    await s1.store.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of ['admin.token', 'encryption.key', 'ca.key', 'server.key'])
      expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    const admin = readFileSync(join(dir, 'admin.token'), 'utf8');

    const s2 = await openState(dir, { advertise: ['coord.example', 'other.example'] });
    expect(s2.pin).toBe(pin); // new SAN, same CA, same pin
    expect(readFileSync(join(dir, 'admin.token'), 'utf8')).toBe(admin);
    await s2.store.close();

    const key = readFileSync(join(dir, 'encryption.key'));
    writeFileSync(join(dir, 'encryption.key'), '');
    await expect(openState(dir, { advertise: [] })).rejects.toMatchObject({ code: 'encryption-key-missing' });
    rmSync(join(dir, 'encryption.key'));
    await expect(openState(dir, { advertise: [] })).rejects.toMatchObject({ code: 'encryption-key-missing' });
    writeFileSync(join(dir, 'encryption.key'), newEncryptionKey());
    await expect(openState(dir, { advertise: [] })).rejects.toMatchObject({ code: 'encryption-key-mismatch' });
    writeFileSync(join(dir, 'encryption.key'), key);
    const s3 = await openState(dir, { advertise: [] });
    expect(s3.pin).toBe(pin);
    await s3.store.close();
  });
});

describe('limits', () => {
  it('token bucket refills at its rate', () => {
    let t = 0;
    const b = new TokenBucket(2, 1, () => t);
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
    t += 1000;
    expect(b.take()).toBe(true);
    expect(b.take()).toBe(false);
  });

  it('failure limiter blocks after max failures in the window, then forgets', () => {
    let t = 0;
    const f = new FailureLimiter(3, 1000, () => t);
    f.fail('a');
    f.fail('a');
    expect(f.blocked('a')).toBe(false);
    f.fail('a');
    expect(f.blocked('a')).toBe(true);
    expect(f.blocked('b')).toBe(false);
    t += 1001;
    expect(f.blocked('a')).toBe(false);
  });
});
