/**
 * The formation controller: owns roles, the cluster's formation fields and
 * every node's assignment. Observe (a {@link ClusterSnapshot}), decide
 * ({@link decideFormation}, pure), apply: commit roles, formation and epoch
 * with the fencing epoch, then build, commit and only then send each
 * assignment (re-sends are the committed bytes).
 */
import { SYSTEM_ACTOR } from '../access/actors.js';
import { randomBytes } from 'node:crypto';
import { buildAssignment } from '@k3sgrid/proto';
import { failpoint } from '../failpoints.js';
import type { ClusterFormation, ClusterPhase, ClusterRow, NodeRow } from '../store/types.js';
import { datastoreMetaKey, secretContext } from './contexts.js';
import { decideFormation, type DecidedEvent, type FormationDecision } from './decide-formation.js';
import { assignmentContentHash, desiredAssignment, registrationUrl, type DesiredContext } from './desired.js';
import { rewriteKubeconfig } from './kube-client.js';
import type { ControllerDeps } from './controller-deps.js';
import { RollingGate } from './rolling.js';
import { archOf, isConnected, nodeIpOf, serversOf, type ClusterSnapshot } from './snapshot.js';

export class FormationController {
  /** nodeId -> `epoch/generation@session` last sent (a new session anywhere sends again). */
  private readonly sent = new Map<string, string>();
  /** nodeId -> hash of the changed assignment the rolling gate holds back (noted once). */
  private readonly held = new Map<string, string>();

  constructor(private readonly d: ControllerDeps) {}

  /** A node opened a new session: whatever it was sent before must be re-sent. */
  forgetSent(nodeId: string): void {
    this.sent.delete(nodeId);
  }

  /** Drops send records of nodes no longer seen (deleted or revoked). */
  prune(seen: ReadonlySet<string>): void {
    for (const id of this.sent.keys()) if (!seen.has(id)) this.sent.delete(id);
    for (const id of this.held.keys()) if (!seen.has(id)) this.held.delete(id);
  }

  /** One pass over one cluster; resolves the phase it ends in and whether to run again. */
  async reconcile(s: ClusterSnapshot): Promise<{ phase: ClusterPhase; again: boolean }> {
    const decision = decideFormation(s);
    const c = await this.commit(s, decision);
    if (decision.epoch !== undefined) {
      await this.setStatus(c, decision.status);
      return { phase: decision.status.phase, again: true };
    }
    if (decision.assign.length > 0) {
      const ctx = await this.desiredContext(s, c);
      const byId = new Map(s.nodes.map((n) => [n.id, n]));
      const roles = new Map(decision.roles.map((r) => [r.nodeId, r.role]));
      const gate = new RollingGate({ ...s, cluster: c }, (n) => roles.get(n.id) ?? n.role);
      for (const id of decision.assign) {
        const n = byId.get(id);
        if (n) await this.ensureAssignment(c, { ...n, role: roles.get(id) ?? n.role }, ctx, isConnected(s, n), gate);
      }
    }
    await this.setStatus(c, decision.status);
    return { phase: decision.status.phase, again: decision.again };
  }

  /** Commits the decision (fenced); resolves the cluster row as it is now. */
  private async commit(s: ClusterSnapshot, dec: FormationDecision): Promise<ClusterRow> {
    const c = s.cluster;
    const formation: Partial<ClusterFormation> = { ...dec.formation };
    if (dec.newSecrets) {
      // Generated once per cluster, sealed before any node hears of them.
      formation.serverTokenSealed = this.d.secrets.seal(
        randomBytes(16).toString('hex'),
        secretContext.serverToken(c.id),
      );
      formation.agentTokenSealed = this.d.secrets.seal(randomBytes(16).toString('hex'), secretContext.agentToken(c.id));
    }
    // A moved registration address (server mode, a new first server): the
    // stored kubeconfig follows it.
    const reg = formation.registrationAddress;
    if (reg && c.formation.kubeconfigSealed) {
      const text = this.d.secrets.openString(c.formation.kubeconfigSealed, secretContext.kubeconfig(c.id));
      formation.kubeconfigSealed = this.d.secrets.seal(
        rewriteKubeconfig(text, registrationUrl(reg), c.name),
        secretContext.kubeconfig(c.id),
      );
    }
    if (dec.roles.length > 0) await this.d.store.setRoles(dec.roles);
    if (Object.keys(formation).length > 0 || dec.epoch !== undefined)
      await this.d.store.updateCluster(c.id, {
        ...(dec.epoch !== undefined ? { epoch: dec.epoch, phase: dec.status.phase } : {}),
        formation,
      });
    for (const e of dec.events) await this.event(c, e);
    if (dec.roles.length > 0 && dec.events.some((e) => e.type === 'election')) await failpoint('after-election');
    return {
      ...c,
      epoch: dec.epoch ?? c.epoch,
      formation: { ...c.formation, ...formation },
    };
  }

