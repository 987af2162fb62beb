/**
 * A release build of the k3s test double: one self-contained executable file
 * that runs as `./k3s server ...` wherever a Node runtime (>= 20.19) is found.
 *
 *   npm run build:double -- --version v1.33.4+k3s1 --out dist/k3s-double/k3s-v1.33.4+k3s1
 *
 * The file is an esbuild bundle of main.ts (dependencies, the k3s flag list and
 * the version compiled in; no tsx, no node_modules at run time) behind a sh/JS
 * polyglot first line: sh runs the first executable of $K3S_DOUBLE_NODE,
 * /usr/local/lib/k3sgrid/node (the runtime of the k3sgrid agent image) and
 * `node` on PATH with the file itself; to Node the line is a string and a comment.
 * Servers still need Debian's `etcd` (and `openssl`) on PATH, like the development wrapper.
 * Same version in, same bytes out; another version gives other bytes.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');

/**
 * Node picks a module loader by file extension and package.json "type"; a file
 * named k3s-v1.33.4+k3s1 inside a "type": "module" package would be refused.
 * So sh starts Node with a tiny loader (-e) that compiles this file as CommonJS,
 * whatever its name and wherever it lies; process.argv is then [node, file, ...args].
 */
const LOADER =
  'const M=require("module"),f=process.argv[1],m=new M(f,null);m.filename=f;m.paths=M._nodeModulePaths(require("path").dirname(f));m._compile(require("fs").readFileSync(f,"utf8").replace(/^#!.*/,""),f)';

/** The first two lines of the file: valid sh and valid JavaScript. */
export const POLYGLOT_HEADER = [
  '#!/bin/sh',
  `':' //; for n in "$K3S_DOUBLE_NODE" /usr/local/lib/k3sgrid/node "$(command -v node)"; do if [ -n "$n" ] && [ -x "$n" ]; then K3S_DOUBLE_ARGV0="$0" exec "$n" -e '${LOADER}' "$0" "$@"; fi; done; echo "k3s-double: no Node runtime: set K3S_DOUBLE_NODE or install /usr/local/lib/k3sgrid/node or node" >&2; exit 127`,
].join('\n');

/** k3s release versions: v1.33.4+k3s1, v1.34.0-rc1+k3s1. */
const VERSION_RE = /^v\d+\.\d+\.\d+(-rc\d+)?\+k3s\d+$/;

export async function buildDoubleRelease(o: {
  version: string;
  outFile: string;
}): Promise<{ path: string; sha256: string; size: number }> {
  if (!VERSION_RE.test(o.version)) throw new Error(`not a k3s release version: ${JSON.stringify(o.version)}`);
  const flags = await readFile(resolve(REPO, 'packages/agent/data/k3s-flags.json'), 'utf8');
  JSON.parse(flags); // fail here, not on a node
  const out = await build({
    entryPoints: [resolve(HERE, 'main.ts')],
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    conditions: ['source'],
    minify: false,
    sourcemap: false,
    legalComments: 'eof',
    logLevel: 'warning',
    // flags.ts reads import.meta.url only when the flag list is not embedded
    logOverride: { 'empty-import-meta': 'silent' },
    absWorkingDir: REPO,
    define: {
      __K3S_DOUBLE_VERSION__: JSON.stringify(o.version),
      __K3S_DOUBLE_FLAGS_JSON__: JSON.stringify(flags),
    },
    banner: {
      js: [
        POLYGLOT_HEADER,
        `// k3s test double ${o.version}, built by test/k3s-double/build.ts. Not k3s; never ship it as the product.`,
      ].join('\n'),
    },
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  const bytes = Buffer.from(file.contents);
  const path = resolve(o.outFile);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, bytes, { mode: 0o755 });
  await chmod(tmp, 0o755);
  await rename(tmp, path);
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

async function cli(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { version: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  if (!values.version) throw new Error('usage: build:double -- --version v1.33.4+k3s1 [--out FILE]');
  const outFile = values.out ?? `dist/k3s-double/k3s-${values.version}`;
  const r = await buildDoubleRelease({ version: values.version, outFile });
  process.stdout.write(`${r.path}\n  sha256 ${r.sha256}\n  size   ${r.size}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`build:double: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
