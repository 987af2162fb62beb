/**
 * The coordinator's state directory (0700). On first start it creates the CA,
 * the server certificate, the at-rest encryption key, the ed25519 signing key
 * and X25519 box key (both sealed under the at-rest key), the admin API token
 * and the SQLite database; later starts reuse them. It refuses to start when
 * the key file is missing, empty or unreadable while the database holds
 * encrypted data, or when the key does not match the database.
 *
 * The database is SQLite in the state directory unless a datastore URL is
 * given (`postgres://…`: replicas share one database). The choice is recorded
 * in `datastore.json` (URL without password), so a restart without
 * `--datastore` does not silently fall back to an empty SQLite file. Replicas
 * share one identity (CA, server certificate, at-rest key, signing and box
 * keys, admin token): {@link exportIdentity} reads it from the first
 * replica, `identity` in {@link openState} installs it in another.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { newBoxKeyPair, newSigningKeyPair, type KeyPair } from '@k3sgrid/proto';
import { CoordinatorError } from './errors.js';
import { caPin, certCovers, createCa, issueServerCert, type TlsMaterial } from './pki.js';
import { checkEncryptionKey, createSecretBox, newEncryptionKey, type SecretBox } from './secrets.js';
import { datastorePassword, isPostgresUrl, openStore, redactUrl } from './store/open-store.js';
import { parseUrl } from './store/pg-store.js';
import { INIT_LOCK_KEY, type Store } from './store/types.js';

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
  datastore: 'datastore.json',
  datastorePassword: 'datastore.password',
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
  /**
   * The bootstrap admin (break-glass) token as `admin.token` holds it. Only
   * its keyed hash is checked (`meta`, access/access-service.ts), which
   * this seeds on a first start; a rotation replaces both.
   */
  adminToken: string;
  store: Store;
  /** Where the store lives: the SQLite path or the PostgreSQL URL with its password redacted (safe to log). */
  datastore: string;
}

/** Everything replicas must share, exported from the first replica's state. */
export interface CoordinatorIdentity {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  /** The 32-byte at-rest key. */
  encryptionKey: Buffer;
  signing: KeyPair;
  box: KeyPair;
  adminToken: string;
}

/** Options of {@link openState}. */
export interface StateOptions {
  advertise: readonly string[];
  /**
   * `postgres://user@host:port/db` to share one PostgreSQL database between
   * replicas, or a SQLite file path. Default: the one recorded in
   * `datastore.json`, else `k3sgrid.db` in the state directory.
   */
  datastore?: string;
  /** File holding the datastore password (first line); recorded with the datastore. */
  datastorePasswordFile?: string;
  /** Environment for `K3SGRID_DATASTORE_PASSWORD` / `PGPASSWORD` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Identity of the first replica to install (see `k3sgrid coordinator export-identity`). */
  identity?: CoordinatorIdentity;
}

interface DatastoreBinding {
  /** URL without password, or SQLite path. */
  url: string;
  passwordFile?: string;
}

