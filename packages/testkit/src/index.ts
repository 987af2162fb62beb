/**
 * @module @k3sgrid/testkit
 *
 * Support code for k3sgrid's tests and scripts; private, never shipped. This
 * entry has no workspace dependencies, so any test can use it:
 * {@link waitFor}, {@link tempDir}, {@link silentLogger}, the seeded PRNG
 * ({@link mulberry32}, {@link faultSeed}).
 *
 * Sub-paths, each with only the dependencies it needs:
 * - `@k3sgrid/testkit/reports`: capability reports (proto);
 * - `@k3sgrid/testkit/rows`: coordinator store rows (the coordinator's light
 *   `@k3sgrid/coordinator/store` entry);
 * - `@k3sgrid/testkit/views`: the REST API's JSON shapes (types only).
 */
export * from './wait.js';
export * from './temp.js';
export * from './logger.js';
export * from './prng.js';
