// `k3s agent` stand-in: validates the token against /cacerts, registers with the
// node password (serving-kubelet.crt, client-kubelet.crt), keeps the
// /v1-k3s/apiservers list and heartbeats its node lease through any reachable
// server (client-side LB). Registration failures are retried forever, with
// k3s's messages and cadence (pkg/agent/run.go, pkg/agent/config/config.go @e7dd3b7e).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeFile0600 } from './certs.js';
import {
  dataDir,
  FatalError,
  httpStatusText,
  nodeIP,
  nodeName,
  nodePassword,
  readToken,
  request,
  responseError,
  sleep,
  type Token,
  validateServer,
} from './common.js';
import type { Flags } from './flags.js';
import { logger } from './log.js';
import { notifyReady, notifySocketSet } from './notify.js';
import { nodeGraceMs, parseTaint } from './registry.js';

export const passwordRejected = (file: string): string =>
  `Node password rejected, duplicate hostname or contents of '${file}' may not match server node-passwd entry, try enabling a unique node name with the --with-node-id flag`;

/** Loop A (createProxyAndValidateToken): 2 s between attempts. */
export const tokenRetryMs = (): number => Number(process.env.K3S_DOUBLE_TOKEN_RETRY_MS || '2000');
/** Loop B (config.Get): wait.JitterUntil(5 s, jitter 1.0, sliding): 5-10 s after the previous attempt ended. */
export const configRetryMs = (): number => Number(process.env.K3S_DOUBLE_RETRY_MS || '5000');

/** A non-200 answer of the node-named cert endpoints, as getNodeNamedCrt words it. */
class CertError extends Error {}

