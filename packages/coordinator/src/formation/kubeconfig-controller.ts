/**
 * The kubeconfig controller: once the first server is ready, asks it for
 * `k3s.yaml` (sealed to the coordinator), and stores the answer pointed at
 * the registration address. Requests are recorded in the store, so the
 * upload may reach any replica.
 */
import { randomUUID } from 'node:crypto';
import { openSealed } from '@k3sgrid/proto';
import { kubeconfigRequestKey, secretContext } from './contexts.js';
import type { ControllerDeps } from './controller-deps.js';
import { registrationUrl } from './desired.js';
import type { FormationController } from './formation-controller.js';
import { rewriteKubeconfig } from './kube-client.js';
import { isConnected, isReady, type ClusterSnapshot } from './snapshot.js';

/** How long a request waits for its answer before it is asked again. */
const REQUEST_TTL_MS = 30_000;

/** Pure: the node to ask for the kubeconfig now, if any. */
export function decideKubeconfigRequest(s: ClusterSnapshot): string | null {
  const f = s.cluster.formation;
  if (f.kubeconfigSealed || f.haltReason || !f.initNodeId) return null;
  const init = s.nodes.find((n) => n.id === f.initNodeId);
  return init && isReady(s, init) && isConnected(s, init) ? init.id : null;
}

export class KubeconfigController {
  private readonly requests = new Map<string, { clusterId: string; nodeId: string; at: number }>();

  constructor(
    private readonly d: ControllerDeps,
    private readonly events: Pick<FormationController, 'event'>,
  ) {}

  reconcile(s: ClusterSnapshot): void {
    const nodeId = decideKubeconfigRequest(s);
    const now = this.d.clock();
    for (const [id, r] of this.requests) if (now - r.at >= REQUEST_TTL_MS) this.requests.delete(id);
    if (!nodeId || [...this.requests.values()].some((r) => r.clusterId === s.cluster.id)) return;
    const init = s.nodes.find((n) => n.id === nodeId);
    if (!init) return;
    const requestId = randomUUID();
    const req = { clusterId: s.cluster.id, nodeId, at: now };
    this.requests.set(requestId, req);
    void this.d.observations
      .setMeta(kubeconfigRequestKey(requestId), JSON.stringify(req))
      .then(() => this.d.send(init, { kind: 'kubeconfigRequest', value: { requestId } }))
      .catch((err: unknown) => this.d.log.warn({ err: (err as Error).message }, 'kubeconfig request failed'));
  }

  /** Stores the first server's kubeconfig, pointed at the registration address. */
  async uploaded(nodeId: string, upload: { requestId: string; sealed: Uint8Array; error: string }): Promise<void> {
    if (!/^[0-9a-f-]{36}$/.test(upload.requestId)) return;
    const key = kubeconfigRequestKey(upload.requestId);
    const raw = await this.d.observations.getMeta(key);
    const req = raw ? (JSON.parse(raw) as { clusterId: string; nodeId: string; at: number }) : null;
    if (!req || req.nodeId !== nodeId) return; // not asked for, already answered, or from another node: ignore
    await this.d.observations.setMeta(key, '');
    this.requests.delete(upload.requestId);
    const c = await this.d.observations.getCluster(req.clusterId);
    if (!c) return;
    if (upload.error) {
      await this.events.event(c, {
        type: 'kubeconfig.failed',
        message: `first server could not hand over its kubeconfig: ${upload.error}`,
        data: {},
        nodeId,
      });
      return;
    }
    const text = Buffer.from(await openSealed(upload.sealed, this.d.box)).toString('utf8');
    const url = registrationUrl(c.formation.registrationAddress);
    await this.d.observations.updateCluster(c.id, {
      formation: {
        kubeconfigSealed: this.d.secrets.seal(rewriteKubeconfig(text, url, c.name), secretContext.kubeconfig(c.id)),
      },
    });
    await this.events.event(c, {
      type: 'kubeconfig.stored',
      message: `kubeconfig of cluster ${c.name} stored (server ${url})`,
      data: {},
      nodeId,
    });
    this.d.trigger();
  }
}
