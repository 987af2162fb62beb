/**
 * @module @k3sgrid/agent
 *
 * The k3sgrid node agent: identity, pinned session with the coordinator,
 * capability probe and k3s supervision.
 */
export * from './errors.js';
export * from './identity.js';
export * from './config.js';
export * from './session/client.js';
export * from './session/backoff.js';
export { fetchPinnedCa } from './session/pin.js';
export { probeCapabilities } from './probe/index.js';
