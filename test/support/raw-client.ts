/**
 * A hand-driven protocol client for hostile-input tests: it speaks the real
 * framing and transcripts but lets a test send anything, in any order.
 */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import {
  type Body,
  COORDINATOR_FRAME_LIMITS,
  decodeFrame,
  encodeFrame,
  enrollTranscript,
  hmac,
  type KeyPair,
  newBoxKeyPair,
  newSigningKeyPair,
  type OutBody,
  parseJoinToken,
  reportDigest,
  sign,
  SUBPROTOCOL,
  tokenMacKey,
} from '@k3sgrid/proto';

export interface RawConn {
  ws: WebSocket;
  /** Bodies received so far. */
  received: Body[];
  closed: Promise<{ code: number; reason: string }>;
  next(kind: Body['kind'], timeoutMs?: number): Promise<Body>;
  send(body: OutBody, seq?: number): void;
  sendRaw(bytes: Uint8Array | string): void;
  seq: number;
}

export function openRaw(
  agentUrl: string,
  caPem: string,
  protocols: string | string[] = SUBPROTOCOL,
  opts: { localAddress?: string } = {},
): Promise<RawConn> {
  const ws = new WebSocket(`${agentUrl}/v1/agent/connect`, protocols, {
    ca: caPem,
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    checkServerIdentity: (() => undefined) as unknown as () => boolean,
    perMessageDeflate: false,
  });
  const received: Body[] = [];
  const waiters: Array<() => void> = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, r) => resolve({ code, reason: r.toString() })),
  );
  ws.on('message', (data: Buffer) => {
    try {
      received.push(decodeFrame(data, COORDINATOR_FRAME_LIMITS).body);
    } catch {
      /* tests look at what arrived */
    }
    for (const w of waiters.splice(0)) w();
  });
  ws.on('error', () => undefined);
  const conn: RawConn = {
    ws,
    received,
    closed,
    seq: 0,
    async next(kind, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((b) => b.kind === kind);
        if (found) return found;
        if (Date.now() > deadline || ws.readyState === WebSocket.CLOSED) throw new Error(`no ${kind} received`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    send(body, seq) {
      conn.seq = seq ?? conn.seq + 1;
      ws.send(encodeFrame(conn.seq, body));
    },
    sendRaw(bytes) {
      ws.send(bytes);
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(conn));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

export interface Identity {
  sign: KeyPair;
  box: KeyPair;
}

export async function newIdentity(): Promise<Identity> {
  return { sign: await newSigningKeyPair(), box: await newBoxKeyPair() };
}

/** Builds a valid EnrollRequest for the session whose ServerHello is given. */
export async function enrollBody(
  hello: Body,
  token: string,
  id: Identity,
  opts: { secretOverride?: string; hostname?: string } = {},
): Promise<OutBody> {
  if (hello.kind !== 'serverHello') throw new Error('need a ServerHello');
  const t = parseJoinToken(token);
  const clientNonce = randomBytes(32);
  const report = { hostname: opts.hostname ?? 'raw' };
  const transcript = enrollTranscript({
    pin: t.pin,
    sessionId: hello.value.sessionId,
    serverNonce: hello.value.serverNonce,
    clientNonce,
    tokenId: t.id,
    nodeSignPub: id.sign.publicKey,
    nodeBoxPub: id.box.publicKey,
    reportDigest: reportDigest(report),
  });
  return {
    kind: 'enrollRequest',
    value: {
      clientNonce,
      tokenId: t.id,
      nodeSignPub: id.sign.publicKey,
      nodeBoxPub: id.box.publicKey,
      hostname: opts.hostname ?? 'raw',
      report,
      mac: hmac(tokenMacKey(opts.secretOverride ?? t.secret), transcript),
      signature: await sign(transcript, id.sign.privateKey),
      agentVersion: 'test',
    },
  };
}

/** Enrolls over a raw connection; resolves the Welcome or the Error body. */
export async function rawEnroll(
  agentUrl: string,
  caPem: string,
  token: string,
  opts: { secretOverride?: string; hostname?: string; localAddress?: string; identity?: Identity } = {},
): Promise<{ result: Body; conn: RawConn }> {
  const conn = await openRaw(
    agentUrl,
    caPem,
    SUBPROTOCOL,
    opts.localAddress ? { localAddress: opts.localAddress } : {},
  );
  const hello = await conn.next('serverHello');
  conn.send(await enrollBody(hello, token, opts.identity ?? (await newIdentity()), opts));
  const result = await Promise.race([conn.next('welcome'), conn.next('error')]);
  return { result, conn };
}
