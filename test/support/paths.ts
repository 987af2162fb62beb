/** Paths used by the cross-package tests. */
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DIR = resolve(REPO_ROOT, '../shared');
export const COORDINATOR_BIN = join(REPO_ROOT, 'packages/coordinator/src/bin/k3sgrid.ts');
export const AGENT_BIN = join(REPO_ROOT, 'packages/agent/src/bin/k3sgrid-agent.ts');
/** Node flags that run the TypeScript sources directly (no build needed). */
export const TS_NODE_ARGS = ['--conditions=source', '--import', 'tsx'];
