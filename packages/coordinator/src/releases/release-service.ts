/**
 * The k3s releases the coordinator holds and hands to its nodes: imported
 * from files (air-gapped fleets) or fetched from a release mirror
 * (coordinators with internet access), each checked against the release's
 * `sha256sum-<arch>.txt` where one is given, content-addressed in the blob
 * store, listed, and deleted only while no cluster names the version.
 * Nodes download them over the pinned channel (api/routes/releases.ts).
 */
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { K3S_ARCHES, type K3sArch, type K3sReleaseRef } from '@k3sgrid/proto';
import type { Audit } from '../audit.js';
import { CoordinatorError } from '../errors.js';
import type { Clock } from '../limits.js';
import type { ClusterRow, NodeRow, ReleaseRow, Store } from '../store/types.js';
import type { BlobStore } from './blobs.js';

/** A k3s release version as k3s names them. */
export const K3S_VERSION = /^v\d+\.\d+\.\d+\+k3s\d+$/;

/** The official release mirror: `<mirror>/<version>/<file>`. */
export const DEFAULT_MIRROR = 'https://github.com/k3s-io/k3s/releases/download';

/** Largest files accepted (a k3s binary is ~70 MiB, an air-gap archive ~200 MiB). */
export const RELEASE_LIMITS = { binaryBytes: 512 * 1024 ** 2, imagesBytes: 8 * 1024 ** 3 } as const;

/** The binary's file name in a release (and in its sha256sum file). */
export function binaryFileName(arch: K3sArch): string {
  return arch === 'amd64' ? 'k3s' : `k3s-${arch}`;
}

/** The air-gap image archive's file name in a release. */
export function imagesFileName(arch: K3sArch): string {
  return `k3s-airgap-images-${arch}.tar.zst`;
}

/** Names of an architecture as Node.js (`process.arch`), the kernel (`uname -m`) and k3s spell them. */
const ARCH_ALIASES: Readonly<Record<string, K3sArch>> = {
  x64: 'amd64',
  x86_64: 'amd64',
  amd64: 'amd64',
  arm64: 'arm64',
  aarch64: 'arm64',
};

/** The k3s arch of a reported architecture (x64, x86_64, arm64, aarch64, ...), or null when k3s has none. */
export function k3sArchOf(reportedArch: string): K3sArch | null {
  const a = ARCH_ALIASES[reportedArch];
  return a && (K3S_ARCHES as readonly string[]).includes(a) ? a : null;
}

/**
 * Parses a `sha256sum` file (`<64 hex>  <name>` or `<64 hex> *<name>` per
 * line); resolves file name → sha256.
 * @throws CoordinatorError bad-request when a line is not of that form.
 */
export function parseSha256Sums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^([0-9a-fA-F]{64}) [ *](\S+)$/.exec(line);
    if (!m?.[1] || !m[2])
      throw new CoordinatorError('bad-request', `sha256sum file line ${i + 1} is not "<sha256>  <file>"`);
    out.set(m[2].replace(/^.*\//, ''), m[1].toLowerCase());
  }
  return out;
}

function checkVersionArch(version: string, arch: string): K3sArch {
  if (!K3S_VERSION.test(version))
    throw new CoordinatorError('bad-request', `k3s version ${JSON.stringify(version)} must look like v1.33.4+k3s1`);
  if (!(K3S_ARCHES as readonly string[]).includes(arch))
    throw new CoordinatorError('bad-request', `arch ${JSON.stringify(arch)} must be one of ${K3S_ARCHES.join(', ')}`);
  return arch as K3sArch;
}

/** The reference an assignment carries for a release row. */
export function releaseRef(r: ReleaseRow): K3sReleaseRef {
  return {
    version: r.version,
    arch: r.arch as K3sArch,
    sha256: r.sha256,
    size: r.size,
    images: r.imagesName ? { name: r.imagesName, sha256: r.imagesSha256, size: r.imagesSize } : null,
  };
}

export interface ReleaseServiceDeps {
  store: Store;
  blobs: BlobStore;
  audit: Audit;
  clock: Clock;
  log: Logger;
  /** HTTP client for `fetchRelease` (default: the global fetch). */
  fetch?: typeof fetch;
}

export class ReleaseService {
  private readonly http: typeof fetch;

  constructor(private readonly d: ReleaseServiceDeps) {
    this.http = d.fetch ?? fetch;
  }

  list(): Promise<ReleaseRow[]> {
    return this.d.store.listReleases();
  }

