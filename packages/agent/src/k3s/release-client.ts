/**
 * Release blobs from the coordinator, over the pinned TLS channel and with
 * the node's own identity:
 *
 *   GET https://<coordinator host:port>/v1/agent/releases/<sha256>
 *   Authorization: K3G-Node <nodeId>.<unixMs>.<base64url ed25519 signature>
 *   Range: bytes=<n>-                      (only to resume)
 *
 * The signature is over `downloadTranscript({ pin, nodeId, sha256, unixMs })`
 * with the node's signing key; the coordinator accepts unixMs within ±5
 * minutes. Answers: 200 or 206 (Content-Range) with Content-Length; 401 bad
 * or expired signature, 403 node revoked or not a release of its cluster,
 * 404 unknown, 416 bad range, 503 not on this replica yet.
 *
 * TLS trusts exactly the CA pinned at enrollment (session/pin.ts), the same
 * as the WebSocket session.
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { downloadTranscript, sign } from '@k3sgrid/proto';
import type { CoordinatorEndpoint } from '../session/client.js';
import { pinnedTlsOptions } from '../session/pin.js';
import { type Clock, systemClock } from './deps.js';
import { ReleaseError, type ReleaseErrorCode } from './errors.js';
import type { BlobResponse, ReleaseBlob, ReleaseSource } from './release-source.js';

/** Path prefix of release blobs on the coordinator. */
export const RELEASES_PATH = '/v1/agent/releases/';

/** The coordinator as seen by this node's HTTPS client; the session provides it. */
export type ReleaseEndpoint = CoordinatorEndpoint;

export interface CoordinatorReleaseSourceOptions {
  /** Asked at every download: the session may have moved to another replica. Null before enrollment. */
  endpoint: () => ReleaseEndpoint | null;
  /** The node's ed25519 signing key (64 bytes, libsodium form). */
  signingKey: Uint8Array;
  clock?: Pick<Clock, 'now'>;
  /** A download with no bytes for this long is cut off (default 60 s); it resumes on the next try. */
  idleTimeoutMs?: number;
}

/** The `Authorization` header value for one download. */
export async function releaseAuthorization(
  b: { pin: string; nodeId: string; sha256: string; unixMs: number },
  signingKey: Uint8Array,
): Promise<string> {
  const sig = await sign(downloadTranscript(b), signingKey);
  return `K3G-Node ${b.nodeId}.${b.unixMs}.${Buffer.from(sig).toString('base64url')}`;
}

const STATUS_CODES: Partial<Record<number, { code: ReleaseErrorCode; what: string }>> = {
  401: { code: 'k3s-release-unauthorized', what: 'refused the node signature (is the node clock off by minutes?)' },
  403: { code: 'k3s-release-forbidden', what: 'refused the download (node revoked, or not a release of its cluster)' },
  404: { code: 'k3s-release-not-found', what: 'does not have this release' },
  416: { code: 'k3s-release-bad-range', what: 'refused the resume offset' },
  503: { code: 'k3s-release-unavailable', what: 'does not have this release on this replica yet' },
};

async function readSmall(res: IncomingMessage, max = 2048): Promise<string> {
  let out = '';
  try {
    for await (const c of res as AsyncIterable<Buffer>) {
      if (out.length < max) out += c.toString('utf8');
    }
  } catch {
    // the body of an error answer is only for the message
  }
  return out.trim().slice(0, max);
}

/** `bytes <start>-<end>/<total>` → start and total. */
function parseContentRange(v: string | undefined): { start: number; total: number } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(v ?? '');
  return m ? { start: Number(m[1]), total: Number(m[3]) } : null;
}

/** Wraps the body so a broken-off transfer surfaces as a typed, retryable error. */
async function* bodyOf(res: IncomingMessage, url: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) yield chunk;
  } catch (err) {
    if ((err as { name?: string }).name === 'AbortError')
      throw new ReleaseError('k3s-release-aborted', `download of ${url} was cancelled`, { cause: err });
    throw new ReleaseError('k3s-release-truncated', `download of ${url} broke off: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!res.complete)
    throw new ReleaseError('k3s-release-truncated', `download of ${url} broke off before the end of the answer`);
}

/** {@link ReleaseSource} talking to the coordinator the session is connected to. */
export class CoordinatorReleaseSource implements ReleaseSource {
  private readonly clock: Pick<Clock, 'now'>;
  private readonly idleMs: number;

  constructor(private readonly o: CoordinatorReleaseSourceOptions) {
    this.clock = o.clock ?? systemClock;
    this.idleMs = o.idleTimeoutMs ?? 60_000;
  }

  async open(blob: ReleaseBlob, opts: { offset: number; signal?: AbortSignal }): Promise<BlobResponse> {
    const ep = this.o.endpoint();
    if (ep === null)
      throw new ReleaseError(
        'k3s-release-unavailable',
        'the node has not enrolled with a coordinator yet; releases come only from the coordinator',
      );
    const url = new URL(`${RELEASES_PATH}${blob.sha256}`, ep.baseUrl).toString();
    const authorization = await releaseAuthorization(
      { pin: ep.pin, nodeId: ep.nodeId, sha256: blob.sha256, unixMs: this.clock.now() },
      this.o.signingKey,
    );
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = https.request(url, {
        method: 'GET',
        headers: {
          authorization,
          accept: 'application/octet-stream',
          ...(opts.offset > 0 ? { range: `bytes=${opts.offset}-` } : {}),
        },
        ...pinnedTlsOptions(ep.caPem),
        agent: false,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      // Idle time, not total time: a slow but moving download is fine.
      req.setTimeout(this.idleMs, () => req.destroy(new Error(`no data for ${this.idleMs} ms`)));
      req.once('response', resolve);
      req.once('error', (err) => {
        if (err.name === 'AbortError')
          reject(new ReleaseError('k3s-release-aborted', `download of ${url} was cancelled`, { cause: err }));
        else
          reject(
            new ReleaseError('k3s-release-unavailable', `cannot fetch ${url} from the coordinator: ${err.message}`, {
              cause: err,
            }),
          );
      });
      req.end();
    });
    const status = res.statusCode ?? 0;
    if (status === 200 || status === 206) {
      const length = Number(res.headers['content-length'] ?? NaN);
      let start = 0;
      let total = length;
      if (status === 206) {
        const range = parseContentRange(res.headers['content-range']);
        if (range === null || range.start !== opts.offset) {
          res.destroy();
          throw new ReleaseError(
            'k3s-release-bad-range',
            `coordinator answered a resume at ${opts.offset} with Content-Range ${String(res.headers['content-range'])}`,
            { status },
          );
        }
        ({ start, total } = range);
      }
      if (!Number.isFinite(total)) {
        res.destroy();
        throw new ReleaseError('k3s-release-unavailable', `coordinator answered ${url} without a Content-Length`, {
          status,
        });
      }
      return { start, total, body: bodyOf(res, url) };
    }
    const known = STATUS_CODES[status];
    const detail = await readSmall(res);
    throw new ReleaseError(
      known?.code ?? 'k3s-release-unavailable',
      `coordinator ${known?.what ?? 'failed the download'} (HTTP ${status}${detail ? `: ${detail}` : ''}) for ${url}`,
      { status },
    );
  }
}
