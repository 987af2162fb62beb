/**
 * @module @k3sgrid/proto
 *
 * The k3sgrid wire protocol: generated protobuf code, framing with size and
 * field limits, the join-token format and the handshake transcripts shared by
 * the agent and the coordinator.
 */
export { k3sgrid } from '@k3sgrid/proto/gen';
export * from './capabilities.js';
export * from './assignment.js';
