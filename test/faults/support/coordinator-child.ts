/**
 * A coordinator process for memory-sensitive fault tests: exactly what
 * `k3sgrid coordinator serve` runs (default limits), plus one test hook —
 * on SIGUSR2 it runs a full garbage collection and writes
 * `process.memoryUsage()` to `<state-dir>/memory.json`, so the parent can
 * compare heap and RSS after GC.
 *
 * Usage: coordinator-child <state-dir>
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startCoordinator } from '@k3sgrid/coordinator';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const stateDir = process.argv[2];
if (!stateDir) throw new Error('usage: coordinator-child <state-dir>');
const c = await startCoordinator({ stateDir, listen: '127.0.0.1:0', advertise: ['127.0.0.1'] });
process.on('SIGUSR2', () => {
  gc();
  gc();
  writeFileSync(join(stateDir, 'memory.json'), JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
});
const stop = (): void => void c.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
