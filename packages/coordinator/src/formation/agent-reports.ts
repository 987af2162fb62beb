/**
 * What agents report that formation builds on, written by whichever replica
 * hears it: the cluster CA hash (from the first server; any server that
 * reports another CA stops the cluster for good: a second cluster must never
 * be joined to the first), readiness, and the kubeconfig upload.
 */
import type { FormationSink } from '../agent-messages.js';
import type { NodeRow } from '../store/types.js';
import type { ControllerDeps } from './controller-deps.js';
import type { FormationController } from './formation-controller.js';
import type { KubeconfigController } from './kubeconfig-controller.js';

export class AgentReports implements FormationSink {
  constructor(
    private readonly d: ControllerDeps,
    private readonly formation: FormationController,
    private readonly kubeconfig: KubeconfigController,
  ) {}

  sessionReady(nodeId: string): void {
    this.formation.forgetSent(nodeId);
    this.d.trigger();
  }

  kubeconfigUploaded(nodeId: string, upload: { requestId: string; sealed: Uint8Array; error: string }): Promise<void> {
    return this.kubeconfig.uploaded(nodeId, upload);
  }

  async statusReported(node: NodeRow, s: { phase: string; caHash: string; epoch: number }): Promise<void> {
    if (s.caHash && (node.role === 'server-init' || node.role === 'server')) {
      const c = await this.d.observations.getCluster(node.clusterId);
      // Only a report from the current epoch's assignment counts: a node
      // fenced out of an older one may still report the CA it had then.
      if (c && s.epoch === c.epoch && c.formation.caHash !== s.caHash) {
        if (!c.formation.caHash && c.formation.initNodeId === node.id) {
          await this.d.observations.updateCluster(c.id, { formation: { caHash: s.caHash } });
          await this.formation.event(c, {
            type: 'formation.ca-hash',
            message: `first server ${node.name} reported the cluster CA hash`,
            data: { caHash: s.caHash },
            nodeId: node.id,
          });
        } else if (c.formation.caHash && !c.formation.haltReason) {
          // A server with another CA runs another cluster (an empty datastore
          // brought up with cluster-init): nothing more may join either.
          const reason = `server ${node.name} reported CA hash ${s.caHash}, but the cluster's CA hash is ${c.formation.caHash}`;
          await this.d.observations.updateCluster(c.id, { phase: 'halted', formation: { haltReason: reason } });
          await this.formation.event(c, {
            type: 'formation.ca-changed',
            message: `cluster ${c.name} halted: ${reason}`,
            data: { reported: s.caHash, expected: c.formation.caHash },
            nodeId: node.id,
          });
        }
      }
    }
    await this.d.observations.setNodeReady(node.id, s.phase === 'ready' ? this.d.clock() : null);
    this.d.trigger();
  }
}
