/**
 * `npm run package:agent`: the self-contained node agent and a node image
 * root folder.
 *
 *   tsx scripts/package-agent.ts [--out dist/agent-image] [--tarball FILE | --no-tarball]
 *     [--node-binary PATH] [--arch amd64|arm64] [--minify]
 *     [--k3s-binary PATH --k3s-version V [--k3s-sha256 HEX]] [--k3s-checksums FILE]
 *
 * The image root holds:
 *   usr/local/lib/k3sgrid/agent.mjs        the agent, one ESM file (esbuild; k3s flag list embedded)
 *   usr/local/lib/k3sgrid/node             the Node runtime (a copy of --node-binary, default this node)
 *   usr/local/lib/k3sgrid/first-boot.sh    reads K3SGRID_COORDINATOR / K3SGRID_TOKEN, starts the agent
 *   usr/local/lib/k3sgrid/manifest.json    versions and checksums of the above
 *   usr/local/lib/k3sgrid/k3s-slot.json    the pinned k3s binary slot: version, arch, url, sha256
 *   usr/local/lib/k3sgrid/k3s-checksums.txt  sha256sum lines for the pinned version (null entries omitted)
 *   usr/local/bin/k3sgrid-agent            wrapper (0755)
 *   usr/local/bin/k3s                      only with --k3s-binary, after its sha256 matched
 *   etc/k3sgrid/packages.txt, etc/k3sgrid/agent.env.example
 *   etc/zinit/k3sgrid-agent.yaml, etc/systemd/system/k3sgrid-agent.service
 * and, next to it, a tarball of the folder (for cloud-init's --agent-url). Modes are
 * fixed whatever the builder's umask: folders 0755, executables 0755, other
 * files 0644; node state and secrets (agent.env, identity, keys) are refused.
 * Templates live in packaging/rootfs; see packaging/README.md.
 */
