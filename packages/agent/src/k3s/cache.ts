/**
 * The last applied assignment, on disk in the agent's state directory, so k3s
 * can be restarted when the coordinator is unreachable. The spec is plain JSON;
 * the secrets are sealed (libsodium crypto_box_seal) to the node's own X25519
 * key. File mode 0600, written atomically.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sodium from 'libsodium-wrappers';
import type { AssignmentSecrets, AssignmentSpec } from '@k3sgrid/proto';
import { CacheCorruptError, CacheDecryptError } from './errors.js';
import { writeFileAtomic } from './files.js';

export const CACHE_FORMAT = 'k3sgrid-assignment-cache/1';
export const CACHE_FILE_NAME = 'assignment-cache.json';

export interface NodeBoxKeys {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export interface CachedAssignment {
  spec: AssignmentSpec;
  secrets: AssignmentSecrets;
  /** ISO time of the save. */
  savedAt: string;
}

interface CacheFile {
  format: string;
  savedAt: string;
  spec: AssignmentSpec;
  /** base64 of crypto_box_seal(JSON(secrets), publicKey). */
  sealedSecrets: string;
}

export function defaultCachePath(stateDir: string): string {
  return path.join(stateDir, CACHE_FILE_NAME);
}

export async function saveCache(
  file: string,
  entry: { spec: AssignmentSpec; secrets: AssignmentSecrets; savedAt?: string },
  keys: NodeBoxKeys,
): Promise<void> {
  await sodium.ready;
  const sealed = sodium.crypto_box_seal(new TextEncoder().encode(JSON.stringify(entry.secrets)), keys.publicKey);
  const body: CacheFile = {
    format: CACHE_FORMAT,
    savedAt: entry.savedAt ?? new Date().toISOString(),
    spec: entry.spec,
    sealedSecrets: Buffer.from(sealed).toString('base64'),
  };
  await writeFileAtomic(file, JSON.stringify(body, null, 2) + '\n', 0o600);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The cached assignment, or null when there is none. Throws on a corrupt or foreign file. */
export async function loadCache(file: string, keys: NodeBoxKeys): Promise<CachedAssignment | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CacheCorruptError(`assignment cache ${file} is not JSON`, { cause: err });
  }
  if (!isRecord(parsed) || parsed['format'] !== CACHE_FORMAT)
    throw new CacheCorruptError(`assignment cache ${file} has an unknown format`);
  const spec = parsed['spec'];
  if (
    !isRecord(spec) ||
    typeof spec['epoch'] !== 'number' ||
    typeof spec['generation'] !== 'number' ||
    typeof spec['role'] !== 'string'
  ) {
    throw new CacheCorruptError(`assignment cache ${file} has no valid spec`);
  }
  const sealedB64 = parsed['sealedSecrets'];
  if (typeof sealedB64 !== 'string') throw new CacheCorruptError(`assignment cache ${file} has no sealed secrets`);
  await sodium.ready;
  let secrets: unknown;
  try {
    const opened = sodium.crypto_box_seal_open(Buffer.from(sealedB64, 'base64'), keys.publicKey, keys.privateKey);
    secrets = JSON.parse(new TextDecoder().decode(opened));
  } catch (err) {
    throw new CacheDecryptError(`cannot open the secrets in ${file} with this node's key`, { cause: err });
  }
  if (!isRecord(secrets) || typeof secrets['token'] !== 'string' || typeof secrets['nodePassword'] !== 'string') {
    throw new CacheCorruptError(`assignment cache ${file} has malformed secrets`);
  }
  return {
    spec: spec as unknown as AssignmentSpec,
    secrets: secrets as unknown as AssignmentSecrets,
    savedAt: typeof parsed['savedAt'] === 'string' ? parsed['savedAt'] : '',
  };
}

/** A cache bound to a file and the node's keys; the runner saves through it. */
export interface AssignmentCacheStore {
  load(): Promise<CachedAssignment | null>;
  save(spec: AssignmentSpec, secrets: AssignmentSecrets): Promise<void>;
}

export function createCacheStore(file: string, keys: NodeBoxKeys): AssignmentCacheStore {
  return {
    load: () => loadCache(file, keys),
    save: (spec, secrets) => saveCache(file, { spec, secrets }, keys),
  };
}
