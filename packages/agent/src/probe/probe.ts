/**
 * The capability probe: reads kernel, userland and hardware facts under a
 * root path and returns a {@link CapabilityReport} in which every module
 * answer names the file that gave it.
 *
 * Environment (grid metadata, empty when unset):
 * - `K3SGRID_FARM_ID`      farm the node belongs to (failure domain for election)
 * - `K3SGRID_GRID_NODE_ID` the grid's own node id
 * - `K3SGRID_PUBLIC_IP`    public address of the node, if any
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CapabilityReport, ModuleFact, ToolFact } from '@k3sgrid/proto';
import { ProbeReadError, ProbeRootError } from './errors.js';
import { nodeFsReader, type FsReader } from './fs-reader.js';
import { detectInitSystem, type ProbeExec } from './init-system.js';
import { readLiveFacts, type LiveFacts } from './live.js';
import { MODULES_OF_INTEREST, type ModuleSpec, TOOLS_OF_INTEREST, TOOL_DIRS } from './modules.js';
import {
  archFromConfig,
  normalizeModuleName,
  parseCpuinfo,
  parseFilesystems,
  parseKernelConfig,
  parseMeminfo,
  parseModulesList,
  parseProcModules,
  resolveModuleState,
  type ModuleEvidence,
  type NamedSource,
} from './parse.js';

/** Options of {@link probeCapabilities}. */
export interface ProbeOptions {
  /** Folder that stands for `/`. */
  root: string;
  /** Where grid metadata is read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Read hardware from this machine (systeminformation); defaults to root === '/'. */
  live?: boolean;
  /** File access; defaults to the real filesystem under root (tests pass fakes). */
  reader?: FsReader;
  /** Live hardware source; defaults to systeminformation (tests pass fakes). */
  liveFacts?: () => Promise<LiveFacts>;
  /** Lets the init-system check ask `zinit list` (live probes only). */
  exec?: ProbeExec;
}

/** Grid metadata environment variable names. */
export const GRID_ENV = {
  farmId: 'K3SGRID_FARM_ID',
  nodeId: 'K3SGRID_GRID_NODE_ID',
  publicIp: 'K3SGRID_PUBLIC_IP',
} as const;

const CGROUP_V1_CONTROLLERS = ['cpu', 'cpuacct', 'cpuset', 'memory', 'blkio', 'pids', 'devices', 'freezer'];

/** Reads the kernel config, preferring the running kernel's own /proc/config.gz. */
async function readKernelConfig(
  fs: FsReader,
  release: string,
): Promise<{ values: Map<string, string>; source: string } | undefined> {
  const gz = await fs.readBytes('proc/config.gz');
  if (gz) {
    try {
      return { values: parseKernelConfig(gunzipSync(gz).toString('utf8')), source: 'proc/config.gz' };
    } catch (err) {
      throw new ProbeReadError('proc/config.gz', 'not valid gzip', { cause: err });
    }
  }
  if (!release) return undefined;
  const rel = `boot/config-${release}`;
  const text = await fs.readText(rel);
  return text === null ? undefined : { values: parseKernelConfig(text), source: rel };
}

async function readList(
  fs: FsReader,
  rel: string,
  parse: (t: string) => Set<string>,
): Promise<NamedSource | undefined> {
  const text = await fs.readText(rel);
  return text === null ? undefined : { names: parse(text), source: rel };
}

async function readSysModules(
  fs: FsReader,
  specs: readonly ModuleSpec[] = MODULES_OF_INTEREST,
): Promise<NonNullable<ModuleEvidence['sysModule']>> {
  const out = new Map<string, { kind: 'loaded' | 'builtin'; source: string }>();
  for (const spec of specs) {
    const name = normalizeModuleName(spec.name);
    const rel = `sys/module/${name}`;
    if ((await fs.kind(rel)) !== 'dir') continue;
    // Only loadable modules get an initstate file; built-ins with parameters still appear here.
    const loadable = (await fs.kind(`${rel}/initstate`)) !== null;
    out.set(name, { kind: loadable ? 'loaded' : 'builtin', source: rel });
  }
  return out;
}

async function findTools(fs: FsReader): Promise<ToolFact[]> {
  const out: ToolFact[] = [];
  for (const name of TOOLS_OF_INTEREST) {
    let found = '';
    for (const dir of TOOL_DIRS) {
      const rel = `${dir}/${name}`;
      const k = await fs.kind(rel);
      if (k === 'file' || k === 'other') {
        found = `/${rel}`;
        break;
      }
    }
    out.push({ name, present: found !== '', path: found });
  }
  return out;
}

async function detectCgroup(fs: FsReader): Promise<number> {
  if ((await fs.kind('sys/fs/cgroup/cgroup.controllers')) === 'file') return 2;
  const entries = await fs.list('sys/fs/cgroup');
  if (entries?.some((e) => CGROUP_V1_CONTROLLERS.includes(e))) return 1;
  return 0;
}