  private async setStatus(c: ClusterRow, st: { phase: ClusterPhase; message: string }): Promise<void> {
    const current = c;
    if (current.phase === st.phase && current.formation.statusMessage === st.message) return;
    await this.d.store.updateCluster(c.id, { phase: st.phase, formation: { statusMessage: st.message } });
    if (current.phase !== st.phase)
      await this.event(c, {
        type: 'cluster.phase',
        message: `cluster ${c.name}: ${current.phase} → ${st.phase}${st.message ? ` (${st.message})` : ''}`,
        data: { from: current.phase, to: st.phase },
        nodeId: null,
      });
  }

  async event(c: ClusterRow, e: DecidedEvent): Promise<void> {
    await this.d.audit.record({
      type: e.type,
      clusterId: c.id,
      nodeId: e.nodeId,
      actor: SYSTEM_ACTOR,
      message: e.message,
      data: { epoch: c.epoch, ...e.data },
    });
  }

  private async desiredContext(s: ClusterSnapshot, c: ClusterRow): Promise<DesiredContext> {
    const f = c.formation;
    if (!f.serverTokenSealed || !f.agentTokenSealed || !s.plan)
      throw new Error(`cluster ${c.name}: assignments before its tokens and plan exist`);
    return {
      clusterId: c.id,
      clusterName: c.name,
      spec: c.spec,
      epoch: c.epoch,
      plan: s.plan,
      registrationAddress: f.registrationAddress,
      caHash: f.caHash,
      serverSecret: this.d.secrets.openString(f.serverTokenSealed, secretContext.serverToken(c.id)),
      agentSecret: this.d.secrets.openString(f.agentTokenSealed, secretContext.agentToken(c.id)),
      ...(c.spec.datastore.kind === 'external' ? { datastoreEndpoint: await this.datastoreEndpoint(c.id) } : {}),
      // Every server of the cluster, the first one first (HAProxy backends).
      serverAddresses: serversOf(s).map(nodeIpOf),
      releases: s.releases,
    };
  }

  private async datastoreEndpoint(clusterId: string): Promise<string> {
    const sealed = await this.d.store.getMeta(datastoreMetaKey(clusterId));
    return sealed
      ? this.d.secrets.openString(Buffer.from(sealed, 'base64'), secretContext.datastoreEndpoint(clusterId))
      : '';
  }

  private async nodePassword(c: ClusterRow, n: NodeRow): Promise<string> {
    const ctx = secretContext.nodePassword(c.id, n.name);
    if (n.assignment.nodePasswordSealed) return this.d.secrets.openString(n.assignment.nodePasswordSealed, ctx);
    // Generated once, stored before first delivery; re-delivered byte-identical.
    await this.d.store.setNodePassword(n.id, this.d.secrets.seal(randomBytes(16).toString('hex'), ctx));
    await failpoint('after-password-stored');
    const stored = (await this.d.observations.getNode(n.id))?.assignment.nodePasswordSealed;
    if (!stored) throw new Error(`node password of ${n.name} was not stored`);
    return this.d.secrets.openString(stored, ctx);
  }

  private async ensureAssignment(
    c: ClusterRow,
    n: NodeRow,
    ctx: DesiredContext,
    connected: boolean,
    gate: RollingGate,
  ): Promise<void> {
    const nodePassword = n.role === 'lb' || n.role === 'none' ? '' : await this.nodePassword(c, n);
    const desired = desiredAssignment(ctx, {
      id: n.id,
      name: n.name,
      role: n.role,
      nodeIp: nodeIpOf(n),
      publicIp: n.report?.publicIp ?? '',
      nodePassword,
      arch: archOf(n),
    });
    if (!desired) return;
    const hash = assignmentContentHash(desired);
    let a = n.assignment;
    if (hash !== a.hash || a.epoch !== c.epoch || !a.body || !a.signature) {
      const wait = a.epoch === c.epoch ? gate.wait(n) : null;
      if (wait !== null) {
        // Noted once per held change; it goes out on a later pass.
        if (this.held.get(n.id) !== hash) {
          this.held.set(n.id, hash);
          await this.event(c, {
            type: 'assignment.held',
            message: `node ${n.name}: its changed assignment restarts k3s, so it waits: ${wait}`,
            data: { reason: wait },
            nodeId: n.id,
          });
        }
        return;
      }
      this.held.delete(n.id);
      const generation = a.generation + 1;
      const signed = await buildAssignment(
        { ...desired.spec, generation },
        desired.secrets,
        n.boxPub,
        this.d.signing.privateKey,
      );
      // Decide, commit, then send.
      const committed = {
        epoch: c.epoch,
        generation,
        hash,
        body: Buffer.from(signed.body),
        signature: Buffer.from(signed.signature),
      };
      await this.d.store.saveAssignment(n.id, committed);
      a = { ...a, ...committed };
      await this.event(c, {
        type: 'assignment.committed',
        message: `node ${n.name}: ${n.role} (epoch ${c.epoch}, generation ${generation})`,
        data: { role: n.role, generation },
        nodeId: n.id,
      });
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
}
