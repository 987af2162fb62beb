// `k3s agent` stand-in: validates the token against /cacerts, registers with the
// node password (client-kubelet.crt), keeps the /v1-k3s/apiservers list and
// heartbeats its node lease through any reachable server (client-side LB).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeFile0600 } from './certs.js';
import {
  dataDir,
  FatalError,
  nodeIP,
  nodeName,
  nodePassword,
  parseToken,
  readToken,
  request,
  sleep,
  validateServer,
} from './common.js';
import type { Flags } from './flags.js';
import { logger } from './log.js';
import { nodeGraceMs } from './registry.js';
import { passwordRejected } from './server.js';

export async function runAgent(flags: Flags, onShutdown: (fn: () => Promise<void>) => void): Promise<void> {
  const serverURL = flags.str('server');
  if (!serverURL) throw new FatalError('--server is required');
  const tokenStr = readToken(flags);
  if (!tokenStr) throw new FatalError('--token is required');
  const token = parseToken(tokenStr);
  const agentDir = path.join(dataDir(flags), 'agent');
  mkdirSync(agentDir, { recursive: true, mode: 0o700 });
  const name = nodeName(flags);
  const ip = nodeIP(flags);
  const { password, file: pwFile } = nodePassword();

  let ca: Buffer;
  try {
    ca = await validateServer(serverURL, token);
  } catch (e) {
    throw new FatalError(`failed to validate token: ${(e as Error).message}`);
  }
  writeFileSync(path.join(agentDir, 'server-ca.crt'), ca);

  // Agents use WithUser("node") (k3s-protocol.md §1).
  const auth = { user: 'node', pass: token.password };
  const retryMs = Number(process.env.K3S_DOUBLE_RETRY_MS ?? '5000');
  let certKey: { cert: string; key: string } | undefined;
  let stopped = false;
  onShutdown(() => {
    stopped = true;
    return Promise.resolve();
  });
  while (!certKey && !stopped) {
    let res;
    try {
      res = await request(new URL('/v1-k3s/client-kubelet.crt', serverURL).toString(), {
        method: 'POST',
        ca,
        auth,
        headers: { 'K3s-Node-Name': name, 'K3s-Node-Password': password, 'K3s-Node-Ip': ip },
      });
    } catch (e) {
      logger.error(`Failed to retrieve agent config: ${String(e)}`);
      await sleep(retryMs);
      continue;
    }
    if (res.status === 200) {
      const pem = res.body.toString();
      const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) ?? [];
      const key = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----\n?/.exec(pem)?.[0] ?? '';
      certKey = { cert: certs.join(''), key };
    } else if (res.status === 401) {
      throw new FatalError(
        `failed to get CA certs / client certificate from ${serverURL}: 401 Unauthorized: token password is not valid for user node`,
      );
    } else if (res.status === 403) {
      // pkg/agent/config/config.go: the agent keeps retrying with this message
      logger.error(`Failed to retrieve agent config: ${passwordRejected(pwFile)}`);
      await sleep(retryMs);
    } else {
      logger.error(`Failed to retrieve agent config: ${res.status} ${res.body.toString().trim()}`);
      await sleep(retryMs);
    }
  }
  if (!certKey) return;
  writeFileSync(path.join(agentDir, 'client-kubelet.crt'), certKey.cert);
  writeFile0600(path.join(agentDir, 'client-kubelet.key'), certKey.key);
  logger.info(`Node ${name} registered with ${serverURL}`);

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
            cert: certKey.cert,
            key: certKey.key,
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
  logger.info('k3s agent is up and running');
}
