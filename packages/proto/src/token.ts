/**
 * Join tokens: `K3G1<pin>::<id>.<secret>`, in the spirit of k3s's
 * `K10<ca-hash>::user:password`. The pin is the base64url SHA-256 of the
 * coordinator CA's SubjectPublicKeyInfo, so the agent can authenticate the
 * coordinator before it sends anything. The id is public; the secret never
 * crosses the wire (the agent proves it with an HMAC, see transcript.ts).
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { ProtocolError } from './errors.js';

export const TOKEN_PREFIX = 'K3G1';
const PIN_RE = /^[A-Za-z0-9_-]{43}$/;
const ID_RE = /^[a-z0-9]{10}$/;
const SECRET_RE = /^[A-Za-z0-9_-]{43}$/;

/** The three parts of a join token. */
export interface JoinToken {
  pin: string;
  id: string;
  secret: string;
}

/** Formats a join token. */
export function formatJoinToken(t: JoinToken): string {
  return `${TOKEN_PREFIX}${t.pin}::${t.id}.${t.secret}`;
}

/**
 * Parses a join token; throws `token-malformed` without echoing the input
 * (it holds a secret).
 */
export function parseJoinToken(text: string): JoinToken {
  const s = text.trim();
  if (!s.startsWith(TOKEN_PREFIX))
    throw new ProtocolError('token-malformed', `join token must start with ${TOKEN_PREFIX}`);
  const rest = s.slice(TOKEN_PREFIX.length);
  const sep = rest.indexOf('::');
  if (sep < 0) throw new ProtocolError('token-malformed', 'join token has no "::" separator');
  const pin = rest.slice(0, sep);
  const creds = rest.slice(sep + 2);
  const dot = creds.indexOf('.');
  const id = dot < 0 ? '' : creds.slice(0, dot);
  const secret = dot < 0 ? '' : creds.slice(dot + 1);
  if (!PIN_RE.test(pin)) throw new ProtocolError('token-malformed', 'join token pin must be 43 base64url characters');
  if (!ID_RE.test(id)) throw new ProtocolError('token-malformed', 'join token id must be 10 characters [a-z0-9]');
  if (!SECRET_RE.test(secret))
    throw new ProtocolError('token-malformed', 'join token secret must be 43 base64url characters');
  return { pin, id, secret };
}

/** A fresh token id: 10 characters [a-z0-9], public. */
export function newTokenId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  // 252 is the largest multiple of 36 below 256: rejection keeps it unbiased.
  let out = '';
  while (out.length < 10) {
    for (const b of randomBytes(16)) {
      if (b < 252 && out.length < 10) out += alphabet.charAt(b % 36);
    }
  }
  return out;
}

/** A fresh 256-bit token secret, base64url. */
export function newTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The pin of a certificate: base64url SHA-256 of its SubjectPublicKeyInfo DER. */
export function pinOfCertificate(certPem: string | Buffer): string {
  const cert = new X509Certificate(certPem);
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64url');
}
