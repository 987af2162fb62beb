/**
 * @module @k3sgrid/coordinator
 *
 * The k3sgrid coordinator: enrollment gateway, REST API, store, planner and
 * the `k3sgrid` operator CLI.
 */
export * from './app.js';
export * from './errors.js';
export { runCli, buildProgram, type CliIo } from './cli/program.js';
export type * from './store/types.js';