async function fileFacts(fs: FsReader, config: Map<string, string> | undefined): Promise<LiveFacts> {
  const cpuinfo = await fs.readText('proc/cpuinfo');
  const meminfo = await fs.readText('proc/meminfo');
  const hostname = (await fs.readText('etc/hostname')) ?? (await fs.readText('proc/sys/kernel/hostname')) ?? '';
  return {
    cpuCount: cpuinfo === null ? 0 : parseCpuinfo(cpuinfo),
    memoryBytes: meminfo === null ? 0 : parseMeminfo(meminfo),
    disks: [],
    addresses: [],
    hostname: hostname.trim(),
    arch: config ? archFromConfig(config) : '',
  };
}

/** Everything the module ladder consults, read once for a set of modules. */
async function readModuleEvidence(
  fs: FsReader,
  specs: readonly ModuleSpec[],
): Promise<{
  kernelRelease: string;
  config: { values: Map<string, string>; source: string } | undefined;
  evidence: ModuleEvidence;
}> {
  const kernelRelease = ((await fs.readText('proc/sys/kernel/osrelease')) ?? '').trim();
  const config = await readKernelConfig(fs, kernelRelease);
  const modDir = `lib/modules/${kernelRelease}`;
  const evidence: ModuleEvidence = {
    ...optional('loaded', await readList(fs, 'proc/modules', parseProcModules)),
    ...optional(
      'builtin',
      kernelRelease ? await readList(fs, `${modDir}/modules.builtin`, parseModulesList) : undefined,
    ),
    ...optional(
      'loadable',
      kernelRelease
        ? ((await readList(fs, `${modDir}/modules.dep`, parseModulesList)) ??
            (await readList(fs, `${modDir}/modules.order`, parseModulesList)))
        : undefined,
    ),
    ...optional('filesystems', await readList(fs, 'proc/filesystems', parseFilesystems)),
    ...optional('config', config),
    sysModule: await readSysModules(fs, specs),
  };
  return { kernelRelease, config, evidence };
}

/**
 * The state of one kernel module right now, by the same ladder as the
 * report (node preparation asks before and after `modprobe`). Modules the
 * report does not list have no known config symbol, so the kernel config
 * cannot speak for them.
 */
export async function probeModule(reader: FsReader, name: string): Promise<ModuleFact> {
  const canonical = normalizeModuleName(name);
  const spec = MODULES_OF_INTEREST.find((m) => normalizeModuleName(m.name) === canonical) ?? {
    name,
    configSymbol: '',
  };
  const { evidence } = await readModuleEvidence(reader, [spec]);
  if (spec.configSymbol !== '') return resolveModuleState(spec, evidence);
  // Without its config symbol the kernel config cannot speak for the module.
  const rest: ModuleEvidence = { ...evidence };
  delete (rest as { config?: unknown }).config;
  return resolveModuleState(spec, rest);
}

/**
 * Probes the node (or sysroot) at `opts.root`.
 * @throws ProbeRootError when the root is missing or not a directory.
 * @throws ProbeReadError when a file exists but cannot be decoded.
 */
export async function probeCapabilities(opts: ProbeOptions): Promise<CapabilityReport> {
  const root = path.resolve(opts.root);
  try {
    const st = await stat(root);
    if (!st.isDirectory()) throw new ProbeRootError(opts.root, 'not a directory');
  } catch (err) {
    if (err instanceof ProbeRootError) throw err;
    throw new ProbeRootError(opts.root, (err as NodeJS.ErrnoException).code ?? String(err), { cause: err });
  }
  const fs = opts.reader ?? nodeFsReader(root);
  const env = opts.env ?? process.env;
  const live = opts.live ?? root === '/';

  const { kernelRelease, config, evidence } = await readModuleEvidence(fs, MODULES_OF_INTEREST);
  const hw = live ? await (opts.liveFacts ?? readLiveFacts)() : await fileFacts(fs, config?.values);
  return {
    kernelRelease,
    modules: MODULES_OF_INTEREST.map((spec) => resolveModuleState(spec, evidence)),
    tools: await findTools(fs),
    initSystem: await detectInitSystem(fs, opts.exec ? { exec: opts.exec } : {}),
    cgroupVersion: await detectCgroup(fs),
    cpuCount: hw.cpuCount,
    memoryBytes: hw.memoryBytes,
    disks: hw.disks,
    addresses: hw.addresses,
    gridFarmId: env[GRID_ENV.farmId] ?? '',
    gridNodeId: env[GRID_ENV.nodeId] ?? '',
    publicIp: env[GRID_ENV.publicIp] ?? '',
    arch: hw.arch,
    hostname: hw.hostname,
    kernelConfigSource: config?.source ?? '',
  };
}

// exactOptionalPropertyTypes: leave a key out rather than set it to undefined.
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
