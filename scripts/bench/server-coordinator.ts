/**
 * Child process: the real coordinator under test, in its own process so its
 * RSS and CPU are measured alone. Argv: `<stateDir> <port>` (port 0 picks
 * one). Emits `ready` with the agent URL and CA; answers `setup` (clusters
 * and join tokens), `stats`, `cluster` and `stop` over IPC.
 */
import { join } from 'node:path';
import pino from 'pino';
import { startCoordinator } from '../../packages/coordinator/src/app.js';
import type { ClusterSpec } from '../../packages/coordinator/src/store/types.js';
import { emit, selfStats, serveIpc } from './common.js';

const [stateDir = '', portArg = '0'] = process.argv.slice(2);
const startedAt = Date.now();
const coordinator = await startCoordinator({
  stateDir,
  listen: `127.0.0.1:${portArg}`,
  advertise: ['127.0.0.1'],
  logger: pino(
    { level: process.env.BENCH_COORDINATOR_LOG ?? 'warn' },
    pino.destination({ dest: join(stateDir, '..', 'coordinator.log'), sync: false, append: true }),
  ),
  reconcileIntervalMs: 2000,
});

serveIpc({
  async setup(a) {
    const clusters = Number(a.clusters ?? 1);
    const out: Array<{ clusterId: string; token: string }> = [];
    for (let i = 0; i < clusters; i++) {
      const spec: ClusterSpec = {
        name: `${typeof a.prefix === 'string' ? a.prefix : 'bench'}-${i}`,
        servers: 1,
        k3sVersion: 'v1.33.4+k3s1',
        registration: { mode: 'server' },
        cni: 'auto',
        storage: 'auto',
        encryption: false,
        secretsEncryption: true,
        datastore: { kind: 'embedded-etcd' },
        formation: { minNodes: Number(a.minNodes ?? 10_000), timeoutSeconds: Number(a.timeoutSeconds ?? 86_400) },
        failureDomainKey: 'farm',
      };
      const c = await coordinator.service.createCluster(spec, 'bench');
      const { token } = await coordinator.service.createToken(
        c.id,
        { ttlSeconds: 86_400, maxUses: Number(a.perCluster ?? 1000), roles: ['server', 'agent'], description: 'bench' },
        'bench',
      );
      out.push({ clusterId: c.id, token });
    }
    return out;
  },
  stats(a) {
    return selfStats(coordinator.gateway.connectedCount(), a.gc === true);
  },
  async cluster(a) {
    const c = await coordinator.service.getCluster(String(a.id));
    return { phase: c.phase, readyAt: c.formation.readyAt, statusMessage: c.formation.statusMessage };
  },
  async stop() {
    const t = setTimeout(() => process.exit(0), 8000);
    t.unref();
    await coordinator.close();
    setImmediate(() => process.exit(0));
    return true;
  },
});

emit('ready', {
  agentUrl: coordinator.agentUrl,
  caPem: coordinator.state.tls.caCert,
  pin: coordinator.state.pin,
  port: coordinator.port,
  startMs: Date.now() - startedAt,
});
