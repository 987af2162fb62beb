/**
 * Envelope encryption at rest. A 32-byte key-encryption key lives in a file of
 * its own (0600); every secret column is sealed with XChaCha20-Poly1305 and
 * associated data naming the table, row and column, so a ciphertext copied to
 * another row does not decrypt (swap defence). The coordinator refuses to
 * start without the key once the database holds encrypted data.
 */
import { randomBytes } from 'node:crypto';
import { getSodium, type Sodium } from '@k3sgrid/proto';
import { CoordinatorError } from './errors.js';

const VERSION = 1;
const KEY_BYTES = 32;

/** Seals and opens secret values with associated data. */
export interface SecretBox {
  /** Encrypts `plain` bound to `context` (e.g. `nodes/<id>/password`). */
  seal(plain: Uint8Array | string, context: string): Buffer;
  /** Decrypts; throws `decrypt-failed` for a wrong key, context or tampered data. */
  open(sealed: Uint8Array, context: string): Buffer;
  openString(sealed: Uint8Array, context: string): string;
  /**
   * A 32-byte key for one purpose, derived from the at-rest key (keyed
   * BLAKE2b): the same on every replica, useless for anything else.
   */
  deriveKey(purpose: string): Buffer;
  /** Short id of the key, stored beside ciphertexts to allow rotation. */
  readonly keyId: string;
}

/** Creates a new random key (for a first start). */
export function newEncryptionKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Validates a key file's bytes: exactly 32 bytes and not all zero. */
export function checkEncryptionKey(key: Uint8Array): void {
  if (key.byteLength !== KEY_BYTES) {
    throw new CoordinatorError(
      'encryption-key-missing',
      `encryption key must be ${KEY_BYTES} bytes, found ${key.byteLength}`,
    );
  }
  if (key.every((b) => b === 0)) throw new CoordinatorError('encryption-key-missing', 'encryption key is all zeros');
}

/** Builds a {@link SecretBox} over a validated key. */
export async function createSecretBox(key: Uint8Array): Promise<SecretBox> {
  checkEncryptionKey(key);
  const s: Sodium = await getSodium();
  const k = Uint8Array.from(key);
  const keyId = Buffer.from(s.crypto_generichash(16, k, null)).toString('hex');
  const open = (sealed: Uint8Array, context: string): Buffer => {
    const nonceLen = s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    if (sealed.byteLength < 1 + nonceLen + s.crypto_aead_xchacha20poly1305_ietf_ABYTES || sealed[0] !== VERSION) {
      throw new CoordinatorError('decrypt-failed', `sealed value for ${context} is malformed`);
    }
    try {
      const nonce = sealed.subarray(1, 1 + nonceLen);
      const ct = sealed.subarray(1 + nonceLen);
      return Buffer.from(s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ct, context, nonce, k));
    } catch {
      throw new CoordinatorError('decrypt-failed', `sealed value for ${context} does not decrypt with the current key`);
    }
  };
  return {
    keyId,
    seal(plain, context) {
      const nonce = s.randombytes_buf(s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
      const ct = s.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, context, null, nonce, k);
      return Buffer.concat([Buffer.from([VERSION]), nonce, ct]);
    },
    open,
    openString: (sealed, context) => open(sealed, context).toString('utf8'),
    deriveKey: (purpose) => Buffer.from(s.crypto_generichash(32, `k3sgrid/derive/${purpose}`, k)),
  };
}
