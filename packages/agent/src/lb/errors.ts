/**
 * Typed errors of the registration load balancer (HAProxy). Every error has a
 * stable `code` that logs, status reports and tests match on.
 */
import { AgentError } from '../agent-error.js';

export type LbErrorCode =
  'lb-spec-invalid' | 'lb-binary-missing' | 'lb-config-rejected' | 'lb-start-failed' | 'lb-not-ready';

/** Base class of the load balancer errors. */
export class LbError extends AgentError<LbErrorCode> {
  constructor(code: LbErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, false, options);
  }
}

/** The `lb` part of an assignment is missing or has an address that is not `host:port`. */
export class LbSpecError extends LbError {
  constructor(message: string) {
    super('lb-spec-invalid', message);
  }
}

/** The haproxy binary cannot be run. */
export class LbBinaryMissingError extends LbError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('lb-binary-missing', message, options);
  }
}

/** `haproxy -c` refused the rendered configuration; `output` is haproxy's own message. */
export class LbConfigRejectedError extends LbError {
  readonly output: string;
  constructor(output: string) {
    super('lb-config-rejected', `haproxy rejected the configuration: ${output}`);
    this.output = output;
  }
}

/** HAProxy exited right after starting (e.g. it cannot bind its address). */
export class LbStartError extends LbError {
  readonly logTail: string[];
  constructor(message: string, logTail: string[]) {
    super('lb-start-failed', message);
    this.logTail = logTail;
  }
}

/** HAProxy runs but its bind address does not accept connections in time. */
export class LbNotReadyError extends LbError {
  constructor(message: string) {
    super('lb-not-ready', message);
  }
}
