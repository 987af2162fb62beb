/**
 * Bounded fuzz target for the envelope decoder and the live session handler.
 *
 *   npx tsx --conditions=source scripts/fuzz/envelope.ts --seconds 20 [--seed N]
 *
 * Seeds a corpus with valid frames of every body kind (plus a real, signed
 * EnrollRequest), mutates them (bit flips, truncation, insertion, deletion,
 * duplication, splicing, varint and length corruption) and feeds each input
 * to `decodeFrame` (it must return a frame or throw a ProtocolError, within
 * 100 ms) and, for a share of them, over a real TLS WebSocket to an
 * in-process coordinator: before authentication and inside an authenticated
 * session (where the application handlers run). A failure is an untyped
 * error, a slow input, an internal-error close (1011), a "session handler
 * failed" log line, or a coordinator that stops serving. Exits 1 on failure.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { startCoordinator } from '@k3sgrid/coordinator';
import {
  AGENT_FRAME_LIMITS,
  authTranscript,
  decodeFrame,
  encodeFrame,
  type OutBody,
  ProtocolError,
  reportDigest,
  sign,
} from '@k3sgrid/proto';
import { enrollBody, newIdentity, openRaw, type Identity, type RawConn } from '../../test/support/raw-client.js';
import { mulberry32, tempDir } from '@k3sgrid/testkit';

export interface FuzzResult {
  seconds: number;
  seed: number;
  inputs: number;
  decoded: number;
  refused: number;
  live: number;
  liveAuthenticated: number;
  closeCodes: Record<string, number>;
  slowestDecodeMs: number;
  failures: string[];
  servingAtEnd: boolean;
}

/** Close codes a session may end with after a hostile frame. */
const ALLOWED_CLOSES = new Set([1000, 1002, 1007, 1008, 1009, 4001, 4003, 4008]);

function mutateOnce(rnd: () => number, input: Buffer, corpus: Buffer[]): Buffer {
  const int = (n: number): number => Math.floor(rnd() * n);
  const b = Buffer.from(input);
  const at = b.length === 0 ? 0 : int(b.length);
  switch (int(9)) {
    case 0:
      if (b.length) b[at] = b[at]! ^ (1 << int(8));
      return b;
    case 1:
      return b.subarray(0, at);
    case 2:
      return Buffer.concat([b.subarray(0, at), randomBytes(1 + int(8)), b.subarray(at)]);
    case 3:
      return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(8))]);
    case 4:
      return Buffer.concat([b.subarray(0, at + 1 + int(16)), b.subarray(at)]);
    case 5: {
      const other = corpus[int(corpus.length)]!;
      return Buffer.concat([b.subarray(0, at), other.subarray(int(other.length))]);
    }
    case 6:
      // Interesting bytes: varint continuation, group start/end, length-delimited tags.
      if (b.length) b[at] = [0x80, 0xff, 0x7f, 0x0b, 0x0c, 0x0a, 0x12, 0x00][int(8)]!;
      return b;
    case 7:
      // A length prefix that claims more than there is.
      return Buffer.concat([b.subarray(0, at), Buffer.from([0x7a, 0xff, 0xff, 0x03]), b.subarray(at)]);
    default:
      return Buffer.concat([b, b.subarray(0, int(b.length + 1))]);
  }
}

