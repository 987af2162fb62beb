/**
 * The formation reconciler: level-triggered. Each pass reads desired state
 * (cluster specs) and observed state (nodes, their reports, phases and acks),
 * decides (election, assignments), commits every decision to the store with
 * the cluster's fencing epoch, and only then sends. A lost message, a
 * reconnect or a coordinator restart needs no special case: the next pass
 * recomputes and re-sends the committed bytes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { buildAssignment, openSealed, type KeyPair, type OutBody, type Role } from '@k3sgrid/proto';
import type { Audit } from '../audit.js';
import type { Metrics } from '../metrics.js';
import { elect, isServer, type ElectionNode } from '../planner/election.js';
import { planCluster, type Plan, type PlanNode } from '../planner/plan.js';
import type { SecretBox } from '../secrets.js';
import type { ClusterPhase, ClusterRow, NodeRow, Store } from '../store/types.js';
import { assignmentContentHash, desiredAssignment, registrationUrl, type DesiredContext } from './desired.js';
import { failpoint } from '../failpoints.js';
import { credsFromKubeconfig, kubeRequest, rewriteKubeconfig } from './kube-client.js';

export interface ReconcilerDeps {
  store: Store;
  secrets: SecretBox;
  audit: Audit;
  signing: KeyPair;
  box: KeyPair;
  clock: () => number;
  log: Logger;
  metrics: Metrics;
  /** Sends to the node's session on this or another replica (replication/router.ts); false if it has none. */
  send: (node: NodeRow, body: OutBody) => boolean;
  isConnected: (node: NodeRow) => boolean;
  /**
   * Unfenced store for facts agents report (the first server's CA hash and
   * kubeconfig): any replica may receive them, not only the leader. Defaults
   * to `store`.
   */
  observations?: Store;
  /** Only the replica holding the formation lease decides; others skip passes. */
  isLeader?: () => boolean;
}

/** Sealed-secret contexts (associated data), stable across node replacement. */
export const secretContext = {
  serverToken: (clusterId: string) => `clusters/${clusterId}/server_token`,
  agentToken: (clusterId: string) => `clusters/${clusterId}/agent_token`,
  kubeconfig: (clusterId: string) => `clusters/${clusterId}/kubeconfig`,
  nodePassword: (clusterId: string, nodeName: string) => `clusters/${clusterId}/nodes/${nodeName}/password`,
  datastoreEndpoint: (clusterId: string) => `clusters/${clusterId}/datastore_endpoint`,
};

/** Meta key of an outstanding kubeconfig request (emptied once answered). */
const kubeconfigRequestKey = (requestId: string): string => `kubeconfig_request/${requestId}`;

/** Meta key of a cluster's sealed external datastore endpoint. */
export const datastoreMetaKey = (clusterId: string): string => `datastore_endpoint/${clusterId}`;

const isReady = (n: NodeRow, connected: boolean): boolean => n.phase === 'ready' && connected;

/** The node-ip k3s should use: the first address the agent reported, else where it connected from. */
export function nodeIpOf(n: NodeRow): string {
  return n.report?.addresses[0] ?? n.address;
}

