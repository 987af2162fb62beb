/**
 * Runs many real agent sessions (AgentSessionClient) in one process, apart
 * from the coordinator under test, for the reconnect-storm scenario. Prints
 * `refused <n>` lines if any agent is refused for good; exits on SIGTERM.
 * Usage: storm-agents.ts <agentUrl> <token> <count> <baseDir>
 */
import { join } from 'node:path';
import { AgentSessionClient } from '@k3sgrid/agent';
import { emptyReport } from '@k3sgrid/proto';
import { silentLogger } from '@k3sgrid/testkit';

const [url = '', token = '', countText = '0', base = ''] = process.argv.slice(2);
let refused = 0;
const clients = Array.from({ length: Number(countText) }, (_, i) => {
  const c = new AgentSessionClient({
    coordinator: url,
    token,
    stateDir: join(base, `a${i}`),
    hostname: `storm-${i}`,
    probe: () => Promise.resolve({ ...emptyReport(), hostname: `storm-${i}` }),
    log: silentLogger,
    backoff: { baseMs: 250, capMs: 5000 },
  });
  c.run().catch(() => {
    refused++;
    process.stdout.write(`refused ${refused}\n`);
  });
  return c;
});
process.on('SIGTERM', () => {
  for (const c of clients) c.stop();
  setTimeout(() => process.exit(0), 500);
});
