/**
 * Errors of the agent's session layer, each with a stable `code`. The probe
 * (probe/errors.ts) and k3s (k3s/errors.ts) layers have their own error
 * classes with codes of the same style; all are re-exported here so the agent
 * has one place to look them up.
 */
export * from './k3s/errors.js';
export * from './probe/errors.js';

export type AgentErrorCode =
  | 'pin-mismatch'
  | 'coordinator-unreachable'
  | 'refused-permanently'
  | 'identity-invalid'
  | 'config-invalid'
  | 'welcome-invalid'
  | 'coordinator-key-changed';

/** Thrown by the session layer. `permanent` errors stop the agent instead of retrying. */
export class AgentError extends Error {
  override readonly name = 'AgentError';
  constructor(
    readonly code: AgentErrorCode,
    message: string,
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
