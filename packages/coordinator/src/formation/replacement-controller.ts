/**
 * The replacement controller: removes the old etcd member of a server a new
 * machine takes over, and replaces a server lost after formation with a
 * spare. Observe, decide ({@link decideReplacement}, pure), apply through
 * the cluster's API, then commit roles.
 */
import type { ControllerDeps } from './controller-deps.js';
import { decideReplacement } from './decide-replacement.js';
import type { FormationController } from './formation-controller.js';
import type { ClusterSnapshot } from './snapshot.js';

export class ReplacementController {
  /** node id -> the refusal last recorded for it: a refusal that holds is noted once, not every pass. */
  private readonly refused = new Map<string, string>();

  constructor(
    private readonly d: ControllerDeps,
    private readonly events: Pick<FormationController, 'event'>,
  ) {}

  /** Forgets refusals of nodes no longer seen (deleted or revoked). */
  prune(seen: ReadonlySet<string>): void {
    for (const id of this.refused.keys()) if (!seen.has(id)) this.refused.delete(id);
  }

  /** One pass over one cluster; resolves true when something changed (observe again). */
  async reconcile(s: ClusterSnapshot): Promise<boolean> {
    const c = s.cluster;
    let changed = false;
    for (const a of decideReplacement(s)) {
      switch (a.kind) {
        case 'event': {
          const key = a.event.nodeId ?? '';
          if (a.event.type === 'formation.replace-refused') {
            if (this.refused.get(key) === a.event.message) break;
            this.refused.set(key, a.event.message);
          }
          await this.events.event(c, a.event);
          break;
        }
        case 'clear':
          await this.d.observations.updateNodeStatus(a.nodeId, { pendingRemoval: '' });
          changed = true;
          break;
        case 'remove-member': {
          const r = await this.d.kube.deleteNode(c, a.name);
          if (r.state === 'gone') {
            this.refused.delete(a.nodeId);
            await this.d.observations.updateNodeStatus(a.nodeId, { pendingRemoval: '' });
            await this.events.event(c, {
              type: 'formation.member-removed',
              message: `the old etcd member and Node ${a.name} were removed; its replacement may join`,
              data: { name: a.name },
              nodeId: a.nodeId,
            });
            changed = true;
          } else {
            if (r.state === 'failed')
              await this.events.event(c, {
                type: 'formation.member-removal-failed',
                message: `could not remove the old Node ${a.name} yet: ${r.detail}`,
                data: { name: a.name, detail: r.detail },
                nodeId: a.nodeId,
              });
            // k3s removes the member before it lets the Node go: look again soon.
            this.d.trigger();
          }
          break;
        }
        case 'replace-lost': {
          const r = await this.d.kube.deleteNode(c, a.lost.name);
          if (r.state === 'failed') {
            await this.events.event(c, {
              type: 'formation.replace-failed',
              message: `could not remove lost server ${a.lost.name} through the cluster API (${r.detail})`,
              data: { detail: r.detail },
              nodeId: a.lost.id,
            });
            break;
          }
          await this.d.store.setRoles([
            { nodeId: a.lost.id, role: 'none' },
            { nodeId: a.spare.id, role: 'server' },
          ]);
          await this.events.event(c, {
            type: 'formation.server-replaced',
            message: `server ${a.lost.name} lost for ${Math.round((s.now - a.lost.lastSeenAt) / 1000)}s: removed its Node and etcd member, promoted ${a.spare.name}`,
            data: { lost: a.lost.name, spare: a.spare.name },
            nodeId: a.spare.id,
          });
          changed = true;
          break;
        }
      }
    }
    return changed;
  }
}
