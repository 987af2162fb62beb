/**
 * What the coordinator does with an authenticated agent's frames: presence,
 * batched heartbeats, capability reports (with drift events), status
 * updates (coalesced into a bounded event log), acks and kubeconfig
 * uploads. The gateway calls it in frame order per session; the formation
 * controllers hear of changes through `wake`.
 */
import { agentActor, SYSTEM_ACTOR } from './access/actors.js';
import type { Logger } from 'pino';
import { K3S_PHASES, reportFromWire, type Body } from '@k3sgrid/proto';
import type { Audit } from './audit.js';
import type { GatewayHandlers } from './gateway/gateway.js';
import type { AgentSession } from './gateway/session.js';
import type { Clock } from './limits.js';
import type { Metrics } from './metrics.js';
import { diffReports } from './planner/drift.js';
import { StatusEvents, type StatusEventPolicy } from './status-events.js';
import type { NodeRow, Store } from './store/types.js';

/** What agent reports mean to formation (implemented by the reconciler). */
export interface FormationSink {
  sessionReady(nodeId: string): void;
  /** `epoch`: of the assignment the agent runs (a report from an older one says nothing about now). */
  statusReported(node: NodeRow, s: { phase: string; caHash: string; epoch: number }): Promise<void>;
  kubeconfigUploaded(nodeId: string, upload: { requestId: string; sealed: Uint8Array; error: string }): Promise<void>;
}

export interface AgentMessagesDeps {
  store: Store;
  audit: Audit;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** This replica's id: presence rows name it. */
  replicaId: string;
  formation: FormationSink;
  /** Asks the formation leader (here or on another replica) for a pass. */
  wake: () => void;
  /** Nudges the leader elsewhere only (a local pass was already asked for). */
  nudge: () => void;
  /** Authenticated sessions on this replica, for the gauge. */
  connectedCount: () => number;
  /** How often batched heartbeat writes are flushed (default 2000 ms). */
  flushIntervalMs?: number;
  statusEvents?: Partial<StatusEventPolicy>;
}

export class AgentMessages implements GatewayHandlers {
  /** Heartbeats are batched: one transaction per flush, not one write per beat. */
  private readonly seen = new Map<string, number>();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly status: StatusEvents;

  constructor(private readonly d: AgentMessagesDeps) {
    this.status = new StatusEvents({ store: d.store, audit: d.audit, clock: d.clock, log: d.log }, d.statusEvents);
    this.flushTimer = setInterval(
      () => void this.flush().catch((err: unknown) => d.log.error({ err: String(err) }, 'heartbeat flush failed')),
      d.flushIntervalMs ?? 2000,
    );
    this.flushTimer.unref();
  }

  /** Writes batched heartbeats and coalesced event counts. */
  async flush(): Promise<void> {
    if (this.seen.size > 0) {
      const batch = [...this.seen].map(([id, at]) => ({ id, at }));
      this.seen.clear();
      await this.d.store.touchNodes(batch);
    }
    await this.status.flush();
  }

  /** Stops the flush timer and writes what is pending. */
  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flush();
  }

  async onReady(node: NodeRow, s: AgentSession, info: { enrolled: boolean }): Promise<void> {
    const d = this.d;
    d.metrics.enrollments.inc({ result: info.enrolled ? 'enrolled' : 'reconnected' });
    d.metrics.agentsConnected.set(d.connectedCount());
    // A new node's presence was committed with it (Enrollment.enroll).
    if (!info.enrolled) {
      const now = d.clock();
      await d.store.updateNodeStatus(node.id, {
        connected: true,
        address: s.address,
        lastSeenAt: now,
        replicaId: d.replicaId,
        connectedAt: now,
      });
      await d.audit.record({
        type: 'node.connected',
        clusterId: node.clusterId,
        nodeId: node.id,
        actor: agentActor(node.name),
        message: `node ${node.name} reconnected`,
        data: { address: s.address },
      });
    }
    d.formation.sessionReady(node.id);
    d.nudge();
  }

  async onMessage(nodeId: string, body: Body): Promise<void> {
    const d = this.d;
    this.seen.set(nodeId, d.clock());
    // The hot path: a heartbeat only marks the node seen (flushed in batches).
    if (body.kind === 'heartbeat') return;
    const node = await d.store.getNode(nodeId);
    if (!node) return;
    switch (body.kind) {
      case 'capabilityReport':
        await this.onReport(node, body.value);
        d.wake();
        return;
      case 'statusUpdate':
        return this.onStatus(node, body.value);
      case 'ack':
        await this.onAck(node, body.value);
        d.wake();
        return;
      case 'kubeconfigUpload':
        await d.formation.kubeconfigUploaded(nodeId, body.value);
        d.nudge();
        return;
      default:
        return;
    }
  }

  async onClosed(nodeId: string): Promise<void> {
    const d = this.d;
    d.metrics.agentsConnected.set(d.connectedCount());
    // Conditional: if the agent already reconnected to another replica, that presence stays.
    await d.store.disconnectNode(nodeId, d.replicaId, d.clock());
    d.wake();
  }

  private async onReport(node: NodeRow, wire: Extract<Body, { kind: 'capabilityReport' }>['value']): Promise<void> {
    const report = reportFromWire(wire);
    // `node` was read from the store just before (onMessage): no second read.
    await this.d.store.saveReport(node.id, report);
    if (!node.report) return;
    const drift = diffReports(node.report, report);
    if (drift.length === 0) return;
    await this.d.audit.record({
      type: 'capability.drift',
      clusterId: node.clusterId,
      nodeId: node.id,
      actor: SYSTEM_ACTOR,
      message: `node ${node.name}: ${drift.map((x) => `${x.what} ${x.from} → ${x.to}`).join('; ')}`,
      data: { changes: drift },
    });
  }

  private async onStatus(node: NodeRow, v: Extract<Body, { kind: 'statusUpdate' }>['value']): Promise<void> {
    const d = this.d;
    const phase = (K3S_PHASES as readonly string[]).includes(v.phase) ? (v.phase as NodeRow['phase']) : 'failed';
    const message = this.status.capMessage(v.message);
    const lastError = phase === 'failed' ? message : '';
    if (phase !== node.phase || lastError !== node.lastError) {
      await d.store.updateNodeStatus(node.id, { phase, lastError });
    }
    // Every report goes to the event log policy; repeats are folded into counts.
    await this.status.report(node, phase, message, v.logTail);
    await d.formation.statusReported(node, { phase, caHash: v.caHash, epoch: v.epoch });
    d.nudge();
  }

  private async onAck(node: NodeRow, a: Extract<Body, { kind: 'ack' }>['value']): Promise<void> {
    const d = this.d;
    // Only the assignment the node holds now can be acknowledged: an ack for
    // another epoch or generation (stale, replayed or invented) changes nothing.
    const current = a.epoch === node.assignment.epoch && a.generation === node.assignment.generation;
    if (!current || node.assignment.generation === 0) {
      d.log.warn(
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
    if (a.accepted) {
      await d.store.recordAck(node.id, a.epoch, a.generation);
      return;
    }
    const reason = this.status.capMessage(a.reason);
    await d.store.updateNodeStatus(node.id, { lastError: `assignment refused: ${reason}` });
    await d.audit.record({
      type: 'assignment.refused',
      clusterId: node.clusterId,
      nodeId: node.id,
      actor: agentActor(node.name),
      message: `node ${node.name} refused its assignment: ${reason}`,
      data: { epoch: a.epoch, generation: a.generation },
    });
  }
}
