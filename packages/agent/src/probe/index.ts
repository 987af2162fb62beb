/** Capability probe: facts about a node's kernel, userland and hardware, each with its source. */
export * from './addresses.js';
export * from './errors.js';
export * from './format.js';
export * from './fs-reader.js';
export * from './init-system.js';
export { disksFromBlockDevices, readLiveFacts, type BlockDeviceLike, type LiveFacts } from './live.js';
export * from './modules.js';
export * from './parse.js';
export * from './probe.js';
