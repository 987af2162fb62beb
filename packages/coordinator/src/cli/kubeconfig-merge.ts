/**
 * `k3sgrid kubeconfig C --merge`: adds a cluster's admin kubeconfig to the
 * operator's kubeconfig (`--kubeconfig`, else the first file of $KUBECONFIG,
 * else ~/.kube/config) as a context named after the cluster, keeping every
 * other cluster, user and context. Entries of the same name are replaced.
 * The file is written atomically with mode 0600.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

interface Named {
  name: string;
  [k: string]: unknown;
}
interface KubeConfig {
  apiVersion?: string;
  kind?: string;
  'current-context'?: string;
  preferences?: unknown;
  clusters?: Named[];
  users?: Named[];
  contexts?: Array<Named & { context?: { cluster?: string; user?: string; namespace?: string } }>;
  [k: string]: unknown;
}

/** Where `--merge` writes by default, as kubectl would. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = env.KUBECONFIG?.split(delimiter).find((p) => p.trim() !== '');
  return first ?? join(homedir(), '.kube', 'config');
}

function asConfig(text: string, what: string): KubeConfig {
  const doc = (text.trim() === '' ? {} : parse(text)) as unknown;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new Error(`${what} is not a kubeconfig (expected a YAML mapping)`);
  return doc as KubeConfig;
}

/**
 * Merges `incoming` (one cluster, user and context, as the coordinator serves
 * it) into `existing` under `name`; returns the new document text.
 */
export function mergeKubeconfig(
  existing: string,
  incoming: string,
  name: string,
  o: { switchContext?: boolean } = {},
): string {
  const base = asConfig(existing, 'the existing kubeconfig');
  const add = asConfig(incoming, 'the cluster kubeconfig');
  const ctx = add.contexts?.find((c) => c.name === add['current-context']) ?? add.contexts?.[0];
  const cluster = add.clusters?.find((c) => c.name === ctx?.context?.cluster) ?? add.clusters?.[0];
  const user = add.users?.find((u) => u.name === ctx?.context?.user) ?? add.users?.[0];
  if (!cluster || !user) throw new Error('the cluster kubeconfig has no cluster or user entry');
  const upsert = <T extends Named>(list: T[] | undefined, entry: T): T[] => [
    ...(list ?? []).filter((e) => e.name !== entry.name),
    entry,
  ];
  const out: KubeConfig = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: base.preferences ?? {},
    ...base,
    clusters: upsert(base.clusters, { ...cluster, name }),
    users: upsert(base.users, { ...user, name }),
    contexts: upsert(base.contexts, {
      name,
      context: { cluster: name, user: name, ...(ctx?.context?.namespace ? { namespace: ctx.context.namespace } : {}) },
    }),
  };
  if (o.switchContext !== false || !base['current-context']) out['current-context'] = name;
  return stringify(out);
}

/** Merges into the file at `path` (created if missing) and writes it 0600. */
export function mergeKubeconfigFile(
  path: string,
  incoming: string,
  name: string,
  o: { switchContext?: boolean } = {},
): void {
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const text = mergeKubeconfig(existing, incoming, name, o);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.k3sgrid-${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
