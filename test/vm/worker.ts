/**
 * The host side of the VM worker test: a cluster whose first server runs on
 * the host (a lab agent with the built-in supervisor, running the k3s test
 * double it fetched from the coordinator, with a real etcd) at an address on
 * the host's `lo` that the worker guest reaches through a guestfwd. The
 * server's node-password secrets live in that etcd, as the double keeps
 * them (test/k3s-double/registry.ts), so a stale one can be planted there.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { nodePasswordSecret, passwordKey } from '../k3s-double/registry.js';
import { spawnLabAgent, stopLabAgent, type LabNode } from '../../scripts/lib/lab-core.js';
import type { RunningCoordinator } from '@k3sgrid/coordinator';

/** Runs `etcdctl ARGS` (v3 API) against the member on `ip`. */
async function etcdctl(ip: string, args: readonly string[], input?: string): Promise<string> {
  const r = await execa('etcdctl', ['--endpoints', `http://${ip}:2379`, '--command-timeout=5s', ...args], {
    env: { ETCDCTL_API: '3' },
    reject: false,
    ...(input !== undefined ? { input } : {}),
  });
  if (r.exitCode !== 0) throw new Error(`etcdctl ${args.join(' ')}: exit ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Puts a `<node>.node-password.k3s` secret for a password nobody has into
 * the server's datastore (what a node of the same name left behind, or a
 * reinstall that lost its password): k3s then refuses the node's join with
 * 403 "Node password rejected" for as long as the secret stays.
 */
export async function plantStaleNodePassword(serverIp: string, node: string): Promise<string> {
  const key = passwordKey(node);
  const secret = nodePasswordSecret(node, randomBytes(16).toString('hex'));
  // Through stdin: `etcdctl put KEY` reads the value there when it is not an argument.
  await etcdctl(serverIp, ['put', key], JSON.stringify(secret));
  const stored = await etcdctl(serverIp, ['get', key, '--print-value-only']);
  if (!stored.includes(secret.metadata.uid)) throw new Error(`the stale secret ${key} was not stored: ${stored}`);
  return key;
}

/** Removes a node-password secret (the operator's fix: the old node is gone for good). */
export async function removeNodePassword(serverIp: string, node: string): Promise<void> {
  await etcdctl(serverIp, ['del', passwordKey(node)]);
}

/** The first server on the host: a lab agent enrolled with `token`, node-ip `ip`. */
export function startHostServer(o: {
  labDir: string;
  ip: string;
  coordinator: RunningCoordinator;
  token: string;
  hostname: string;
}): LabNode {
  const parts = o.ip.split('.');
  return spawnLabAgent({
    labDir: o.labDir,
    subnet: parts.slice(0, 3).join('.'),
    index: Number(parts[3]),
    agentUrl: o.coordinator.agentUrl,
    token: o.token,
    hostname: o.hostname,
    // The worker in the guest runs the double with k3s's default node
    // grace (its agent heartbeats every 10 s); every process of a cluster
    // must use the same value.
    env: { K3S_DOUBLE_NODE_GRACE_MS: '40000' },
  });
}

export { stopLabAgent };

/** The last `lines` lines of a lab agent's log (agent and k3s output). */
export function labLogTail(n: LabNode, lines = 40): string {
  try {
    return readFileSync(n.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch (err) {
    return `(no log: ${String(err)})`;
  }
}
