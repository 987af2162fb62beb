/**
 * Prometheus metrics on a dedicated registry, served at /metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  agentsConnected: Gauge;
  enrollments: Counter<'result'>;
  refusals: Counter<'reason'>;
  handshakeSeconds: Histogram<'kind'>;
  assignmentSeconds: Histogram;
  clustersByPhase: Gauge<'phase'>;
  nodesByPhase: Gauge<'phase'>;
  reconcilerPasses: Counter;
  reconcilerErrors: Counter;
  replicaMessages: Counter<'result'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    agentsConnected: new Gauge({
      name: 'k3sgrid_agents_connected',
      help: 'Authenticated agent sessions',
      registers: [registry],
    }),
    enrollments: new Counter({
      name: 'k3sgrid_enrollments_total',
      help: 'Agent enrollments and reconnections',
      labelNames: ['result'],
      registers: [registry],
    }),
    replicaMessages: new Counter({
      name: 'k3sgrid_replica_messages_total',
      help: 'Messages routed through the outbox: forwarded to another replica, delivered here, or dropped (the agent had moved)',
      labelNames: ['result'],
      registers: [registry],
    }),
    refusals: new Counter({
      name: 'k3sgrid_refusals_total',
      help: 'Refused connections and frames by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    handshakeSeconds: new Histogram({
      name: 'k3sgrid_handshake_seconds',
      help: 'Time to check an enrollment or authentication',
      labelNames: ['kind'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
    assignmentSeconds: new Histogram({
      name: 'k3sgrid_assignment_seconds',
      help: 'Time from a node report to its assignment being sent',
      buckets: [0.001, 0.01, 0.1, 0.5, 1, 5, 30],
      registers: [registry],
    }),
    clustersByPhase: new Gauge({
      name: 'k3sgrid_clusters',
      help: 'Clusters by phase',
      labelNames: ['phase'],
      registers: [registry],
    }),
    nodesByPhase: new Gauge({
      name: 'k3sgrid_nodes',
      help: 'Nodes by k3s phase',
      labelNames: ['phase'],
      registers: [registry],
    }),
    reconcilerPasses: new Counter({
      name: 'k3sgrid_reconciler_passes_total',
      help: 'Reconciler passes',
      registers: [registry],
    }),
    reconcilerErrors: new Counter({
      name: 'k3sgrid_reconciler_errors_total',
      help: 'Reconciler passes that failed',
      registers: [registry],
    }),
  };
}
