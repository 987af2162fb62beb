/**
 * Child process: the baseline the coordinator is compared with. A minimal
 * `ws` server over TLS with the same certificate type as the coordinator
 * (its own CA and ECDSA P-256 server certificate from the coordinator's PKI
 * module), the same WebSocket options, one ed25519 verify per connection
 * (over the same enrollment or authentication transcript) and heartbeats
 * decoded, recorded in a Map and echoed back. No store, no audit, no
 * reconciler. Argv: `<port> <dir>` (the dir keeps the certificate across a restart).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { caPin, createCa, issueServerCert } from '@k3sgrid/coordinator';
import {
  AGENT_FRAME_LIMITS,
  authTranscript,
  decodeFrame,
  encodeFrame,
  enrollTranscript,
  formatJoinToken,
  newBoxKeyPair,
  newSigningKeyPair,
  newTokenId,
  newTokenSecret,
  reportDigest,
  SUBPROTOCOL,
  verify,
} from '@k3sgrid/proto';
import { emit, selfStats, serveIpc } from './common.js';

const port = Number(process.argv[2] ?? 0);
const dir = process.argv[3] ?? '';
// The certificate survives a restart (the agents pin the CA), like the coordinator's state directory.
const tlsFile = join(dir, 'baseline-tls.json');
const { ca, server } = existsSync(tlsFile)
  ? (JSON.parse(readFileSync(tlsFile, 'utf8')) as {
      ca: { cert: string; key: string };
      server: { cert: string; key: string };
    })
  : await (async () => {
      const ca = await createCa('bench-baseline-ca');
      const server = await issueServerCert(ca, ['127.0.0.1']);
      writeFileSync(tlsFile, JSON.stringify({ ca, server }), { mode: 0o600 });
      return { ca, server };
    })();
const pin = caPin(ca.cert);
const signing = await newSigningKeyPair();
const box = await newBoxKeyPair();
const zeroSignature = new Uint8Array(64);

interface Session {
  ws: WebSocket;
  sessionId: Buffer;
  serverNonce: Buffer;
  nodeId: string | null;
  seqOut: number;
  lastSeen: number;
}

const byNode = new Map<string, Session>();
let nextNode = 1;

const https = createServer({ key: server.key, cert: server.cert + ca.cert });
const wss = new WebSocketServer({
  noServer: true,
  maxPayload: AGENT_FRAME_LIMITS.maxFrameBytes,
  perMessageDeflate: false,
  clientTracking: false,
  handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
});

https.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => accept(ws)));

function accept(ws: WebSocket): void {
  const s: Session = {
    ws,
    sessionId: randomBytes(16),
    serverNonce: randomBytes(32),
    nodeId: null,
    seqOut: 1,
    lastSeen: Date.now(),
  };
  ws.on('message', (data: RawData) => void onFrame(s, data as Buffer));
  ws.on('error', () => undefined);
  ws.on('close', () => {
    if (s.nodeId && byNode.get(s.nodeId) === s) byNode.delete(s.nodeId);
  });
  ws.send(
    encodeFrame(s.seqOut, {
      kind: 'serverHello',
      value: { sessionId: s.sessionId, serverNonce: s.serverNonce, serverTimeMs: Date.now() },
    }),
  );
}

async function onFrame(s: Session, data: Buffer): Promise<void> {
  let frame: ReturnType<typeof decodeFrame>;
  try {
    frame = decodeFrame(data, AGENT_FRAME_LIMITS);
  } catch {
    s.ws.terminate();
    return;
  }
  const body = frame.body;
  if (s.nodeId) {
    s.lastSeen = Date.now();
    if (body.kind === 'heartbeat') s.ws.send(data);
    return;
  }
  const binding = {
    pin,
    sessionId: s.sessionId,
    serverNonce: s.serverNonce,
    clientNonce:
      body.kind === 'enrollRequest' || body.kind === 'authRequest' ? body.value.clientNonce : new Uint8Array(),
  };
  let ok = false;
  if (body.kind === 'enrollRequest') {
    const v = body.value;
    ok = await verify(
      v.signature,
      enrollTranscript({
        ...binding,
        tokenId: v.tokenId,
        nodeSignPub: v.nodeSignPub,
        nodeBoxPub: v.nodeBoxPub,
        reportDigest: reportDigest(v.report),
      }),
      v.nodeSignPub,
    );
  } else if (body.kind === 'authRequest') {
    const v = body.value;
    ok = await verify(
      v.signature,
      authTranscript({ ...binding, nodeSignPub: v.nodeSignPub, reportDigest: reportDigest(v.report) }),
      v.nodeSignPub,
    );
  }
  if (!ok) {
    s.ws.close(4001, 'unauthenticated');
    return;
  }
  s.nodeId = `node-${nextNode++}`;
  byNode.set(s.nodeId, s);
  s.seqOut++;
  s.ws.send(
    encodeFrame(s.seqOut, {
      kind: 'welcome',
      value: {
        nodeId: s.nodeId,
        nodeName: s.nodeId,
        clusterId: 'baseline',
        heartbeatIntervalMs: 10_000,
        coordinatorSignPub: signing.publicKey,
        coordinatorBoxPub: box.publicKey,
        signature: zeroSignature,
      },
    }),
  );
}

await new Promise<void>((r) => https.listen(port, '127.0.0.1', r));
const addr = https.address();
const boundPort = typeof addr === 'object' && addr ? addr.port : port;

serveIpc({
  setup(a) {
    const n = Number(a.clusters ?? 1);
    return Array.from({ length: n }, (_, i) => ({
      clusterId: `baseline-${i}`,
      token: formatJoinToken({ pin, id: newTokenId(), secret: newTokenSecret() }),
    }));
  },
  stats(a) {
    return selfStats(byNode.size, a.gc === true);
  },
  stop() {
    setImmediate(() => process.exit(0));
    return true;
  },
});

emit('ready', { agentUrl: `wss://127.0.0.1:${boundPort}`, caPem: ca.cert, pin, port: boundPort, startMs: 0 });
