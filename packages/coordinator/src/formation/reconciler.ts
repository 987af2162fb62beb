/**
 * The reconciler: level-triggered passes over every cluster, running its
 * controllers in turn (change, replacement, formation, kubeconfig), each of which
 * observes a snapshot, decides purely and applies (commit, then send). A
 * lost message, a reconnect or a coordinator restart needs no special case:
 * the next pass recomputes and re-sends the committed bytes.
 *
 * Clusters are isolated: one whose pass throws gets the error in its status
 * and an event, and is retried with back-off while the others go on.
 */
import type { Logger } from 'pino';
import { backoffMs, type BackoffPolicy, type K3sReleaseRef } from '@k3sgrid/proto';
import type { Audit } from '../audit.js';
import type { Metrics } from '../metrics.js';
import { planCluster, type Plan, type PlanNode } from '../planner/plan.js';
import { releaseRef, type ReleaseService } from '../releases/release-service.js';
import type { SecretBox } from '../secrets.js';
import type { ClusterPhase, ClusterRow, NodeRow, Store } from '../store/types.js';
import { AgentReports } from './agent-reports.js';
import { ChangeController } from './change-controller.js';
import type { ControllerDeps } from './controller-deps.js';
import { FormationController } from './formation-controller.js';
import { KubeconfigController } from './kubeconfig-controller.js';
import { KubeObserver } from './kube-observer.js';
import { ReplacementController } from './replacement-controller.js';
import { nodeIpOf, type ClusterSnapshot } from './snapshot.js';

export { datastoreMetaKey, secretContext } from './contexts.js';
export { nodeIpOf };

export interface ReconcilerDeps {
  /** Decision writes: fenced by the formation lease. */
  store: Store;
  secrets: SecretBox;
  audit: Audit;
  signing: ControllerDeps['signing'];
  box: ControllerDeps['box'];
  clock: () => number;
  log: Logger;
  metrics: Metrics;
  send: ControllerDeps['send'];
  isConnected: ControllerDeps['isConnected'];
  /** The k3s releases held (formation waits for the cluster's version per arch). */
  releases: Pick<ReleaseService, 'heldFor'>;
  /** Unfenced store for facts agents report (any replica may hear them). Defaults to `store`. */
  observations?: Store;
  /** Only the replica holding the formation lease decides; others skip passes. */
  isLeader?: () => boolean;
}

/** Per-cluster back-off after a failed pass: 1 s doubling to 60 s, no jitter. */
export const CLUSTER_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };

export class Reconciler {
  private timer: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private readonly failures = new Map<string, { count: number; retryAt: number; message: string }>();
  private readonly observations: Store;
  private readonly kube: KubeObserver;
  private readonly formation: FormationController;
  private readonly replacement: ReplacementController;
  private readonly change: ChangeController;
  private readonly kubeconfig: KubeconfigController;
  /** What agents report to formation (CA hash, readiness, kubeconfig upload). */
  readonly reports: AgentReports;

  constructor(private readonly d: ReconcilerDeps) {
    this.observations = d.observations ?? d.store;
    this.kube = new KubeObserver({ secrets: d.secrets, clock: d.clock, log: d.log });
    const deps: ControllerDeps = {
      store: d.store,
      observations: this.observations,
      secrets: d.secrets,
      audit: d.audit,
      signing: d.signing,
      box: d.box,
      clock: d.clock,
      log: d.log,
      metrics: d.metrics,
      kube: this.kube,
      send: d.send,
      isConnected: d.isConnected,
      trigger: () => this.trigger(),
    };
    this.formation = new FormationController(deps);
    this.replacement = new ReplacementController(deps, this.formation);
    this.change = new ChangeController(deps, this.formation);
    this.kubeconfig = new KubeconfigController(deps, this.formation);
    this.reports = new AgentReports(deps, this.formation, this.kubeconfig);
  }

  start(intervalMs = 2000): void {
    this.timer = setInterval(() => this.trigger(), intervalMs);
    this.timer.unref();
    this.trigger();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.timer = null;
    this.debounce = null;
    await this.running;
  }

