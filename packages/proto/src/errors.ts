/**
 * Errors of the protocol package. Each has a stable `code` that callers map to
 * WebSocket close codes and that tests assert on; messages never contain
 * secrets or raw frame bytes.
 */

/** Stable codes for every protocol failure. */
export type ProtocolErrorCode =
  | 'frame-too-large'
  | 'frame-empty'
  | 'decode-failed'
  | 'unsupported-version'
  | 'missing-body'
  | 'field-too-large'
  | 'bad-sequence'
  | 'token-malformed'
  | 'signature-invalid'
  | 'seal-invalid';

/** Thrown when a frame or a protocol value is rejected. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`[${code}] ${message}`, options);
  }
}

/** WebSocket close codes used by both ends (RFC 6455 §7.4.1 plus the private range). */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  invalidData: 1007,
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
  tryAgainLater: 1013,
  /** Private range: authentication failed (token or signature). */
  unauthenticated: 4001,
  /** Private range: the node was revoked; the agent must not retry. */
  revoked: 4003,
  /** Private range: a handshake phase deadline passed. */
  timeout: 4008,
  /** Private range: superseded by a newer session of the same node. */
  superseded: 4009,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Maps a protocol error to the close code the session should use. */
export function closeCodeFor(err: ProtocolError): CloseCode {
  switch (err.code) {
    case 'frame-too-large':
    case 'field-too-large':
      return CloseCode.tooBig;
    case 'decode-failed':
    case 'frame-empty':
    case 'seal-invalid':
      return CloseCode.invalidData;
    case 'unsupported-version':
    case 'missing-body':
    case 'bad-sequence':
      return CloseCode.protocolError;
    case 'token-malformed':
    case 'signature-invalid':
      return CloseCode.unauthenticated;
  }
}
