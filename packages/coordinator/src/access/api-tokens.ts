/**
 * API tokens of users and service accounts: `k3g_at_<id>_<secret>`, where
 * the id (16 hex digits) finds the row and the secret (32 random bytes,
 * base64url) proves it. Only a keyed hash of the secret is stored:
 * HMAC-SHA256 under a key derived from the coordinator's at-rest key
 * (secrets.ts `deriveKey`), over the token id and the secret, so a copied
 * database alone neither reveals a token nor lets one be checked offline,
 * and a hash moved to another row does not match. Comparison is
 * constant-time. Pure apart from randomness.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Purpose string of the derived HMAC key (changing it invalidates every token). */
export const API_TOKEN_KEY_PURPOSE = 'k3sgrid/api-token-hmac/v1';

const FORMAT = /^k3g_at_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** Token lifetimes: the default and the coordinator's maximum (its config may lower or raise the maximum). */
export const API_TOKEN_TTL = { defaultSeconds: 30 * 86_400, maxSeconds: 90 * 86_400 } as const;

/** A new token id and secret, and the full token as the caller sees it once. */
export function newApiToken(): { id: string; secret: string; token: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `k3g_at_${id}_${secret}` };
}

/** Splits a bearer value into id and secret; null when it is not an API token. */
export function parseApiToken(bearer: string): { id: string; secret: string } | null {
  const m = FORMAT.exec(bearer);
  return m?.[1] && m[2] ? { id: m[1], secret: m[2] } : null;
}

/** The stored keyed hash of a token secret. */
export function hashApiToken(key: Uint8Array, id: string, secret: string): Buffer {
  return createHmac('sha256', key).update(`${id}\0${secret}`).digest();
}

/** Constant-time check of a secret against its stored hash. */
export function apiTokenMatches(key: Uint8Array, id: string, secret: string, stored: Uint8Array): boolean {
  const given = hashApiToken(key, id, secret);
  return given.byteLength === stored.byteLength && timingSafeEqual(given, stored);
}

/** The keyed hash of the break-glass token, kept in `meta` (one value for all replicas). */
export function hashBreakGlass(key: Uint8Array, token: string): Buffer {
  return createHmac('sha256', key).update(`break-glass\0${token}`).digest();
}

/** A new break-glass (bootstrap admin) token. */
export function newBreakGlassToken(): string {
  return `k3g_admin_${randomBytes(32).toString('base64url')}`;
}
