/**
 * A raw WebSocket client over a TLS socket, for hostile tests that must send
 * what the ws library never would: malformed frames, thousands of fragments,
 * huge declared lengths, 2,000 headers, half-written requests. It records
 * when the server closed (close frame, then TCP close) so tests can bound it.
 */
import { randomBytes } from 'node:crypto';
import { connect, type TLSSocket } from 'node:tls';

export const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** Encodes one client (masked) frame. `declaredLength` lets a test lie about the payload size. */
export function clientFrame(
  opcode: number,
  payload: Uint8Array,
  o: { fin?: boolean; declaredLength?: number } = {},
): Buffer {
  const fin = o.fin ?? true;
  const len = o.declaredLength ?? payload.byteLength;
  let header: Buffer;
  if (len < 126) {
    header = Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | len]);
  } else if (len < 65536) {
    header = Buffer.alloc(4);
    header[0] = (fin ? 0x80 : 0) | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = (fin ? 0x80 : 0) | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, body]);
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

export interface RawWs {
  sock: TLSSocket;
  /** HTTP status line of the upgrade answer. */
  status: number;
  frames: ServerFrame[];
  /** Close code from the server's close frame, if any. */
  closeCode: () => number | null;
  /** performance.now() when the close frame arrived / when TCP closed. */
  closeFrameAt: () => number | null;
  tcpClosedAt: () => number | null;
  tcpClosed: Promise<void>;
  write(buf: Uint8Array): boolean;
  /** Resolves the first binary frame (the ServerHello). */
  firstBinary(timeoutMs?: number): Promise<Buffer>;
}

export interface UpgradeOptions {
  port: number;
  localAddress?: string;
  path?: string;
  protocol?: string;
  /** Extra raw header lines, in order, placed before the upgrade headers. */
  extraHeadersBefore?: string[];
  extraHeadersAfter?: string[];
  /** Answer the server's close frame (default true). */
  answerClose?: boolean;
  timeoutMs?: number;
}

/** Opens a TLS socket to 127.0.0.1:port from `localAddress`. */
export function tlsConnect(port: number, localAddress?: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const sock = connect({
      host: '127.0.0.1',
      port,
      rejectUnauthorized: false,
      ...(localAddress ? { localAddress } : {}),
    });
    sock.once('secureConnect', () => resolve(sock));
    sock.once('error', reject);
  });
}

/** Does the WebSocket upgrade by hand; resolves once the HTTP answer head has arrived (any status). */
export async function rawUpgrade(o: UpgradeOptions): Promise<RawWs> {
  const sock = await tlsConnect(o.port, o.localAddress);
  sock.setNoDelay(true);
  const lines = [
    `GET ${o.path ?? '/v1/agent/connect'} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...(o.extraHeadersBefore ?? []),
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Protocol: ${o.protocol ?? 'k3sgrid.v1'}`,
    ...(o.extraHeadersAfter ?? []),
  ];
  sock.write(`${lines.join('\r\n')}\r\n\r\n`);

  const frames: ServerFrame[] = [];
  let closeCode: number | null = null;
  let closeFrameAt: number | null = null;
  let tcpClosedAt: number | null = null;
  let buf = Buffer.alloc(0);
  let headDone = false;
  let status = 0;
  const waiters: Array<() => void> = [];
  const tcpClosed = new Promise<void>((resolve) =>
    sock.once('close', () => {
      tcpClosedAt = performance.now();
      for (const w of waiters.splice(0)) w();
      resolve();
    }),
  );
  sock.on('error', () => undefined);

  const parseFrames = (): void => {
    for (;;) {
      if (buf.length < 2) return;
      const opcode = buf[0]! & 0x0f;
      let len = buf[1]! & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        off = 10;
      }
      if (buf.length < off + len) return;
      const payload = buf.subarray(off, off + len);
      buf = buf.subarray(off + len);
      frames.push({ opcode, payload: Buffer.from(payload) });
      if (opcode === OP.close && closeCode === null) {
        closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        closeFrameAt = performance.now();
        if (o.answerClose ?? true) {
          sock.write(clientFrame(OP.close, payload.subarray(0, 2)));
          sock.end();
        }
      }
      for (const w of waiters.splice(0)) w();
    }
  };

  const sentAt = performance.now();
  const head = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no HTTP answer to the upgrade from ${o.localAddress ?? 'default'}`)),
      o.timeoutMs ?? 10_000,
    );
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!headDone) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        status = Number(/^HTTP\/1\.1 (\d{3})/.exec(buf.subarray(0, end).toString('latin1'))?.[1] ?? 0);
        buf = buf.subarray(end + 4);
        headDone = true;
        clearTimeout(timer);
        resolve();
      }
      if (status === 101) parseFrames();
    });
    sock.once('close', () => {
      clearTimeout(timer);
      if (!headDone)
        reject(
          new Error(
            `closed before the HTTP answer (from ${o.localAddress ?? 'default'}, after ${Math.round(performance.now() - sentAt)} ms, ${buf.length} bytes)`,
          ),
        );
    });
  });
  await head;

  return {
    sock,
    status,
    frames,
    closeCode: () => closeCode,
    closeFrameAt: () => closeFrameAt,
    tcpClosedAt: () => tcpClosedAt,
    tcpClosed,
    write: (b) => (sock.destroyed ? false : sock.write(b)),
    async firstBinary(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const f = frames.find((x) => x.opcode === OP.binary);
        if (f) return f.payload;
        if (tcpClosedAt !== null || Date.now() > deadline) throw new Error('no binary frame from the server');
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
  };
}

/** Linux status fields of a process: resident memory in bytes and open descriptors. */
export async function procStats(pid: number): Promise<{ rss: number; fds: number }> {
  const { readFile, readdir } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  const fds = (await readdir(`/proc/${pid}/fd`)).length;
  return { rss: kb * 1024, fds };
}

/** p-th percentile (0..100) of a list of numbers. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** Runs `fn` over `items` with at most `n` in flight. */
export async function pool<T, R>(items: readonly T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}
