/**
 * `k3sgrid coordinator export-identity`: writes the identity every replica
 * must share (CA cert and key, server cert and key, at-rest key, signing and
 * box keys, admin token) to a 0600 file, sealed with a passphrase:
 * scrypt (node:crypto; N=2^17, r=8, p=1) derives a 32-byte key and libsodium
 * `crypto_secretbox_easy` (XSalsa20-Poly1305) seals the JSON. libsodium's
 * `crypto_pwhash` is only in the -sumo build, which this project does not
 * ship, hence scrypt. `--plain` writes it unsealed, with a loud warning.
 * `serve --identity FILE` imports it (see {@link readIdentityFile}).
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import type { Command } from 'commander';
import { getSodium } from '@k3sgrid/proto';
import { CoordinatorError } from '../errors.js';
import { openState, STATE_FILES, writeFileAtomic, type CoordinatorIdentity } from '../state-dir.js';
import { defaultStateDir } from './client.js';
import type { CliIo } from './program.js';
import { join } from 'node:path';

const FORMAT = 'k3sgrid-identity';
const VERSION = 1;
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

interface IdentityJson {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  encryptionKey: string;
  signing: { pub: string; sec: string };
  box: { pub: string; sec: string };
  adminToken: string;
}

interface IdentityFile {
  format: typeof FORMAT;
  version: number;
  /** `scrypt+xsalsa20poly1305` or `none`. */
  sealing: string;
  kdf?: { N: number; r: number; p: number; salt: string };
  nonce?: string;
  sealed?: string;
  identity?: IdentityJson;
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

function toJson(id: CoordinatorIdentity): IdentityJson {
  return {
    caCert: id.caCert,
    caKey: id.caKey,
    serverCert: id.serverCert,
    serverKey: id.serverKey,
    encryptionKey: b64(id.encryptionKey),
    signing: { pub: b64(id.signing.publicKey), sec: b64(id.signing.privateKey) },
    box: { pub: b64(id.box.publicKey), sec: b64(id.box.privateKey) },
    adminToken: id.adminToken,
  };
}

function fromJson(j: Partial<IdentityJson>): CoordinatorIdentity {
  const s = (v: unknown, what: string): string => {
    if (typeof v !== 'string' || v === '') throw new CoordinatorError('bad-request', `identity file: ${what} missing`);
    return v;
  };
  return {
    caCert: s(j.caCert, 'caCert'),
    caKey: s(j.caKey, 'caKey'),
    serverCert: s(j.serverCert, 'serverCert'),
    serverKey: s(j.serverKey, 'serverKey'),
    encryptionKey: Buffer.from(s(j.encryptionKey, 'encryptionKey'), 'base64'),
    signing: {
      publicKey: Buffer.from(s(j.signing?.pub, 'signing.pub'), 'base64'),
      privateKey: Buffer.from(s(j.signing?.sec, 'signing.sec'), 'base64'),
    },
    box: {
      publicKey: Buffer.from(s(j.box?.pub, 'box.pub'), 'base64'),
      privateKey: Buffer.from(s(j.box?.sec, 'box.sec'), 'base64'),
    },
    adminToken: s(j.adminToken, 'adminToken'),
  };
}

