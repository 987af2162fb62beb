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

/** Most coordinator addresses an agent takes (replicas of one coordinator, not a directory). */
export const MAX_COORDINATORS = 16;

const FileSchema = z.strictObject({
  /** One address, or a list of replica addresses (same as `coordinators`). */
  coordinator: z.union([z.string(), z.array(z.string())]).optional(),
  coordinators: z.union([z.string(), z.array(z.string())]).optional(),
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
    })
    .optional(),
});
export type AgentFileConfig = z.infer<typeof FileSchema>;

export interface AgentSettings {
  /** wss:// addresses of the coordinator's replicas, in the order they are tried; never empty. */
  coordinators: string[];
  /** The first of {@link coordinators}, for code that needs one address. */
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
  /** `--coordinator`, repeatable; each value may hold several comma-separated addresses. */
  coordinator?: string | string[];
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

/**
 * Parses coordinator addresses from one source: entries may be comma-separated,
 * blanks are dropped, duplicates (same URL once normalised) keep their first
 * position. Every entry must be a wss:// URL without credentials.
 * `source` names where they came from, for the error message.
 */
export function parseCoordinatorList(values: readonly string[], source: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const entry of values.flatMap((v) => v.split(','))) {
    const s = entry.trim();
    if (s === '') continue;
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      throw new AgentError(
        'config-invalid',
        `coordinator address "${s}" (${source}) is not a URL; expected wss://HOST:PORT`,
        true,
      );
    }
    if (url.protocol !== 'wss:')
      throw new AgentError(
        'config-invalid',
        `coordinator address "${s}" (${source}) must be wss://HOST:PORT, got ${url.protocol}`,
        true,
      );
    // Credentials in the URL would end up in logs and are never used.
    if (url.username !== '' || url.password !== '')
      throw new AgentError(
        'config-invalid',
        `coordinator address from ${source} must not carry a user name or password`,
        true,
      );
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    out.push(s);
  }
  if (out.length > MAX_COORDINATORS)
    throw new AgentError(
      'config-invalid',
      `${out.length} coordinator addresses (${source}); at most ${MAX_COORDINATORS} are allowed`,
      true,
    );
  return out;
}

function asList(v: string | string[] | undefined): string[] | undefined {
  return v === undefined ? undefined : typeof v === 'string' ? [v] : v;
}

/**
 * Coordinator addresses from the first source that has any: flags, then
 * K3SGRID_COORDINATOR, then the file. Sources are not merged, so a flag
 * overrides the file's list as a whole.
 */
function resolveCoordinators(flags: AgentFlags, env: NodeJS.ProcessEnv, f: AgentFileConfig, file?: string): string[] {
  const fromFlags = asList(flags.coordinator);
  if (fromFlags !== undefined) return parseCoordinatorList(fromFlags, '--coordinator');
  if (env.K3SGRID_COORDINATOR !== undefined)
    return parseCoordinatorList([env.K3SGRID_COORDINATOR], 'K3SGRID_COORDINATOR');
  if (f.coordinator !== undefined && f.coordinators !== undefined)
    throw new AgentError(
      'config-invalid',
      `agent config ${file ?? ''} sets both coordinator and coordinators; use one of them`,
      true,
    );
  const fromFile = asList(f.coordinators ?? f.coordinator);
  return fromFile === undefined ? [] : parseCoordinatorList(fromFile, `agent config ${file ?? ''}`);
}

/** Merges flags, environment and file. */
export function resolveAgentSettings(flags: AgentFlags, env: NodeJS.ProcessEnv = process.env): AgentSettings {
  const file = flags.config ?? env.K3SGRID_AGENT_CONFIG;
  const f = file ? readAgentConfigFile(file) : {};
  const coordinators = resolveCoordinators(flags, env, f, file);
  const coordinator = coordinators[0];
  if (coordinator === undefined)
    throw new AgentError(
      'config-invalid',
      'no coordinator: pass --coordinator wss://HOST:PORT (repeat it, or separate addresses with commas, for replicas) or set K3SGRID_COORDINATOR',
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
    coordinators,
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
