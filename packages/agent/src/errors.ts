/**
 * The agent's errors in one place: the base {@link AgentError} (and the
 * session layer's codes) from agent-error.ts, and the classes of the k3s
 * (k3s/errors.ts), load balancer (lb/errors.ts) and probe (probe/errors.ts)
 * layers, which extend it.
 */
export * from './agent-error.js';
export * from './k3s/errors.js';
export * from './lb/errors.js';
export * from './probe/errors.js';
