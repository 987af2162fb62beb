/**
 * Operator-facing operations: clusters, join tokens, nodes and events. The
 * REST API is a thin layer over this; everything here validates state,
 * writes the store and the audit log, and never returns a secret except the
 * one token-creation reply.
 */
import { randomUUID } from 'node:crypto';
import { formatJoinToken, newTokenId, newTokenSecret, tokenMacKey, CloseCode } from '@k3sgrid/proto';
import type { Audit } from './audit.js';
import { datastoreMetaKey, secretContext } from './formation/contexts.js';
import type { Reconciler } from './formation/reconciler.js';
import { redactEndpoint } from './formation/desired.js';
import { credsFromKubeconfig, kubeRequest } from './formation/kube-client.js';
import type { Plan } from './planner/plan.js';
import { CoordinatorError, notFound } from './errors.js';
import type { Clock } from './limits.js';
import type { SecretBox } from './secrets.js';
import {
  emptyFormation,
  type ClusterOperation,
  type ClusterRow,
  type ClusterSpec,
  type EventRow,
  type JoinTokenRow,
  type NodeRow,
  type ReplicaRow,
  type Store,
} from './store/types.js';

export interface ServiceDeps {
  store: Store;
  secrets: SecretBox;
  audit: Audit;
  clock: Clock;
  pin: string;
  /** URL agents dial, put in the example command of a new token. */
  agentUrl: () => string;
  /** Closes a node's live session; true if one was open. */
  closeNodeSession: (node: NodeRow, code: number, reason: string) => boolean;
  /** On this replica, or (replicas) recorded as connected to a live one. */
  isConnected: (node: NodeRow) => boolean;
  reconciler: Reconciler;
  /** Replicas and the formation lease (one entry, this process, with SQLite). */
  replicas?: () => Promise<ReplicaStatus>;
}

/** What `GET /v1/replicas` shows. */
export interface ReplicaStatus {
  items: Array<ReplicaRow & { leader: boolean; self: boolean }>;
  lease: { holder: string; epoch: number; live: boolean; expiresAt: number } | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export type TokenState = 'active' | 'expired' | 'used-up' | 'revoked';

export function tokenState(t: JoinTokenRow, now: number): TokenState {
  if (t.revokedAt !== null) return 'revoked';
  if (t.expiresAt <= now) return 'expired';
  if (t.uses >= t.maxUses) return 'used-up';
  return 'active';
}

export class CoordinatorService {
  constructor(private readonly d: ServiceDeps) {}

  /** URL agents dial. */
  agentUrl(): string {
    return this.d.agentUrl();
  }

  async replicas(): Promise<ReplicaStatus> {
    return this.d.replicas ? this.d.replicas() : { items: [], lease: null };
  }

  isConnected(node: NodeRow): boolean {
    return this.d.isConnected(node);
  }

  async createCluster(requested: ClusterSpec, actor: string): Promise<ClusterRow> {
    let spec = requested;
    if (await this.d.store.getCluster(spec.name))
      throw new CoordinatorError('conflict', `cluster ${JSON.stringify(spec.name)} already exists`);
    const now = this.d.clock();
    const id = randomUUID();
    if (spec.datastore.kind === 'external') {
      // The endpoint may hold credentials: keep it sealed; the spec shows it redacted.
      const endpoint = spec.datastore.endpoint;
      await this.d.store.setMeta(
        datastoreMetaKey(id),
        this.d.secrets.seal(endpoint, secretContext.datastoreEndpoint(id)).toString('base64'),
      );
      spec = { ...spec, datastore: { kind: 'external', endpoint: redactEndpoint(endpoint) } };
    }
    const row: ClusterRow = {
      id,
      name: spec.name,
      spec,
      phase: 'pending',
      epoch: 1,
      createdAt: now,
      updatedAt: now,
      formation: emptyFormation(),
    };
    await this.d.store.createCluster(row);
    this.d.reconciler.trigger();
    await this.d.audit.record({
      type: 'cluster.created',
      clusterId: row.id,
      nodeId: null,
      actor,
      message: `cluster ${row.name} created`,
      data: { servers: spec.servers, registration: spec.registration.mode },
    });
    return row;
  }

