/**
 * A minimal Kubernetes client over the admin kubeconfig the first server
 * handed over: enough to delete a Node (which, in k3s, also removes its
 * node-password secret and, for a server, its etcd member), to read nodes
 * and to patch their labels and taints.
 */
import { request } from 'node:https';
import { parse, stringify } from 'yaml';

export interface KubeCreds {
  server: string;
  ca: string;
  cert: string;
  key: string;
}

interface KubeconfigDoc {
  clusters?: Array<{ name?: string; cluster?: Record<string, unknown> }>;
  users?: Array<{ name?: string; user?: Record<string, unknown> }>;
}

const b64 = (v: unknown): string => (typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '');

/** Reads the server URL and credentials of a kubeconfig's first cluster and user. */
export function credsFromKubeconfig(text: string): KubeCreds {
  const doc = parse(text) as KubeconfigDoc;
  const cluster = doc.clusters?.[0]?.cluster ?? {};
  const user = doc.users?.[0]?.user ?? {};
  return {
    server: typeof cluster.server === 'string' ? cluster.server : '',
    ca: b64(cluster['certificate-authority-data']),
    cert: b64(user['client-certificate-data']),
    key: b64(user['client-key-data']),
  };
}

/** Points every cluster of a kubeconfig at `server` and renames cluster, user and context after the cluster. */
export function rewriteKubeconfig(text: string, server: string, name: string): string {
  const doc = parse(text) as Record<string, unknown> &
    KubeconfigDoc & {
      contexts?: Array<{ name?: string; context?: Record<string, unknown> }>;
      'current-context'?: string;
    };
  for (const c of doc.clusters ?? []) {
    c.cluster = { ...(c.cluster ?? {}), server };
    c.name = name;
  }
  for (const u of doc.users ?? []) u.name = name;
  for (const c of doc.contexts ?? []) {
    c.name = name;
    c.context = { ...(c.context ?? {}), cluster: name, user: name };
  }
  doc['current-context'] = name;
  return stringify(doc);
}

/** Calls the Kubernetes API; resolves status and body. */
export function kubeRequest(
  c: KubeCreds,
  method: string,
  path: string,
  timeoutMs = 10_000,
  body?: { contentType: string; data: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body) {
      headers['content-type'] = body.contentType;
      headers['content-length'] = String(Buffer.byteLength(body.data));
    }
    const req = request(
      new URL(path, c.server),
      { method, ca: c.ca, cert: c.cert, key: c.key, timeout: timeoutMs, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('kubernetes API timed out')));
    req.on('error', reject);
    req.end(body?.data);
  });
}
