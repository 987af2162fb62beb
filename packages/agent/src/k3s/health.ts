/**
 * Readiness checks.
 *
 * Server: the supervisor port answers `/ping` with `pong`, and with the admin
 * kubeconfig's client certificate `/readyz` says `ok` and this node's Ready
 * condition is True (GET /api/v1/nodes/<name>).
 *
 * Agent (worker): its own Node object is Ready in the cluster API. A k3s
 * agent whose registration is refused keeps running and retrying (research
 * §1), and the server answers /ping to anyone, so neither says anything. The
 * agent asks the apiserver behind the server URL for its Node with the
 * kubelet's client certificate k3s writes once it has registered
 * (`<data-dir>/agent/client-kubelet.crt`/`.key`, trusting
 * `<data-dir>/agent/server-ca.crt`); the node authorizer lets a node read its
 * own Node.
 */
import https from 'node:https';
import YAML from 'yaml';
import { KubeconfigError } from './errors.js';

export interface HttpsRequestOptions {
  /** PEM CA bundle to trust; the server's name is not checked, only the chain (the CA is pinned). */
  ca?: string;
  cert?: string;
  key?: string;
  /** Accept any certificate (only for unauthenticated, content-free probes such as /ping). */
  insecure?: boolean;
  timeoutMs?: number;
}

export interface HttpsResponse {
  status: number;
  body: string;
}

/** GET over HTTPS. Injectable so tests need no TLS server. */
export type HttpsGet = (url: string, opts: HttpsRequestOptions) => Promise<HttpsResponse>;

export const nodeHttpsGet: HttpsGet = (url, opts) =>
  new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'GET',
        ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
        ...(opts.cert !== undefined ? { cert: opts.cert } : {}),
        ...(opts.key !== undefined ? { key: opts.key } : {}),
        rejectUnauthorized: opts.insecure !== true,
        // The CA is pinned; certificates for 127.0.0.1 or a node IP need not list that name.
        checkServerIdentity: () => undefined,
        headers: { accept: 'application/json, text/plain' },
        timeout: opts.timeoutMs ?? 5000,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${opts.timeoutMs ?? 5000} ms: ${url}`)));
    req.on('error', reject);
    req.end();
  });

export interface KubeconfigCredentials {
  server: string;
  ca: string;
  cert: string;
  key: string;
}

function b64(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new KubeconfigError(`kubeconfig has no ${what}`);
  return Buffer.from(v, 'base64').toString('utf8');
}

/** Reads the first cluster and user of a k3s.yaml (embedded data, as k3s writes it). */
export function parseKubeconfig(text: string): KubeconfigCredentials {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new KubeconfigError(`kubeconfig is not YAML: ${String(err)}`);
  }
  const d = doc as {
    clusters?: { cluster?: Record<string, unknown> }[];
    users?: { user?: Record<string, unknown> }[];
  } | null;
  const cluster = d?.clusters?.[0]?.cluster;
  const user = d?.users?.[0]?.user;
  if (!cluster || !user) throw new KubeconfigError('kubeconfig has no cluster or user');
  const server = cluster['server'];
  if (typeof server !== 'string') throw new KubeconfigError('kubeconfig has no server');
  return {
    server,
    ca: b64(cluster['certificate-authority-data'], 'certificate-authority-data'),
    cert: b64(user['client-certificate-data'], 'client-certificate-data'),
    key: b64(user['client-key-data'], 'client-key-data'),
  };
}

export interface HealthResult {
  ready: boolean;
  detail: string;
}

export interface ServerHealthInput {
  /** `https://<node-ip or 127.0.0.1>:6443` */
  baseUrl: string;
  nodeName: string;
  /** Contents of k3s.yaml, or null when it does not exist yet. */
  kubeconfig: string | null;
  /** server-ca.crt, used to verify /ping when present. */
  serverCa: string | null;
  get: HttpsGet;
}

/** Is the Node's Ready condition True in a Node object? */
export function nodeIsReady(nodeJson: string): boolean {
  try {
    const node = JSON.parse(nodeJson) as { status?: { conditions?: { type?: string; status?: string }[] } };
    return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  } catch {
    return false;
  }
}

export async function checkServerReady(input: ServerHealthInput): Promise<HealthResult> {
  const base = input.baseUrl.replace(/\/+$/, '');
  try {
    const ping = await input.get(`${base}/ping`, input.serverCa !== null ? { ca: input.serverCa } : { insecure: true });
    if (ping.status !== 200 || ping.body.trim() !== 'pong')
      return { ready: false, detail: `/ping answered ${ping.status}` };
  } catch (err) {
    return { ready: false, detail: `/ping: ${String(err)}` };
  }
  if (input.kubeconfig === null) return { ready: false, detail: 'no admin kubeconfig yet' };
  let creds: KubeconfigCredentials;
  try {
    creds = parseKubeconfig(input.kubeconfig);
  } catch (err) {
    return { ready: false, detail: String(err) };
  }
  const tls = { ca: creds.ca, cert: creds.cert, key: creds.key };
  try {
    const readyz = await input.get(`${base}/readyz`, tls);
    if (readyz.status !== 200 || readyz.body.trim() !== 'ok')
      return { ready: false, detail: `/readyz answered ${readyz.status}: ${readyz.body.trim().slice(0, 200)}` };
    const node = await input.get(`${base}/api/v1/nodes/${encodeURIComponent(input.nodeName)}`, tls);
    if (node.status !== 200) return { ready: false, detail: `node ${input.nodeName}: HTTP ${node.status}` };
    if (!nodeIsReady(node.body)) return { ready: false, detail: `node ${input.nodeName} is not Ready` };
  } catch (err) {
    return { ready: false, detail: String(err) };
  }
  return { ready: true, detail: 'ping pong, readyz ok, node Ready' };
}

/** The kubelet's client credentials k3s writes under `<data-dir>/agent/`. */
export interface KubeletCredentials {
  /** server-ca.crt */
  ca: string;
  /** client-kubelet.crt (certificate, possibly followed by its CA) */
  cert: string;
  /** client-kubelet.key */
  key: string;
}

export interface AgentHealthInput {
  /** `https://<registration address>:6443` from the assignment. */
  serverUrl: string;
  nodeName: string;
  /** Null until k3s has registered the node (the files do not exist before). */
  credentials: KubeletCredentials | null;
  get: HttpsGet;
}

/** A worker is ready when its own Node is Ready in the cluster API. */
export async function checkAgentReady(input: AgentHealthInput): Promise<HealthResult> {
  if (input.credentials === null)
    return { ready: false, detail: 'k3s agent has not registered yet (no client-kubelet.crt)' };
  const base = input.serverUrl.replace(/\/+$/, '');
  const { ca, cert, key } = input.credentials;
  try {
    const node = await input.get(`${base}/api/v1/nodes/${encodeURIComponent(input.nodeName)}`, { ca, cert, key });
    if (node.status !== 200)
      return {
        ready: false,
        detail: `node ${input.nodeName}: HTTP ${node.status} from ${base}: ${node.body.trim().slice(0, 200)}`,
      };
    if (!nodeIsReady(node.body)) return { ready: false, detail: `node ${input.nodeName} is not Ready` };
  } catch (err) {
    return { ready: false, detail: `node ${input.nodeName} via ${base}: ${String(err)}` };
  }
  return { ready: true, detail: `node ${input.nodeName} Ready (kubelet credentials, via ${base})` };
}
