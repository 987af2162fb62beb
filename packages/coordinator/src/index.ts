/**
 * @module @k3sgrid/coordinator
 *
 * The k3sgrid coordinator: enrollment gateway, REST API, store, planner and
 * the `k3sgrid` operator CLI. Tests, scripts and embedders import it by
 * name; `@k3sgrid/coordinator/store` is the store layer alone (see
 * store/index.ts).
 */
export * from './app.js';
export * from './errors.js';
export * from './store/index.js';
export { openPgStore, PgStore, type PgStoreOptions } from './store/pg-store.js';
export { openStore, isPostgresUrl, redactUrl, type OpenStoreOptions } from './store/open-store.js';
export * from './planner/index.js';
export * from './grid/index.js';

// REST API: request schemas and the JSON views of rows.
export { clusterSpec, DEFAULT_K3S_VERSION } from './api/schemas.js';
export { codeForStatus, errorBody, type ErrorResponse } from './api/errors.js';
export type { ClusterViewT, EventViewT, NodeViewT, TokenViewT } from './api/views.js';

// The `k3sgrid` CLI: the program, its command groups and the API client.
export { runCli, buildProgram, type CliIo } from './cli/program.js';
export { registerServeCommand } from './cli/serve-command.js';
export { registerPlanCommand } from './cli/plan-command.js';
export { registerGridCommands } from './cli/grid-command.js';
export { exportIdentity, openIdentity, readIdentityFile, sealIdentity } from './cli/identity-command.js';
export { ApiError, callApi, resolveConnection, uploadFile, type Connection } from './cli/client.js';
export { followEvents } from './cli/sse.js';

// Building blocks of a coordinator process.
export { Audit } from './audit.js';
export { caPin, createCa, issueServerCert } from './pki.js';
export { openState, resolveDatastore, type CoordinatorIdentity, type CoordinatorState } from './state-dir.js';
export { createLease, fencedStore, LeaderElector, PgLease } from './formation/lease.js';
export { credsFromKubeconfig, kubeRequest } from './formation/kube-client.js';
export type { GatewayOptions } from './gateway/gateway.js';
export { k3sArchOf } from './releases/release-service.js';
export { STATUS_EVENT_BUDGET_PER_HOUR } from './status-events.js';