  async getCluster(idOrName: string): Promise<ClusterRow> {
    const c = await this.d.store.getCluster(idOrName);
    if (!c) throw notFound('cluster', idOrName);
    return c;
  }

  listClusters(): Promise<ClusterRow[]> {
    return this.d.store.listClusters();
  }

  /**
   * Changes a running cluster (validated by the API schema): the spec gets
   * the new target and a change operation is recorded with it, in one write;
   * the reconciler carries it out (servers grow by election and shrink one
   * member at a time; pool labels and taints are patched onto the Nodes). A
   * change that changes nothing records nothing. A change while another
   * runs supersedes it; a demotion under way carries over (one member change
   * is never abandoned half-way).
   */
  async updateCluster(
    idOrName: string,
    change: { servers?: ClusterSpec['servers'] | undefined; pools?: ClusterSpec['pools'] | undefined },
    actor: string,
  ): Promise<ClusterRow> {
    const c = await this.getCluster(idOrName);
    if (c.formation.haltReason)
      throw new CoordinatorError(
        'conflict',
        `cluster ${c.name} is halted (${c.formation.haltReason}): resume it before changing it`,
      );
    const pools = { ...(c.spec.pools ?? {}), ...(change.pools ?? {}) };
    const spec: ClusterSpec = {
      ...c.spec,
      ...(change.servers !== undefined ? { servers: change.servers } : {}),
      ...(change.pools !== undefined ? { pools } : {}),
    };
    if (JSON.stringify(spec) === JSON.stringify(c.spec)) return c;
    const now = this.d.clock();
    const prev = c.formation.operation;
    const running = prev?.state === 'running' ? prev : null;
    const operation: ClusterOperation = {
      id: randomUUID(),
      kind: 'change',
      state: 'running',
      requestedBy: actor,
      requestedAt: now,
      finishedAt: null,
      from: { servers: c.spec.servers },
      target: { servers: spec.servers },
      progress: 'requested',
      demoting: running?.demoting ?? null,
      demoted: [],
    };
    await this.d.store.updateCluster(c.id, { spec, formation: { operation } });
    if (running)
      await this.d.audit.record({
        type: 'cluster.change-superseded',
        clusterId: c.id,
        nodeId: null,
        actor,
        message: `cluster ${c.name}: change ${running.id} superseded by ${operation.id}`,
        data: { operation: running.id, by: operation.id },
      });
    const what = [
      change.servers !== undefined && change.servers !== c.spec.servers
        ? `servers ${c.spec.servers} → ${change.servers}`
        : '',
      change.pools !== undefined ? `pools ${Object.keys(change.pools).join(', ')}` : '',
    ].filter(Boolean);
    await this.d.audit.record({
      type: 'cluster.change-requested',
      clusterId: c.id,
      nodeId: null,
      actor,
      message: `cluster ${c.name}: change ${operation.id} requested (${what.join('; ') || 'no effective change'})`,
      data: {
        operation: operation.id,
        servers: { from: c.spec.servers, to: spec.servers },
        pools: change.pools ?? null,
      },
    });
    this.d.reconciler.trigger();
    return this.getCluster(c.id);
  }

  /** Clears a cluster's hard stop (its cause dealt with); formation goes on from where it was. */
  async resumeCluster(idOrName: string, actor: string): Promise<ClusterRow> {
    const c = await this.getCluster(idOrName);
    if (!c.formation.haltReason) throw new CoordinatorError('conflict', `cluster ${c.name} is not halted`);
    await this.d.store.updateCluster(c.id, { phase: 'pending', formation: { haltReason: '', statusMessage: '' } });
    await this.d.audit.record({
      type: 'cluster.resumed',
      clusterId: c.id,
      nodeId: null,
      actor,
      message: `cluster ${c.name} resumed (it was halted: ${c.formation.haltReason})`,
      data: { reason: c.formation.haltReason },
    });
    this.d.reconciler.trigger();
    return this.getCluster(c.id);
  }

