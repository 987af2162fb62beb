/**
 * Wires a coordinator together: state directory, store, secrets, gateway,
 * REST API and metrics on one HTTPS port. `startCoordinator` is what
 * `k3sgrid coordinator serve` runs and what tests start in-process.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { sendError } from './api/errors.js';
import { registerApi } from './api/server.js';
import { AgentMessages } from './agent-messages.js';
import { Audit } from './audit.js';
import { nodeSignatureVerifier } from './api/node-auth.js';
import { BlobStore } from './releases/blobs.js';
import { ReleaseService } from './releases/release-service.js';
import { EventRetention, type RetentionPolicy } from './event-retention.js';
import type { StatusEventPolicy } from './status-events.js';
import { Enrollment } from './enrollment.js';
import { Gateway, AGENT_PATH, type GatewayOptions } from './gateway/gateway.js';
import { createMetrics, type Metrics } from './metrics.js';
import { CoordinatorService } from './service.js';
import { Reconciler } from './formation/reconciler.js';
import { createLease, fencedStore, LeaderElector } from './formation/lease.js';
import { Router, type Signals } from './replication/router.js';
import { openState, STATE_FILES, writeFileAtomic, type CoordinatorState } from './state-dir.js';
import { join } from 'node:path';

export interface CoordinatorOptions {
  stateDir: string;
  /** host:port to listen on; port 0 picks a free one. */
  listen: string;
  /** Names and addresses agents and operators use; go into the certificate SANs. */
  advertise: string[];
  logger?: Logger;
  gateway?: Partial<GatewayOptions>;
  clock?: () => number;
  /** How often batched heartbeat writes are flushed. */
  flushIntervalMs?: number;
  /** Failed handshakes per source address per minute before it is refused for a while (default 20). */
  maxFailuresPerAddress?: number;
  /** Period of the reconciler's level-triggered pass (it also runs on every change). */
  reconcileIntervalMs?: number;
  /** Formation lease duration with replicas on PostgreSQL (default 5000 ms; leadership moves within about 1.3× this). */
  leaseTtlMs?: number;
  /** Replica heartbeat / outbox poll period (default 1000 ms; a replica silent for 5 periods is gone). */
  replicaHeartbeatMs?: number;
  /** Event log retention by age and count (defaults: 30 days, 500,000 events). */
  eventRetention?: Partial<RetentionPolicy>;
  /** Limits of the live event stream (defaults: 256 readers, 256 KiB behind each). */
  eventStream?: { maxSubscribers?: number; maxBufferedBytes?: number };
  /** How status reports become events (defaults: DEFAULT_STATUS_EVENT_POLICY). */
  statusEvents?: Partial<StatusEventPolicy>;
}

export interface RunningCoordinator {
  /** https://host:port of the API and the agent endpoint. */
  url: string;
  agentUrl: string;
  port: number;
  state: CoordinatorState;
  gateway: Gateway;
  service: CoordinatorService;
  reconciler: Reconciler;
  router: Router;
  elector: LeaderElector;
  audit: Audit;
  metrics: Metrics;
  releases: ReleaseService;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Splits `host:port`, accepting `[v6]:port`. */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new Error(`--listen must be HOST:PORT, got ${JSON.stringify(listen)}`);
  return { host: m[1] ?? m[2] ?? '0.0.0.0', port };
}

