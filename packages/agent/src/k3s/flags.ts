/**
 * The real k3s flag list (packages/agent/data/k3s-flags.json, extracted from
 * k3s's pkg/cli/cmds). Config keys are checked against it before any file is
 * written.
 */
import { readFileSync } from 'node:fs';
import { InvalidConfigKeyError } from './errors.js';

export type K3sCommand = 'server' | 'agent';

interface FlagEntry {
  name: string;
  aliases?: string[];
  type: string;
}

interface FlagFile {
  server: FlagEntry[];
  agent: FlagEntry[];
  global: FlagEntry[];
}

export interface FlagSets {
  server: ReadonlySet<string>;
  agent: ReadonlySet<string>;
}

let cached: FlagSets | undefined;

/**
 * Set by the agent bundle (scripts/package-agent.ts, esbuild `define`): the
 * flag file's text, embedded so the single-file agent needs no data folder.
 */
declare const __K3SGRID_K3S_FLAGS_JSON__: string | undefined;

/** Env var naming another flag file (e.g. for a newer k3s than the one the agent was built with). */
export const K3S_FLAGS_FILE_ENV = 'K3SGRID_K3S_FLAGS_FILE';

/** The flag file's text: env override, then the bundle's embedded copy, then data/ next to the sources. */
function readFlagFile(): string {
  const override = process.env[K3S_FLAGS_FILE_ENV];
  if (override) return readFileSync(override, 'utf8');
  if (typeof __K3SGRID_K3S_FLAGS_JSON__ === 'string') return __K3SGRID_K3S_FLAGS_JSON__;
  return readFileSync(new URL('../../data/k3s-flags.json', import.meta.url), 'utf8');
}

/** Flag names and aliases accepted by each command (global flags included). */
export function loadK3sFlags(): FlagSets {
  if (cached) return cached;
  const text = readFlagFile();
  const data = JSON.parse(text) as FlagFile;
  const names = (entries: FlagEntry[]): string[] => entries.flatMap((f) => [f.name, ...(f.aliases ?? [])]);
  const global = names(data.global);
  cached = {
    server: new Set([...names(data.server), ...global]),
    agent: new Set([...names(data.agent), ...global]),
  };
  return cached;
}

/** Is `key` (optionally with k3s's trailing `+` append marker) a flag of `command`? */
export function isK3sFlag(command: K3sCommand, key: string, flags: FlagSets = loadK3sFlags()): boolean {
  const name = key.endsWith('+') ? key.slice(0, -1) : key;
  return flags[command].has(name);
}

/** Throws InvalidConfigKeyError for the first key that is not a flag of `command`. */
export function validateConfigKeys(
  command: K3sCommand,
  keys: Iterable<string>,
  flags: FlagSets = loadK3sFlags(),
): void {
  for (const key of keys) {
    if (!isK3sFlag(command, key, flags)) throw new InvalidConfigKeyError(key, command);
  }
}
