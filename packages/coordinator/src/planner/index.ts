/** The planner: pure capability rules, storage/CNI decisions, k3s mapping and drift. */
export * from './catalog.js';
export * from './drift.js';
export * from './errors.js';
export * from './k3s.js';
export * from './plan.js';
export * from './election.js';