function seedBodies(): OutBody[] {
  const r = (n: number): Buffer => randomBytes(n);
  return [
    { kind: 'heartbeat', value: { agentTimeMs: Date.now(), phase: 'ready', appliedEpoch: 1, appliedGeneration: 1 } },
    {
      kind: 'capabilityReport',
      value: {
        kernelRelease: '6.1.0',
        modules: [{ name: 'overlay', state: 'loaded', sourceFile: 'proc/modules' }],
        tools: [{ name: 'iptables', present: true }],
        disks: [{ name: 'vda', sizeBytes: 1e10, unused: true }],
        addresses: ['10.1.0.2'],
        cpuCount: 4,
        memoryBytes: 8e9,
        hostname: 'fuzz',
      },
    },
    {
      kind: 'statusUpdate',
      value: { phase: 'running', message: 'ok', logTail: ['a', 'b'], caHash: 'ab', epoch: 1, generation: 1 },
    },
    { kind: 'ack', value: { epoch: 1, generation: 1, accepted: true } },
    { kind: 'ack', value: { epoch: 9, generation: 9, accepted: false, reason: 'no' } },
    { kind: 'kubeconfigUpload', value: { requestId: 'r1', sealed: r(64) } },
    { kind: 'kubeconfigUpload', value: { requestId: 'r2', error: 'none' } },
    {
      kind: 'authRequest',
      value: {
        clientNonce: r(32),
        nodeSignPub: r(32),
        signature: r(64),
        agentVersion: 'f',
        hostname: 'f',
        report: { hostname: 'f' },
      },
    },
    {
      kind: 'enrollRequest',
      value: {
        clientNonce: r(32),
        tokenId: 'abcdefghij',
        nodeSignPub: r(32),
        nodeBoxPub: r(32),
        mac: r(32),
        signature: r(64),
        hostname: 'f',
      },
    },
    { kind: 'error', value: { code: 'x', message: 'y' } },
    { kind: 'welcome', value: { nodeId: 'n', nodeName: 'n', clusterId: 'c', signature: r(64) } },
  ];
}

