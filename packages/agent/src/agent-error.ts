/**
 * The one base error of the agent: every error it throws on purpose (session,
 * k3s, load balancer, probe) is an {@link AgentError} with a stable
 * kebab-case `code` that logs, status reports and tests match on; the message
 * is for humans. `permanent` errors stop the agent instead of retrying.
 * It imports only types, so the layers' error modules can extend it without an
 * import cycle.
 */
import type { K3sErrorCode } from './k3s/errors.js';
import type { LbErrorCode } from './lb/errors.js';
import type { ProbeErrorCode } from './probe/errors.js';

/** Codes of the session layer (the coordinator link, identity and config). */
export type SessionErrorCode =
  | 'pin-mismatch'
  | 'coordinator-unreachable'
  | 'refused-permanently'
  | 'identity-invalid'
  | 'config-invalid'
  | 'welcome-invalid'
  | 'coordinator-key-changed';

/** Every code an agent error can carry. */
export type AgentErrorCode = SessionErrorCode | K3sErrorCode | LbErrorCode | ProbeErrorCode;

/** Thrown by the agent; the layers' classes (K3sError, LbError, ProbeError) narrow the code. */
export class AgentError<C extends AgentErrorCode = AgentErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly permanent = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
