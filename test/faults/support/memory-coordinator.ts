/**
 * Starts `coordinator-child.ts` (a real coordinator process with default
 * limits and a GC-on-SIGUSR2 hook) and reads its memory after a full GC.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, type Connection } from '../../../packages/coordinator/src/cli/client.js';
import { REPO_ROOT } from '../../support/paths.js';
import { spawnTs, tempDir, waitFor, type CoordinatorProc } from '../../support/processes.js';
import { procStats } from './raw-ws.js';

export async function startMemoryCoordinator(env: NodeJS.ProcessEnv = {}): Promise<CoordinatorProc> {
  const stateDir = join(tempDir('flood'), 'state');
  const endpointFile = join(stateDir, 'endpoint');
  const p = spawnTs(join(REPO_ROOT, 'test/faults/support/coordinator-child.ts'), [stateDir], env);
  const url = await waitFor(
    'coordinator endpoint file',
    () => {
      if (p.child.exitCode !== null) throw new Error(`coordinator exited: ${p.output()}`);
      return existsSync(endpointFile) ? readFileSync(endpointFile, 'utf8').trim() : undefined;
    },
    60_000,
  );
  const conn: Connection = {
    server: url,
    token: readFileSync(join(stateDir, 'admin.token'), 'utf8').trim(),
    ca: readFileSync(join(stateDir, 'ca.crt'), 'utf8'),
  };
  return Object.assign(p, {
    stateDir,
    url,
    agentUrl: url.replace(/^https:/, 'wss:'),
    conn,
    api: <T>(method: string, path: string, body?: unknown) => callApi<T>(conn, method, path, body),
  });
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
