/**
 * `npm run lab`: a coordinator on its embedded SQLite and N simulated nodes on
 * this machine, each with its own loopback address and root folder, each
 * running the real agent, which runs the k3s test double (real etcd) or, for
 * the load balancer, the real HAProxy. Prints progress as the cluster forms,
 * then the real `kubectl get nodes` through the registration address. Runs
 * until Ctrl-C (or exits with --exit).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { ensureRequirements, labRequirements } from './lib/lab-env.js';
import { Lab, REPO_ROOT } from './lib/lab-core.js';

const program = new Command('lab')
  .description('form a local k3s cluster from simulated nodes')
  .option('--nodes <n>', 'number of nodes (default: servers + 2 workers, + 1 for lb)', (v) => Number(v))
  .addOption(new Option('--servers <n>', 'servers').choices(['1', '3', '5']).default('3'))
  .addOption(new Option('--registration <mode>', 'registration address mode').choices(['lb', 'server']).default('lb'))
  .option('--dir <dir>', 'lab folder', join(REPO_ROOT, '.lab'))
  .option('--subnet <prefix>', 'loopback prefix for node addresses', '127.0.77')
  .option('--port <port>', 'coordinator port', (v) => Number(v), 8443)
  .option('--replicas <n>', 'coordinator replicas (more than 1 needs --datastore postgres)', (v) => Number(v), 1)
  .option('--datastore <postgres|url>', '`postgres` for a private PostgreSQL, or a postgres:// URL (default: SQLite)')
  .option('--exit', 'stop everything once the cluster is ready and the nodes are listed')
  .option('--timeout <seconds>', 'give up after this long', (v) => Number(v), 180)
  .showHelpAfterError();
program.parse(
  process.argv.slice(2).filter((a) => a !== '--'),
  { from: 'user' },
);
const o = program.opts<{
  nodes?: number;
  servers: string;
  registration: 'lb' | 'server';
  dir: string;
  subnet: string;
  port: number;
  replicas: number;
  datastore?: string;
  exit?: boolean;
  timeout: number;
}>();
const servers = Number(o.servers) as 1 | 3 | 5;
const nodeCount = o.nodes ?? servers + 2 + (o.registration === 'lb' ? 1 : 0);
const started = Date.now();
const say = (s: string): void =>
  void process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${s}\n`);

if (!Number.isInteger(o.replicas) || o.replicas < 1 || o.replicas > 5) {
  process.stderr.write(`lab: --replicas must be 1 to 5, got ${String(o.replicas)}\n`);
  process.exit(2);
}
if (o.replicas > 1 && !o.datastore) {
  process.stderr.write('lab: --replicas above 1 needs --datastore postgres (or a postgres:// URL)\n');
  process.exit(2);
}
if (o.datastore && o.datastore !== 'postgres' && !/^postgres(ql)?:\/\//.test(o.datastore)) {
  process.stderr.write(`lab: --datastore must be postgres or a postgres:// URL\n`);
  process.exit(2);
}
const problem = ensureRequirements(
  labRequirements(o.registration, { privatePostgres: o.datastore === 'postgres' }),
  say,
);
if (problem) {
  process.stderr.write(`lab: ${problem}\n`);
  process.exit(2);
}

// A previous lab in the same folder is stopped first (its process groups are on disk).
const pidFile = join(o.dir, 'pids');
if (existsSync(pidFile)) {
  for (const pid of readFileSync(pidFile, 'utf8').split('\n').filter(Boolean)) {
    try {
      process.kill(-Number(pid), 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
rmSync(o.dir, { recursive: true, force: true });

const lab = await Lab.start({
  dir: o.dir,
  subnet: o.subnet,
  port: o.port,
  spec: { servers, registration: { mode: o.registration }, formation: { minNodes: nodeCount, timeoutSeconds: 60 } },
  replicas: o.replicas,
  ...(o.datastore ? { datastore: o.datastore } : {}),
});
const { coordinator } = lab;
say(`coordinator ${coordinator.url} (state ${join(o.dir, 'coordinator')}, datastore ${coordinator.state.datastore})`);
for (const [i, r] of lab.coordinators.entries()) {
  if (i > 0) say(`replica ${i + 1} ${r.url} (state ${join(o.dir, `coordinator${i + 1}`)})`);
}
say(`dashboard ${coordinator.url}/ui  (admin token: ${lab.adminToken()})  — open it to watch the cluster form`);
say(
  `cluster "lab": ${servers} server(s), registration ${o.registration}, ${nodeCount} nodes on ${o.subnet}.1-${nodeCount}`,
);
// With replicas, each one's live feed carries every replica's events: one is enough.
coordinator.audit.subscribe((e) => {
  if (
    /^(enroll\.ok|election|cluster\.phase|node\.phase\.(ready|failed)|formation\.ca-hash|kubeconfig\.stored|assignment\.refused)/.test(
      e.type,
    )
  )
    say(e.message);
});
const token = await lab.token({ uses: nodeCount });
for (let i = 1; i <= nodeCount; i++) lab.startNode(i, token);
writeFileSync(pidFile, lab.nodes.map((n) => String(n.child.pid)).join('\n'));

let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping the lab ...');
    await lab.stop();
    rmSync(pidFile, { force: true });
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  await lab.waitReady(o.timeout * 1000);
} catch (err) {
  say(`${(err as Error).message}; logs in ${o.dir}/node*/agent.log and ${o.dir}/coordinator.log`);
  await stop(1);
}
const kubeconfigPath = join(o.dir, 'kubeconfig');
writeFileSync(kubeconfigPath, await coordinator.service.kubeconfig('lab', 'lab'), { mode: 0o600 });
say(`cluster ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
if (lab.coordinators.length > 1) {
  const { items, lease } = await coordinator.service.replicas();
  for (const r of items)
    say(`replica ${r.url}${r.leader ? ` leads formation (lease epoch ${lease?.epoch ?? '?'})` : ''}`);
  const nodes = await coordinator.service.listNodes('lab');
  const per = new Map<string, number>();
  for (const n of nodes) per.set(n.replicaId, (per.get(n.replicaId) ?? 0) + 1);
  say(`agent sessions per replica: ${items.map((r) => `${r.url} ${per.get(r.id) ?? 0}`).join(', ')}`);
}

// The real kubectl, with the served kubeconfig, through the registration address.
const c = await coordinator.service.getCluster('lab');
const r = spawnSync(
  'kubectl',
  ['--kubeconfig', kubeconfigPath, '--cache-dir', join(o.dir, '.kube-cache'), 'get', 'nodes'],
  { encoding: 'utf8' },
);
process.stdout.write(
  `\n$ kubectl get nodes    # KUBECONFIG=${kubeconfigPath}, server https://${c.formation.registrationAddress}:6443\n${r.status === 0 ? r.stdout : `kubectl failed: ${r.stderr}`}\n`,
);
process.stdout.write(
  [
    `dashboard:    ${coordinator.url}/ui`,
    `admin token:  ${lab.adminToken()}`,
    `kubeconfig:   export KUBECONFIG=${kubeconfigPath}`,
    `CLI:          K3SGRID_STATE_DIR=${join(o.dir, 'coordinator')} npm run -s k3sgrid -- cluster get lab`,
    `logs:         ${o.dir}/coordinator.log, ${o.dir}/node<N>/agent.log`,
    o.exit ? 'stopping (--exit)' : 'stop with Ctrl-C',
    '',
  ].join('\n'),
);
if (o.exit) await stop(r.status === 0 ? 0 : 1);
