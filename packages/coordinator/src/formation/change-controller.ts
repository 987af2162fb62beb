/**
 * The change controller: carries a cluster change (PATCH /v1/clusters/{id})
 * out. Observe (the snapshot with the Nodes' labels and taints), decide
 * ({@link decideChange}, pure), apply: commit a demotion (role none and a
 * pending removal of the server's own member, which the replacement
 * controller removes through a live server) with the operation, patch
 * Nodes through the cluster's API, commit progress. Everything it needs
 * to go on after a restart is in the cluster row and the node rows.
 */
import type { ControllerDeps } from './controller-deps.js';
import { decideChange } from './decide-change.js';
import type { FormationController } from './formation-controller.js';
import type { ClusterSnapshot } from './snapshot.js';

export class ChangeController {
  /** nodeId → the patch failure last recorded (one event per distinct failure, not per pass). */
  private readonly failed = new Map<string, string>();

  constructor(
    private readonly d: ControllerDeps,
    private readonly events: Pick<FormationController, 'event'>,
  ) {}

  /** One pass over one cluster; resolves true when something was committed (observe again). */
  async reconcile(s: ClusterSnapshot): Promise<boolean> {
    const c = s.cluster;
    let changed = false;
    const actions = decideChange(s);
    // A node with nothing to patch has no failure to remember (bounded by the cluster's nodes).
    const patching = new Set(actions.flatMap((a) => (a.kind === 'patch-node' ? [a.nodeId] : [])));
    for (const n of s.nodes) if (!patching.has(n.id)) this.failed.delete(n.id);
    for (const a of actions) {
      switch (a.kind) {
        case 'demote':
          // The operation first, then the member's removal, then the role: a
          // crash between two writes leaves a demotion whose node is still a
          // server, which the next pass decides to commit again (idempotent).
          await this.d.store.updateCluster(c.id, { formation: { operation: a.operation } });
          await this.d.store.updateNodeStatus(a.node.id, { pendingRemoval: a.node.name });
          await this.d.store.setRoles([{ nodeId: a.node.id, role: 'none' }]);
          if (a.event) await this.events.event(c, a.event);
          changed = true;
          break;
        case 'operation':
          await this.d.store.updateCluster(c.id, { formation: { operation: a.operation } });
          if (a.event) await this.events.event(c, a.event);
          changed = true;
          break;
        case 'patch-node': {
          const r = await this.d.kube.patchNode(c, a.name, a.patch);
          if (r.ok) {
            this.failed.delete(a.nodeId);
            await this.events.event(c, {
              type: 'node.metadata-patched',
              message: `node ${a.name}: labels and taints set through the cluster API`,
              data: {
                labels: a.patch.metadata.labels ?? {},
                ...(a.patch.spec
                  ? { taints: a.patch.spec.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`) }
                  : {}),
              },
              nodeId: a.nodeId,
            });
          } else if (this.failed.get(a.nodeId) !== r.detail) {
            this.failed.set(a.nodeId, r.detail);
            await this.events.event(c, {
              type: 'node.metadata-patch-failed',
              message: `node ${a.name}: could not set labels and taints yet: ${r.detail}`,
              data: { detail: r.detail },
              nodeId: a.nodeId,
            });
          }
          break;
        }
      }
    }
    return changed;
  }
}
