/**
 * Errors of the coordinator. Every error has a stable `code` (used in API
 * bodies, audit events and tests) and an HTTP status for the REST API.
 * Messages never contain secrets.
 */

export type CoordinatorErrorCode =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'range-not-satisfiable'
  | 'rate-limited'
  | 'bad-gateway'
  | 'insufficient-storage'
  | 'state-dir-invalid'
  | 'encryption-key-missing'
  | 'encryption-key-mismatch'
  | 'decrypt-failed'
  | 'store-failed'
  | 'migration-failed'
  | 'unavailable'
  | 'not-leader'
  | 'internal';

const STATUS: Record<CoordinatorErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  'range-not-satisfiable': 416,
  'rate-limited': 429,
  'bad-gateway': 502,
  'insufficient-storage': 507,
  'state-dir-invalid': 500,
  'encryption-key-missing': 500,
  'encryption-key-mismatch': 500,
  'decrypt-failed': 500,
  'store-failed': 500,
  'migration-failed': 500,
  unavailable: 503,
  'not-leader': 503,
  internal: 500,
};

/** Thrown for any failure the coordinator reports to an operator or an agent. */
export class CoordinatorError extends Error {
  override readonly name = 'CoordinatorError';
  readonly statusCode: number;
  constructor(
    readonly code: CoordinatorErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.statusCode = STATUS[code];
  }
}

export const notFound = (what: string, id: string): CoordinatorError =>
  new CoordinatorError('not-found', `${what} ${JSON.stringify(id)} not found`);
