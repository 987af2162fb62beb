/**
 * k3s releases: operators list, import (a binary or an air-gap image
 * archive streamed as the request body), fetch from a mirror and delete
 * them; nodes download them (`GET /v1/agent/releases/{sha256}`, node
 * signature, `Range` to resume). The download route is the only one an
 * operator token cannot call.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { FastifyPluginCallback, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sees, type Visibility } from '../../access/roles.js';
import { CoordinatorError } from '../../errors.js';
import { DEFAULT_MIRROR, K3S_VERSION, type ReleaseService } from '../../releases/release-service.js';
import type { ReleaseRow } from '../../store/types.js';
import { type ApiDeps, ERR, ex } from './deps.js';

const ARCH = z.enum(['amd64', 'arm64']);
const VERSION = z.string().regex(K3S_VERSION, 'must look like v1.33.4+k3s1');
const SHA = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

export const ReleaseView = z.object({
  version: z.string(),
  arch: z.string(),
  sha256: z.string(),
  size: z.number(),
  images: z.object({ name: z.string(), sha256: z.string(), size: z.number() }).nullable(),
  source: z.string(),
  createdAt: z.string(),
  usedBy: z.array(z.string()).describe('Clusters that name this version'),
});
const RELEASE_EXAMPLE = {
  version: 'v1.33.4+k3s1',
  arch: 'amd64',
  sha256: '3f1c...'.padEnd(64, '0'),
  size: 73_400_320,
  images: null,
  source: 'import',
  createdAt: '2026-01-01T12:00:00.000Z',
  usedBy: ['prod'],
};
const ReleaseList = ex(z.object({ items: z.array(ReleaseView) }), { items: [RELEASE_EXAMPLE] });
const VersionArch = ex(z.strictObject({ version: VERSION, arch: ARCH }), { version: 'v1.33.4+k3s1', arch: 'amd64' });
const UploadHeaders = z.object({
  'x-k3sgrid-sha256': SHA.optional().describe('Expected sha256 of the body; a mismatch stores nothing'),
  'x-k3sgrid-sha256sums': z
    .string()
    .max(64 * 1024)
    .optional()
    .describe("The release's sha256sum-<arch>.txt, base64: the body must match its entry"),
});
const FetchBody = ex(
  z.strictObject({
    version: VERSION,
    mirror: z.url().max(2048).optional().describe(`Default ${DEFAULT_MIRROR}`),
    arches: z.array(ARCH).min(1).max(2).default(['amd64']),
    images: z.boolean().default(false).describe('Also fetch the air-gap image archives'),
  }),
  { version: 'v1.33.4+k3s1', arches: ['amd64', 'arm64'] },
);

function view(r: ReleaseRow, users: string[]): z.infer<typeof ReleaseView> {
  return {
    version: r.version,
    arch: r.arch,
    sha256: r.sha256,
    size: r.size,
    images: r.imagesName ? { name: r.imagesName, sha256: r.imagesSha256, size: r.imagesSize } : null,
    source: r.source,
    createdAt: new Date(r.createdAt).toISOString(),
    usedBy: users,
  };
}

/** `Range: bytes=a-` or `bytes=a-b` (one range); null when absent. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (header === undefined) return null;
  const m = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!m?.[1]) throw new CoordinatorError('range-not-satisfiable', `unsupported range ${JSON.stringify(header)}`);
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start >= size || end < start)
    throw new CoordinatorError('range-not-satisfiable', `range ${header} outside 0-${size - 1}`);
  return { start, end };
}

export function releaseRoutes(d: ApiDeps & { releases: ReleaseService }): FastifyPluginCallback {
  const rel = d.releases;
  /** Clusters naming each version (only those the caller may see). */
  const usedBy = async (v: Visibility = { all: true }): Promise<Map<string, string[]>> => {
    const m = new Map<string, string[]>();
    for (const c of (await d.service.listClusters()).filter((x) => sees(v, x.id)))
      m.set(c.spec.k3sVersion, [...(m.get(c.spec.k3sVersion) ?? []), c.name]);
    return m;
  };
  return (app, _opts, done) => {
    // Bodies of the upload routes are streams into the blob store (which caps
    // their size), never buffered in memory.
    app.addContentTypeParser('application/octet-stream', (_req, payload, next) => next(null, payload));
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/releases',
      {
        config: { permission: { on: 'any', role: 'viewer' } },
        schema: {
          tags: ['releases'],
          summary: 'k3s releases the coordinator holds',
          response: { 200: ReleaseList, ...ERR },
        },
      },
      async (req) => {
        const users = await usedBy(req.visible);
        return { items: (await rel.list()).map((x) => view(x, users.get(x.version) ?? [])) };
      },
    );
    for (const kind of ['binary', 'images'] as const) {
      r.put(
        `/releases/:version/:arch/${kind}`,
        {
          config: { permission: { on: 'coordinator', role: 'admin' } },
          bodyLimit: Number.MAX_SAFE_INTEGER,
          schema: {
            tags: ['releases'],
            summary:
              kind === 'binary'
                ? 'Import a k3s binary (the body, application/octet-stream)'
                : 'Import the air-gap image archive of a held release (the body, application/octet-stream)',
            params: VersionArch,
            headers: UploadHeaders,
            ...(kind === 'images' ? { querystring: z.strictObject({ name: z.string().max(128).optional() }) } : {}),
            response: { 201: ex(ReleaseView, RELEASE_EXAMPLE), ...ERR, 413: ERR[400], 507: ERR[400] },
          },
        },
        async (req, reply) => {
          const source = req.body as Readable | undefined;
          if (!source || typeof source.pipe !== 'function')
            throw new CoordinatorError(
              'bad-request',
              'send the file as the body with content-type application/octet-stream',
            );
          const h = req.headers;
          const sums = h['x-k3sgrid-sha256sums'];
          const common = {
            version: req.params.version,
            arch: req.params.arch,
            source,
            actor: req.actor,
            ...(h['x-k3sgrid-sha256'] ? { sha256: h['x-k3sgrid-sha256'] } : {}),
            ...(sums ? { sha256sums: Buffer.from(sums, 'base64').toString('utf8') } : {}),
          };
          const name = (req.query as { name?: string } | undefined)?.name;
          const row =
            kind === 'binary'
              ? await rel.importBinary(common)
              : await rel.importImages({ ...common, ...(name ? { name } : {}) });
          return reply.status(201).send(view(row, (await usedBy()).get(row.version) ?? []));
        },
      );
    }
    r.post(
      '/releases/fetch',
      {
        config: { permission: { on: 'coordinator', role: 'admin' } },
        schema: {
          tags: ['releases'],
          summary: 'Download a release from a mirror, checked against its sha256sum files',
          body: FetchBody,
          response: { 201: ReleaseList, ...ERR, 502: ERR[400] },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const rows = await rel.fetchRelease({
          version: b.version,
          arches: b.arches,
          images: b.images,
          ...(b.mirror !== undefined ? { mirror: b.mirror } : {}),
          actor: req.actor,
        });
        const users = await usedBy();
        return reply.status(201).send({ items: rows.map((x) => view(x, users.get(x.version) ?? [])) });
      },
    );
    r.delete(
      '/releases/:version',
      {
        config: { permission: { on: 'coordinator', role: 'admin' } },
        schema: {
          tags: ['releases'],
          summary: 'Delete every arch of a release (refused while a cluster names the version)',
          params: ex(z.strictObject({ version: VERSION }), { version: 'v1.33.4+k3s1' }),
          response: { 204: z.null(), ...ERR },
        },
      },
      async (req, reply) => {
        await rel.delete(req.params.version, undefined, req.actor);
        return reply.status(204).send(null);
      },
    );
    r.delete(
      '/releases/:version/:arch',
      {
        config: { permission: { on: 'coordinator', role: 'admin' } },
        schema: {
          tags: ['releases'],
          summary: 'Delete one arch of a release (refused while a cluster names the version)',
          params: VersionArch,
          response: { 204: z.null(), ...ERR },
        },
      },
      async (req, reply) => {
        await rel.delete(req.params.version, req.params.arch, req.actor);
        return reply.status(204).send(null);
      },
    );
    r.get(
      '/agent/releases/:sha256',
      {
        config: { auth: 'node' },
        schema: {
          tags: ['releases'],
          summary: 'A release file for an enrolled node (node signature, not an operator token)',
          description:
            'Authorization: K3G-Node <nodeId>.<unixMs>.<base64url ed25519 signature over downloadTranscript(pin, nodeId, sha256, unixMs)>; the time must be within 5 minutes. Range: bytes=<n>- resumes. Only blobs of a release of the node’s cluster version.',
          params: ex(z.strictObject({ sha256: SHA }), { sha256: '0'.repeat(64) }),
          security: [{ node: [] }],
          // 200/206 are the file's bytes (a stream, not serialized by a schema).
          response: { ...ERR, 403: ERR[400], 416: ERR[400], 503: ERR[400] },
        },
      },
      async (req, reply) => {
        const node = await d.service.getNode(req.nodeId ?? '');
        const cluster = await d.service.getCluster(node.clusterId).catch(() => null);
        const blob = await rel.blobForNode(req.params.sha256, node, cluster);
        const range = parseRange(req.headers.range, blob.size);
        // The typed reply only knows the error schemas: the bytes go untyped.
        const raw = reply as unknown as FastifyReply;
        void raw
          .header('content-type', 'application/octet-stream')
          .header('accept-ranges', 'bytes')
          .header('etag', `"${req.params.sha256}"`)
          .header('cache-control', 'no-store');
        if (!range) {
          void reply.header('content-length', String(blob.size));
          return raw.status(200).send(createReadStream(blob.path));
        }
        void raw
          .header('content-length', String(range.end - range.start + 1))
          .header('content-range', `bytes ${range.start}-${range.end}/${blob.size}`);
        return raw.status(206).send(createReadStream(blob.path, { start: range.start, end: range.end }));
      },
    );
    done();
  };
}
