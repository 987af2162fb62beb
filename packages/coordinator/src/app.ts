/**
 * Wires a coordinator together: state directory, store, secrets, gateway,
 * REST API and metrics on one HTTPS port. `startCoordinator` is what
 * `k3sgrid coordinator serve` runs and what tests start in-process.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { K3S_PHASES, reportFromWire, type Body } from '@k3sgrid/proto';
import { sendError } from './api/errors.js';
import { registerApi } from './api/server.js';
import { Audit } from './audit.js';
import { Enrollment } from './enrollment.js';
import { Gateway, AGENT_PATH, type GatewayOptions } from './gateway/gateway.js';
import type { AgentSession } from './gateway/session.js';
import { createMetrics, type Metrics } from './metrics.js';
import { diffReports } from './planner/drift.js';
import { CoordinatorService } from './service.js';
import { Reconciler } from './formation/reconciler.js';
import { createLease, fencedStore, LeaderElector } from './formation/lease.js';
import { Router, type Signals } from './replication/router.js';
import { openState, STATE_FILES, writeFileAtomic, type CoordinatorState } from './state-dir.js';
import type { NodeRow } from './store/types.js';
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
  const enrollment = new Enrollment({
    store,
    secrets: state.secrets,
    audit,
    clock,
    replicaId,
    ...(o.maxFailuresPerAddress ? { maxFailuresPerAddress: o.maxFailuresPerAddress } : {}),
  });

  // Heartbeats are batched: one transaction per flush, not one write per beat.
  const seen = new Map<string, number>();
  const flush = async (): Promise<void> => {
    if (seen.size === 0) return;
    const batch = [...seen].map(([id, at]) => ({ id, at }));
    seen.clear();
    await store.touchNodes(batch);
  };
  const flushTimer = setInterval(
    () => void flush().catch((err: unknown) => log.error({ err: String(err) }, 'heartbeat flush failed')),
    o.flushIntervalMs ?? 2000,
  );
  flushTimer.unref();

  const onReport = async (node: NodeRow, body: Extract<Body, { kind: 'capabilityReport' }>): Promise<void> => {
    const report = reportFromWire(body.value);
    // `node` was read from the store just before (onMessage): no second read.
    await store.saveReport(node.id, report);
    if (node.report) {
      const drift = diffReports(node.report, report);
      if (drift.length > 0) {
        await audit.record({
          type: 'capability.drift',
          clusterId: node.clusterId,
          nodeId: node.id,
          actor: 'coordinator',
          message: `node ${node.name}: ${drift.map((x) => `${x.what} ${x.from} → ${x.to}`).join('; ')}`,
          data: { changes: drift },
        });
      }
    }
  };

  const handlers = {
    async onReady(node: NodeRow, s: AgentSession, info: { enrolled: boolean }) {
      metrics.enrollments.inc({ result: info.enrolled ? 'enrolled' : 'reconnected' });
      metrics.agentsConnected.set(gateway.connectedCount());
      // A new node's presence was committed with it (Enrollment.enroll).
      if (!info.enrolled) {
        const now = clock();
        await store.updateNodeStatus(node.id, {
          connected: true,
          address: s.address,
          lastSeenAt: now,
          replicaId,
          connectedAt: now,
        });
        await audit.record({
          type: 'node.connected',
          clusterId: node.clusterId,
          nodeId: node.id,
          actor: `agent@${s.address}`,
          message: `node ${node.name} reconnected`,
          data: { address: s.address },
        });
      }
      reconciler.sessionReady(node.id);
      router.nudge();
    },
    async onMessage(nodeId: string, body: Body) {
      seen.set(nodeId, clock());
      // The hot path: a heartbeat only marks the node seen (flushed in batches).
      if (body.kind === 'heartbeat') return;
      const node = await store.getNode(nodeId);
      if (!node) return;
      switch (body.kind) {
        case 'capabilityReport':
          await onReport(node, body);
          wake();
          return;
        case 'statusUpdate': {
          const phase = (K3S_PHASES as readonly string[]).includes(body.value.phase)
            ? (body.value.phase as NodeRow['phase'])
            : 'failed';
          if (phase !== node.phase || body.value.message !== node.lastError) {
            await store.updateNodeStatus(nodeId, { phase, lastError: phase === 'failed' ? body.value.message : '' });
            await audit.record({
              type: `node.phase.${phase}`,
              clusterId: node.clusterId,
              nodeId,
              actor: 'agent',
              message: `node ${node.name}: ${phase}${body.value.message ? ` (${body.value.message})` : ''}`,
              data: { phase, logTail: body.value.logTail.slice(-20) },
            });
          }
          await reconciler.statusReported(node, { phase, caHash: body.value.caHash });
          router.nudge();
          return;
        }
        case 'ack': {
          const a = body.value;
          // Only the assignment the node holds now can be acknowledged: an ack
          // for another epoch or generation (stale, replayed or invented)
          // changes nothing.
          const current = a.epoch === node.assignment.epoch && a.generation === node.assignment.generation;
          if (!current || node.assignment.generation === 0) {
            log.warn(
              {
                node: node.name,
                ackEpoch: a.epoch,
                ackGeneration: a.generation,
                epoch: node.assignment.epoch,
                generation: node.assignment.generation,
              },
              'ignored an ack for an assignment the node does not hold',
            );
            return;
          }
          if (a.accepted) await store.recordAck(nodeId, a.epoch, a.generation);
          else {
            await store.updateNodeStatus(nodeId, { lastError: `assignment refused: ${a.reason}` });
            await audit.record({
              type: 'assignment.refused',
              clusterId: node.clusterId,
              nodeId,
              actor: 'agent',
              message: `node ${node.name} refused its assignment: ${a.reason}`,
              data: { epoch: a.epoch, generation: a.generation },
            });
          }
          wake();
          return;
        }
        case 'kubeconfigUpload':
          await reconciler.kubeconfigUploaded(nodeId, body.value);
          router.nudge();
          return;
        default:
          return;
      }
    },
    async onClosed(nodeId: string) {
      metrics.agentsConnected.set(gateway.connectedCount());
      // Conditional: if the agent already reconnected to another replica, that presence stays.
      await store.disconnectNode(nodeId, replicaId, clock());
      wake();
    },
  };

  const gateway: Gateway = new Gateway({
    enrollment,
    signing: state.signing,
    box: state.box,
    pin: state.pin,
    clock,
    log,
    handlers,
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
    audit,
    ready: async () => (await store.getMeta('key_check')) !== null,
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
    app,
    async close() {
      clearInterval(flushTimer);
      await reconciler.stop();
      await elector.stop();
      gateway.shutdown();
      await router.stop();
      await unfollow?.();
      await app.close();
      await flush();
      await store.close();
    },
  };
}
