import { describe, expect, it } from 'vitest';
import {
  formatJoinToken,
  newTokenId,
  newTokenSecret,
  parseJoinToken,
  pinOfCertificate,
  ProtocolError,
} from '../src/index.js';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, X509Certificate } from 'node:crypto';
import { tempDir } from '@k3sgrid/testkit';

describe('join token format', () => {
  it('round-trips', () => {
    const t = { pin: createHash('sha256').update('x').digest('base64url'), id: newTokenId(), secret: newTokenSecret() };
    const s = formatJoinToken(t);
    expect(s.startsWith('K3G1')).toBe(true);
    expect(parseJoinToken(s)).toEqual(t);
    expect(parseJoinToken(`  ${s}\n`)).toEqual(t);
  });

  it('makes ids of 10 [a-z0-9] and 256-bit secrets, all different', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newTokenId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{10}$/);
    expect(Buffer.from(newTokenSecret(), 'base64url')).toHaveLength(32);
  });

  it.each([
    ['', 'must start with K3G1'],
    ['K10abc::server:pw', 'must start with K3G1'],
    ['K3G1abc', 'no "::"'],
    [`K3G1${'a'.repeat(42)}::abcdefghij.${'b'.repeat(43)}`, 'pin must be 43'],
    [`K3G1${'a'.repeat(43)}::ABCDEFGHIJ.${'b'.repeat(43)}`, 'id must be 10'],
    [`K3G1${'a'.repeat(43)}::abcdefghij.${'b'.repeat(12)}`, 'secret must be 43'],
    [`K3G1${'a'.repeat(43)}::abcdefghij`, 'id must be 10'],
  ])('rejects %j with a clear error that does not echo the secret', (text, msg) => {
    const e = (() => {
      try {
        parseJoinToken(text);
      } catch (err) {
        return err as ProtocolError;
      }
      throw new Error('no error');
    })();
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.code).toBe('token-malformed');
    expect(e.message).toContain(msg);
    expect(e.message).not.toContain('b'.repeat(12));
  });
});

describe('pin of a certificate', () => {
  it('is the base64url SHA-256 of the SubjectPublicKeyInfo, as openssl computes it', () => {
    const dir = tempDir('pin');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'k'),
        '-out',
        join(dir, 'c'),
        '-subj',
        '/CN=t',
        '-days',
        '1',
      ],
      { stdio: 'ignore' },
    );
    const pem = readFileSync(join(dir, 'c'), 'utf8');
    const spkiDer = execFileSync('sh', [
      '-c',
      `openssl x509 -in ${join(dir, 'c')} -pubkey -noout | openssl pkey -pubin -outform der`,
    ]);
    const want = createHash('sha256').update(spkiDer).digest('base64url');
    expect(pinOfCertificate(pem)).toBe(want);
    expect(pinOfCertificate(new X509Certificate(pem).raw)).toBe(want);
    expect(want).toHaveLength(43);
  });
});
