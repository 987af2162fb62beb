/** Helpers for the formation end-to-end tests. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Lab } from '../../scripts/lib/lab-core.js';

/** Runs the real kubectl with a kubeconfig; returns stdout or throws with stderr. */
export function kubectl(kubeconfig: string, args: string[]): string {
  const r = spawnSync(
    'kubectl',
    ['--kubeconfig', kubeconfig, '--cache-dir', `${kubeconfig}.cache`, '--request-timeout', '10s', ...args],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Writes the cluster's kubeconfig, as the API serves it, to a file. */
export async function saveKubeconfig(lab: Lab): Promise<string> {
  const path = join(lab.o.dir, 'kubeconfig');
  writeFileSync(path, await lab.coordinator.service.kubeconfig(lab.cluster.id, 'test'), { mode: 0o600 });
  return path;
}

/** Parses `kubectl get nodes` output into rows. */
export function nodeTable(out: string): Array<{ name: string; status: string; roles: string }> {
  const [header, ...rows] = out.trim().split('\n');
  if (!header?.startsWith('NAME')) throw new Error(`unexpected kubectl output: ${out}`);
  return rows.map((l) => {
    const [name = '', status = '', roles = ''] = l.trim().split(/\s+/);
    return { name, status, roles };
  });
}

/** The k3s config.yaml the agent wrote on a node, parsed (YAML 1.1 like k3s). */
export function k3sConfig(lab: Lab, index: number): Record<string, unknown> | null {
  const p = join(lab.o.dir, `node${index}`, 'root/etc/rancher/k3s/config.yaml');
  return existsSync(p) ? (parse(readFileSync(p, 'utf8'), { version: '1.1' }) as Record<string, unknown>) : null;
}

/** Every time the test double ran `cluster-init` (it logs it in each server's etcd data dir). */
export function clusterInitRuns(lab: Lab): string[] {
  const runs: string[] = [];
  for (const n of lab.nodes) {
    const cfg = k3sConfig(lab, n.index);
    if (cfg?.['cluster-init'] === true) runs.push(`node${n.index}`);
  }
  return runs;
}

/** etcdctl against a server node's member. */
export function etcdctl(endpointIp: string, args: string[]): string {
  const r = spawnSync(
    'etcdctl',
    [`--endpoints=http://${endpointIp}:2379`, '--dial-timeout=3s', '--command-timeout=5s', ...args],
    { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } },
  );
  if (r.status !== 0) throw new Error(`etcdctl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export function listDirs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
