/**
 * @module @k3sgrid/proto
 *
 * The k3sgrid wire protocol: generated protobuf code, framing with size and
 * field limits, the join-token format, handshake transcripts and the sealing
 * helpers shared by the agent and the coordinator.
 *
 * @example
 * ```ts
 * import { encodeFrame, decodeFrame, AGENT_FRAME_LIMITS } from '@k3sgrid/proto';
 * const frame = encodeFrame(1, { kind: 'heartbeat', value: { agentTimeMs: Date.now() } });
 * const { body } = decodeFrame(frame, AGENT_FRAME_LIMITS);
 * ```
 */
export { k3sgrid } from '@k3sgrid/proto/gen';
export * from './capabilities.js';
export * from './assignment.js';
export * from './backoff.js';
export * from './errors.js';
export * from './framing.js';
export * from './token.js';
export * from './transcript.js';
export * from './sodium.js';
export * from './wire-assignment.js';
