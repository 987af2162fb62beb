/**
 * Pure rendering of /etc/rancher/k3s/config.yaml from an assignment.
 *
 * The YAML is written for a YAML 1.1 reader (k3s uses go-yaml): every string is
 * double-quoted so `yes`, `on`, `0755`, `1e3`, `~` or `null` stay strings.
 */
import type { AssignmentSecrets, AssignmentSpec } from '@k3sgrid/proto';
import YAML from 'yaml';
import { InvalidConfigError, UnsupportedRoleError } from './errors.js';
import { type K3sCommand, validateConfigKeys } from './flags.js';

export interface RenderK3sConfigOptions {
  /** Written as `data-dir` only when set (k3s's default is /var/lib/rancher/k3s). */
  dataDir?: string;
  /** `with-node-id: true` (k3s appends a random id to the node name). */
  withNodeId?: boolean;
  /** Servers only; default `"0600"` (k3s's own default). */
  writeKubeconfigMode?: string;
  /** Extra keys (operator-supplied flags), validated like the rest. */
  extra?: Record<string, unknown>;
}

export interface RenderedK3sConfig {
  command: K3sCommand;
  yaml: string;
  values: Record<string, unknown>;
}

/** The k3s command a role runs; throws UnsupportedRoleError for `lb` and `none`. */
export function commandForRole(role: AssignmentSpec['role']): K3sCommand {
  switch (role) {
    case 'server-init':
    case 'server':
      return 'server';
    case 'agent':
      return 'agent';
    case 'lb':
    case 'none':
      throw new UnsupportedRoleError(role);
  }
}

/** True for values that should not appear in the config (empty string/list, undefined, null, false). */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

function list(values: readonly string[]): string[] {
  return values.map((v) => v.trim()).filter((v) => v !== '');
}

/** `node-ip` and `node-external-ip` are slices; a dual-stack value may come comma-joined. */
function ipList(value: string): string[] {
  return list(value.split(','));
}

export function renderK3sConfig(
  spec: AssignmentSpec,
  secrets: AssignmentSecrets,
  opts: RenderK3sConfigOptions = {},
): RenderedK3sConfig {
  const command = commandForRole(spec.role);
  const isServer = command === 'server';
  const v: Record<string, unknown> = {};

  if (spec.role !== 'server-init' && spec.serverUrl.trim() === '') {
    throw new InvalidConfigError(`role ${spec.role} needs a server URL`);
  }
  if (spec.role !== 'server-init' && !spec.serverUrl.startsWith('https://')) {
    throw new InvalidConfigError(`server URL must be https://, got "${spec.serverUrl}"`);
  }
  if (spec.role !== 'server-init' && secrets.token === '') {
    throw new InvalidConfigError(`role ${spec.role} needs a token to join`);
  }

  v['token'] = secrets.token;
  if (spec.role === 'server-init') v['cluster-init'] = true;
  else v['server'] = spec.serverUrl;
  v['node-name'] = spec.nodeName;
  v['with-node-id'] = opts.withNodeId === true;
  v['node-label'] = list(spec.nodeLabels);
  v['node-taint'] = list(spec.nodeTaints);
  // node-ip and node-external-ip only as the coordinator set them: k3s
  // advertises the first node-external-ip when there is no advertise-address
  // (research §6), so an external address must never appear by default.
  v['node-ip'] = ipList(spec.nodeIp);
  v['node-external-ip'] = ipList(spec.nodeExternalIp);
  v['flannel-iface'] = spec.flannelIface;
  if (opts.dataDir !== undefined) v['data-dir'] = opts.dataDir;

  // Cluster-level settings are server flags; agents learn them from the servers,
  // so they are left out of an agent's config (they would make it fail to start).
  if (isServer) {
    // The private address other servers and the registration address reach this apiserver on.
    v['advertise-address'] = spec.advertiseAddress;
    v['flannel-backend'] = spec.flannelBackend;
    v['tls-san'] = list(spec.tlsSans);
    v['disable'] = list(spec.disable);
    // A CNI with its own policy engine (Calico) replaces k3s's network policy controller.
    v['disable-network-policy'] = spec.disableNetworkPolicy;
    v['write-kubeconfig-mode'] = opts.writeKubeconfigMode ?? '0600';
    v['secrets-encryption'] = spec.secretsEncryption;
    // The full endpoint (with credentials) arrives sealed; the spec only has it redacted.
    v['datastore-endpoint'] = secrets.datastoreCredentials || spec.datastoreEndpoint;
    v['agent-token'] = secrets.agentToken;
  }
  for (const [k, val] of Object.entries(opts.extra ?? {})) v[k] = val;

  const values: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) if (!isEmpty(val)) values[k] = val;

  validateConfigKeys(command, Object.keys(values));
  return { command, yaml: toYaml11(values), values };
}

/** YAML for a 1.1 reader: all strings double-quoted, keys plain (they are flag names). */
export function toYaml11(values: Record<string, unknown>): string {
  const doc = new YAML.Document(values, { version: '1.1' });
  const text = doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
  // Drop the `%YAML 1.1` directive line and document marker for readability; go-yaml defaults to 1.1.
  return text.replace(/^%YAML 1\.1\n---\n/, '');
}
