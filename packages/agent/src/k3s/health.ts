/**
 * Readiness checks.
 *
 * Server: the supervisor port answers `/ping` with `pong`, and with the admin
 * kubeconfig's client certificate `/readyz` says `ok` and this node's Ready
 * condition is True (GET /api/v1/nodes/<name>).
 *
 * Agent: agents have no kubeconfig, so they cannot see their own Node object.
 * "Ready" for an agent is therefore: the local k3s process is running and the
 * server URL answers `/ping` with `pong`. The coordinator can confirm the
 * Node's Ready condition through a server's kubeconfig.
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

export interface AgentHealthInput {
  processRunning: boolean;
  serverUrl: string;
  get: HttpsGet;
}

/**
 * Agents have no kubeconfig: process running + the server answers /ping is
 * taken as "ready" (the Node's own Ready condition is visible to servers only).
 */
export async function checkAgentReady(input: AgentHealthInput): Promise<HealthResult> {
  if (!input.processRunning) return { ready: false, detail: 'k3s agent process is not running' };
  const base = input.serverUrl.replace(/\/+$/, '');
  try {
    const ping = await input.get(`${base}/ping`, { insecure: true });
    if (ping.status !== 200 || ping.body.trim() !== 'pong')
      return { ready: false, detail: `server /ping answered ${ping.status}` };
  } catch (err) {
    return { ready: false, detail: `server /ping: ${String(err)}` };
  }
  return {
    ready: true,
    detail: 'process running, server answers /ping (agent Node readiness is visible to servers only)',
  };
}
