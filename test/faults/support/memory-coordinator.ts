/**
 * Starts `coordinator-child.ts` (a real coordinator process with default
 * limits and a GC-on-SIGUSR2 hook) and reads its memory after a full GC.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths.js';
import { attachCoordinator, spawnTs, type CoordinatorProc } from '../../support/processes.js';
import { procStats } from './raw-ws.js';
import { tempDir, waitFor } from '@k3sgrid/testkit';

export async function startMemoryCoordinator(env: NodeJS.ProcessEnv = {}): Promise<CoordinatorProc> {
  const stateDir = join(tempDir('flood'), 'state');
  const p = spawnTs(join(REPO_ROOT, 'test/faults/support/coordinator-child.ts'), [stateDir], env);
  return attachCoordinator(p, stateDir);
}

export interface MemoryAfterGc {
  heapUsed: number;
  rss: number;
  external: number;
  fds: number;
}

/** Forces a full GC in the coordinator and returns its memory and open descriptors. */
export async function memoryAfterGc(c: CoordinatorProc): Promise<MemoryAfterGc> {
  const file = join(c.stateDir, 'memory.json');
  rmSync(file, { force: true });
  c.child.kill('SIGUSR2');
  const m = await waitFor(
    'memory.json',
    () =>
      existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { heapUsed: number; external: number }) : undefined,
    10_000,
    50,
  );
  const s = await procStats(c.child.pid!);
  return { heapUsed: m.heapUsed, external: m.external, rss: s.rss, fds: s.fds };
}