export async function runAgent(flags: Flags, onShutdown: (fn: () => Promise<void>) => void): Promise<void> {
  // pkg/cli/agent/agent.go Run: token first, then server
  const tokenStr = readToken(flags);
  if (!tokenStr) throw new FatalError('--token is required');
  const serverURL = flags.str('server');
  if (!serverURL) throw new FatalError('--server is required');
  const dd = dataDir(flags);
  const agentDir = path.join(dd, 'agent');
  mkdirSync(agentDir, { recursive: true, mode: 0o700 });
  const name = nodeName(flags);
  const ip = nodeIP(flags);
  const { password, file: pwFile } = nodePassword();
  let stopped = false;
  onShutdown(() => {
    stopped = true;
    return Promise.resolve();
  });

  // ---- loop A: token and CA hash (never sees 401/403: /cacerts needs no auth)
  let validated: { ca: Buffer; token: Token } | undefined;
  while (!validated) {
    if (stopped) return;
    try {
      validated = await validateServer(serverURL, tokenStr);
    } catch (e) {
      logger.error(`Failed to validate connection to cluster at ${serverURL}: ${(e as Error).message}`);
      await sleep(tokenRetryMs());
    }
  }
  const { ca } = validated;
  // Agents use WithUser("node")
  const auth = { user: 'node', pass: validated.token.password };

  // ---- loop B: agent configuration and certificates
  const servingCrt = path.join(agentDir, 'serving-kubelet.crt');
  const clientCrt = path.join(agentDir, 'client-kubelet.crt');
  const nodeHeaders = { 'K3s-Node-Name': name, 'K3s-Node-Password': password, 'K3s-Node-Ip': ip };
  const getOnce = async (): Promise<{ cert: string; key: string }> => {
    const { ca: ca2 } = await validateServer(serverURL, tokenStr);
    const cfgURL = new URL('/v1-k3s/config', serverURL).toString();
    let r;
    try {
      r = await request(cfgURL, { ca: ca2, auth });
    } catch (e) {
      throw new Error(`failed to retrieve configuration from server: ${(e as Error).message}`, { cause: e });
    }
    if (r.status !== 200) throw new Error(`failed to retrieve configuration from server: ${responseError(cfgURL, r)}`);
    const named = async (file: string, endpoint: string): Promise<string> => {
      const u = new URL(endpoint, serverURL).toString();
      const res = await request(u, { method: 'POST', ca: ca2, auth, headers: nodeHeaders });
      if (res.status === 403) throw new CertError(`${file}: ${passwordRejected(pwFile)}`);
      if (res.status !== 200) throw new CertError(`${file}: ${u}: ${res.status} ${httpStatusText(res.status)}`);
      return res.body.toString();
    };
    const serving = await named(servingCrt, '/v1-k3s/serving-kubelet.crt');
    writeFileSync(servingCrt, certsOf(serving));
    writeFile0600(path.join(agentDir, 'serving-kubelet.key'), keyOf(serving));
    const client = await named(clientCrt, '/v1-k3s/client-kubelet.crt');
    return { cert: certsOf(client), key: keyOf(client) };
  };
  let certKey: { cert: string; key: string } | undefined;
  while (!certKey) {
    if (stopped) return;
    try {
      certKey = await getOnce();
    } catch (e) {
      logger.info(`Waiting to retrieve agent configuration; server is not ready: ${(e as Error).message}`);
      const base = configRetryMs();
      await sleep(base + Math.random() * base);
    }
  }
  writeFileSync(path.join(agentDir, 'server-ca.crt'), ca);
  writeFileSync(clientCrt, certKey.cert);
  writeFile0600(path.join(agentDir, 'client-kubelet.key'), certKey.key);
  const cert = certKey;

  // client load balancer: the server we joined first, then every apiserver we learn of
  const joinHost = new URL(serverURL).host;
  let servers: string[] = [joinHost];
  const refresh = async (): Promise<void> => {
    for (const s of servers) {
      try {
        const r = await request(`https://${s}/v1-k3s/apiservers`, { ca, auth, timeoutMs: 3000 });
        if (r.status === 200) {
          const list = JSON.parse(r.body.toString()) as string[];
          if (list.length > 0) {
            const next = [...new Set([...list, ...servers])];
            if (next.join(',') !== servers.join(','))
              logger.info(`Updated load balancer server addresses -> ${list.join(' ')}`);
            servers = next;
          }
          return;
        }
      } catch (e) {
        logger.debug(`apiservers from ${s}: ${String(e)}`);
      }
    }
  };
  await refresh();
  let current = 0;
  const hbMs = Math.max(200, Math.min(10_000, Math.floor(nodeGraceMs() / 4)));
  let n = 0;
  const beat = async (): Promise<void> => {
    for (let i = 0; i < servers.length; i++) {
      const s = servers[(current + i) % servers.length]!;
      try {
        const r = await request(
          `https://${s}/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${encodeURIComponent(name)}`,
          {
            method: 'PUT',
            ca,
            cert: cert.cert,
            key: cert.key,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              kind: 'Lease',
              apiVersion: 'coordination.k8s.io/v1',
              metadata: { name, namespace: 'kube-node-lease' },
            }),
            timeoutMs: 3000,
          },
        );
        logger.debug(`lease renew via ${s}: ${r.status}`);
        if (r.status === 200 || r.status === 404) {
          if (i !== 0) logger.info(`Switched load balancer to ${s}`);
          current = (current + i) % servers.length;
          return;
        }
      } catch (e) {
        logger.debug(`lease renew via ${s}: ${String(e)}`);
      }
    }
    logger.debug('heartbeat failed on every known server');
  };
  let timer: NodeJS.Timeout | undefined;
  const loop = (): void => {
    if (stopped) return;
    const once = async (): Promise<void> => {
      await beat();
      // stands in for the endpoints watch of the real agent tunnel
      if (++n % 2 === 0) await refresh();
    };
    // never let one stuck round stop the loop
    void Promise.race([once(), sleep(8000)]).finally(() => {
      timer = setTimeout(loop, hbMs);
    });
  };
  loop();
  onShutdown(() => {
    if (timer) clearTimeout(timer);
    return Promise.resolve();
  });

  // the kubelet registers its Node (labels, taints, addresses); then startNetwork's
  // configureNode waits for the Node object, then flannel/netpol; only then does
  // an agent-only node notify systemd (pkg/agent/run.go run).
  const externalIP = flags.list('node-external-ip').flatMap((s) => s.split(','))[0];
  const nodeBody = JSON.stringify({
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name,
      labels: Object.fromEntries(
        flags.list('node-label').map((l) => {
          const i = l.indexOf('=');
          return i > 0 ? [l.slice(0, i), l.slice(i + 1)] : [l, ''];
        }),
      ),
    },
    spec: { taints: flags.list('node-taint').map(parseTaint).filter(Boolean) },
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        ...(externalIP ? [{ type: 'ExternalIP', address: externalIP }] : []),
        { type: 'Hostname', address: name },
      ],
    },
  });
  for (;;) {
    if (stopped) return;
    if (await registerNode(servers, ca, cert, nodeBody)) break;
    await sleep(500);
  }
  logger.info(`Annotations and labels have been set successfully on node: ${name}`);
  if (notifySocketSet()) {
    logger.info('k3s agent is up and running');
    await notifyReady();
  }
}

/** kubelet registerWithAPIServer: POST the Node; 201 or 409 (already there) both mean it exists. */
async function registerNode(
  servers: string[],
  ca: Buffer,
  cert: { cert: string; key: string },
  body: string,
): Promise<boolean> {
  for (const s of servers) {
    try {
      const r = await request(`https://${s}/api/v1/nodes`, {
        method: 'POST',
        ca,
        cert: cert.cert,
        key: cert.key,
        headers: { 'content-type': 'application/json' },
        body,
        timeoutMs: 3000,
      });
      if (r.status === 201 || r.status === 409) return true;
      logger.debug(`node registration via ${s}: ${r.status} ${r.body.toString()}`);
    } catch (e) {
      logger.debug(`node registration via ${s}: ${String(e)}`);
    }
  }
  return false;
}

function certsOf(pem: string): string {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) ?? []).join('');
}

function keyOf(pem: string): string {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----\n?/.exec(pem)?.[0] ?? '';
}
