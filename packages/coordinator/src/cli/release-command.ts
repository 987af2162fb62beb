/**
 * `k3sgrid release import|fetch|list|delete`: the k3s binaries (and air-gap
 * image archives) the coordinator hands to its nodes. Imports stream the
 * file to the coordinator, which checks it against the release's sha256sum
 * file when one is given and stores nothing on a mismatch.
 */
import { existsSync, readFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { callApi, uploadFile, type Connection } from './client.js';
import { bytes, type Column, type OutputFormat } from './output.js';
import type { CliIo } from './program.js';

/** A release as `GET /v1/releases` returns it. */
export interface ReleaseJson {
  version: string;
  arch: string;
  sha256: string;
  size: number;
  images: { name: string; sha256: string; size: number } | null;
  source: string;
  createdAt: string;
  usedBy: string[];
}

export const releaseCols: Column<ReleaseJson>[] = [
  { header: 'VERSION', get: (r) => r.version },
  { header: 'ARCH', get: (r) => r.arch },
  { header: 'SIZE', get: (r) => bytes(r.size) },
  { header: 'IMAGES', get: (r) => (r.images ? `${r.images.name} (${bytes(r.images.size)})` : '-') },
  { header: 'USED BY', get: (r) => r.usedBy.join(',') || '-' },
  { header: 'SHA256', get: (r) => r.sha256, wide: true },
  { header: 'SOURCE', get: (r) => r.source, wide: true },
];

const VERSION = /^v\d+\.\d+\.\d+\+k3s\d+$/;
function version(v: string): string {
  if (!VERSION.test(v)) throw new InvalidArgumentError(`version must look like v1.33.4+k3s1, got ${JSON.stringify(v)}`);
  return v;
}
function readable(file: string): string {
  if (!existsSync(file)) throw new InvalidArgumentError(`file ${file} not found`);
  return file;
}

export function registerReleaseCommands(
  program: Command,
  io: CliIo,
  conn: () => Connection,
  print: <T>(fmt: OutputFormat, rows: T[], cols: Column<T>[], raw?: unknown) => void,
  outOpt: () => Option,
): void {
  const path = (v: string, arch?: string): string =>
    `/v1/releases/${encodeURIComponent(v)}${arch ? `/${encodeURIComponent(arch)}` : ''}`;
  const progress = (what: string) => {
    let last = -1;
    return (sent: number, total: number): void => {
      const pct = total > 0 ? Math.floor((sent / total) * 10) * 10 : 100;
      if (pct !== last) io.err(`${what}: ${pct} %\n`);
      last = pct;
    };
  };
  const release = program.command('release').description('k3s releases the coordinator holds for its nodes');
  release
    .command('import')
    .description('store a k3s binary (and its air-gap images) for an air-gapped fleet')
    .requiredOption('--version <v>', 'k3s version, e.g. v1.33.4+k3s1', version)
    .addOption(new Option('--arch <arch>', 'architecture').choices(['amd64', 'arm64']).default('amd64'))
    .requiredOption('--file <k3s>', 'the k3s binary', readable)
    .option('--sha256-file <file>', "the release's sha256sum-<arch>.txt: the files must match it", readable)
    .option('--images <file>', 'k3s-airgap-images-<arch>.tar.zst', readable)
    .addOption(outOpt())
    .action(
      async (o: {
        version: string;
        arch: string;
        file: string;
        sha256File?: string;
        images?: string;
        output: OutputFormat;
      }) => {
        const headers: Record<string, string> = o.sha256File
          ? { 'x-k3sgrid-sha256sums': readFileSync(o.sha256File).toString('base64') }
          : {};
        if (!o.sha256File) io.err('warning: no --sha256-file: the binary is stored unchecked\n');
        let row = await uploadFile<ReleaseJson>(
          conn(),
          `${path(o.version, o.arch)}/binary`,
          o.file,
          headers,
          progress(`uploading ${o.file}`),
        );
        if (o.images) {
          const name = o.images.replace(/^.*\//, '');
          row = await uploadFile<ReleaseJson>(
            conn(),
            `${path(o.version, o.arch)}/images?name=${encodeURIComponent(name)}`,
            o.images,
            headers,
            progress(`uploading ${o.images}`),
          );
        }
        io.err(`k3s ${row.version} for ${row.arch} stored (sha256 ${row.sha256})\n`);
        print(o.output, [row], releaseCols, row);
      },
    );
  release
    .command('fetch <version>')
    .description('download a release from a mirror (default GitHub), checked against its sha256sum files')
    .option('--mirror <url>', 'release mirror: <url>/<version>/<file>')
    .addOption(
      new Option('--arch <arch>', 'architecture: amd64 or arm64 (repeatable; default amd64)').argParser(
        (v: string, prev: string[] | undefined) => {
          if (v !== 'amd64' && v !== 'arm64') throw new InvalidArgumentError(`arch must be amd64 or arm64, got ${v}`);
          return [...(prev ?? []), v];
        },
      ),
    )
    .option('--images', 'also fetch the air-gap image archives')
    .addOption(outOpt())
    .action(async (v: string, o: { mirror?: string; arch?: string[]; images?: boolean; output: OutputFormat }) => {
      const res = await callApi<{ items: ReleaseJson[] }>(conn(), 'POST', '/v1/releases/fetch', {
        version: version(v),
        ...(o.mirror ? { mirror: o.mirror } : {}),
        ...(o.arch ? { arches: o.arch } : {}),
        ...(o.images ? { images: true } : {}),
      });
      print(o.output, res.items, releaseCols, res);
    });
  release
    .command('list')
    .description('list the releases the coordinator holds')
    .addOption(outOpt())
    .action(async (o: { output: OutputFormat }) => {
      const res = await callApi<{ items: ReleaseJson[] }>(conn(), 'GET', '/v1/releases');
      print(o.output, res.items, releaseCols, res);
    });
  release
    .command('delete <version>')
    .description('delete a release (refused while a cluster names its version)')
    .addOption(new Option('--arch <arch>', 'only this architecture').choices(['amd64', 'arm64']))
    .action(async (v: string, o: { arch?: string }) => {
      await callApi(conn(), 'DELETE', path(version(v), o.arch));
      io.err(`k3s ${v}${o.arch ? ` for ${o.arch}` : ''} deleted\n`);
    });
}