export async function runFuzz(o: {
  seconds: number;
  seed?: number;
  log?: (line: string) => void;
}): Promise<FuzzResult> {
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const rnd = mulberry32(seed);
  let logs = '';
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      logs += chunk.toString();
      if (logs.length > 1_000_000) logs = logs.slice(-200_000);
      cb();
    },
  });
  const stateDir = join(tempDir('fuzz'), 'state');
  const c = await startCoordinator({
    stateDir,
    listen: '127.0.0.1:0',
    advertise: ['127.0.0.1'],
    logger: pino({ level: 'warn' }, sink),
    maxFailuresPerAddress: 1_000_000,
  });
  const res: FuzzResult = {
    seconds: o.seconds,
    seed,
    inputs: 0,
    decoded: 0,
    refused: 0,
    live: 0,
    liveAuthenticated: 0,
    closeCodes: {},
    slowestDecodeMs: 0,
    failures: [],
    servingAtEnd: false,
  };
  const fail = (what: string, input: Buffer): void => {
    if (res.failures.length < 50) res.failures.push(`${what} (input ${input.toString('hex').slice(0, 200)})`);
  };
  try {
    const admin = (await import('node:fs')).readFileSync(join(stateDir, 'admin.token'), 'utf8').trim();
    const auth = { authorization: `Bearer ${admin}` };
    await c.app.inject({
      method: 'POST',
      url: '/v1/clusters',
      headers: auth,
      payload: { name: 'fuzz', formation: { minNodes: 10_000 } },
    });
    const tokenRes = await c.app.inject({
      method: 'POST',
      url: '/v1/clusters/fuzz/join-tokens',
      headers: auth,
      payload: { maxUses: 10 },
    });
    const token = tokenRes.json<{ token: string }>().token;
    const ca = c.state.tls.caCert;

    // One enrolled identity; each authenticated trial reconnects with it by signature.
    const id: Identity = await newIdentity();
    const first = await openRaw(c.agentUrl, ca);
    const enrollReq = await enrollBody(await first.next('serverHello'), token, id, { hostname: 'fuzz-node' });
    first.send(enrollReq);
    await first.next('welcome');
    first.ws.close();

    const corpus: Buffer[] = [...seedBodies(), enrollReq].map((b, i) => Buffer.from(encodeFrame(1 + i, b)));

    const authenticated = async (): Promise<RawConn> => {
      const conn = await openRaw(c.agentUrl, ca);
      const hello = await conn.next('serverHello');
      if (hello.kind !== 'serverHello') throw new Error('no hello');
      const clientNonce = randomBytes(32);
      const report = { hostname: 'fuzz-node' };
      const t = authTranscript({
        pin: c.state.pin,
        sessionId: hello.value.sessionId,
        serverNonce: hello.value.serverNonce,
        clientNonce,
        nodeSignPub: id.sign.publicKey,
        reportDigest: reportDigest(report),
      });
      conn.send({
        kind: 'authRequest',
        value: {
          clientNonce,
          nodeSignPub: id.sign.publicKey,
          report,
          signature: await sign(t, id.sign.privateKey),
          agentVersion: 'fuzz',
          hostname: 'fuzz-node',
        },
      });
      await conn.next('welcome');
      return conn;
    };

    const deadline = Date.now() + o.seconds * 1000;
    let lastLive = 0;
    while (Date.now() < deadline) {
      let input = corpus[Math.floor(rnd() * corpus.length)]!;
      for (let k = 0, n = 1 + Math.floor(rnd() * 4); k < n; k++) input = mutateOnce(rnd, input, corpus);
      res.inputs++;
      const t0 = performance.now();
      try {
        decodeFrame(input, AGENT_FRAME_LIMITS);
        res.decoded++;
        if (corpus.length < 500 && rnd() < 0.05) corpus.push(input); // keep decodable mutants as new seeds
      } catch (err) {
        if (err instanceof ProtocolError) res.refused++;
        else fail(`untyped error from decodeFrame: ${String(err)}`, input);
      }
      let ms = performance.now() - t0;
      // A slow input is re-timed (min of 3): a descheduled process is not a slow input.
      for (let k = 0; k < 3 && ms > 100; k++) {
        const t1 = performance.now();
        try {
          decodeFrame(input, AGENT_FRAME_LIMITS);
        } catch {
          /* timed only */
        }
        ms = Math.min(ms, performance.now() - t1);
      }
      res.slowestDecodeMs = Math.max(res.slowestDecodeMs, ms);
      if (ms > 100) fail(`slow input: ${ms.toFixed(1)} ms`, input);

      // Every ~25 ms one input also goes over a live session, alternating pre-auth and authenticated.
      if (Date.now() - lastLive < 25) continue;
      lastLive = Date.now();
      const authed = res.live % 2 === 1;
      let conn: RawConn;
      try {
        conn = authed ? await authenticated() : await openRaw(c.agentUrl, ca);
        if (!authed) await conn.next('serverHello');
      } catch (err) {
        fail(`could not open a ${authed ? 'authenticated ' : ''}session: ${String(err)}`, input);
        continue;
      }
      res.live++;
      if (authed) res.liveAuthenticated++;
      // Sequence numbers must increase: rewrite nothing, just send after the handshake frame.
      conn.sendRaw(input);
      const closed = await Promise.race([conn.closed, new Promise<null>((r) => setTimeout(() => r(null), 300))]);
      if (closed) {
        res.closeCodes[closed.code] = (res.closeCodes[closed.code] ?? 0) + 1;
        if (!ALLOWED_CLOSES.has(closed.code)) fail(`session closed with ${closed.code} ${closed.reason}`, input);
      } else {
        res.closeCodes.open = (res.closeCodes.open ?? 0) + 1;
        conn.ws.terminate();
      }
      if (/session handler failed|onClosed failed/.test(logs)) {
        fail(
          `coordinator logged: ${/"msg":"(session handler failed|onClosed failed)"[^\n]*/.exec(logs)?.[0] ?? ''}`,
          input,
        );
        logs = '';
      }
    }
    res.servingAtEnd = (await c.app.inject({ url: '/healthz' })).statusCode === 200;
    const again = await authenticated();
    again.ws.close();
  } catch (err) {
    res.failures.push(`fuzz harness: ${String(err)}`);
  } finally {
    await c.close();
  }
  log(`fuzz: ${JSON.stringify({ ...res, failures: res.failures.length })}`);
  return res;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const r = await runFuzz({
    seconds: Number(arg('seconds') ?? 20),
    ...(arg('seed') ? { seed: Number(arg('seed')) } : {}),
  });
  for (const f of r.failures) process.stderr.write(`FAIL ${f}\n`);
  process.exit(r.failures.length > 0 || !r.servingAtEnd ? 1 : 0);
}