/** Reads the first line of a password file; errors name the file, never the content. */
export function readPasswordFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CoordinatorError(
      'state-dir-invalid',
      `cannot read datastore password file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  const pw = text.split(/\r?\n/)[0] ?? '';
  if (pw === '') throw new CoordinatorError('state-dir-invalid', `datastore password file ${path} is empty`);
  return pw;
}

/**
 * Resolves the datastore of a state directory and records the choice in
 * `datastore.json` (a password inside the URL goes to `datastore.password`,
 * 0600, never into the JSON). Returns what to open and the password to use.
 */
export function resolveDatastore(
  dir: string,
  o: Pick<StateOptions, 'datastore' | 'datastorePasswordFile' | 'env'> = {},
): { target: string; password?: string; display: string } {
  const bindingPath = join(dir, STATE_FILES.datastore);
  let binding: DatastoreBinding | null = null;
  if (o.datastore !== undefined && o.datastore !== '') {
    if (isPostgresUrl(o.datastore)) {
      const u = parseUrl(o.datastore);
      let passwordFile = o.datastorePasswordFile;
      if (u.password) {
        if (passwordFile === undefined) {
          passwordFile = join(dir, STATE_FILES.datastorePassword);
          writeFileAtomic(passwordFile, `${decodeURIComponent(u.password)}\n`, 0o600);
        }
        u.password = '';
      }
      binding = { url: u.toString(), ...(passwordFile !== undefined ? { passwordFile } : {}) };
    } else {
      binding = { url: o.datastore };
    }
    writeFileAtomic(bindingPath, `${JSON.stringify(binding, null, 2)}\n`, 0o600);
  } else if (existsSync(bindingPath)) {
    try {
      const parsed = JSON.parse(readFileSync(bindingPath, 'utf8')) as Partial<DatastoreBinding>;
      if (typeof parsed.url !== 'string' || parsed.url === '') throw new Error('no url');
      binding = {
        url: parsed.url,
        ...(typeof parsed.passwordFile === 'string' ? { passwordFile: parsed.passwordFile } : {}),
      };
    } catch (err) {
      throw new CoordinatorError(
        'state-dir-invalid',
        `${bindingPath} is not a valid datastore record: ${(err as Error).message}`,
      );
    }
    if (o.datastorePasswordFile !== undefined) binding.passwordFile = o.datastorePasswordFile;
  }
  if (!binding) {
    const path = join(dir, STATE_FILES.database);
    return { target: path, display: path };
  }
  if (!isPostgresUrl(binding.url)) return { target: binding.url, display: binding.url };
  const fromFile = binding.passwordFile !== undefined ? readPasswordFile(binding.passwordFile) : undefined;
  const password = datastorePassword(binding.url, {
    ...(fromFile !== undefined ? { password: fromFile } : {}),
    ...(o.env ? { env: o.env } : {}),
  });
  return { target: binding.url, ...(password !== undefined ? { password } : {}), display: redactUrl(binding.url) };
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

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/**
 * Writes an identity's files into the state directory. Files that exist with
 * other content are refused (a replica never silently swaps its CA, at-rest
 * key or admin token), except the server certificate, which is re-issuable.
 */
function installIdentityFiles(dir: string, id: CoordinatorIdentity): void {
  const files: Array<[keyof typeof STATE_FILES, Uint8Array, number, boolean]> = [
    ['caKey', Buffer.from(id.caKey), 0o600, false],
    ['caCert', Buffer.from(id.caCert), 0o644, false],
    ['encryptionKey', id.encryptionKey, 0o600, false],
    ['adminToken', Buffer.from(`${id.adminToken}\n`), 0o600, false],
    ['serverKey', Buffer.from(id.serverKey), 0o600, true],
    ['serverCert', Buffer.from(id.serverCert), 0o644, true],
  ];
  for (const [name, data, mode, replaceable] of files) {
    const path = join(dir, STATE_FILES[name]);
    const current = readIfExists(path);
    if (current !== null && current.byteLength > 0 && !replaceable) {
      const same = name === 'adminToken' ? current.toString('utf8').trim() === id.adminToken : sameBytes(current, data);
      if (same) continue;
      throw new CoordinatorError(
        'state-dir-invalid',
        `${path} already exists and differs from the imported identity; start this replica with an empty state directory (refusing to overwrite)`,
      );
    }
    writeFileAtomic(path, data, mode);
  }
}

/** At-rest key check, then the signing and box keys (sealed in `meta`); imported ones are stored or verified. */
async function initSharedKeys(
  store: Store,
  p: (f: keyof typeof STATE_FILES) => string,
  datastore: string,
  identity: CoordinatorIdentity | undefined,
): Promise<{ secrets: SecretBox; signing: KeyPair; box: KeyPair }> {
  const keyCheck = await store.getMeta('key_check');
  // --- at-rest key
  let key: Buffer | null;
  try {
    key = readIfExists(p('encryptionKey'));
  } catch (err) {
    throw new CoordinatorError(
      'encryption-key-missing',
      `encryption key ${p('encryptionKey')} is unreadable: ${(err as Error).message}`,
    );
  }
  if (key === null || key.byteLength === 0) {
    if (keyCheck !== null) {
      throw new CoordinatorError(
        'encryption-key-missing',
        `encryption key ${p('encryptionKey')} is missing or empty but the database ${datastore} holds encrypted data; restore the key file, ` +
          "or for another replica import the first one's identity (k3sgrid coordinator export-identity, then serve --identity) (refusing to start)",
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
      throw new CoordinatorError(
        'encryption-key-mismatch',
        `encryption key ${p('encryptionKey')} does not match the database ${datastore}; replicas must share one identity (k3sgrid coordinator export-identity / serve --identity) (refusing to start)`,
      );
    }
  }

  // --- signing and box keys, sealed in the database
  const loadKeyPair = async (
    name: string,
    make: () => Promise<KeyPair>,
    imported: KeyPair | undefined,
  ): Promise<KeyPair> => {
    const stored = await store.getMeta(name);
    if (stored) {
      const parsed = JSON.parse(stored) as { pub: string; sec: string };
      const kp = {
        publicKey: Buffer.from(parsed.pub, 'base64'),
        privateKey: secrets.open(Buffer.from(parsed.sec, 'base64'), `meta/${name}`),
      };
      if (imported && !(sameBytes(kp.publicKey, imported.publicKey) && sameBytes(kp.privateKey, imported.privateKey))) {
        throw new CoordinatorError(
          'state-dir-invalid',
          `the imported identity's ${name.replace('_', ' ')} differs from the one in ${datastore} (refusing to start)`,
        );
      }
      return kp;
    }
    const kp = imported ?? (await make());
    await store.setMeta(
      name,
      JSON.stringify({
        pub: Buffer.from(kp.publicKey).toString('base64'),
        sec: secrets.seal(kp.privateKey, `meta/${name}`).toString('base64'),
      }),
    );
    return kp;
  };
  const signing = await loadKeyPair('signing_key', newSigningKeyPair, identity?.signing);
  const box = await loadKeyPair('box_key', newBoxKeyPair, identity?.box);
  return { secrets, signing, box };
}

/** Opens or initialises the state directory. */
export async function openState(dir: string, opts: StateOptions): Promise<CoordinatorState> {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  } catch (err) {
    throw new CoordinatorError('state-dir-invalid', `cannot use state dir ${dir}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!statSync(dir).isDirectory()) throw new CoordinatorError('state-dir-invalid', `${dir} is not a directory`);
  const p = (f: keyof typeof STATE_FILES): string => join(dir, STATE_FILES[f]);

  if (opts.identity) installIdentityFiles(dir, opts.identity);
  const ds = resolveDatastore(dir, opts);
  const store = await openStore(ds.target, ds.password !== undefined ? { password: ds.password } : {});
  try {
    // Replicas starting together on one PostgreSQL database initialise the
    // shared keys one at a time; SQLite has a single process.
    const initKeys = (): Promise<{ secrets: SecretBox; signing: KeyPair; box: KeyPair }> =>
      initSharedKeys(store, p, ds.display, opts.identity);
    const { secrets, signing, box } = await (store.capabilities.advisoryLock?.(INIT_LOCK_KEY, initKeys) ?? initKeys());

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

    return {
      dir,
      tls: { caCert, caKey, serverCert, serverKey },
      pin: caPin(caCert),
      secrets,
      signing,
      box,
      adminToken: admin,
      store,
      datastore: ds.display,
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