import { createHash } from 'node:crypto';
import { chmod, copyFile, cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A packaging failure with a stable code. */
export class PackageError extends Error {
  override readonly name = 'PackageError';
  constructor(
    readonly code:
      | 'PACKAGE_USAGE'
      | 'PACKAGE_OUT_DIR_FOREIGN'
      | 'PACKAGE_BUNDLE_FAILED'
      | 'PACKAGE_STATE_IN_IMAGE'
      | 'K3S_VERSION_UNKNOWN'
      | 'K3S_CHECKSUM_MISSING'
      | 'K3S_CHECKSUM_MISMATCH',
    message: string,
  ) {
    super(message);
  }
}

/** Options of {@link packageAgent}. */
export interface PackageOptions {
  /** Image root folder to (re)create. */
  out: string;
  /** Tarball of the folder; null for none. */
  tarball: string | null;
  nodeBinary: string;
  arch: 'amd64' | 'arm64';
  minify: boolean;
  k3sBinary?: string;
  k3sVersion?: string;
  /** Expected sha256 given by the operator; must agree with the checksum file when that has one. */
  k3sSha256?: string;
  k3sChecksums: string;
}

/** What was built. */
export interface PackageResult {
  out: string;
  tarball: string | null;
  bundleBytes: number;
  bundleMs: number;
  totalMs: number;
  k3sInstalled: boolean;
}

interface ChecksumEntry {
  file: string;
  url: string;
  sha256: string | null;
}
interface ChecksumFile {
  default: string;
  source: string;
  versions: Record<string, Partial<Record<'amd64' | 'arm64', ChecksumEntry>>>;
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const sha256File = async (p: string): Promise<string> => sha256(await readFile(p));

/** Refuses to wipe a folder that is not ours (non-empty and no manifest from an earlier run). */
async function prepareOut(out: string): Promise<void> {
  if (existsSync(out)) {
    const entries = await readdir(out);
    if (entries.length > 0 && !existsSync(join(out, 'usr/local/lib/k3sgrid/manifest.json')))
      throw new PackageError(
        'PACKAGE_OUT_DIR_FOREIGN',
        `${out} is not empty and not an agent image from this script; refusing to delete it`,
      );
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
}

/** Bundles the agent into one ESM file; the k3s flag list is embedded. */
async function bundleAgent(
  outfile: string,
  minify: boolean,
): Promise<{ bytes: number; ms: number; agentVersion: string }> {
  const started = Date.now();
  const flags = await readFile(join(REPO, 'packages/agent/data/k3s-flags.json'), 'utf8');
  JSON.parse(flags); // fail here, not on a node
  try {
    await build({
      entryPoints: [join(REPO, 'packages/agent/src/bin/k3sgrid-agent.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      conditions: ['source'],
      minify,
      sourcemap: false,
      legalComments: 'linked',
      logLevel: 'warning',
      define: { __K3SGRID_K3S_FLAGS_JSON__: JSON.stringify(flags) },
      // CommonJS dependencies (pino, ws, ...) call require(); give the ESM bundle one.
      banner: {
        js: [
          '// k3sgrid-agent: bundled by scripts/package-agent.ts',
          "import { createRequire as __k3sgridCreateRequire } from 'node:module';",
          'const require = __k3sgridCreateRequire(import.meta.url);',
        ].join('\n'),
      },
    });
  } catch (err) {
    throw new PackageError('PACKAGE_BUNDLE_FAILED', `esbuild failed: ${(err as Error).message}`);
  }
  const src = await readFile(join(REPO, 'packages/agent/src/session/client.ts'), 'utf8');
  const agentVersion = /AGENT_VERSION = '([^']+)'/.exec(src)?.[1] ?? 'unknown';
  return { bytes: (await stat(outfile)).size, ms: Date.now() - started, agentVersion };
}

/** Checks a k3s binary against the checksum list (and the operator's pin) and installs it. */
async function installK3s(
  opts: PackageOptions,
  lib: string,
  binDir: string,
  list: ChecksumFile,
): Promise<{ installed: boolean; version: string; entry: ChecksumEntry | undefined }> {
  const version = opts.k3sVersion ?? list.default;
  const entry = list.versions[version]?.[opts.arch];
  const slot = {
    version,
    arch: opts.arch,
    path: '/usr/local/bin/k3s',
    url: entry?.url ?? null,
    sha256: entry?.sha256 ?? opts.k3sSha256 ?? null,
    source: list.source.replace('{version}', encodeURIComponent(version)).replace('{arch}', opts.arch),
    installed: false,
    note: 'The image builder puts the official k3s binary of this version at path, checked against sha256 (scripts/package-agent.ts --k3s-binary).',
  };
  let installed = false;
  if (opts.k3sBinary) {
    if (!entry && !opts.k3sSha256)
      throw new PackageError(
        'K3S_VERSION_UNKNOWN',
        `k3s ${version} ${opts.arch} is not in ${opts.k3sChecksums}; add it or pass --k3s-sha256`,
      );
    const want = entry?.sha256 ?? null;
    if (want === null && !opts.k3sSha256)
      throw new PackageError(
        'K3S_CHECKSUM_MISSING',
        `${opts.k3sChecksums} has no sha256 for k3s ${version} ${opts.arch}: fill it from ${slot.source} (or pass --k3s-sha256 after checking that file)`,
      );
    if (want !== null && opts.k3sSha256 && want !== opts.k3sSha256.toLowerCase())
      throw new PackageError(
        'K3S_CHECKSUM_MISMATCH',
        `--k3s-sha256 disagrees with ${opts.k3sChecksums} for k3s ${version} ${opts.arch}`,
      );
    const got = await sha256File(opts.k3sBinary);
    const expected = (want ?? opts.k3sSha256 ?? '').toLowerCase();
    if (got !== expected)
      throw new PackageError(
        'K3S_CHECKSUM_MISMATCH',
        `${opts.k3sBinary}: sha256 ${got}, expected ${expected} for k3s ${version} ${opts.arch}`,
      );
    await copyFile(opts.k3sBinary, join(binDir, 'k3s'));
    await chmod(join(binDir, 'k3s'), 0o755);
    installed = true;
    slot.sha256 = got;
  }
  slot.installed = installed;
  await writeFile(join(lib, 'k3s-slot.json'), `${JSON.stringify(slot, null, 2)}\n`);
  const lines = Object.values(list.versions[version] ?? {})
    .filter((e): e is ChecksumEntry => !!e && !!e.sha256)
    .map((e) => `${e.sha256}  ${e.file}`);
  await writeFile(
    join(lib, 'k3s-checksums.txt'),
    `# k3s ${version}: ${slot.source}\n${lines.join('\n')}${lines.length ? '\n' : ''}`,
  );
  return { installed, version, entry };
}

/** Files of the image that are executables (0755); every other file is 0644. */
const EXECUTABLES = new Set([
  'usr/local/bin/k3sgrid-agent',
  'usr/local/bin/k3s',
  'usr/local/lib/k3sgrid/first-boot.sh',
  'usr/local/lib/k3sgrid/node',
]);

/** Sets every folder to 0755 and every file to 0755 (listed executables) or 0644. */
async function normalizeModes(out: string, executables: ReadonlySet<string>): Promise<void> {
  const walk = async (d: string): Promise<void> => {
    await chmod(d, 0o755);
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) await chmod(p, executables.has(relative(out, p)) ? 0o755 : 0o644);
    }
  };
  await walk(out);
}

/** The image must not carry agent state or filled-in secrets (they belong to one node, made on it). */
async function assertNoState(out: string): Promise<void> {
  const found: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(out, p);
      if (
        /^(var|run|tmp|root|home)$/.test(rel) ||
        /(^|\/)(agent\.env|identity\.json|coordinator\.json|[^/]+\.key)$/.test(rel)
      )
        found.push(rel);
      else if (e.isDirectory()) await walk(p);
    }
  };
  await walk(out);
  if (found.length > 0)
    throw new PackageError(
      'PACKAGE_STATE_IN_IMAGE',
      `the image would carry node state or secrets: ${found.join(', ')}`,
    );
}

