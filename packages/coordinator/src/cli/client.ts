/**
 * The CLI's HTTP client. Connection settings come from flags, then the
 * environment, then the coordinator's state directory (on its own host):
 * server URL from `endpoint`, admin token from `admin.token`, CA from `ca.crt`.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { STATE_FILES } from '../state-dir.js';

/** Default state directory: /var/lib/k3sgrid for root, else under ~/.local/state. */
export function defaultStateDir(): string {
  if (process.env.K3SGRID_STATE_DIR) return process.env.K3SGRID_STATE_DIR;
  return process.getuid?.() === 0 ? '/var/lib/k3sgrid' : join(homedir(), '.local/state/k3sgrid');
}

export interface ConnectionFlags {
  server?: string;
  token?: string;
  ca?: string;
  stateDir?: string;
}

export interface Connection {
  server: string;
  token: string;
  ca: string | undefined;
}

/** Thrown for a failed API call; carries the API's error code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readTrim(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}

/** Resolves where and how to talk to the coordinator; throws a usage error when it cannot. */
export function resolveConnection(f: ConnectionFlags): Connection {
  const dir = f.stateDir ?? defaultStateDir();
  const server = f.server ?? process.env.K3SGRID_SERVER ?? readTrim(join(dir, STATE_FILES.endpoint));
  if (!server)
    throw new Error(
      `no coordinator URL: pass --server URL, set K3SGRID_SERVER, or run on the coordinator host (state dir ${dir})`,
    );
  const token = f.token ?? process.env.K3SGRID_TOKEN ?? readTrim(join(dir, STATE_FILES.adminToken));
  if (!token)
    throw new Error(
      `no admin token: pass --token, set K3SGRID_TOKEN, or make ${join(dir, STATE_FILES.adminToken)} readable`,
    );
  const caPath = f.ca ?? process.env.K3SGRID_CA ?? join(dir, STATE_FILES.caCert);
  const ca = existsSync(caPath) ? readFileSync(caPath, 'utf8') : undefined;
  if (f.ca && !ca) throw new Error(`CA file ${f.ca} not found`);
  return { server: server.replace(/\/+$/, ''), token, ca };
}

/** Reads an API answer: the parsed JSON body on 2xx (null when empty, the text when not JSON), else an {@link ApiError}. */
function readAnswer(res: IncomingMessage, resolve: (v: never) => void, reject: (e: Error) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    const status = res.statusCode ?? 0;
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (status >= 200 && status < 300) return resolve(parsed as never);
    const e = (parsed ?? {}) as { code?: string; message?: string };
    reject(new ApiError(status, e.code ?? 'error', e.message ?? `HTTP ${status}`));
  });
}

/** Calls the API; resolves the parsed JSON body (or null for 204), rejects with {@link ApiError}. */
export function callApi<T>(c: Connection, method: string, path: string, body?: unknown): Promise<T> {
  const url = new URL(path, `${c.server}/`);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise<T>((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ...(c.ca ? { ca: c.ca } : {}),
        headers: {
          authorization: `Bearer ${c.token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.byteLength) } : {}),
        },
        timeout: 30_000,
      },
      (res) => readAnswer(res, resolve, reject),
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${url.origin} timed out`)));
    req.on('error', (err) => reject(new Error(`cannot reach coordinator at ${url.origin}: ${err.message}`)));
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * Streams a file as the body of a PUT (release imports); resolves the parsed
 * JSON answer, rejects with {@link ApiError}. `onProgress` gets bytes sent.
 */
export async function uploadFile<T>(
  c: Connection,
  path: string,
  file: string,
  headers: Record<string, string> = {},
  onProgress?: (sent: number, total: number) => void,
): Promise<T> {
  const { createReadStream, statSync } = await import('node:fs');
  const total = statSync(file).size;
  const url = new URL(path, `${c.server}/`);
  return new Promise<T>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'PUT',
        ...(c.ca ? { ca: c.ca } : {}),
        headers: {
          authorization: `Bearer ${c.token}`,
          accept: 'application/json',
          'content-type': 'application/octet-stream',
          'content-length': String(total),
          ...headers,
        },
        // No idle limit while bytes flow; the server answers once it has hashed them.
        timeout: 10 * 60_000,
      },
      (res) => readAnswer(res, resolve, reject),
    );
    req.on('timeout', () => req.destroy(new Error(`upload to ${url.origin} timed out`)));
    req.on('error', (err) => reject(new Error(`cannot upload to coordinator at ${url.origin}: ${err.message}`)));
    let sent = 0;
    const src = createReadStream(file);
    src.on('data', (d) => {
      sent += d.length;
      onProgress?.(sent, total);
    });
    src.on('error', (err) => req.destroy(err));
    src.pipe(req);
  });
}