  async deleteCluster(idOrName: string, actor: string): Promise<void> {
    const c = await this.getCluster(idOrName);
    const nodes = await this.d.store.listNodes({ clusterId: c.id });
    for (const n of nodes) this.d.closeNodeSession(n, CloseCode.revoked, 'cluster deleted');
    await this.d.store.deleteCluster(c.id);
    await this.d.audit.record({
      type: 'cluster.deleted',
      clusterId: c.id,
      nodeId: null,
      actor,
      message: `cluster ${c.name} deleted with ${nodes.length} node(s) and its tokens`,
      data: { nodes: nodes.length },
    });
  }

  async clusterNodeCounts(clusterId: string): Promise<{ total: number; connected: number }> {
    const nodes = await this.d.store.listNodes({ clusterId });
    return { total: nodes.length, connected: nodes.filter((n) => this.d.isConnected(n)).length };
  }

  /** Creates a join token; the only time its secret is returned. */
  async createToken(
    clusterIdOrName: string,
    req: { ttlSeconds: number; maxUses: number; roles: string[]; description: string; replaceNodeId?: string },
    actor: string,
  ): Promise<{ row: JoinTokenRow; token: string }> {
    const c = await this.getCluster(clusterIdOrName);
    const id = newTokenId();
    const secret = newTokenSecret();
    const now = this.d.clock();
    const row: JoinTokenRow = {
      id,
      clusterId: c.id,
      macKeySealed: this.d.secrets.seal(tokenMacKey(secret), `join_tokens/${id}/mac_key`),
      roles: [...new Set(req.roles)],
      maxUses: req.maxUses,
      uses: 0,
      expiresAt: now + req.ttlSeconds * 1000,
      revokedAt: null,
      createdAt: now,
      failedAttempts: 0,
      description: req.description,
      replaceNodeId: req.replaceNodeId ?? null,
    };
    await this.d.store.createToken(row);
    await this.d.audit.record({
      type: 'token.created',
      clusterId: c.id,
      nodeId: null,
      actor,
      message: `join token ${id} created for cluster ${c.name}`,
      data: { tokenId: id, roles: row.roles, maxUses: row.maxUses, expiresAt: iso(row.expiresAt) },
    });
    return { row, token: formatJoinToken({ pin: this.d.pin, id, secret }) };
  }

  async listTokens(clusterIdOrName?: string): Promise<JoinTokenRow[]> {
    const clusterId = clusterIdOrName ? (await this.getCluster(clusterIdOrName)).id : undefined;
    return this.d.store.listTokens(clusterId);
  }

  async revokeToken(tokenId: string, actor: string): Promise<void> {
    const t = await this.d.store.getToken(tokenId);
    if (!t) throw notFound('join token', tokenId);
    await this.d.store.revokeToken(tokenId, this.d.clock());
    await this.d.audit.record({
      type: 'token.revoked',
      clusterId: t.clusterId,
      nodeId: null,
      actor,
      message: `join token ${tokenId} revoked`,
      data: { tokenId },
    });
  }

  async listNodes(clusterIdOrName?: string): Promise<NodeRow[]> {
    const clusterId = clusterIdOrName ? (await this.getCluster(clusterIdOrName)).id : undefined;
    return this.d.store.listNodes(clusterId ? { clusterId } : undefined);
  }

  async getNode(idOrName: string): Promise<NodeRow> {
    const n = await this.d.store.getNode(idOrName);
    if (!n) throw notFound('node', idOrName);
    return n;
  }

