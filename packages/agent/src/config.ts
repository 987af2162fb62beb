/**
 * Agent settings: flags, then environment, then a config file, then defaults.
 * Unknown keys in the file are errors, not silently ignored.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parse } from 'yaml';
import { z } from 'zod';
import { AgentError } from './errors.js';

export const DEFAULT_AGENT_STATE_DIR = '/var/lib/k3sgrid-agent';

const FileSchema = z.strictObject({
  coordinator: z.string().optional(),
  token: z.string().optional(),
  stateDir: z.string().optional(),
  probeRoot: z.string().optional(),
  hostname: z.string().optional(),
  /** Address k3s uses as node-ip; reported first among the node's addresses. */
  nodeIp: z.string().optional(),
  /** haproxy executable for the `lb` role (path or name on PATH). */
  haproxyBinary: z.string().optional(),
  k3s: z
    .strictObject({
      binary: z.string().optional(),
      rootPrefix: z.string().optional(),
      dataDir: z.string().optional(),
      supervisor: z.enum(['auto', 'systemd', 'zinit', 'builtin']).optional(),
      installScript: z.string().optional(),
    })
    .optional(),
});
export type AgentFileConfig = z.infer<typeof FileSchema>;

export interface AgentSettings {
  coordinator: string;
  token: string | undefined;
  stateDir: string;
  probeRoot: string;
  hostname: string | undefined;
  nodeIp: string | undefined;
  /** haproxy executable for the `lb` role; default `haproxy` on PATH. */
  haproxyBinary: string;
  k3s: NonNullable<AgentFileConfig['k3s']>;
}

/** How k3s is kept running; `auto` picks from the probed init system. */
export const SUPERVISOR_CHOICES = ['auto', 'systemd', 'zinit', 'builtin'] as const;
export type SupervisorChoice = (typeof SUPERVISOR_CHOICES)[number];

/** Flags of `k3sgrid-agent run` that settings are built from. */
export interface AgentFlags {
  coordinator?: string;
  token?: string;
  stateDir?: string;
  probeRoot?: string;
  hostname?: string;
  config?: string;
  nodeIp?: string;
  k3sBinary?: string;
  rootPrefix?: string;
  supervisor?: string;
  haproxyBinary?: string;
}

/** Reads and validates an agent config file (YAML or JSON). */
export function readAgentConfigFile(path: string): AgentFileConfig {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AgentError('config-invalid', `cannot read agent config ${path}: ${(err as Error).message}`, true);
  }
  const r = FileSchema.safeParse(raw ?? {});
  if (!r.success)
    throw new AgentError('config-invalid', `agent config ${path} is invalid: ${z.prettifyError(r.error)}`, true);
  return r.data;
}

/** Merges flags, environment and file. */
export function resolveAgentSettings(flags: AgentFlags, env: NodeJS.ProcessEnv = process.env): AgentSettings {
  const file = flags.config ?? env.K3SGRID_AGENT_CONFIG;
  const f = file ? readAgentConfigFile(file) : {};
  const coordinator = flags.coordinator ?? env.K3SGRID_COORDINATOR ?? f.coordinator;
  if (!coordinator)
    throw new AgentError(
      'config-invalid',
      'no coordinator: pass --coordinator wss://HOST:PORT or set K3SGRID_COORDINATOR',
      true,
    );
  const nodeIp = flags.nodeIp ?? env.K3SGRID_NODE_IP ?? f.nodeIp;
  if (nodeIp !== undefined && isIP(nodeIp) === 0)
    throw new AgentError('config-invalid', `node IP "${nodeIp}" is not an IPv4 or IPv6 address`, true);
  const supervisor = flags.supervisor ?? env.K3SGRID_SUPERVISOR ?? f.k3s?.supervisor;
  if (supervisor !== undefined && !(SUPERVISOR_CHOICES as readonly string[]).includes(supervisor))
    throw new AgentError(
      'config-invalid',
      `supervisor "${supervisor}" is not one of ${SUPERVISOR_CHOICES.join(', ')}`,
      true,
    );
  const binary = flags.k3sBinary ?? env.K3SGRID_K3S_BINARY ?? f.k3s?.binary;
  const rootPrefix = flags.rootPrefix ?? env.K3SGRID_ROOT_PREFIX ?? f.k3s?.rootPrefix;
  return {
    coordinator,
    token: flags.token ?? env.K3SGRID_TOKEN ?? f.token,
    stateDir: flags.stateDir ?? env.K3SGRID_AGENT_STATE_DIR ?? f.stateDir ?? DEFAULT_AGENT_STATE_DIR,
    probeRoot: flags.probeRoot ?? f.probeRoot ?? '/',
    hostname: flags.hostname ?? env.K3SGRID_HOSTNAME ?? f.hostname,
    nodeIp,
    haproxyBinary: flags.haproxyBinary ?? env.K3SGRID_HAPROXY_BINARY ?? f.haproxyBinary ?? 'haproxy',
    k3s: {
      ...f.k3s,
      ...(binary !== undefined ? { binary } : {}),
      ...(rootPrefix !== undefined ? { rootPrefix } : {}),
      ...(supervisor !== undefined ? { supervisor: supervisor as SupervisorChoice } : {}),
    },
  };
}
