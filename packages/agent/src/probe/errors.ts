/**
 * Errors raised by the capability probe. Each carries a stable `code` so the
 * CLI and callers can branch on it without matching message text.
 */
import { AgentError } from '../agent-error.js';

/** Stable codes of probe errors. */
export type ProbeErrorCode = 'probe-root-unreadable' | 'probe-read-failed';

/** Base class for probe errors. */
export class ProbeError extends AgentError<ProbeErrorCode> {
  constructor(code: ProbeErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, false, options);
  }
}

/** The probe root does not exist, is not a directory or cannot be read. */
export class ProbeRootError extends ProbeError {
  constructor(root: string, reason: string, options?: ErrorOptions) {
    super('probe-root-unreadable', `probe root ${root} is not readable: ${reason}`, options);
    this.name = 'ProbeRootError';
  }
}

/** A file under the root exists but could not be decoded (e.g. a corrupt config.gz). */
export class ProbeReadError extends ProbeError {
  constructor(file: string, reason: string, options?: ErrorOptions) {
    super('probe-read-failed', `cannot read ${file}: ${reason}`, options);
    this.name = 'ProbeReadError';
  }
}