  /**
   * Revokes a node's identity and closes its live session at once; if the
   * cluster is formed, also deletes the Kubernetes Node through the admin
   * kubeconfig, which in k3s removes its `<name>.node-password.k3s` secret
   * (and a server's etcd member), so the name can be reused.
   */
  async deleteNode(idOrName: string, actor: string): Promise<NodeRow & { kubernetes: string }> {
    const n = await this.getNode(idOrName);
    await this.d.store.revokeNode(n.id, this.d.clock());
    const closed = this.d.closeNodeSession(n, CloseCode.revoked, 'node revoked');
    let kubernetes = 'not formed';
    const c = await this.d.store.getCluster(n.clusterId);
    if (c?.formation.kubeconfigSealed && n.role !== 'lb' && n.role !== 'none') {
      try {
        const creds = credsFromKubeconfig(
          this.d.secrets.openString(c.formation.kubeconfigSealed, secretContext.kubeconfig(c.id)),
        );
        const r = await kubeRequest(creds, 'DELETE', `/api/v1/nodes/${encodeURIComponent(n.name)}`);
        kubernetes =
          r.status === 200 || r.status === 202 ? 'deleted' : r.status === 404 ? 'absent' : `failed (HTTP ${r.status})`;
      } catch (err) {
        kubernetes = `failed (${(err as Error).message})`;
      }
    }
    await this.d.audit.record({
      type: 'node.revoked',
      clusterId: n.clusterId,
      nodeId: n.id,
      actor,
      message: `node ${n.name} revoked${closed ? ' and its session closed' : ''}; Kubernetes node: ${kubernetes}`,
      data: { sessionClosed: closed, kubernetes },
    });
    this.d.reconciler.trigger();
    return { ...n, kubernetes };
  }

  /**
   * Operator-initiated replace: a single-use token whose enrollment takes
   * over this node's name, role and node password (a reinstalled machine
   * rejoins as the same Kubernetes node instead of being refused).
   */
  async replaceNode(
    idOrName: string,
    ttlSeconds: number,
    actor: string,
  ): Promise<{ row: JoinTokenRow; token: string; node: NodeRow }> {
    const n = await this.getNode(idOrName);
    const roles = n.allowedRoles.length > 0 ? n.allowedRoles : ['server', 'agent', 'lb'];
    const created = await this.createToken(
      n.clusterId,
      { ttlSeconds, maxUses: 1, roles, description: `replace ${n.name}`, replaceNodeId: n.id },
      actor,
    );
    await this.d.audit.record({
      type: 'node.replace-requested',
      clusterId: n.clusterId,
      nodeId: n.id,
      actor,
      message: `replacement token ${created.row.id} created for node ${n.name}`,
      data: { tokenId: created.row.id },
    });
    return { ...created, node: n };
  }

  /** The cluster's admin kubeconfig, pointing at the registration address (audited). */
  async kubeconfig(idOrName: string, actor: string): Promise<string> {
    const c = await this.getCluster(idOrName);
    if (!c.formation.kubeconfigSealed) {
      throw new CoordinatorError(
        'conflict',
        `cluster ${c.name} has no kubeconfig yet (phase ${c.phase}); it is handed over once the first server is ready`,
      );
    }
    const text = this.d.secrets.openString(c.formation.kubeconfigSealed, secretContext.kubeconfig(c.id));
    await this.d.audit.record({
      type: 'kubeconfig.read',
      clusterId: c.id,
      nodeId: null,
      actor,
      message: `kubeconfig of cluster ${c.name} read`,
      data: {},
    });
    return text;
  }

  /** The latest plan of a cluster (computed from its nodes' reports), with the rows it came from. */
  async plan(idOrName: string): Promise<{ cluster: ClusterRow; nodes: NodeRow[]; plan: Plan | null }> {
    const c = await this.getCluster(idOrName);
    const nodes = await this.d.store.listNodes({ clusterId: c.id });
    return { cluster: c, nodes, plan: this.planOf(c, nodes) };
  }

  /** The plan of a cluster from node rows the caller already holds (pure). */
  planOf(c: ClusterRow, nodes: readonly NodeRow[]): Plan | null {
    return this.d.reconciler.planFor(c, nodes);
  }

  listEvents(q: Parameters<Store['listEvents']>[0]): Promise<EventRow[]> {
    return this.d.store.listEvents(q);
  }
}
