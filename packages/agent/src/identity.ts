/**
 * The node's identity and what it learned about its coordinator, kept in the
 * agent's state directory (0700, files 0600). An ed25519 key signs handshake
 * transcripts; a separate X25519 key receives sealed secrets (libsodium
 * advises against using one key pair for both).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { newBoxKeyPair, newSigningKeyPair, type KeyPair } from '@k3sgrid/proto';
import { AgentError } from './errors.js';

export interface NodeKeys {
  sign: KeyPair;
  box: KeyPair;
}

/** What the agent remembers about the coordinator after enrolling. */
export interface CoordinatorInfo {
  /** The CA pin from the join token. */
  pin: string;
  /** PEM of the pinned CA, checked against the pin when first fetched. */
  caPem: string;
  /** ed25519 key that signs assignments, learned over the pinned channel. */
  signPub: string;
  boxPub: string;
  nodeId: string;
  nodeName: string;
  clusterId: string;
}

const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64');
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

export function writePrivate(path: string, data: string): void {
  const tmp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, data, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** Creates the state directory (0700) if needed. */
export function ensureStateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Loads the node keys, creating them on first boot. */
export async function loadOrCreateKeys(dir: string): Promise<NodeKeys> {
  ensureStateDir(dir);
  const path = join(dir, 'identity.json');
  if (existsSync(path)) {
    try {
      const j = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
      const keys: NodeKeys = {
        sign: { publicKey: unb64(j.signPub ?? ''), privateKey: unb64(j.signSec ?? '') },
        box: { publicKey: unb64(j.boxPub ?? ''), privateKey: unb64(j.boxSec ?? '') },
      };
      if (
        keys.sign.publicKey.byteLength !== 32 ||
        keys.sign.privateKey.byteLength !== 64 ||
        keys.box.publicKey.byteLength !== 32 ||
        keys.box.privateKey.byteLength !== 32
      ) {
        throw new Error('key lengths are wrong');
      }
      return keys;
    } catch (err) {
      throw new AgentError(
        'identity-invalid',
        `node identity ${path} is unreadable or corrupt (${(err as Error).message}); move it away to enroll as a new node`,
        true,
        { cause: err },
      );
    }
  }
  const keys: NodeKeys = { sign: await newSigningKeyPair(), box: await newBoxKeyPair() };
  writePrivate(
    path,
    JSON.stringify({
      signPub: b64(keys.sign.publicKey),
      signSec: b64(keys.sign.privateKey),
      boxPub: b64(keys.box.publicKey),
      boxSec: b64(keys.box.privateKey),
    }),
  );
  return keys;
}

export function loadCoordinatorInfo(dir: string): CoordinatorInfo | null {
  const path = join(dir, 'coordinator.json');
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as CoordinatorInfo;
}

export function saveCoordinatorInfo(dir: string, info: CoordinatorInfo): void {
  writePrivate(join(dir, 'coordinator.json'), JSON.stringify(info, null, 2));
}

export { b64, unb64 };
