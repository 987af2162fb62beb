// Config file handling, after pkg/configfilearg/parser.go (k3s-protocol.md §5).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { type Command, flagsFor } from './flags.js';
import { logger } from './log.js';

function toSlice(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/** Go's fmt of a yaml.v2-decoded scalar. */
function scalar(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

function readYaml(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  // gopkg.in/yaml.v2 is YAML 1.1: `0644` is octal 420, `yes` is true, ...
  const doc: unknown = YAML.parse(text, { version: '1.1' });
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`failed to parse ${file}: not a map`);
  return doc as Record<string, unknown>;
}

/** Finds the config file the way findConfigFileFlag does: env K3S_CONFIG_FILE wins over --config/-c. */
export function findConfigFile(args: readonly string[], defaultPath: string, env: NodeJS.ProcessEnv): string {
  if (env.K3S_CONFIG_FILE) return env.K3S_CONFIG_FILE;
  let last: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    const m = /^--?(config|c)(=(.*))?$/.exec(a);
    if (m) last = m[2] !== undefined ? m[3] : args[++i];
  }
  return last ?? defaultPath;
}

/**
 * Returns the args the config file(s) contribute: main file then `<config>.d/*.yaml|yml`
 * in lexical order; `key+` appends to the earlier value, otherwise later replaces.
 * For `server`, keys that are not server flags are dropped with k3s's warning;
 * for `agent` nothing is stripped, so bad keys fail in flag parsing (urfave/cli).
 */
export function configArgs(cmd: Command, configFile: string, explicit: boolean): string[] {
  const files: string[] = [];
  if (existsSync(configFile)) files.push(configFile);
  else if (explicit && !existsSync(`${configFile}.d`)) {
    // k3s: a missing non-default config file is an error only if explicitly given
    throw new Error(`stat ${configFile}: no such file or directory`);
  }
  const dropDir = `${configFile}.d`;
  if (existsSync(dropDir)) {
    for (const f of readdirSync(dropDir).sort()) {
      if (f.endsWith('.yaml') || f.endsWith('.yml')) files.push(path.join(dropDir, f));
    }
  }
  const keyOrder: string[] = [];
  const values = new Map<string, unknown>();
  for (const f of files) {
    const doc = readYaml(f);
    for (const [rawKey, v] of Object.entries(doc)) {
      const append = rawKey.endsWith('+');
      const k = append ? rawKey.slice(0, -1) : rawKey;
      if (!values.has(k)) keyOrder.push(k);
      if (append && values.has(k)) values.set(k, [...toSlice(values.get(k)), ...toSlice(v)]);
      else values.set(k, v);
    }
  }
  const valid = cmd === 'server' ? flagsFor('server') : undefined;
  const out: string[] = [];
  for (const k of keyOrder) {
    const prefix = k.length === 1 ? '-' : '--';
    for (const item of toSlice(values.get(k))) {
      // stripInvalidFlags warns once per arg, printing the arg up to its first '='
      if (valid && !valid.has(k)) logger.warn(`Unknown flag ${prefix}${k} found in config.yaml, skipping`);
      else out.push(`${prefix}${k}=${scalar(item)}`);
    }
  }
  return out;
}
