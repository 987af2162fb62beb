/**
 * The clusters' own Kubernetes APIs, through the admin kubeconfig each first
 * server handed over: which Nodes are Ready (cached per cluster for a short
 * time, so a burst of passes reads once), and Node deletion (in k3s it also
 * removes the node's password secret and, for a server, its etcd member).
 *
 * Through any live server: the kubeconfig points at the registration
 * address, which in `server` mode is one server (the one that may be gone),
 * so every server's own 6443 is tried after it (each k3s server's
 * certificate names its own address, and the kubeconfig's CA signs them all).
 */
import type { Logger } from 'pino';
import type { SecretBox } from '../secrets.js';
import type { ClusterRow } from '../store/types.js';
import { secretContext } from './contexts.js';
import { credsFromKubeconfig, kubeRequest, type KubeCreds } from './kube-client.js';
import type { KubeNodeMeta, NodeMetadataPatch, Taint } from './node-metadata.js';

interface NodeList {
  items?: Array<{
    metadata?: {
      name?: string;
      resourceVersion?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    spec?: { taints?: Taint[] };
    status?: { conditions?: Array<{ type?: string; status?: string }> };
  }>;
}

export class KubeObserver {
  private readonly ready = new Map<
    string,
    { at: number; names: Set<string>; meta: Map<string, KubeNodeMeta> | null }
  >();
  /** Per cluster: the servers' API URLs to try after the kubeconfig's, and the one that answered last. */
  private readonly endpoints = new Map<string, { servers: string[]; last: string | null }>();

  constructor(private readonly d: { secrets: SecretBox; clock: () => number; log: Logger; cacheMs?: number }) {}

  private creds(c: ClusterRow): KubeCreds | null {
    if (!c.formation.kubeconfigSealed) return null;
    return credsFromKubeconfig(this.d.secrets.openString(c.formation.kubeconfigSealed, secretContext.kubeconfig(c.id)));
  }

  /**
   * One request through the first API that answers: the one that answered
   * last, the kubeconfig's server, then each server's own address.
   */
  private async request(
    c: ClusterRow,
    creds: KubeCreds,
    method: string,
    path: string,
    timeoutMs: number,
    body?: { contentType: string; data: string },
  ): Promise<{ status: number; body: string }> {
    const ep = this.endpoints.get(c.id);
    const urls = [...new Set([ep?.last, creds.server, ...(ep?.servers ?? [])].filter((u): u is string => !!u))];
    let last: unknown = new Error('no API address');
    for (const server of urls) {
      try {
        const r = await kubeRequest({ ...creds, server }, method, path, timeoutMs, body);
        if (ep) ep.last = server;
        return r;
      } catch (err) {
        last = err;
      }
    }
    throw last instanceof Error ? last : new Error(String(last));
  }

  /**
   * Ready Node names; null before the cluster's kubeconfig is held. An
   * unreachable API counts every node as not Ready (the cluster is degraded,
   * not unknown). `servers`: the servers' addresses, tried when the
   * kubeconfig's server does not answer.
   */
  async readyNames(c: ClusterRow, servers: readonly string[] = []): Promise<Set<string> | null> {
    const creds = this.creds(c);
    if (!creds) return null;
    const urls = servers.map((ip) => `https://${ip.includes(':') ? `[${ip}]` : ip}:6443`);
    const ep = this.endpoints.get(c.id);
    if (ep) ep.servers = urls;
    else this.endpoints.set(c.id, { servers: urls, last: null });
    const cached = this.ready.get(c.id);
    if (cached && this.d.clock() - cached.at < (this.d.cacheMs ?? 2000)) return cached.names;
    let names = new Set<string>();
    let meta: Map<string, KubeNodeMeta> | null = null;
    try {
      const r = await this.request(c, creds, 'GET', '/api/v1/nodes', 3000);
      if (r.status === 200) {
        const list = JSON.parse(r.body) as NodeList;
        const items = list.items ?? [];
        names = new Set(
          items
            .filter((i) => i.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'))
            .map((i) => i.metadata?.name ?? ''),
        );
        meta = new Map(
          items.map((i) => [
            i.metadata?.name ?? '',
            {
              resourceVersion: i.metadata?.resourceVersion ?? '',
              labels: i.metadata?.labels ?? {},
              annotations: i.metadata?.annotations ?? {},
              taints: i.spec?.taints ?? [],
            },
          ]),
        );
      }
    } catch (err) {
      this.d.log.debug({ err: (err as Error).message, cluster: c.name }, 'cluster API not reachable');
    }
    this.ready.set(c.id, { at: this.d.clock(), names, meta });
    return names;
  }

  /** Labels, annotations and taints per Node from the last {@link readyNames} read; null when unknown. */
  nodeMeta(c: ClusterRow): Map<string, KubeNodeMeta> | null {
    return this.ready.get(c.id)?.meta ?? null;
  }

  /**
   * Merge-patches a Node (RFC 7386, `application/merge-patch+json`): labels
   * and annotations merge (null removes), the taint list is replaced whole;
   * the patch's resourceVersion makes the API refuse it (409) if the Node
   * changed since it was read.
   */
  async patchNode(c: ClusterRow, name: string, patch: NodeMetadataPatch): Promise<{ ok: boolean; detail: string }> {
    const creds = this.creds(c);
    if (!creds) return { ok: false, detail: 'no kubeconfig held for the cluster' };
    const path = `/api/v1/nodes/${encodeURIComponent(name)}`;
    try {
      const r = await this.request(c, creds, 'PATCH', path, 10_000, {
        contentType: 'application/merge-patch+json',
        data: JSON.stringify(patch),
      });
      // The cached list is stale either way: read again next pass.
      this.ready.delete(c.id);
      if (r.status === 200) return { ok: true, detail: 'patched' };
      const message = (() => {
        try {
          return (JSON.parse(r.body) as { message?: string }).message ?? '';
        } catch {
          return '';
        }
      })();
      return { ok: false, detail: `PATCH ${path}: HTTP ${r.status}${message ? ` (${message.slice(0, 300)})` : ''}` };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  /** Forgets cached answers: after a change, and for clusters that are gone. */
  forget(keep?: ReadonlySet<string>): void {
    if (!keep) {
      this.ready.clear();
      this.endpoints.clear();
      return;
    }
    for (const id of this.ready.keys()) if (!keep.has(id)) this.ready.delete(id);
    for (const id of this.endpoints.keys()) if (!keep.has(id)) this.endpoints.delete(id);
  }

  /**
   * Deletes a Node; resolves `gone` once the API says it no longer exists
   * (k3s holds it with a finalizer until its etcd member is removed),
   * `pending` while it still does, or `failed` with the reason.
   */
  async deleteNode(c: ClusterRow, name: string): Promise<{ state: 'gone' | 'pending' | 'failed'; detail: string }> {
    const creds = this.creds(c);
    if (!creds) return { state: 'failed', detail: 'no kubeconfig held for the cluster' };
    const path = `/api/v1/nodes/${encodeURIComponent(name)}`;
    try {
      const del = await this.request(c, creds, 'DELETE', path, 10_000);
      if (del.status !== 200 && del.status !== 202 && del.status !== 404)
        return { state: 'failed', detail: `DELETE ${path}: HTTP ${del.status}` };
      const check = await this.request(c, creds, 'GET', path, 10_000);
      this.ready.delete(c.id);
      return check.status === 404
        ? { state: 'gone', detail: 'deleted' }
        : { state: 'pending', detail: `still present (HTTP ${check.status}): its etcd member is being removed` };
    } catch (err) {
      return { state: 'failed', detail: (err as Error).message };
    }
  }
}
