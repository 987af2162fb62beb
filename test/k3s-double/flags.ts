// Command-line flag parsing with urfave/cli v2 (Go `flag` package) semantics,
// validated against the real k3s flag list in packages/agent/data/k3s-flags.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type FlagType = 'string' | 'bool' | 'int' | 'stringSlice' | 'duration';
export interface FlagDef {
  name: string;
  aliases: string[];
  type: FlagType;
  env: string | null;
  default?: unknown;
}
interface FlagFile {
  server: FlagDef[];
  agent: FlagDef[];
  global: FlagDef[];
}

export type Command = 'server' | 'agent';

/** Set by the release build (build.ts, esbuild `define`): the flag file's text, embedded. */
declare const __K3S_DOUBLE_FLAGS_JSON__: string | undefined;

let cache: FlagFile | undefined;
export function flagFile(): FlagFile {
  cache ??= JSON.parse(
    typeof __K3S_DOUBLE_FLAGS_JSON__ === 'string'
      ? __K3S_DOUBLE_FLAGS_JSON__
      : readFileSync(fileURLToPath(new URL('../../packages/agent/data/k3s-flags.json', import.meta.url)), 'utf8'),
  ) as FlagFile;
  return cache;
}

export function flagsFor(cmd: Command): Map<string, FlagDef> {
  const m = new Map<string, FlagDef>();
  for (const f of flagFile()[cmd]) {
    m.set(f.name, f);
    for (const a of f.aliases) m.set(a, f);
  }
  return m;
}

/** urfave/cli: `Incorrect Usage: flag provided but not defined: -name` (Go flag wording). */
export class UsageError extends Error {}

export type FlagValue = string | string[] | boolean;
export class Flags {
  constructor(private readonly values: Map<string, FlagValue>) {}
  str(name: string): string | undefined {
    const v = this.values.get(name);
    if (v === undefined) return undefined;
    if (Array.isArray(v)) return v[v.length - 1];
    return String(v);
  }
  bool(name: string): boolean {
    const v = this.values.get(name);
    return v === true || v === 'true';
  }
  list(name: string): string[] {
    const v = this.values.get(name);
    if (v === undefined) return [];
    return Array.isArray(v) ? v : [String(v)];
  }
  has(name: string): boolean {
    return this.values.has(name);
  }
}

function parseBool(s: string, name: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(s)) return false;
  throw new UsageError(`invalid boolean value "${s}" for -${name}: parse error`);
}

/**
 * Parses args the way Go's flag package does under urfave/cli v2: `-x`, `--x`,
 * `--x=v`, `--x v`; bools take no separate value; the first non-flag argument
 * ends flag parsing; repeated scalar flags keep the last value, slices append
 * (DisableSliceFlagSeparator is set by k3s, so commas are not split).
 * Env vars from the flag list fill flags not given.
 */
export function parseFlags(
  cmd: Command,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { flags: Flags; rest: string[] } {
  const defs = flagsFor(cmd);
  const values = new Map<string, FlagValue>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const def = defs.get(name);
    if (!def) throw new UsageError(`flag provided but not defined: -${name}`);
    let val: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (def.type === 'bool') {
      values.set(def.name, val === undefined ? true : parseBool(val, name));
      continue;
    }
    if (val === undefined) {
      if (i + 1 >= args.length) throw new UsageError(`flag needs an argument: -${name}`);
      val = args[++i]!;
    }
    if (def.type === 'int' && !/^[+-]?\d+$/.test(val))
      throw new UsageError(`invalid value "${val}" for flag -${name}: parse error`);
    if (def.type === 'stringSlice') {
      const old = values.get(def.name);
      values.set(def.name, [...(Array.isArray(old) ? old : []), val]);
    } else {
      values.set(def.name, val);
    }
  }
  for (const def of flagFile()[cmd]) {
    if (values.has(def.name) || !def.env) continue;
    const ev = env[def.env];
    if (ev === undefined || ev === '') continue;
    values.set(def.name, def.type === 'bool' ? parseBool(ev, def.name) : def.type === 'stringSlice' ? [ev] : ev);
  }
  return { flags: new Flags(values), rest: args.slice(i) };
}