export class Reconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** nodeId -> `epoch/generation@session` last sent (a new session anywhere sends again). */
  private readonly sent = new Map<string, string>();
  private readonly kubeconfigRequests = new Map<string, { clusterId: string; nodeId: string; at: number }>();
  /** Plans by cluster id from the last pass (for the API). */
  readonly plans = new Map<string, Plan>();
  /** Kubernetes Nodes that are Ready, per cluster, as the cluster's own API reports them. */
  private readonly kubeReady = new Map<string, { at: number; names: Set<string> | null }>();

  private readonly observations: Store;

  constructor(private readonly d: ReconcilerDeps) {
    this.observations = d.observations ?? d.store;
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

  private debounce: NodeJS.Timeout | null = null;

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

  /** A node opened a new session: whatever it was sent before must be re-sent. */
  sessionReady(nodeId: string): void {
    this.sent.delete(nodeId);
    this.trigger();
  }

  async pass(): Promise<void> {
    if (this.d.isLeader && !this.d.isLeader()) return;
    this.d.metrics.reconcilerPasses.inc();
    try {
      const clusters = await this.d.store.listClusters();
      const phases = new Map<string, number>();
      for (const c of clusters) {
        const phase = await this.reconcileCluster(c);
        phases.set(phase, (phases.get(phase) ?? 0) + 1);
      }
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

  private async event(
    c: ClusterRow,
    type: string,
    message: string,
    data: Record<string, unknown> = {},
    nodeId: string | null = null,
  ): Promise<void> {
    await this.d.audit.record({
      type,
      clusterId: c.id,
      nodeId,
      actor: 'coordinator',
      message,
      data: { epoch: c.epoch, ...data },
    });
  }

  private async setStatus(c: ClusterRow, phase: ClusterPhase, message: string): Promise<ClusterPhase> {
    if (c.phase !== phase || c.formation.statusMessage !== message) {
      await this.d.store.updateCluster(c.id, { phase, formation: { statusMessage: message } });
      if (c.phase !== phase)
        await this.event(
          c,
          'cluster.phase',
          `cluster ${c.name}: ${c.phase} → ${phase}${message ? ` (${message})` : ''}`,
          { from: c.phase, to: phase },
        );
    }
    return phase;
  }

  /** Computes the plan of a cluster over its live nodes. */
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

  private async reconcileCluster(c: ClusterRow): Promise<ClusterPhase> {
    if (!c.formation.initNodeId) {
      // Before the first election: one aggregate row instead of every node row (no JSON parsing).
      const s = await this.d.store.clusterWaitStats(c.id);
      const needed = Math.max(c.spec.formation.minNodes, c.spec.registration.mode === 'lb' ? 2 : 1);
      // After a fencing (epoch > 1) the cluster already waited once: elect at once.
      const timedOut =
        c.epoch > 1 || (s.total > 0 && this.d.clock() - s.firstEnrolledAt >= c.spec.formation.timeoutSeconds * 1000);
      if (s.reporting < needed && !timedOut) {
        return this.setStatus(
          c,
          'pending',
          s.total === 0
            ? 'waiting for the first node to enroll and report'
            : `waiting for nodes: ${s.reporting} of ${needed} enrolled and reporting`,
        );
      }
    }
    const nodes = (await this.d.store.listNodes({ clusterId: c.id })).filter((n) => n.revokedAt === null);
    const connected = new Map(nodes.map((n) => [n.id, this.d.isConnected(n)]));
    const plan = this.planFor(c, nodes);
    if (!plan) return this.setStatus(c, 'pending', 'waiting for the first node to enroll and report');
    this.plans.set(c.id, plan);
    // An explicit storage or CNI choice that no node set can meet holds formation (before anything starts).
    if (!c.formation.initNodeId) {
      const blocked = [
        plan.storage.choice === null ? plan.storage.error : null,
        plan.cni.choice === null ? plan.cni.error : null,
      ].filter(Boolean);
      if (blocked.length > 0) return this.setStatus(c, 'pending', `formation held: ${blocked.join('; ')}`);
    }

    // ---- election (pure), then commit before anything is sent
    const firstEnrolled = Math.min(...nodes.map((n) => n.enrolledAt));
    const usable = (name: string): boolean =>
      (plan.storage.choice ? (plan.storage.options[plan.storage.choice].perNode[name]?.usable ?? false) : false) &&
      (plan.cni.choice ? (plan.cni.options[plan.cni.choice].perNode[name]?.usable ?? false) : false);
    const electionNodes: ElectionNode[] = nodes.map((n) => ({
      id: n.id,
      name: n.name,
      connected: connected.get(n.id) ?? false,
      revoked: false,
      enrolledAt: n.enrolledAt,
      allowedRoles: n.allowedRoles,
      role: n.role,
      report: n.report,
      meetsPlan: usable(n.name),
    }));
    const result = elect({
      servers: c.spec.servers,
      registration: c.spec.registration.mode,
      failureDomainKey: c.spec.failureDomainKey === 'none' ? 'none' : 'farm',
      minNodes: c.spec.formation.minNodes,
      // After a fencing (epoch > 1) the cluster already waited once: elect at once.
      timedOut: c.epoch > 1 || this.d.clock() - firstEnrolled >= c.spec.formation.timeoutSeconds * 1000,
      initNodeId: c.formation.initNodeId,
      lbNodeId: c.formation.lbNodeId,
      nodes: electionNodes,
    });
    const changes = nodes
      .filter((n) => (result.roles.get(n.id) ?? n.role) !== n.role)
      .map((n) => ({ nodeId: n.id, role: result.roles.get(n.id) ?? n.role }));
    const formationPatch: Partial<ClusterRow['formation']> = {};
    if (result.initNodeId !== c.formation.initNodeId) {
      formationPatch.initNodeId = result.initNodeId;
      formationPatch.initAssignedAt = this.d.clock();
    }
    if (result.lbNodeId !== c.formation.lbNodeId) formationPatch.lbNodeId = result.lbNodeId;
    if (!c.formation.serverTokenSealed && result.initNodeId) {
      // Generated once per cluster, sealed before any node hears of it.
      formationPatch.serverTokenSealed = this.d.secrets.seal(
        randomBytes(16).toString('hex'),
        secretContext.serverToken(c.id),
      );
      formationPatch.agentTokenSealed = this.d.secrets.seal(
        randomBytes(16).toString('hex'),
        secretContext.agentToken(c.id),
      );
    }
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const init = result.initNodeId ? byId.get(result.initNodeId) : undefined;
    const lb = result.lbNodeId ? byId.get(result.lbNodeId) : undefined;
    const regAddr =
      c.spec.registration.mode === 'lb'
        ? lb
          ? nodeIpOf(lb)
          : ''
        : c.spec.registration.mode === 'server'
          ? init
            ? nodeIpOf(init)
            : ''
          : (c.spec.registration.address ?? '');
    if (regAddr && regAddr !== c.formation.registrationAddress) formationPatch.registrationAddress = regAddr;
    if (changes.length > 0) await this.d.store.setRoles(changes);
    if (Object.keys(formationPatch).length > 0) await this.d.store.updateCluster(c.id, { formation: formationPatch });
    if (changes.length > 0) {
      for (const ch of changes) {
        const n = byId.get(ch.nodeId);
        if (n) n.role = ch.role;
      }
      await this.event(c, 'election', `cluster ${c.name} epoch ${c.epoch}: ${result.reasons.join('; ')}`, {
        reasons: result.reasons,
        roles: changes,
      });
      await failpoint('after-election');
    }
    if (!result.initNodeId) return this.setStatus(c, 'pending', result.waiting ?? 'waiting');
    const fresh = (await this.d.store.getCluster(c.id)) ?? c;
    const f = fresh.formation;
    if (!f.serverTokenSealed || !f.agentTokenSealed || !init) return fresh.phase;

    // ---- fencing: a first server that never came up and cannot be reached is
    // abandoned with its epoch; every assignment of the new epoch supersedes it.
    const grace = (c.spec.formation.bootstrapGraceSeconds ?? 300) * 1000;
    if (
      !f.caHash &&
      !(connected.get(init.id) ?? false) &&
      f.initAssignedAt !== null &&
      this.d.clock() - f.initAssignedAt > grace
    ) {
      const epoch = fresh.epoch + 1;
      await this.d.store.setRoles([{ nodeId: init.id, role: 'none' }]);
      await this.d.store.updateCluster(c.id, {
        epoch,
        phase: 'pending',
        formation: {
          initNodeId: null,
          initAssignedAt: null,
          ...(c.spec.registration.mode === 'server' ? { registrationAddress: '' } : {}),
        },
      });
      await this.event(
        fresh,
        'formation.fenced',
        `first server ${init.name} did not become ready and is unreachable after ${grace / 1000}s: epoch ${epoch} elects a new first server`,
        { from: fresh.epoch, to: epoch, node: init.name },
        init.id,
      );
      this.trigger();
      return 'pending';
    }

    // ---- assignments
    const ctx: DesiredContext = {
      clusterId: c.id,
      clusterName: c.name,
      spec: c.spec,
      epoch: fresh.epoch,
      plan,
      registrationAddress: f.registrationAddress,
      caHash: f.caHash,
      serverSecret: this.d.secrets.openString(f.serverTokenSealed, secretContext.serverToken(c.id)),
      ...(c.spec.datastore.kind === 'external' ? { datastoreEndpoint: await this.datastoreEndpoint(c.id) } : {}),
      agentSecret: this.d.secrets.openString(f.agentTokenSealed, secretContext.agentToken(c.id)),
      // Every server of the cluster, the first one first (HAProxy backends).
      serverAddresses: [
        ...nodes.filter((n) => n.role === 'server-init'),
        ...nodes.filter((n) => n.role === 'server').sort(byJoinOrder),
      ].map(nodeIpOf),
    };
    // Once the cluster's API is reachable, a k3s node is ready only when the
    // cluster itself says its Node is Ready (the agent's own view is not enough
    // for workers); before that, the agent's report is all there is.
    const kube = await this.kubeNodesReady(fresh);
    const ready = (n: NodeRow | undefined): boolean => {
      if (!n) return false;
      if (kube && n.role !== 'lb') return kube.has(n.name) && n.phase === 'ready';
      return isReady(n, connected.get(n.id) ?? false);
    };
    const initReady = ready(init);
    // Joiners need a live cluster: the first server until formation, then any ready server.
    const clusterUp = initReady || (f.readyAt !== null && nodes.some((n) => isServer(n.role) && ready(n)));
    const lbReady = c.spec.registration.mode !== 'lb' || ready(lb);
    const joiners = nodes.filter((n) => n.role === 'server').sort(byJoinOrder);
    for (const n of nodes) {
      // A node with nothing to run gets a `none` assignment only to supersede
      // an older epoch's (it stops k3s and moves a fenced datastore aside).
      if (n.role === 'none' && !(n.assignment.body && n.assignment.epoch < fresh.epoch)) continue;
      if (n.role === 'server' || n.role === 'agent') {
        if (!clusterUp || !lbReady || !f.caHash) continue;
        // Servers join one at a time: etcd adds one member per step, never two unpromoted at once.
        if (n.role === 'server') {
          const before = joiners.slice(0, joiners.indexOf(n));
          if (!before.every((j) => ready(j))) continue;
        }
      }
      await this.ensureAssignment(fresh, n, ctx, connected.get(n.id) ?? false);
    }

    // ---- a server lost after formation: replace it with a spare, never below quorum
    if (f.readyAt !== null && (await this.replaceLostServer(fresh, nodes, connected, ready))) {
      this.trigger();
      return this.setStatus(fresh, 'degraded', 'replacing a lost server');
    }

    // ---- kubeconfig from the first server, once it is ready
    if (initReady && !f.kubeconfigSealed && connected.get(init.id)) this.requestKubeconfig(fresh, init);

    // ---- phase
    const servers = nodes.filter((n) => isServer(n.role));
    const agents = nodes.filter((n) => n.role === 'agent');
    const allServersReady = servers.length === c.spec.servers && servers.every((s) => ready(s));
    const allAgentsReady = agents.every((a) => ready(a));
    if (!initReady && !f.readyAt)
      return this.setStatus(fresh, 'bootstrapping', `first server ${init.name} is starting`);
    if (allServersReady && allAgentsReady && lbReady) {
      if (!f.readyAt) await this.d.store.updateCluster(c.id, { formation: { readyAt: this.d.clock() } });
      return this.setStatus(fresh, 'ready', '');
    }
    const notReady = [...servers, ...agents, ...(lb ? [lb] : [])]
      .filter((n) => !ready(n))
      .map((n) => `${n.name} (${n.role}, ${connected.get(n.id) ? n.phase : 'disconnected'})`);
    if (f.readyAt && servers.some((s) => !ready(s)))
      return this.setStatus(fresh, 'degraded', `not ready: ${summarize(notReady)}`);
    const missing = c.spec.servers - servers.length;
    return this.setStatus(
      fresh,
      'forming',
      [
        notReady.length ? `waiting for ${summarize(notReady)}` : '',
        missing > 0 ? `${missing} more server(s) wanted: enroll more nodes` : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
  }

  /**
   * A server that is disconnected and not Ready for longer than the loss grace
   * is removed through the cluster's API (k3s drops its etcd member with the
   * Node) and a spare node (enrolled, no role, allowed to be a server) is
   * promoted. Nothing happens without a spare, or when removing the member
   * would leave fewer live servers than the smaller cluster's quorum.
   */
  private async replaceLostServer(
    c: ClusterRow,
    nodes: NodeRow[],
    connected: Map<string, boolean>,
    ready: (n: NodeRow) => boolean,
  ): Promise<boolean> {
    const grace = (c.spec.formation.serverLossGraceSeconds ?? 300) * 1000;
    const servers = nodes.filter((n) => isServer(n.role));
    const lost = servers.find(
      (n) => !(connected.get(n.id) ?? false) && !ready(n) && this.d.clock() - n.lastSeenAt > grace,
    );
    if (!lost || !c.formation.kubeconfigSealed) return false;
    const spare = nodes
      .filter(
        (n) => n.role === 'none' && (connected.get(n.id) ?? false) && n.report && n.allowedRoles.includes('server'),
      )
      .sort(byJoinOrder)[0];
    if (!spare) return false;
    const live = servers.filter((n) => n.id !== lost.id && ready(n)).length;
    const quorumAfter = Math.floor((servers.length - 1) / 2) + 1;
    if (live < quorumAfter) {
      await this.event(
        c,
        'formation.replace-refused',
        `server ${lost.name} is lost but only ${live} server(s) are live: removing its etcd member would break quorum (${quorumAfter} needed)`,
        {},
        lost.id,
      );
      return false;
    }
    const creds = credsFromKubeconfig(
      this.d.secrets.openString(c.formation.kubeconfigSealed, secretContext.kubeconfig(c.id)),
    );
    const r = await kubeRequest(creds, 'DELETE', `/api/v1/nodes/${encodeURIComponent(lost.name)}`).catch(
      (err: unknown) => ({ status: 0, body: String(err) }),
    );
    if (r.status !== 200 && r.status !== 202 && r.status !== 404) {
      await this.event(
        c,
        'formation.replace-failed',
        `could not remove lost server ${lost.name} through the cluster API (HTTP ${r.status})`,
        {},
        lost.id,
      );
      return false;
    }
    await this.d.store.setRoles([
      { nodeId: lost.id, role: 'none' },
      { nodeId: spare.id, role: 'server' },
    ]);
    await this.event(
      c,
      'formation.server-replaced',
      `server ${lost.name} lost for ${Math.round((this.d.clock() - lost.lastSeenAt) / 1000)}s: removed its Node and etcd member, promoted ${spare.name}`,
      { lost: lost.name, spare: spare.name },
      spare.id,
    );
    return true;
  }

  private async datastoreEndpoint(clusterId: string): Promise<string> {
    const sealed = await this.d.store.getMeta(datastoreMetaKey(clusterId));
    return sealed
      ? this.d.secrets.openString(Buffer.from(sealed, 'base64'), secretContext.datastoreEndpoint(clusterId))
      : '';
  }

  /** Ready Node names from the cluster's API, refreshed at most every 2 s; null when unknown. */
  private async kubeNodesReady(c: ClusterRow): Promise<Set<string> | null> {
    if (!c.formation.kubeconfigSealed) return null;
    const cached = this.kubeReady.get(c.id);
    if (cached && this.d.clock() - cached.at < 2000) return cached.names;
    let names: Set<string> | null = null;
    try {
      const creds = credsFromKubeconfig(
        this.d.secrets.openString(c.formation.kubeconfigSealed, secretContext.kubeconfig(c.id)),
      );
      const r = await kubeRequest(creds, 'GET', '/api/v1/nodes', 3000);
      if (r.status === 200) {
        const list = JSON.parse(r.body) as {
          items?: Array<{
            metadata?: { name?: string };
            status?: { conditions?: Array<{ type?: string; status?: string }> };
          }>;
        };
        names = new Set(
          (list.items ?? [])
            .filter((i) => i.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'))
            .map((i) => i.metadata?.name ?? ''),
        );
      }
    } catch (err) {
      this.d.log.debug({ err: (err as Error).message, cluster: c.name }, 'cluster API not reachable');
    }
    // Unreachable API: every k3s node counts as not ready (the cluster is degraded, not unknown).
    names ??= new Set();
    this.kubeReady.set(c.id, { at: this.d.clock(), names });
    return names;
  }

  private async nodePassword(c: ClusterRow, n: NodeRow): Promise<string> {
    const ctx = secretContext.nodePassword(c.id, n.name);
    if (n.assignment.nodePasswordSealed) return this.d.secrets.openString(n.assignment.nodePasswordSealed, ctx);
    // Generated once, stored before first delivery; re-delivered byte-identical.
    await this.d.store.setNodePassword(n.id, this.d.secrets.seal(randomBytes(16).toString('hex'), ctx));
    await failpoint('after-password-stored');
    const stored = (await this.d.store.getNode(n.id))?.assignment.nodePasswordSealed;
    if (!stored) throw new Error(`node password of ${n.name} was not stored`);
    return this.d.secrets.openString(stored, ctx);
  }

  private async ensureAssignment(c: ClusterRow, n: NodeRow, ctx: DesiredContext, connected: boolean): Promise<void> {
    const nodePassword = n.role === 'lb' ? '' : await this.nodePassword(c, n);
    const desired = desiredAssignment(ctx, {
      id: n.id,
      name: n.name,
      role: n.role,
      nodeIp: nodeIpOf(n),
      publicIp: n.report?.publicIp ?? '',
      nodePassword,
    });
    if (!desired) return;
    const hash = assignmentContentHash(desired);
    let a = n.assignment;
    if (hash !== a.hash || a.epoch !== c.epoch || !a.body || !a.signature) {
      const generation = a.generation + 1;
      const signed = await buildAssignment(
        { ...desired.spec, generation },
        desired.secrets,
        n.boxPub,
        this.d.signing.privateKey,
      );
      // Decide, commit, then send.
      await this.d.store.saveAssignment(n.id, {
        epoch: c.epoch,
        generation,
        hash,
        body: Buffer.from(signed.body),
        signature: Buffer.from(signed.signature),
      });
      a = {
        ...a,
        epoch: c.epoch,
        generation,
        hash,
        body: Buffer.from(signed.body),
        signature: Buffer.from(signed.signature),
      };
      await this.event(
        c,
        'assignment.committed',
        `node ${n.name}: ${n.role} (epoch ${c.epoch}, generation ${generation})`,
        { role: n.role, generation },
        n.id,
      );
    }
    const acked = a.ackedEpoch === a.epoch && a.ackedGeneration >= a.generation;
    // The session is part of the key: after a reconnect to any replica the committed bytes go out again.
    const key = `${a.epoch}/${a.generation}@${n.replicaId}/${n.connectedAt}`;
    if (!connected || acked || this.sent.get(n.id) === key || !a.body || !a.signature) return;
    await failpoint('before-assignment-send');
    if (this.d.send(n, { kind: 'assignment', value: { body: a.body, signature: a.signature } })) {
      await failpoint('after-assignment-send');
      this.sent.set(n.id, key);
      this.d.metrics.assignmentSeconds.observe((this.d.clock() - n.lastSeenAt) / 1000);
    }
  }

  private requestKubeconfig(c: ClusterRow, init: NodeRow): void {
    for (const [id, r] of this.kubeconfigRequests) {
      if (this.d.clock() - r.at >= 30_000) this.kubeconfigRequests.delete(id);
      else if (r.clusterId === c.id) return;
    }
    const requestId = randomUUID();
    this.kubeconfigRequests.set(requestId, { clusterId: c.id, nodeId: init.id, at: this.d.clock() });
    // Recorded in the store: the upload may arrive at another replica.
    void this.observations
      .setMeta(
        kubeconfigRequestKey(requestId),
        JSON.stringify({ clusterId: c.id, nodeId: init.id, at: this.d.clock() }),
      )
      .then(() => this.d.send(init, { kind: 'kubeconfigRequest', value: { requestId } }))
      .catch((err: unknown) => this.d.log.warn({ err: (err as Error).message }, 'kubeconfig request failed'));
  }

  /** Stores the first server's kubeconfig, pointed at the registration address. */
  async kubeconfigUploaded(
    nodeId: string,
    upload: { requestId: string; sealed: Uint8Array; error: string },
  ): Promise<void> {
    if (!/^[0-9a-f-]{36}$/.test(upload.requestId)) return;
    const raw = await this.observations.getMeta(kubeconfigRequestKey(upload.requestId));
    const req = raw ? (JSON.parse(raw) as { clusterId: string; nodeId: string; at: number }) : null;
    if (!req || req.nodeId !== nodeId) return; // not asked for, already answered, or from another node: ignore
    await this.observations.setMeta(kubeconfigRequestKey(upload.requestId), '');
    this.kubeconfigRequests.delete(upload.requestId);
    const c = await this.d.store.getCluster(req.clusterId);
    if (!c) return;
    if (upload.error) {
      await this.event(
        c,
        'kubeconfig.failed',
        `first server could not hand over its kubeconfig: ${upload.error}`,
        {},
        nodeId,
      );
      return;
    }
    const text = Buffer.from(await openSealed(upload.sealed, this.d.box)).toString('utf8');
    const rewritten = rewriteKubeconfig(text, registrationUrl(c.formation.registrationAddress), c.name);
    await this.observations.updateCluster(c.id, {
      formation: { kubeconfigSealed: this.d.secrets.seal(rewritten, secretContext.kubeconfig(c.id)) },
    });
    await this.event(
      c,
      'kubeconfig.stored',
      `kubeconfig of cluster ${c.name} stored (server ${registrationUrl(c.formation.registrationAddress)})`,
      {},
      nodeId,
    );
    this.trigger();
  }

  /** Records what an agent reported; the CA hash is taken only from the cluster's first server. */
  async statusReported(node: NodeRow, s: { phase: string; caHash: string }): Promise<void> {
    if (s.caHash) {
      const c = await this.d.store.getCluster(node.clusterId);
      if (c && c.formation.initNodeId === node.id && c.formation.caHash !== s.caHash) {
        if (c.formation.caHash) {
          await this.event(
            c,
            'formation.ca-changed',
            `first server ${node.name} reported a different CA hash; keeping the first one`,
            { reported: s.caHash },
            node.id,
          );
        } else {
          await this.observations.updateCluster(c.id, { formation: { caHash: s.caHash } });
          await this.event(
            c,
            'formation.ca-hash',
            `first server ${node.name} reported the cluster CA hash`,
            { caHash: s.caHash },
            node.id,
          );
        }
      }
    }
    await this.observations.setNodeReady(node.id, s.phase === 'ready' ? this.d.clock() : null);
    this.trigger();
  }
}

/** At most 10 names, then a count: a 1,000-node status must stay readable. */
function summarize(items: string[]): string {
  return items.length <= 10 ? items.join(', ') : `${items.slice(0, 10).join(', ')} and ${items.length - 10} more`;
}

function byJoinOrder(a: NodeRow, b: NodeRow): number {
  return a.enrolledAt - b.enrolledAt || a.name.localeCompare(b.name);
}

export type { Role };