  /** The releases of `version` the coordinator holds, by arch. */
  async heldFor(version: string): Promise<Map<string, ReleaseRow>> {
    const all = await this.d.store.listReleases();
    return new Map(all.filter((r) => r.version === version).map((r) => [r.arch, r]));
  }

  /**
   * Stores a k3s binary for `version` and `arch`. With `sha256sums` (the
   * release's sha256sum file) or `sha256`, bytes that hash otherwise are
   * refused and nothing is stored.
   */
  async importBinary(o: {
    version: string;
    arch: string;
    source: Readable;
    sha256?: string;
    sha256sums?: string;
    actor: string;
    origin?: string;
  }): Promise<ReleaseRow> {
    const arch = checkVersionArch(o.version, o.arch);
    const expect = this.expected(o.sha256, o.sha256sums, binaryFileName(arch));
    const blob = await this.d.blobs.put(o.source, {
      maxBytes: RELEASE_LIMITS.binaryBytes,
      ...(expect !== undefined ? { expect } : {}),
    });
    const prev = await this.d.store.getRelease(o.version, arch);
    const row: ReleaseRow = {
      version: o.version,
      arch,
      sha256: blob.sha256,
      size: blob.size,
      // A new binary keeps the images imported for the same release.
      imagesName: prev?.imagesName ?? '',
      imagesSha256: prev?.imagesSha256 ?? '',
      imagesSize: prev?.imagesSize ?? 0,
      source: o.origin ?? 'import',
      createdAt: this.d.clock(),
    };
    await this.d.store.putRelease(row);
    await this.d.audit.record({
      type: 'release.imported',
      clusterId: null,
      nodeId: null,
      actor: o.actor,
      message: `k3s ${o.version} for ${arch} stored (${blob.size} bytes, sha256 ${blob.sha256}${expect ? ', checked' : ', not checked against a sha256sum file'})`,
      data: { version: o.version, arch, sha256: blob.sha256, size: blob.size, checked: expect !== undefined },
    });
    return row;
  }

  /** Stores the air-gap image archive of a release whose binary is held. */
  async importImages(o: {
    version: string;
    arch: string;
    name?: string;
    source: Readable;
    sha256?: string;
    sha256sums?: string;
    actor: string;
  }): Promise<ReleaseRow> {
    const arch = checkVersionArch(o.version, o.arch);
    const prev = await this.d.store.getRelease(o.version, arch);
    if (!prev)
      throw new CoordinatorError('conflict', `import the k3s ${o.version} binary for ${arch} before its image archive`);
    const name = o.name ?? imagesFileName(arch);
    if (!/^k3s-airgap-images-[a-z0-9]+\.tar(\.zst|\.gz|\.lz4|\.bz2)?$/.test(name))
      throw new CoordinatorError(
        'bad-request',
        `image archive name ${JSON.stringify(name)} must be k3s-airgap-images-<arch>.tar[.zst|.gz|.lz4|.bz2] (k3s imports those from agent/images)`,
      );
    const expect = this.expected(o.sha256, o.sha256sums, name);
    const blob = await this.d.blobs.put(o.source, {
      maxBytes: RELEASE_LIMITS.imagesBytes,
      ...(expect !== undefined ? { expect } : {}),
    });
    const row: ReleaseRow = { ...prev, imagesName: name, imagesSha256: blob.sha256, imagesSize: blob.size };
    await this.d.store.putRelease(row);
    await this.d.audit.record({
      type: 'release.images-imported',
      clusterId: null,
      nodeId: null,
      actor: o.actor,
      message: `air-gap images ${name} of k3s ${o.version} for ${arch} stored (${blob.size} bytes)`,
      data: { version: o.version, arch, name, sha256: blob.sha256, size: blob.size },
    });
    return row;
  }

  /**
   * Downloads a release from a mirror (`<mirror>/<version>/<file>`, the
   * layout of k3s's GitHub releases): the sha256sum file first, then each
   * arch's binary (and image archive with `images`), refusing a mismatch.
   */
  async fetchRelease(o: {
    version: string;
    mirror?: string;
    arches?: readonly string[];
    images?: boolean;
    actor: string;
  }): Promise<ReleaseRow[]> {
    const mirror = (o.mirror ?? DEFAULT_MIRROR).replace(/\/+$/, '');
    if (!/^https?:\/\/[^\s/]+/.test(mirror))
      throw new CoordinatorError('bad-request', `mirror ${JSON.stringify(mirror)} is not an http(s) URL`);
    const arches = o.arches ?? ['amd64'];
    const out: ReleaseRow[] = [];
    for (const a of arches) {
      const arch = checkVersionArch(o.version, a);
      const base = `${mirror}/${encodeURIComponent(o.version)}`;
      const sums = await (await this.get(`${base}/sha256sum-${arch}.txt`)).text();
      const body = await this.get(`${base}/${binaryFileName(arch)}`);
      const { Readable } = await import('node:stream');
      let row = await this.importBinary({
        version: o.version,
        arch,
        source: Readable.fromWeb(body.body as import('node:stream/web').ReadableStream<Uint8Array>),
        sha256sums: sums,
        actor: o.actor,
        origin: `fetch ${mirror}`,
      });
      if (o.images) {
        const img = await this.get(`${base}/${imagesFileName(arch)}`);
        row = await this.importImages({
          version: o.version,
          arch,
          source: Readable.fromWeb(img.body as import('node:stream/web').ReadableStream<Uint8Array>),
          sha256sums: sums,
          actor: o.actor,
        });
      }
      out.push(row);
    }
    return out;
  }

