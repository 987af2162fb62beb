/**
 * A stand-in for the coordinator's release endpoint, implementing exactly the
 * contract the agent relies on (release-client.ts):
 *
 *   GET /v1/agent/releases/<sha256>
 *   Authorization: K3G-Node <nodeId>.<unixMs>.<base64url ed25519 signature>
 *
 * over real TLS with a self-signed CA that the client pins, with real
 * signature verification (downloadTranscript + verify from @k3sgrid/proto)
 * and the ±5 minute window. Answers 200, or 206 with Content-Range for
 * `Range: bytes=<n>-`; 401 bad or expired signature, 403 revoked, 404
 * unknown, 416 bad range, 503 not available yet. Knobs make it misbehave the
 * way a network or a restarting coordinator does.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { downloadTranscript, newSigningKeyPair, pinOfCertificate, verify, type KeyPair } from '@k3sgrid/proto';
import { tempDir } from '@k3sgrid/testkit';

export interface RequestLog {
  sha256: string;
  range: string | null;
  status: number;
}

export interface FakeCoordinator {
  baseUrl: string;
  caPem: string;
  pin: string;
  nodeId: string;
  /** The node's keys the coordinator knows (enrolled). */
  nodeKeys: KeyPair;
  blobs: Map<string, Buffer>;
  requests: RequestLog[];
  knobs: {
    revoked: boolean;
    /** Answer this many requests with 503 first. */
    unavailable: number;
    /** Send this many body bytes of the next answer, then drop the connection (and count down). */
    cutAfter: number | null;
    /** Flip one byte of the next answer at this offset of the blob. */
    corruptAt: number | null;
    /** Answer every Range request with 416. */
    refuseRanges: boolean;
    /** Stop after the headers and this many bytes, sending nothing more (an idle transfer). */
    stallAfter: number | null;
  };
  /** Adds a blob; returns its sha256. */
  add(data: Buffer): string;
  /** Drops every connection and listens again on the same port (a coordinator restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const FIVE_MINUTES = 5 * 60_000;

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A CA and a server certificate for 127.0.0.1 signed by it. */
export function makeCoordinatorPki(): { caPem: string; certPem: string; keyPem: string } {
  const dir = tempDir('fake-coord-pki');
  try {
    openssl(dir, 'ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
    openssl(
      dir,
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-subj',
      '/CN=k3sgrid-coordinator-ca',
      '-days',
      '2',
      '-out',
      'ca.crt',
    );
    openssl(dir, 'ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'srv.key');
    openssl(dir, 'req', '-new', '-key', 'srv.key', '-subj', '/CN=coordinator', '-out', 'srv.csr');
    writeFileSync(path.join(dir, 'srv.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    openssl(
      dir,
      'x509',
      '-req',
      '-in',
      'srv.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'srv.ext',
      '-out',
      'srv.crt',
    );
    const read = (n: string): string => readFileSync(path.join(dir, n), 'utf8');
    return { caPem: read('ca.crt'), certPem: read('srv.crt'), keyPem: read('srv.key') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFakeCoordinator(
  opts: {
    pki?: ReturnType<typeof makeCoordinatorPki>;
    nodeId?: string;
    /** The enrolled node's signing keys (default: fresh ones). */
    nodeKeys?: KeyPair;
    now?: () => number;
  } = {},
): Promise<FakeCoordinator> {
  const pki = opts.pki ?? makeCoordinatorPki();
  const now = opts.now ?? Date.now;
  const pin = pinOfCertificate(new X509Certificate(pki.caPem).raw);
  const nodeKeys = opts.nodeKeys ?? (await newSigningKeyPair());
  const nodeId = opts.nodeId ?? 'node-7f3a';
  const blobs = new Map<string, Buffer>();
  const requests: RequestLog[] = [];
  const knobs: FakeCoordinator['knobs'] = {
    revoked: false,
    unavailable: 0,
    cutAfter: null,
    corruptAt: null,
    refuseRanges: false,
    stallAfter: null,
  };

  const authorized = async (header: string | undefined, sha256: string): Promise<boolean> => {
    const m = /^K3G-Node (.+)\.(\d+)\.([A-Za-z0-9_-]+)$/.exec(header ?? '');
    if (!m) return false;
    const [, id, ms, sig] = m as unknown as [string, string, string, string];
    if (id !== nodeId || Math.abs(now() - Number(ms)) > FIVE_MINUTES) return false;
    return verify(
      Buffer.from(sig, 'base64url'),
      downloadTranscript({ pin, nodeId: id, sha256, unixMs: Number(ms) }),
      nodeKeys.publicKey,
    );
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const m = /^\/v1\/agent\/releases\/([0-9a-f]{64})$/.exec(req.url ?? '');
      const range = typeof req.headers.range === 'string' ? req.headers.range : null;
      const answer = (status: number, body = ''): void => {
        requests.push({ sha256: m?.[1] ?? '', range, status });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === '' ? '' : JSON.stringify({ statusCode: status, message: body }));
      };
      if (!m || req.method !== 'GET') return answer(404, 'not found');
      const sha256 = m[1] as string;
      if (!(await authorized(req.headers.authorization, sha256))) return answer(401, 'bad or expired signature');
      if (knobs.revoked) return answer(403, 'node revoked');
      const blob = blobs.get(sha256);
      if (!blob) return answer(404, 'unknown release');
      if (knobs.unavailable > 0) {
        knobs.unavailable--;
        return answer(503, 'not available on this replica yet');
      }
      let start = 0;
      if (range !== null) {
        const r = /^bytes=(\d+)-$/.exec(range);
        if (!r || knobs.refuseRanges || Number(r[1]) >= blob.length) return answer(416, 'bad range');
        start = Number(r[1]);
      }
      let body = blob.subarray(start);
      if (knobs.corruptAt !== null && knobs.corruptAt >= start) {
        body = Buffer.from(body);
        const i = knobs.corruptAt - start;
        body[i] = (body[i] ?? 0) ^ 0xff;
        knobs.corruptAt = null;
      }
      const status = range === null ? 200 : 206;
      requests.push({ sha256, range, status });
      res.writeHead(status, {
        'content-type': 'application/octet-stream',
        'content-length': String(body.length),
        ...(status === 206 ? { 'content-range': `bytes ${start}-${blob.length - 1}/${blob.length}` } : {}),
      });
      if (knobs.cutAfter !== null) {
        const n = knobs.cutAfter;
        knobs.cutAfter = null;
        // A graceful close after the bytes (they all arrive), before the promised length.
        res.write(body.subarray(0, n), () => req.socket.end());
        return;
      }
      if (knobs.stallAfter !== null) {
        res.write(body.subarray(0, knobs.stallAfter));
        knobs.stallAfter = null;
        return; // never ends
      }
      // Several writes, like a real stream.
      const step = 16 * 1024;
      for (let i = 0; i < body.length; i += step) res.write(body.subarray(i, i + step));
      res.end();
    })();
  };

  let server = https.createServer({ key: pki.keyPem, cert: pki.certPem }, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const closeServer = (s: https.Server): Promise<void> =>
    new Promise((r) => {
      s.closeAllConnections();
      s.close(() => r());
    });

  return {
    baseUrl: `https://127.0.0.1:${port}`,
    caPem: pki.caPem,
    pin,
    nodeId,
    nodeKeys,
    blobs,
    requests,
    knobs,
    add(data) {
      const sha = createHash('sha256').update(data).digest('hex');
      blobs.set(sha, data);
      return sha;
    },
    async restart() {
      await closeServer(server);
      server = https.createServer({ key: pki.keyPem, cert: pki.certPem }, handler);
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    },
    close: () => closeServer(server),
  };
}
