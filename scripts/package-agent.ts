/**
 * `npm run package:agent`: the self-contained node agent and a node image
 * root folder.
 *
 *   tsx scripts/package-agent.ts [--out dist/agent-image] [--tarball FILE | --no-tarball]
 *     [--node-binary PATH] [--arch amd64|arm64] [--minify]
 *     [--k3s-binary PATH --k3s-version V (--k3s-sha256-file sha256sum-<arch>.txt | --k3s-sha256 HEX)]
 *
 * The image root holds:
 *   usr/local/lib/k3sgrid/agent.mjs        the agent, one ESM file (esbuild; k3s flag list embedded)
 *   usr/local/lib/k3sgrid/node             the Node runtime (a copy of --node-binary, default this node)
 *   usr/local/lib/k3sgrid/first-boot.sh    reads K3SGRID_COORDINATOR / K3SGRID_TOKEN, starts the agent
 *   usr/local/lib/k3sgrid/manifest.json    versions and checksums of the above (and of a baked k3s)
 *   usr/local/bin/k3sgrid-agent            wrapper (0755)
 *   usr/local/bin/k3s                      only with --k3s-binary, after its sha256 matched
 *
 * Without --k3s-binary the node gets k3s from the coordinator at its first
 * assignment (k3sgrid release import/fetch). A baked binary saves that
 * download: the agent uses it as is when its sha256 is the assignment's.
 * Its expected sha256 comes from the release's sha256sum-<arch>.txt
 * (--k3s-sha256-file) or from a release the coordinator holds
 * (--k3s-sha256, as `k3sgrid release list -o wide` shows it); the build
 * refuses a binary that hashes otherwise.
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
      | 'package-usage'
      | 'package-out-dir-foreign'
      | 'package-bundle-failed'
      | 'package-state-in-image'
      | 'k3s-checksum-missing'
      | 'k3s-checksum-mismatch',
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
  /** Expected sha256 of the binary (from a release the coordinator holds). */
  k3sSha256?: string;
  /** The release's sha256sum-<arch>.txt; its entry for the binary is the expected sha256. */
  k3sSha256File?: string;
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

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const sha256File = async (p: string): Promise<string> => sha256(await readFile(p));

/** Refuses to wipe a folder that is not ours (non-empty and no manifest from an earlier run). */
async function prepareOut(out: string): Promise<void> {
  if (existsSync(out)) {
    const entries = await readdir(out);
    if (entries.length > 0 && !existsSync(join(out, 'usr/local/lib/k3sgrid/manifest.json')))
      throw new PackageError(
        'package-out-dir-foreign',
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
    throw new PackageError('package-bundle-failed', `esbuild failed: ${(err as Error).message}`);
  }
  const src = await readFile(join(REPO, 'packages/agent/src/session/client.ts'), 'utf8');
  const agentVersion = /AGENT_VERSION = '([^']+)'/.exec(src)?.[1] ?? 'unknown';
  return { bytes: (await stat(outfile)).size, ms: Date.now() - started, agentVersion };
}

/** The release file name of the k3s binary for an arch (as in its sha256sum file). */
const K3S_FILE = { amd64: 'k3s', arm64: 'k3s-arm64' } as const;

/**
 * Bakes a k3s binary into the image after checking it against the expected
 * sha256 (the release's sha256sum file, or the operator's value; both must
 * agree when both are given). No binary, no k3s in the image.
 */
async function installK3s(
  opts: PackageOptions,
  binDir: string,
): Promise<{ version: string; sha256: string; bytes: number } | null> {
  if (!opts.k3sBinary) return null;
  if (!opts.k3sVersion || !/^v\d+\.\d+\.\d+\+k3s\d+$/.test(opts.k3sVersion))
    throw new PackageError('package-usage', '--k3s-binary needs --k3s-version, e.g. v1.33.4+k3s1');
  let fromFile: string | undefined;
  if (opts.k3sSha256File) {
    const file = K3S_FILE[opts.arch];
    for (const line of (await readFile(opts.k3sSha256File, 'utf8')).split('\n')) {
      const m = /^([0-9a-fA-F]{64}) [ *](\S+)$/.exec(line.trim());
      if (m?.[1] && m[2]?.replace(/^.*\//, '') === file) fromFile = m[1].toLowerCase();
    }
    if (!fromFile)
      throw new PackageError(
        'k3s-checksum-missing',
        `${opts.k3sSha256File} has no sha256 for ${file} (arch ${opts.arch})`,
      );
  }
  const given = opts.k3sSha256?.toLowerCase();
  if (given !== undefined && !/^[0-9a-f]{64}$/.test(given))
    throw new PackageError('package-usage', '--k3s-sha256 must be 64 hex digits');
  if (fromFile && given && fromFile !== given)
    throw new PackageError('k3s-checksum-mismatch', `--k3s-sha256 disagrees with ${opts.k3sSha256File}`);
  const expected = fromFile ?? given;
  if (!expected)
    throw new PackageError(
      'k3s-checksum-missing',
      "--k3s-binary needs --k3s-sha256-file (the release's sha256sum-<arch>.txt) or --k3s-sha256 (of a release the coordinator holds)",
    );
  const got = await sha256File(opts.k3sBinary);
  if (got !== expected)
    throw new PackageError('k3s-checksum-mismatch', `${opts.k3sBinary}: sha256 ${got}, expected ${expected}`);
  await copyFile(opts.k3sBinary, join(binDir, 'k3s'));
  await chmod(join(binDir, 'k3s'), 0o755);
  return { version: opts.k3sVersion, sha256: got, bytes: (await stat(join(binDir, 'k3s'))).size };
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
      'package-state-in-image',
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

  // 3. a baked k3s, checked
  const k3s = await installK3s(opts, binDir);

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
    k3s: k3s ? { version: k3s.version, sha256: k3s.sha256, bytes: k3s.bytes, path: '/usr/local/bin/k3s' } : null,
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
    k3sInstalled: k3s !== null,
  };
}

function archOf(nodeArch: string): 'amd64' | 'arm64' {
  if (nodeArch === 'x64') return 'amd64';
  if (nodeArch === 'arm64') return 'arm64';
  throw new PackageError(
    'package-usage',
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
      'k3s-sha256-file': { type: 'string' },
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
    ...(values['k3s-sha256-file'] ? { k3sSha256File: values['k3s-sha256-file'] } : {}),
    ...(values['k3s-binary'] ? { k3sBinary: values['k3s-binary'] } : {}),
    ...(values['k3s-version'] ? { k3sVersion: values['k3s-version'] } : {}),
    ...(values['k3s-sha256'] ? { k3sSha256: values['k3s-sha256'] } : {}),
  });
  const rel = (p: string): string => relative(process.cwd(), p) || '.';
  process.stderr.write(
    `agent image root: ${rel(r.out)}\n` +
      `  bundle ${(r.bundleBytes / 1024 / 1024).toFixed(2)} MiB in ${r.bundleMs} ms; total ${r.totalMs} ms\n` +
      `  k3s binary: ${r.k3sInstalled ? 'baked in and verified' : 'none (nodes get it from the coordinator)'}\n` +
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
