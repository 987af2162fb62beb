/**
 * Handshake transcripts. Every MAC and signature is computed over a canonical,
 * length-prefixed byte string that binds the context label, the coordinator
 * pin, the session id and both nonces, so a message from one session is
 * useless in another (replay) or against another coordinator (relay).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Context labels; a transcript for one purpose never verifies for another. */
export const TRANSCRIPT_CONTEXT = {
  enroll: 'k3sgrid/enroll/v1',
  auth: 'k3sgrid/auth/v1',
  welcome: 'k3sgrid/welcome/v1',
  assign: 'k3sgrid/assign/v1',
  download: 'k3sgrid/download/v1',
} as const;

/** Concatenates fields, each prefixed by its 4-byte big-endian length. */
export function canonical(fields: ReadonlyArray<Uint8Array | string>): Buffer {
  const parts: Buffer[] = [];
  for (const f of fields) {
    const b = typeof f === 'string' ? Buffer.from(f, 'utf8') : Buffer.from(f.buffer, f.byteOffset, f.byteLength);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.byteLength);
    parts.push(len, b);
  }
  return Buffer.concat(parts);
}

export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Fields common to the enrollment and authentication transcripts. */
export interface SessionBinding {
  pin: string;
  sessionId: Uint8Array;
  serverNonce: Uint8Array;
  clientNonce: Uint8Array;
}

/** Transcript an enrolling agent MACs with its token key and signs with its node key. */
export function enrollTranscript(
  b: SessionBinding & { tokenId: string; nodeSignPub: Uint8Array; nodeBoxPub: Uint8Array; reportDigest: Uint8Array },
): Buffer {
  return canonical([
    TRANSCRIPT_CONTEXT.enroll,
    b.pin,
    b.sessionId,
    b.serverNonce,
    b.clientNonce,
    b.tokenId,
    b.nodeSignPub,
    b.nodeBoxPub,
    b.reportDigest,
  ]);
}

/** Transcript an enrolled agent signs to reconnect. */
export function authTranscript(b: SessionBinding & { nodeSignPub: Uint8Array; reportDigest: Uint8Array }): Buffer {
  return canonical([
    TRANSCRIPT_CONTEXT.auth,
    b.pin,
    b.sessionId,
    b.serverNonce,
    b.clientNonce,
    b.nodeSignPub,
    b.reportDigest,
  ]);
}

/** Transcript the coordinator signs in its Welcome, proving it holds its signing key in this session. */
export function welcomeTranscript(b: SessionBinding & { nodeId: string; nodeName: string; clusterId: string }): Buffer {
  return canonical([
    TRANSCRIPT_CONTEXT.welcome,
    b.pin,
    b.sessionId,
    b.serverNonce,
    b.clientNonce,
    b.nodeId,
    b.nodeName,
    b.clusterId,
  ]);
}

/**
 * Bytes an enrolled node signs to download a release blob from the
 * coordinator (`Authorization: K3G-Node <nodeId>.<unixMs>.<base64url sig>` on
 * `GET /v1/agent/releases/<sha256>`). The pin binds it to this coordinator,
 * the time bounds its reuse (the coordinator accepts ±5 minutes).
 */
export function downloadTranscript(b: { pin: string; nodeId: string; sha256: string; unixMs: number }): Buffer {
  return canonical([TRANSCRIPT_CONTEXT.download, b.pin, b.nodeId, b.sha256, String(b.unixMs)]);
}

/** Bytes the coordinator signs for an assignment body. */
export function assignmentTranscript(body: Uint8Array): Buffer {
  return canonical([TRANSCRIPT_CONTEXT.assign, body]);
}

/**
 * The MAC key derived from a token secret. The coordinator stores this value
 * only encrypted at rest; the raw secret is never stored or sent.
 */
export function tokenMacKey(secret: string): Buffer {
  return createHash('sha256').update('k3sgrid/token-key/v1\0').update(secret).digest();
}

export function hmac(key: Uint8Array, data: Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Constant-time comparison that tolerates different lengths. */
export function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}
