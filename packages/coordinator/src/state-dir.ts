/**
 * The coordinator's state directory (0700). On first start it creates the CA,
 * the server certificate, the at-rest encryption key, the ed25519 signing key
 * and X25519 box key (both sealed under the at-rest key), the admin API token
 * and the SQLite database; later starts reuse them. It refuses to start when
 * the key file is missing, empty or unreadable while the database holds
 * encrypted data, or when the key does not match the database.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { newBoxKeyPair, newSigningKeyPair, type KeyPair } from '@k3sgrid/proto';
import { CoordinatorError } from './errors.js';
import { caPin, certCovers, createCa, issueServerCert, type TlsMaterial } from './pki.js';
import { checkEncryptionKey, createSecretBox, newEncryptionKey, type SecretBox } from './secrets.js';
import { openSqliteStore } from './store/sqlite-store.js';
import type { Store } from './store/types.js';

/** File names inside the state directory. */
export const STATE_FILES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'server.crt',
  serverKey: 'server.key',
  encryptionKey: 'encryption.key',
  adminToken: 'admin.token',
  database: 'k3sgrid.db',
  endpoint: 'endpoint',
} as const;

const KEY_CHECK = 'k3sgrid-key-check';

/** Everything a running coordinator needs from its state directory. */
export interface CoordinatorState {
  dir: string;
  tls: TlsMaterial;
  pin: string;
  secrets: SecretBox;
  signing: KeyPair;
  box: KeyPair;
  /** SHA-256 of the admin token; the token itself is only in `admin.token`. */
  adminTokenHash: Buffer;
  store: Store;
}

/** Writes a file atomically with the given mode. */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode: number): void {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, data, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

function readIfExists(path: string): Buffer | null {
  return existsSync(path) ? readFileSync(path) : null;
}

/** Names the server certificate must cover. */
export function serverNames(advertise: readonly string[]): string[] {
  return [...new Set([...advertise, 'localhost', '127.0.0.1', '::1', hostname()])];
}

/** Opens or initialises the state directory. */
export async function openState(dir: string, opts: { advertise: readonly string[] }): Promise<CoordinatorState> {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  } catch (err) {
    throw new CoordinatorError('state-dir-invalid', `cannot use state dir ${dir}: ${(err as Error).message}`, { cause: err });
  }
  if (!statSync(dir).isDirectory()) throw new CoordinatorError('state-dir-invalid', `${dir} is not a directory`);
  const p = (f: keyof typeof STATE_FILES): string => join(dir, STATE_FILES[f]);

  const store = openSqliteStore(p('database'));
  try {
    const keyCheck = await store.getMeta('key_check');
    // --- at-rest key
    let key: Buffer | null;
    try {
      key = readIfExists(p('encryptionKey'));
    } catch (err) {
      throw new CoordinatorError('encryption-key-missing', `encryption key ${p('encryptionKey')} is unreadable: ${(err as Error).message}`);
    }
    if (key === null || key.byteLength === 0) {
      if (keyCheck !== null) {
        throw new CoordinatorError(
          'encryption-key-missing',
          `encryption key ${p('encryptionKey')} is missing or empty but the database holds encrypted data; restore the key file (refusing to start)`,
        );
      }
      key = newEncryptionKey();
      writeFileAtomic(p('encryptionKey'), key, 0o600);
    }
    checkEncryptionKey(key);
    const secrets = await createSecretBox(key);
    if (keyCheck === null) {
      await store.setMeta('key_check', secrets.seal(KEY_CHECK, 'meta/key_check').toString('base64'));
    } else {
      try {
        secrets.open(Buffer.from(keyCheck, 'base64'), 'meta/key_check');
      } catch {
        throw new CoordinatorError('encryption-key-mismatch', `encryption key ${p('encryptionKey')} does not match the database (refusing to start)`);
      }
    }

    // --- signing and box keys, sealed in the database
    const loadKeyPair = async (name: string, make: () => Promise<KeyPair>): Promise<KeyPair> => {
      const stored = await store.getMeta(name);
      if (stored) {
        const parsed = JSON.parse(stored) as { pub: string; sec: string };
        return {
          publicKey: Buffer.from(parsed.pub, 'base64'),
          privateKey: secrets.open(Buffer.from(parsed.sec, 'base64'), `meta/${name}`),
        };
      }
      const kp = await make();
      await store.setMeta(
        name,
        JSON.stringify({
          pub: Buffer.from(kp.publicKey).toString('base64'),
          sec: secrets.seal(kp.privateKey, `meta/${name}`).toString('base64'),
        }),
      );
      return kp;
    };
    const signing = await loadKeyPair('signing_key', newSigningKeyPair);
    const box = await loadKeyPair('box_key', newBoxKeyPair);

    // --- TLS
    let caCert = readIfExists(p('caCert'))?.toString('utf8');
    let caKey = readIfExists(p('caKey'))?.toString('utf8');
    if (!caCert || !caKey) {
      const ca = await createCa();
      caCert = ca.cert;
      caKey = ca.key;
      writeFileAtomic(p('caKey'), caKey, 0o600);
      writeFileAtomic(p('caCert'), caCert, 0o644);
    }
    const names = serverNames(opts.advertise);
    let serverCert = readIfExists(p('serverCert'))?.toString('utf8');
    let serverKey = readIfExists(p('serverKey'))?.toString('utf8');
    if (!serverCert || !serverKey || !certCovers(serverCert, names)) {
      // Reissued from the same CA: the pin in existing tokens stays valid.
      const sc = await issueServerCert({ cert: caCert, key: caKey }, names);
      serverCert = sc.cert;
      serverKey = sc.key;
      writeFileAtomic(p('serverKey'), serverKey, 0o600);
      writeFileAtomic(p('serverCert'), serverCert, 0o644);
    }

    // --- admin token
    let admin = readIfExists(p('adminToken'))?.toString('utf8').trim();
    if (!admin) {
      admin = `k3g_admin_${randomBytes(32).toString('base64url')}`;
      writeFileAtomic(p('adminToken'), `${admin}\n`, 0o600);
    }
    const adminTokenHash = createHash('sha256').update(admin).digest();

    return {
      dir,
      tls: { caCert, caKey, serverCert, serverKey },
      pin: caPin(caCert),
      secrets,
      signing,
      box,
      adminTokenHash,
      store,
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