export async function startCoordinator(o: CoordinatorOptions): Promise<RunningCoordinator> {
  const log = o.logger ?? pino({ level: process.env.K3SGRID_LOG_LEVEL ?? 'info' });
  const clock = o.clock ?? Date.now;
  const { host, port } = parseListen(o.listen);
  const state = await openState(o.stateDir, {
    advertise: [...o.advertise, ...(host === '0.0.0.0' || host === '::' ? [] : [host])],
  });
  const { store } = state;
  // Replicas share the store when it is PostgreSQL; each process incarnation
  // is one replica, named by its lease holder id.
  const shared = store.capabilities.shared;
  const lease = createLease(store, { ttlMs: o.leaseTtlMs ?? 5000 });
  const replicaId = lease.holder;
  // One process: every recorded session is over. Replicas: only the leader
  // clears sessions, of replicas that stopped heartbeating (router.sweep).
  if (!shared) await store.markAllDisconnected();
  const metrics = createMetrics();
  const audit = new Audit(store);
  const blobs = new BlobStore(join(o.stateDir, 'blobs'), store, shared);
  const releases = new ReleaseService({ store, blobs, audit, clock, log: log.child({ component: 'releases' }) });
  const enrollment = new Enrollment({
    store,
    secrets: state.secrets,
    audit,
    clock,
    replicaId,
    ...(o.maxFailuresPerAddress ? { maxFailuresPerAddress: o.maxFailuresPerAddress } : {}),
  });

  const gateway: Gateway = new Gateway({
    enrollment,
    signing: state.signing,
    box: state.box,
    pin: state.pin,
    clock,
    log,
    ...(o.gateway ? { options: o.gateway } : {}),
    onRefusal: (reason) => metrics.refusals.inc({ reason }),
    onHandshake: (ms, kind) => metrics.handshakeSeconds.observe({ kind }, ms / 1000),
  });

  // One replica leads formation under a lease with a fencing epoch (on SQLite
  // the single process always leads); its decision writes are fenced, so a
  // deposed leader's late writes are refused by the epoch check, not by timing.
  const elector = new LeaderElector(lease, {
    onElected: (epoch) => {
      log.info({ leaseEpoch: epoch }, 'leading formation');
      reconciler.trigger();
    },
    onDeposed: (epoch, reason) => log.warn({ leaseEpoch: epoch, reason }, 'no longer leading formation'),
    onError: (err) => log.error({ err: err instanceof Error ? err.message : String(err) }, 'lease error'),
  });
  const decisions = fencedStore(store, lease, () => elector.leaderEpoch(), [
    'updateCluster',
    'setRoles',
    'saveAssignment',
    'setNodePassword',
  ]);
  const reconciler: Reconciler = new Reconciler({
    store: decisions,
    isLeader: () => elector.isLeader(),
    secrets: state.secrets,
    audit,
    signing: state.signing,
    box: state.box,
    clock,
    log,
    metrics,
    observations: store,
    send: (node, body) => router.send(node, body),
    isConnected: (node) => router.isConnected(node),
    releases,
  });
  let agentUrl = '';
  const signals: Signals | undefined = store.capabilities.signals;
  // Replicas: the live event stream shows every replica's events.
  const unfollow = signals ? await audit.follow(signals) : null;
  const router: Router = new Router({
    store,
    replicaId,
    url: () => agentUrl,
    local: gateway,
    shared,
    ...(signals ? { signals } : {}),
    clock,
    log,
    isLeader: () => elector.isLeader(),
    onNudge: () => reconciler.trigger(),
    count: (result) => metrics.replicaMessages.inc({ result }),
    ...(o.replicaHeartbeatMs !== undefined ? { heartbeatMs: o.replicaHeartbeatMs } : {}),
  });
  /** A change the leader should act on: a local pass (if we lead) and a nudge to the leader elsewhere. */
  const wake = (): void => {
    reconciler.trigger();
    router.nudge();
  };
  // Everything exists now: the gateway starts handing authenticated frames over.
  const agentMessages = new AgentMessages({
    store,
    audit,
    clock,
    log,
    metrics,
    replicaId,
    formation: reconciler.reports,
    wake,
    nudge: () => router.nudge(),
    connectedCount: () => gateway.connectedCount(),
    ...(o.flushIntervalMs !== undefined ? { flushIntervalMs: o.flushIntervalMs } : {}),
    ...(o.statusEvents ? { statusEvents: o.statusEvents } : {}),
  });
  const retention = new EventRetention({ store, clock, log, isLeader: () => elector.isLeader() }, o.eventRetention);
  gateway.attach(agentMessages);

  const service = new CoordinatorService({
    store,
    secrets: state.secrets,
    audit,
    clock,
    pin: state.pin,
    agentUrl: () => agentUrl,
    closeNodeSession: (node, code, reason) => router.close(node, code, reason),
    isConnected: (node) => router.isConnected(node),
    reconciler,
    replicas: async () => {
      const [rows, lease] = await Promise.all([store.listReplicas(), elector.lease.current()]);
      const now = clock();
      const self = { id: replicaId, url: agentUrl, startedAt: now, seenAt: now };
      // With SQLite nothing heartbeats: this process is the only replica.
      const all = shared ? rows : [self];
      return {
        items: all.map((r) => ({
          ...r,
          leader: lease?.live === true && lease.holder === r.id,
          self: r.id === replicaId,
        })),
        lease,
      };
    },
  });

  const apiLog: FastifyBaseLogger = log.child({ component: 'api' });
  const app = Fastify({
    loggerInstance: apiLog,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    // Errors fastify raises before routing (a malformed request target, a
    // bad content type) get the API's error body too.
    frameworkErrors: (err, _req, reply) => {
      void sendError(reply, err.statusCode ?? 400, err.message);
    },
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    https: {
      key: state.tls.serverKey,
      cert: state.tls.serverCert + state.tls.caCert,
      maxHeaderSize: 16 * 1024,
      handshakeTimeout: 10_000,
      // Node enforces headersTimeout only when it checks connections (30 s by
      // default): check every second so slowloris sockets go within ~11 s.
      connectionsCheckingInterval: 1000,
    },
  });
  app.server.headersTimeout = 10_000;
  await registerApi(app, {
    service,
    metrics,
    adminTokenHash: state.adminTokenHash,
    verifyNode: nodeSignatureVerifier({ store, pin: state.pin, clock }),
    releases,
    audit,
    ready: async () => (await store.getMeta('key_check')) !== null,
    ...(o.eventStream ? { stream: o.eventStream } : {}),
    clock,
  });
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    gateway.handleUpgrade(req, socket, head),
  );
  await app.listen({ host, port });
  const addr = app.server.address();
  const boundPort = typeof addr === 'object' && addr ? addr.port : port;
  const publicHost = o.advertise[0] ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  const hostPart = publicHost.includes(':') ? `[${publicHost}]` : publicHost;
  const url = `https://${hostPart}:${boundPort}`;
  agentUrl = `wss://${hostPart}:${boundPort}`;
  writeFileAtomic(join(o.stateDir, STATE_FILES.endpoint), `${url}\n`, 0o644);
  log.info(
    { url, pin: state.pin, agentPath: AGENT_PATH, replica: shared ? replicaId : undefined },
    'coordinator listening',
  );
  await router.start();
  elector.start();
  reconciler.start(o.reconcileIntervalMs ?? 2000);
  retention.start();

  return {
    url,
    agentUrl,
    port: boundPort,
    state,
    gateway,
    service,
    reconciler,
    router,
    elector,
    audit,
    metrics,
    releases,
    app,
    async close() {
      await reconciler.stop();
      await retention.stop();
      await elector.stop();
      await gateway.shutdown();
      await router.stop();
      await unfollow?.();
      await app.close();
      await agentMessages.close();
      await store.close();
    },
  };
}
