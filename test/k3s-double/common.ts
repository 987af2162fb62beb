// Paths, node identity, tokens and the token CA check shared by server and agent.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { hostname } from 'node:os';
import path from 'node:path';
import { hashCA } from './certs.js';
import type { Flags } from './flags.js';
import { logger } from './log.js';
import { flagNodeIP, hostIP } from './net.js';

/**
 * K3S_DOUBLE_ROOT prefixes every absolute *default* path (config file,
 * /etc/rancher/node, /var/lib/rancher/k3s, /etc/rancher/k3s/k3s.yaml) so many
 * instances can share one machine. Explicit --config/--data-dir are taken as given.
 */
export function rooted(p: string): string {
  const root = process.env.K3S_DOUBLE_ROOT;
  return root ? path.join(root, p) : p;
}

export const defaultConfigPath = (): string => rooted('/etc/rancher/k3s/config.yaml');

export function dataDir(flags: Flags): string {
  return path.resolve(flags.str('data-dir') ?? rooted('/var/lib/rancher/k3s'));
}

/** An error `run` returns: main logs it as cmd/server/main.go does, `level=fatal msg="Error: <msg>"`, exit 1. */
export class FatalError extends Error {}

/** A logrus.Fatalf somewhere else in k3s: logged as is (no `Error: ` prefix), exit 1. */
export class DirectFatal extends Error {}

/** ensureNodePassword: 16 random bytes hex + "\n", mode 0600 (k3s-protocol.md §3). */
export function nodePassword(): { file: string; password: string } {
  const file = rooted('/etc/rancher/node/password');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(16).toString('hex')}\n`, { mode: 0o600 });
  }
  return { file, password: readFileSync(file, 'utf8').trim() };
}

/** --node-name or hostname, lowercased; --with-node-id appends -<8 hex> from /etc/rancher/node/id. */
export function nodeName(flags: Flags): string {
  let name = (flags.str('node-name') ?? hostname()).toLowerCase();
  if (flags.bool('with-node-id')) {
    const idFile = rooted('/etc/rancher/node/id');
    if (!existsSync(idFile)) {
      mkdirSync(path.dirname(idFile), { recursive: true });
      writeFileSync(idFile, randomBytes(4).toString('hex'), { mode: 0o644 });
    }
    name += `-${readFileSync(idFile, 'utf8').trim()}`;
  }
  return name;
}

/** --node-ip (first), else the default-route address, as util.GetHostnameAndIPs. */
export function nodeIP(flags: Flags): string {
  return flagNodeIP(flags) ?? hostIP();
}

export interface Token {
  caHash: string;
  username: string;
  password: string;
}

/** clientaccess parseToken (k3s-protocol.md §1 "Parsing"). Bootstrap tokens are not supported by the double. */
export function parseToken(token: string): Token {
  if (token === '') throw new Error('token must not be empty');
  let t = token;
  if (!t.startsWith('K10')) t = `K10:::${t}`;
  t = t.slice(3);
  const sep = t.indexOf('::');
  if (sep < 0) throw new Error('invalid token format');
  const caHash = t.slice(0, sep);
  const creds = t.slice(sep + 2);
  if (caHash !== '' && caHash.length !== 64) throw new Error('invalid token CA hash length');
  const c = creds.indexOf(':');
  if (c < 0 || creds.slice(c + 1) === '') throw new Error('invalid token format');
  return { caHash, username: creds.slice(0, c), password: creds.slice(c + 1) };
}

export function readToken(flags: Flags): string | undefined {
  const t = flags.str('token');
  if (t) return t;
  const f = flags.str('token-file');
  if (f) return readFileSync(f, 'utf8').trim();
  return undefined;
}

export interface HttpResult {
  status: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export function request(
  url: string,
  opts: {
    method?: string;
    ca?: string | Buffer;
    auth?: { user: string; pass: string };
    headers?: Record<string, string>;
    body?: string | Buffer;
    cert?: string;
    key?: string;
    timeoutMs?: number;
  },
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.auth)
      headers.authorization = `Basic ${Buffer.from(`${opts.auth.user}:${opts.auth.pass}`).toString('base64')}`;
    const req = https.request(
      {
        method: opts.method ?? 'GET',
        hostname: u.hostname,
        port: u.port || 443,
        path: `${u.pathname}${u.search}`,
        headers,
        ...(opts.ca ? { ca: opts.ca } : { rejectUnauthorized: false }),
        ...(opts.cert && opts.key ? { cert: opts.cert, key: opts.key } : {}),
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${url} timed out`)));
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

/** The text of a Go client error for a failed request: `Get "<url>": <cause>`. */
function goRequestError(method: string, url: string, e: unknown): string {
  const m = (e as Error).message || String(e);
  return `${method[0]}${method.slice(1).toLowerCase()} "${url}": ${m}`;
}

/**
 * clientaccess readBody: a non-2xx answer with a metav1.Status body becomes the
 * Status message (e.g. `not authorized`), otherwise `<url>: <code> <text>`.
 */
export function responseError(url: string, r: HttpResult): string {
  try {
    const st = JSON.parse(r.body.toString()) as { kind?: string; message?: string };
    if (st.kind === 'Status') return st.message ?? '';
  } catch {
    // not a Status
  }
  return `${url}: ${r.status} ${httpStatusText(r.status)}`;
}

export function httpStatusText(code: number): string {
  return (
    (
      {
        400: 'Bad Request',
        401: 'Unauthorized',
        403: 'Forbidden',
        404: 'Not Found',
        500: 'Internal Server Error',
        502: 'Bad Gateway',
        503: 'Service Unavailable',
      } as Record<number, string>
    )[code] ?? ''
  );
}

/**
 * clientaccess.ParseAndValidateToken (pkg/clientaccess/token.go @e7dd3b7e):
 * parse the token, GET /cacerts without verification, again trusting only the
 * downloaded bundle, then compare the K10 hash (hashCA rule). Returns the CA
 * bytes. Credentials are sent only after this succeeds.
 */
export async function validateServer(serverURL: string, tokenStr: string): Promise<{ ca: Buffer; token: Token }> {
  const token = parseToken(tokenStr);
  const u = new URL(serverURL);
  if (u.protocol !== 'https:') throw new Error(`only https:// URLs are supported, invalid scheme: ${serverURL}`);
  const cacertsURL = new URL('/cacerts', u).toString();
  let first;
  try {
    first = await request(cacertsURL, {});
  } catch (e) {
    throw new Error(`failed to get CA certs: ${goRequestError('GET', cacertsURL, e)}`, { cause: e });
  }
  if (first.status !== 200) throw new Error(`failed to get CA certs: ${responseError(cacertsURL, first)}`);
  const ca = first.body;
  try {
    await request(cacertsURL, { ca });
  } catch (e) {
    throw new Error(`CA cert validation failed: ${goRequestError('GET', cacertsURL, e)}`, { cause: e });
  }
  const got = hashCA(ca);
  if (token.caHash === '') {
    logger.warn(
      `Cluster CA certificate is not trusted by the host CA bundle, but the token does not include a CA hash. Use the full token from the server's node-token file to enable Cluster CA validation.`,
    );
  } else if (token.caHash !== got) {
    throw new Error(`token CA hash does not match the Cluster CA certificate hash: ${token.caHash} != ${got}`);
  }
  return { ca, token };
}

export interface PasswdEntry {
  password: string;
  user: string;
  uid: string;
  group: string;
}

export function readPasswd(file: string): PasswdEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [password = '', user = '', uid = '', group = ''] = l.split(',');
      return { password, user, uid, group };
    });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
