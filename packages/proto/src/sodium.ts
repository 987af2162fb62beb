/**
 * libsodium helpers shared by both ends: ed25519 signatures, X25519 sealed
 * boxes, and the sign-then-seal form used for secrets. Sealed boxes are
 * anonymous, so every sealed payload travels inside a signed body.
 */
import sodiumModule from 'libsodium-wrappers';
import { ProtocolError } from './errors.js';

export type Sodium = typeof sodiumModule;

let ready: Promise<Sodium> | undefined;

/** Resolves once libsodium's WebAssembly is initialised. */
export function getSodium(): Promise<Sodium> {
  ready ??= sodiumModule.ready.then(() => sodiumModule);
  return ready;
}

export interface KeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export async function newSigningKeyPair(): Promise<KeyPair> {
  const s = await getSodium();
  const k = s.crypto_sign_keypair();
  return { publicKey: k.publicKey, privateKey: k.privateKey };
}

export async function newBoxKeyPair(): Promise<KeyPair> {
  const s = await getSodium();
  const k = s.crypto_box_keypair();
  return { publicKey: k.publicKey, privateKey: k.privateKey };
}

export async function sign(message: Uint8Array, privateKey: Uint8Array): Promise<Uint8Array> {
  return (await getSodium()).crypto_sign_detached(message, privateKey);
}

/** Verifies an ed25519 signature; malformed keys or signatures verify as false. */
export async function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
  const s = await getSodium();
  if (signature.byteLength !== s.crypto_sign_BYTES || publicKey.byteLength !== s.crypto_sign_PUBLICKEYBYTES)
    return false;
  try {
    return s.crypto_sign_verify_detached(signature, message, publicKey);
  } catch {
    return false;
  }
}

export async function seal(message: Uint8Array, recipientPub: Uint8Array): Promise<Uint8Array> {
  return (await getSodium()).crypto_box_seal(message, recipientPub);
}

export async function openSealed(box: Uint8Array, keys: KeyPair): Promise<Uint8Array> {
  const s = await getSodium();
  try {
    return s.crypto_box_seal_open(box, keys.publicKey, keys.privateKey);
  } catch (err) {
    throw new ProtocolError('seal-invalid', 'sealed payload cannot be opened with this node key', { cause: err });
  }
}