/** Builds the image root (and tarball). */
export async function packageAgent(opts: PackageOptions): Promise<PackageResult> {
  const started = Date.now();
  const out = resolve(opts.out);
  await prepareOut(out);
  const lib = join(out, 'usr/local/lib/k3sgrid');
  const binDir = join(out, 'usr/local/bin');
  await mkdir(lib, { recursive: true });
  await mkdir(binDir, { recursive: true });
  // Marks the folder as ours at once, so a failed build can be rerun into it.
  await writeFile(join(lib, 'manifest.json'), '{ "incomplete": true }\n');

  // 1. templates (wrapper, first-boot, zinit, systemd, packages list)
  await cp(join(REPO, 'packaging/rootfs'), out, { recursive: true });

  // 2. the bundle and the runtime
  const bundle = await bundleAgent(join(lib, 'agent.mjs'), opts.minify);
  await copyFile(opts.nodeBinary, join(lib, 'node'));
  const nodeVersion = execFileSync(join(lib, 'node'), ['--version'], { encoding: 'utf8' }).trim();

  // 3. k3s slot
  const list = JSON.parse(await readFile(opts.k3sChecksums, 'utf8')) as ChecksumFile;
  const k3s = await installK3s(opts, lib, binDir, list);

  // 4. manifest
  const manifest = {
    agentVersion: bundle.agentVersion,
    nodeVersion,
    arch: opts.arch,
    builtAt: new Date().toISOString(),
    files: {
      'usr/local/lib/k3sgrid/agent.mjs': { bytes: bundle.bytes, sha256: await sha256File(join(lib, 'agent.mjs')) },
      'usr/local/lib/k3sgrid/node': {
        bytes: (await stat(join(lib, 'node'))).size,
        sha256: await sha256File(join(lib, 'node')),
      },
    },
    k3s: { version: k3s.version, installed: k3s.installed },
    packages: (await readFile(join(out, 'etc/k3sgrid/packages.txt'), 'utf8'))
      .split('\n')
      .filter((l) => l && !l.startsWith('#')),
    runtimeNeeds: 'glibc, libstdc++6 and libgcc-s1 (the Node binary is dynamically linked against them)',
  };
  await writeFile(join(lib, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  // 5. modes: fixed, whatever the builder's umask (0700 folders in a tarball
  // would make /usr 0700 on a node unpacked with tar): folders 0755,
  // executables 0755, everything else 0644 (the env example too: no secret).
  await normalizeModes(out, EXECUTABLES);
  await assertNoState(out);

  // 6. tarball (root-owned entries with the modes above, for cloud-init's --agent-url)
  let tarball: string | null = null;
  if (opts.tarball) {
    tarball = resolve(opts.tarball);
    await mkdir(dirname(tarball), { recursive: true });
    // Modes as normalized above; root-owned; names sorted so rebuilds list the same.
    execFileSync('tar', [
      '-czf',
      tarball,
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--sort=name',
      '-C',
      out,
      'usr',
      'etc',
    ]);
  }
  return {
    out,
    tarball,
    bundleBytes: bundle.bytes,
    bundleMs: bundle.ms,
    totalMs: Date.now() - started,
    k3sInstalled: k3s.installed,
  };
}

function archOf(nodeArch: string): 'amd64' | 'arm64' {
  if (nodeArch === 'x64') return 'amd64';
  if (nodeArch === 'arm64') return 'arm64';
  throw new PackageError(
    'PACKAGE_USAGE',
    `unsupported architecture ${nodeArch}; pass --arch amd64|arm64 with a matching --node-binary`,
  );
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', default: join(REPO, 'dist/agent-image') },
      tarball: { type: 'string' },
      'no-tarball': { type: 'boolean', default: false },
      'node-binary': { type: 'string', default: process.execPath },
      arch: { type: 'string' },
      minify: { type: 'boolean', default: false },
      'k3s-binary': { type: 'string' },
      'k3s-version': { type: 'string' },
      'k3s-sha256': { type: 'string' },
      'k3s-checksums': { type: 'string', default: join(REPO, 'packaging/k3s-checksums.json') },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      (/\*\*([\s\S]*?)\*\//.exec(await readFile(fileURLToPath(import.meta.url), 'utf8'))?.[1] ?? '').replace(
        /^ \* ?/gm,
        '',
      ),
    );
    return;
  }
  const arch = values.arch
    ? values.arch === 'amd64' || values.arch === 'arm64'
      ? values.arch
      : archOf(values.arch)
    : archOf(process.arch);
  const agentVersion =
    /AGENT_VERSION = '([^']+)'/.exec(await readFile(join(REPO, 'packages/agent/src/session/client.ts'), 'utf8'))?.[1] ??
    'dev';
  const out = resolve(values.out);
  const tarball = values['no-tarball']
    ? null
    : (values.tarball ?? join(dirname(out), `k3sgrid-agent-${agentVersion}-linux-${arch}.tar.gz`));
  const r = await packageAgent({
    out,
    tarball,
    nodeBinary: values['node-binary'],
    arch,
    minify: values.minify,
    k3sChecksums: values['k3s-checksums'],
    ...(values['k3s-binary'] ? { k3sBinary: values['k3s-binary'] } : {}),
    ...(values['k3s-version'] ? { k3sVersion: values['k3s-version'] } : {}),
    ...(values['k3s-sha256'] ? { k3sSha256: values['k3s-sha256'] } : {}),
  });
  const rel = (p: string): string => relative(process.cwd(), p) || '.';
  process.stderr.write(
    `agent image root: ${rel(r.out)}\n` +
      `  bundle ${(r.bundleBytes / 1024 / 1024).toFixed(2)} MiB in ${r.bundleMs} ms; total ${r.totalMs} ms\n` +
      `  k3s binary: ${r.k3sInstalled ? 'installed and verified' : 'slot only (see usr/local/lib/k3sgrid/k3s-slot.json)'}\n` +
      (r.tarball ? `tarball: ${rel(r.tarball)} (sha256 ${await sha256File(r.tarball)})\n` : ''),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`package-agent: ${e.message ?? String(err)}${e.code ? ` (${e.code})` : ''}\n`);
    process.exitCode = 1;
  });
}
