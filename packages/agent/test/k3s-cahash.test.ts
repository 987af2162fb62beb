/**
 * The K10 CA hash of a bundle with several certificates, as k3s's
 * pkg/clientaccess/token.go hashCA computes it (research §5), on bundles
 * built the way contrib/util/generate-custom-ca-certs.sh builds them:
 * `server-ca.crt = server-ca.pem + intermediate-ca.pem + root-ca.pem`.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caHashOfFile, computeCaHash, keyIds } from '../src/k3s/index.js';
import { tempDir } from '@k3sgrid/testkit';

let dir: string;
const pem = (n: string): string => readFileSync(path.join(dir, n), 'utf8');
const sha = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex');
const der = (n: string): Buffer => new X509Certificate(pem(n)).raw;
function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA signed by `issuer` (or self-signed), with the script's v3_ca extensions. */
function ca(name: string, cn: string, issuer: string | null, days = '30', alg = 'ec'): void {
  if (alg === 'rsa') openssl('genrsa', '-out', `${name}.key`, '2048');
  else openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
  if (issuer === null) {
    openssl(
      'req',
      '-x509',
      '-new',
      '-key',
      `${name}.key`,
      '-subj',
      `/CN=${cn}`,
      '-days',
      days,
      '-out',
      `${name}.pem`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign',
      '-addext',
      'subjectKeyIdentifier=hash',
      '-addext',
      'authorityKeyIdentifier=keyid:always',
    );
    return;
  }
  openssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${issuer}.pem`,
    '-CAkey',
    `${issuer}.key`,
    '-CAcreateserial',
    '-days',
    days,
    '-extfile',
    'v3_ca.ext',
    '-out',
    `${name}.pem`,
  );
}

beforeAll(() => {
  dir = tempDir('k3s-cahash');
  writeFileSync(
    path.join(dir, 'v3_ca.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,keyEncipherment,keyCertSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n',
  );
  ca('root-ca', 'k3s-root-ca@1', null, '30', 'rsa');
  ca('intermediate-ca', 'k3s-intermediate-ca@1', 'root-ca', '30', 'rsa');
  ca('server-ca', 'k3s-server-ca@1', 'intermediate-ca');
  // An unrelated self-signed root, and an intermediate that has expired.
  ca('other-root', 'other-root@1', null);
  ca('expired-int', 'k3s-intermediate-ca@2', 'root-ca', '1', 'ec');
  ca('server-ca-2', 'k3s-server-ca@2', 'expired-int');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('CA hash of a custom CA bundle (generate-custom-ca-certs.sh layout)', () => {
  it('three certificates: sha256 of the DER of the root, as `openssl x509 -outform DER | sha256sum`', async () => {
    const bundle = pem('server-ca.pem') + pem('intermediate-ca.pem') + pem('root-ca.pem');
    const want = sha(der('root-ca.pem'));
    expect(computeCaHash(bundle)).toBe(want);
    expect(computeCaHash(bundle)).not.toBe(sha(bundle));
    // order of the others does not matter to x509.Verify
    expect(computeCaHash(pem('server-ca.pem') + pem('root-ca.pem') + pem('intermediate-ca.pem'))).toBe(want);
    const file = path.join(dir, 'server-ca.crt');
    writeFileSync(file, bundle);
    expect(await caHashOfFile(file)).toBe(want);
  });

  it('sorts roots by AuthorityKeyId = SubjectKeyId, the way k3s does', () => {
    const root = keyIds(new X509Certificate(pem('root-ca.pem')));
    const inter = keyIds(new X509Certificate(pem('intermediate-ca.pem')));
    expect(root.subjectKeyId.length).toBeGreaterThan(0);
    expect(root.authorityKeyId.equals(root.subjectKeyId)).toBe(true);
    expect(inter.authorityKeyId.equals(root.subjectKeyId)).toBe(true);
    expect(inter.authorityKeyId.equals(inter.subjectKeyId)).toBe(false);
  });

  it('falls back to the file bytes when the chain has no root in the bundle', () => {
    // The intermediate is not a root (its AKI names another key), so x509.Verify fails.
    const bundle = pem('server-ca.pem') + pem('intermediate-ca.pem');
    expect(computeCaHash(bundle)).toBe(sha(bundle));
  });

  it('falls back to the file bytes when the first certificate does not chain to the others', () => {
    const bundle = pem('server-ca.pem') + pem('other-root.pem');
    expect(computeCaHash(bundle)).toBe(sha(bundle));
  });

  it('falls back to the file bytes when a certificate of the chain is not valid at that time', () => {
    const bundle = pem('server-ca-2.pem') + pem('expired-int.pem') + pem('root-ca.pem');
    expect(computeCaHash(bundle)).toBe(sha(der('root-ca.pem')));
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    expect(computeCaHash(bundle, inTwoDays)).toBe(sha(bundle));
  });

  it('still refuses a file without any certificate', () => {
    expect(() => computeCaHash('not a certificate')).toThrow(/no PEM certificate/);
  });
});
