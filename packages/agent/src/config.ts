/**
 * Agent settings: flags, then environment, then a config file, then defaults.
 * Unknown keys in the file are errors, not silently ignored.
 */
import { readFileSync } from 'node:fs';
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
  k3s: NonNullable<AgentFileConfig['k3s']>;
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
  if (!r.success) throw new AgentError('config-invalid', `agent config ${path} is invalid: ${z.prettifyError(r.error)}`, true);
  return r.data;
}

/** Merges flags, environment and file. */
export function resolveAgentSettings(
  flags: { coordinator?: string; token?: string; stateDir?: string; probeRoot?: string; hostname?: string; config?: string },
  env: NodeJS.ProcessEnv = process.env,
): AgentSettings {
  const file = flags.config ?? env.K3SGRID_AGENT_CONFIG;
  const f = file ? readAgentConfigFile(file) : {};
  const coordinator = flags.coordinator ?? env.K3SGRID_COORDINATOR ?? f.coordinator;
  if (!coordinator) throw new AgentError('config-invalid', 'no coordinator: pass --coordinator wss://HOST:PORT or set K3SGRID_COORDINATOR', true);
  return {
    coordinator,
    token: flags.token ?? env.K3SGRID_TOKEN ?? f.token,
    stateDir: flags.stateDir ?? env.K3SGRID_AGENT_STATE_DIR ?? f.stateDir ?? DEFAULT_AGENT_STATE_DIR,
    probeRoot: flags.probeRoot ?? f.probeRoot ?? '/',
    hostname: flags.hostname ?? env.K3SGRID_HOSTNAME ?? f.hostname,
    k3s: f.k3s ?? {},
  };
}