  /**
   * Asks for a pass soon. Bursts of triggers (a reconnect storm) coalesce:
   * one pass 50 ms after the first trigger; passes never overlap, and
   * triggers during a pass lead to exactly one more.
   */
  trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.runNow();
    }, 50);
    this.debounce.unref();
  }

  private runNow(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Waits for the current pass (tests). */
  async settle(): Promise<void> {
    while (this.running || this.debounce) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, 60));
    }
  }

  /** The plan of a cluster over its live nodes (pure). */
  planFor(c: ClusterRow, nodes: readonly NodeRow[]): Plan | null {
    const planNodes: PlanNode[] = nodes.flatMap((n) =>
      n.revokedAt === null && n.report && n.role !== 'lb' ? [{ name: n.name, report: n.report }] : [],
    );
    if (planNodes.length === 0) return null;
    return planCluster({
      nodes: planNodes,
      storage: c.spec.storage as Parameters<typeof planCluster>[0]['storage'],
      cni: c.spec.cni as Parameters<typeof planCluster>[0]['cni'],
      encryption: c.spec.encryption,
    });
  }

  async pass(): Promise<void> {
    if (this.d.isLeader && !this.d.isLeader()) return;
    this.d.metrics.reconcilerPasses.inc();
    try {
      const clusters = await this.d.store.listClusters();
      const phases = new Map<string, number>();
      const seen = new Set<string>();
      for (const c of clusters) {
        const phase = await this.reconcileIsolated(c, seen);
        phases.set(phase, (phases.get(phase) ?? 0) + 1);
      }
      this.formation.prune(seen);
      this.replacement.prune(seen);
      this.kube.forget(new Set(clusters.map((c) => c.id)));
      for (const id of this.failures.keys()) if (!clusters.some((c) => c.id === id)) this.failures.delete(id);
      this.d.metrics.clustersByPhase.reset();
      for (const [p, n] of phases) this.d.metrics.clustersByPhase.set({ phase: p }, n);
      const nodePhases = await this.d.store.countNodesByPhase();
      this.d.metrics.nodesByPhase.reset();
      for (const [p, n] of nodePhases) this.d.metrics.nodesByPhase.set({ phase: p }, n);
    } catch (err) {
      this.d.metrics.reconcilerErrors.inc();
      this.d.log.error({ err: (err as Error).message }, 'reconciler pass failed');
    }
  }

  /** One cluster, with its failure isolated and backed off. */
  private async reconcileIsolated(c: ClusterRow, seen: Set<string>): Promise<ClusterPhase> {
    const failed = this.failures.get(c.id);
    if (failed && this.d.clock() < failed.retryAt) return c.phase;
    try {
      const phase = await this.reconcileCluster(c, seen);
      if (failed) this.failures.delete(c.id);
      return phase;
    } catch (err) {
      this.d.metrics.reconcilerErrors.inc();
      const message = err instanceof Error ? err.message : String(err);
      const count = (failed?.count ?? 0) + 1;
      const delay = backoffMs(count - 1, CLUSTER_BACKOFF);
      this.failures.set(c.id, { count, retryAt: this.d.clock() + delay, message });
      this.d.log.error({ err: message, cluster: c.name, retryInMs: delay }, 'cluster pass failed');
      try {
        await this.d.store.updateCluster(c.id, {
          formation: { statusMessage: `reconcile error: ${message}; retrying in ${Math.round(delay / 1000)} s` },
        });
        if (failed?.message !== message)
          await this.formation.event(c, {
            type: 'formation.error',
            message: `cluster ${c.name}: a formation pass failed: ${message}`,
            data: { error: message },
            nodeId: null,
          });
      } catch (e) {
        this.d.log.error({ err: (e as Error).message, cluster: c.name }, 'could not record a cluster error');
      }
      // Come back when the back-off ends even if nothing else triggers a pass.
      setTimeout(() => this.trigger(), delay).unref();
      return c.phase;
    }
  }

  private async reconcileCluster(c: ClusterRow, seen: Set<string>): Promise<ClusterPhase> {
    if (!c.formation.initNodeId && !c.formation.haltReason) {
      // Before the first election: one aggregate row instead of every node row (no JSON parsing).
      const w = await this.d.store.clusterWaitStats(c.id);
      const needed = Math.max(c.spec.formation.minNodes, c.spec.registration.mode === 'lb' ? 2 : 1);
      // After a fencing (epoch > 1) the cluster already waited once: elect at once.
      const timedOut =
        c.epoch > 1 || (w.total > 0 && this.d.clock() - w.firstEnrolledAt >= c.spec.formation.timeoutSeconds * 1000);
      if (w.reporting < needed && !timedOut) {
        const message =
          w.total === 0
            ? 'waiting for the first node to enroll and report'
            : `waiting for nodes: ${w.reporting} of ${needed} enrolled and reporting`;
        if (c.phase !== 'pending' || c.formation.statusMessage !== message)
          await this.d.store.updateCluster(c.id, { phase: 'pending', formation: { statusMessage: message } });
        return 'pending';
      }
    }
    let s = await this.observe(c);
    for (const n of s.nodes) seen.add(n.id);
    if (await this.change.reconcile(s)) s = await this.observe((await this.d.store.getCluster(c.id)) ?? c);
    if (await this.replacement.reconcile(s)) s = await this.observe((await this.d.store.getCluster(c.id)) ?? c);
    const r = await this.formation.reconcile(s);
    if (r.again) this.trigger();
    this.kubeconfig.reconcile(r.again ? await this.observe((await this.d.store.getCluster(c.id)) ?? c) : s);
    return r.phase;
  }

  private async observe(c: ClusterRow): Promise<ClusterSnapshot> {
    const nodes = (await this.d.store.listNodes({ clusterId: c.id })).filter((n) => n.revokedAt === null);
    const held = await this.d.releases.heldFor(c.spec.k3sVersion);
    const releases = new Map<string, K3sReleaseRef>([...held].map(([arch, r]) => [arch, releaseRef(r)]));
    const kubeReady = await this.kube.readyNames(
      c,
      nodes.filter((n) => n.role === 'server-init' || n.role === 'server').map(nodeIpOf),
    );
    return {
      now: this.d.clock(),
      cluster: c,
      nodes,
      connected: new Map(nodes.map((n) => [n.id, this.d.isConnected(n)])),
      kubeReady,
      kubeNodes: this.kube.nodeMeta(c),
      releases,
      plan: this.planFor(c, nodes),
      pendingRemovals: new Map(nodes.filter((n) => n.pendingRemoval !== '').map((n) => [n.id, n.pendingRemoval])),
    };
  }
}