  /** Deletes a release (one arch, or all); refused while a cluster names its version. */
  async delete(version: string, arch: string | undefined, actor: string): Promise<number> {
    if (arch !== undefined) checkVersionArch(version, arch);
    const users = (await this.d.store.listClusters()).filter((c) => c.spec.k3sVersion === version);
    if (users.length > 0)
      throw new CoordinatorError(
        'conflict',
        `k3s ${version} is used by cluster(s) ${users.map((c) => c.name).join(', ')}: upgrade or delete them first`,
      );
    const rows = (await this.d.store.listReleases()).filter(
      (r) => r.version === version && (arch === undefined || r.arch === arch),
    );
    if (rows.length === 0)
      throw new CoordinatorError('not-found', `no k3s ${version}${arch ? ` for ${arch}` : ''} held`);
    for (const r of rows) {
      await this.d.store.deleteRelease(r.version, r.arch);
      // A blob another release still names (the same file imported twice) stays.
      for (const sha of [r.sha256, r.imagesSha256].filter(Boolean))
        if ((await this.d.store.releasesWithBlob(sha)).length === 0) await this.d.blobs.remove(sha);
    }
    await this.d.audit.record({
      type: 'release.deleted',
      clusterId: null,
      nodeId: null,
      actor,
      message: `k3s ${version} deleted (${rows.map((r) => r.arch).join(', ')})`,
      data: { version, arches: rows.map((r) => r.arch) },
    });
    return rows.length;
  }

  /**
   * What a node may download: a blob of a release of its cluster's version.
   * @throws CoordinatorError forbidden otherwise, unavailable when this
   *   replica cannot get the bytes yet.
   */
  async blobForNode(
    sha256: string,
    node: NodeRow,
    cluster: ClusterRow | null,
  ): Promise<{ path: string; size: number }> {
    const releases = await this.d.store.releasesWithBlob(sha256);
    const versions = new Set([cluster?.spec.k3sVersion].filter((v): v is string => v !== undefined));
    if (!releases.some((r) => versions.has(r.version)))
      throw new CoordinatorError('forbidden', `blob ${sha256} is not a k3s release of node ${node.name}'s cluster`);
    if (!(await this.d.blobs.ensureLocal(sha256)))
      throw new CoordinatorError('unavailable', `blob ${sha256} is not available on this coordinator`);
    const size = await this.d.blobs.localSize(sha256);
    if (size === null) throw new CoordinatorError('unavailable', `blob ${sha256} vanished`);
    return { path: this.d.blobs.path(sha256), size };
  }

  private expected(sha256: string | undefined, sums: string | undefined, file: string): string | undefined {
    if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256))
      throw new CoordinatorError('bad-request', 'sha256 must be 64 lowercase hex digits');
    if (sums === undefined) return sha256;
    const listed = parseSha256Sums(sums).get(file);
    if (!listed) throw new CoordinatorError('bad-request', `the sha256sum file has no entry for ${file}`);
    if (sha256 !== undefined && sha256 !== listed)
      throw new CoordinatorError(
        'bad-request',
        `sha256 ${sha256} differs from the sha256sum file's ${listed} for ${file}`,
      );
    return listed;
  }

  private async get(url: string): Promise<Response> {
    let res: Response;
    try {
      res = await this.http(url, { redirect: 'follow', signal: AbortSignal.timeout(30 * 60_000) });
    } catch (err) {
      throw new CoordinatorError('bad-gateway', `cannot fetch ${url}: ${(err as Error).message}`);
    }
    if (!res.ok || !res.body) throw new CoordinatorError('bad-gateway', `fetching ${url}: HTTP ${res.status}`);
    return res;
  }
}
