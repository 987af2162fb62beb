/**
 * Pure parsers and the module-state ladder. No I/O here: the probe reads the
 * files and hands their text in, so every rule is unit-testable on strings.
 */
import type { ModuleFact, ModuleStateName } from '@k3sgrid/proto';
import type { ModuleSpec } from './modules.js';

/**
 * Canonical module name: `-` and `_` are interchangeable to modprobe, and
 * /proc/modules always prints underscores, so compare on underscores.
 * Accepts a bare name or a modules.* path such as `kernel/drivers/md/dm-crypt.ko.xz`.
 */
export function normalizeModuleName(nameOrPath: string): string {
  const base = nameOrPath.trim().split('/').pop() ?? '';
  return base.replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');
}

/**
 * Parses a kernel config (`.config`, /proc/config.gz text, boot/config-*).
 * Keys lose their CONFIG_ prefix; `# CONFIG_X is not set` maps to 'n'.
 * Values keep their text ('y', 'm', a number or a quoted string).
 */
export function parseKernelConfig(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const unset = /^# CONFIG_([A-Za-z0-9_]+) is not set$/.exec(line);
    if (unset?.[1] !== undefined) {
      out.set(unset[1], 'n');
      continue;
    }
    const set = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (set?.[1] !== undefined && set[2] !== undefined) out.set(set[1], set[2]);
  }
  return out;
}

/** Names of loaded modules from /proc/modules text (first column), normalized. */
export function parseProcModules(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const name = line.trim().split(/\s+/)[0];
    if (name) out.add(normalizeModuleName(name));
  }
  return out;
}

/**
 * Module names from modules.builtin, modules.order or modules.dep text.
 * modules.dep lines look like `kernel/fs/nfs/nfs.ko: kernel/...`; only the
 * module before the colon is listed, not its dependencies.
 */
export function parseModulesList(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const first = line.split(':')[0]?.trim();
    if (first) out.add(normalizeModuleName(first));
  }
  return out;
}

/** Filesystem names registered with the kernel, from /proc/filesystems text. */
export function parseFilesystems(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    const name = cols[cols.length - 1];
    if (name) out.add(name);
  }
  return out;
}

/** Logical CPU count from /proc/cpuinfo text (0 when none listed). */
export function parseCpuinfo(text: string): number {
  return text.split('\n').filter((l) => /^processor\s*:/.test(l)).length;
}

/** MemTotal in bytes from /proc/meminfo text (0 when absent). */
export function parseMeminfo(text: string): number {
  const m = /^MemTotal:\s+(\d+)\s*kB/m.exec(text);
  return m?.[1] !== undefined ? Number(m[1]) * 1024 : 0;
}

/** A set of names and the root-relative file it came from. */
export interface NamedSource {
  readonly names: ReadonlySet<string>;
  readonly source: string;
}

/**
 * Everything the ladder may consult. A field is absent when its file was not
 * there: absence of a file is not evidence of absence of a module.
 */
export interface ModuleEvidence {
  /** /proc/modules. */
  readonly loaded?: NamedSource;
  /** modules.builtin. */
  readonly builtin?: NamedSource;
  /** modules.dep, else modules.order. */
  readonly loadable?: NamedSource;
  /** /proc/filesystems. */
  readonly filesystems?: NamedSource;
  /** Parsed kernel config. */
  readonly config?: { readonly values: ReadonlyMap<string, string>; readonly source: string };
  /**
   * Per module: what sys/module/<name> showed. A loadable module has an
   * `initstate` file there; a built-in one does not.
   */
  readonly sysModule?: ReadonlyMap<string, { readonly kind: 'loaded' | 'builtin'; readonly source: string }>;
}

/**
 * The probe ladder for one module, best evidence first:
 * proc/modules (loaded) → sys/module (loaded/builtin) → modules.builtin
 * (builtin) → proc/filesystems (registered, not loaded: builtin) →
 * modules.dep/order (loadable) → kernel config (y/m; absent only when a
 * config was actually read) → unknown.
 */
export function resolveModuleState(spec: ModuleSpec, ev: ModuleEvidence): ModuleFact {
  const name = normalizeModuleName(spec.name);
  const fact = (state: ModuleStateName, sourceFile: string): ModuleFact => ({
    name: spec.name,
    configSymbol: spec.configSymbol,
    state,
    sourceFile,
  });
  if (ev.loaded?.names.has(name)) return fact('loaded', ev.loaded.source);
  const sys = ev.sysModule?.get(name);
  if (sys) return fact(sys.kind, sys.source);
  if (ev.builtin?.names.has(name)) return fact('builtin', ev.builtin.source);
  // A registered filesystem whose module is not loaded must be built in.
  if (spec.filesystem !== undefined && ev.filesystems?.names.has(spec.filesystem)) {
    return fact('builtin', ev.filesystems.source);
  }
  if (ev.loadable?.names.has(name)) return fact('loadable', ev.loadable.source);
  if (ev.config) {
    const v = ev.config.values.get(spec.configSymbol);
    if (v === 'y') return fact('config-builtin', ev.config.source);
    if (v === 'm') return fact('config-module', ev.config.source);
    return fact('absent', ev.config.source);
  }
  return fact('unknown', '');
}

/** Machine name (uname -m style) guessed from a kernel config, '' when unsure. */
export function archFromConfig(values: ReadonlyMap<string, string>): string {
  if (values.get('X86_64') === 'y') return 'x86_64';
  if (values.get('ARM64') === 'y') return 'aarch64';
  if (values.get('RISCV') === 'y') return 'riscv64';
  if (values.get('X86_32') === 'y') return 'i686';
  if (values.get('ARM') === 'y') return 'armv7l';
  return '';
}