function deriveKey(passphrase: string, salt: Buffer, p: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(passphrase, salt, 32, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Serialises an identity; sealed with `passphrase`, or plain when it is null. */
export async function sealIdentity(id: CoordinatorIdentity, passphrase: string | null): Promise<Buffer> {
  let file: IdentityFile;
  if (passphrase === null) {
    file = { format: FORMAT, version: VERSION, sealing: 'none', identity: toJson(id) };
  } else {
    const s = await getSodium();
    const salt = randomBytes(16);
    const key = await deriveKey(passphrase, salt, SCRYPT);
    const nonce = s.randombytes_buf(s.crypto_secretbox_NONCEBYTES);
    const sealed = s.crypto_secretbox_easy(Buffer.from(JSON.stringify(toJson(id))), nonce, key);
    key.fill(0);
    file = {
      format: FORMAT,
      version: VERSION,
      sealing: 'scrypt+xsalsa20poly1305',
      kdf: { ...SCRYPT, salt: b64(salt) },
      nonce: b64(nonce),
      sealed: b64(sealed),
    };
  }
  return Buffer.from(`${JSON.stringify(file, null, 2)}\n`);
}

/** Parses an identity file; `passphrase` is required when it is sealed. Wrong passphrase → `decrypt-failed`. */
export async function openIdentity(data: Buffer | string, passphrase: string | null): Promise<CoordinatorIdentity> {
  let file: Partial<IdentityFile>;
  try {
    file = JSON.parse(data.toString()) as Partial<IdentityFile>;
  } catch {
    throw new CoordinatorError('bad-request', 'identity file is not JSON');
  }
  if (file.format !== FORMAT || file.version !== VERSION)
    throw new CoordinatorError('bad-request', `not a ${FORMAT} v${VERSION} file`);
  if (file.sealing === 'none') return fromJson(file.identity ?? {});
  if (file.sealing !== 'scrypt+xsalsa20poly1305' || !file.kdf || !file.nonce || !file.sealed) {
    throw new CoordinatorError('bad-request', `identity file: unknown sealing ${JSON.stringify(file.sealing)}`);
  }
  if (passphrase === null)
    throw new CoordinatorError('bad-request', 'identity file is sealed: give its passphrase file');
  const { N, r, p, salt } = file.kdf;
  if (![N, r, p].every((v) => Number.isInteger(v) && v > 0) || N > 2 ** 20 || r > 32 || p > 16) {
    throw new CoordinatorError('bad-request', 'identity file: unreasonable scrypt parameters');
  }
  const s = await getSodium();
  const key = await deriveKey(passphrase, Buffer.from(salt, 'base64'), { N, r, p });
  let plain: Uint8Array;
  try {
    plain = s.crypto_secretbox_open_easy(Buffer.from(file.sealed, 'base64'), Buffer.from(file.nonce, 'base64'), key);
  } catch {
    throw new CoordinatorError(
      'decrypt-failed',
      'identity file does not open with this passphrase (wrong passphrase or damaged file)',
    );
  } finally {
    key.fill(0);
  }
  return fromJson(JSON.parse(Buffer.from(plain).toString('utf8')) as Partial<IdentityJson>);
}

/** Reads a passphrase file (first line, at least 12 characters). */
export function readPassphraseFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CoordinatorError(
      'bad-request',
      `cannot read passphrase file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  const pass = text.split(/\r?\n/)[0] ?? '';
  if (pass.length < 12)
    throw new CoordinatorError('bad-request', `passphrase in ${path} is shorter than 12 characters`);
  return pass;
}

/** Reads and opens `serve --identity FILE` (passphrase from a file, or `K3SGRID_IDENTITY_PASSPHRASE`). */
export async function readIdentityFile(
  path: string,
  passphraseFile?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CoordinatorIdentity> {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    throw new CoordinatorError(
      'bad-request',
      `cannot read identity file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  const pass =
    passphraseFile !== undefined ? readPassphraseFile(passphraseFile) : (env.K3SGRID_IDENTITY_PASSPHRASE ?? null);
  return openIdentity(data, pass);
}

/**
 * Loads the identity of an initialised state directory (and its datastore,
 * for the signing and box keys sealed there). Refuses a directory without a
 * CA or at-rest key rather than creating one.
 */
export async function exportIdentity(
  stateDir: string,
  o: { datastore?: string; datastorePasswordFile?: string } = {},
): Promise<CoordinatorIdentity> {
  for (const f of ['caCert', 'caKey', 'encryptionKey', 'adminToken'] as const) {
    if (!existsSync(join(stateDir, STATE_FILES[f]))) {
      throw new CoordinatorError(
        'state-dir-invalid',
        `${stateDir} is not an initialised coordinator state directory (no ${STATE_FILES[f]}); start the coordinator once first`,
      );
    }
  }
  const state = await openState(stateDir, { advertise: [], ...o });
  try {
    return {
      caCert: state.tls.caCert,
      caKey: state.tls.caKey,
      serverCert: state.tls.serverCert,
      serverKey: state.tls.serverKey,
      encryptionKey: readFileSync(join(stateDir, STATE_FILES.encryptionKey)),
      signing: { publicKey: Buffer.from(state.signing.publicKey), privateKey: Buffer.from(state.signing.privateKey) },
      box: { publicKey: Buffer.from(state.box.publicKey), privateKey: Buffer.from(state.box.privateKey) },
      adminToken: readFileSync(join(stateDir, STATE_FILES.adminToken), 'utf8').trim(),
    };
  } finally {
    await state.store.close();
  }
}

/** Adds `export-identity` under `k3sgrid coordinator`. */
export function registerIdentityCommand(coordinator: Command, io: CliIo): void {
  coordinator
    .command('export-identity')
    .description('write the identity replicas share (CA, keys, admin token) to a 0600 file for `serve --identity`')
    .option('--state-dir <dir>', 'state directory of the first replica')
    .requiredOption('--out <file>', 'file to write (must not exist)')
    .option('--passphrase-file <file>', 'seal the file with the passphrase in this file (first line, >= 12 characters)')
    .option('--plain', 'write the keys unencrypted (protect the file yourself)')
    .option('--datastore <url>', 'datastore of the state (default: the one recorded in the state dir)')
    .option('--datastore-password-file <file>', 'file holding the datastore password')
    .action(
      async (
        o: {
          stateDir?: string;
          out: string;
          passphraseFile?: string;
          plain?: boolean;
          datastore?: string;
          datastorePasswordFile?: string;
        },
        cmd: Command,
      ) => {
        const globals = cmd.optsWithGlobals<{ stateDir?: string }>();
        const stateDir = o.stateDir ?? globals.stateDir ?? defaultStateDir();
        if (o.passphraseFile === undefined && o.plain !== true) {
          throw new CoordinatorError(
            'bad-request',
            'give --passphrase-file FILE to seal the identity (or --plain to write it unencrypted)',
          );
        }
        if (o.passphraseFile !== undefined && o.plain === true)
          throw new CoordinatorError('bad-request', '--plain and --passphrase-file exclude each other');
        if (existsSync(o.out)) throw new CoordinatorError('conflict', `${o.out} exists; refusing to overwrite`);
        const pass = o.passphraseFile !== undefined ? readPassphraseFile(o.passphraseFile) : null;
        const id = await exportIdentity(stateDir, {
          ...(o.datastore !== undefined ? { datastore: o.datastore } : {}),
          ...(o.datastorePasswordFile !== undefined ? { datastorePasswordFile: o.datastorePasswordFile } : {}),
        });
        writeFileAtomic(o.out, await sealIdentity(id, pass), 0o600);
        if (pass === null) {
          io.err(
            '\n' +
              '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' +
              `!! WARNING: ${o.out} holds the coordinator's CA key, at-rest key, signing key\n` +
              '!! and admin token UNENCRYPTED. Anyone who reads it can impersonate the\n' +
              '!! coordinator and decrypt its database. Copy it over a secure channel and\n' +
              '!! delete it after importing; prefer --passphrase-file.\n' +
              '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n',
          );
        }
        io.out(`identity written to ${o.out} (${pass === null ? 'PLAIN' : 'sealed'}, mode 0600)\n`);
      },
    );
}
