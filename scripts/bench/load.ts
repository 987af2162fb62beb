/**
 * Child process: the load generator. Many agent sessions in one process, each
 * with its own real ed25519/X25519 identity, speaking the real protocol over
 * wss (ServerHello → EnrollRequest with token MAC and signature → Welcome;
 * reconnects with AuthRequest and the agent's own full-jitter back-off),
 * heartbeats from one scheduler tick (no timer per agent), and an optional
 * watch for Assignment frames (the first server answers with a ready
 * StatusUpdate, like a real agent whose k3s came up at once).
 *
 * Connections are spread over many 127.x.y.1 source addresses so the
 * coordinator's per-address cap applies as in a real fleet.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect, createSecureContext, type ConnectionOptions, type SecureContext } from 'node:tls';
import { WebSocket, type RawData } from 'ws';
import { reconnectBackoff } from '@k3sgrid/agent';
import { backoffMs } from '@k3sgrid/proto';
import {
  authTranscript,
  type Body,
  COORDINATOR_FRAME_LIMITS,
  decodeFrame,
  encodeFrame,
  enrollTranscript,
  hmac,
  type JoinToken,
  k3sgrid,
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
import { benchReport, emit, percentile, serveIpc } from './common.js';

/** Connections per source address (the coordinator allows 1024 by default). */
const PER_SOURCE = 400;

interface Agent {
  i: number;
  token: JoinToken;
  sign: KeyPair;
  box: KeyPair;
  report: k3sgrid.v1.CapabilityReport.$Properties;
  src: string;
  ws: WebSocket | null;
  seq: number;
  ready: boolean;
  enrolled: boolean;
  attempt: number;
  assignmentAt: number;
  role: string;
}

let url = '';
/**
 * The client side of TLS is made cheap, because thousands of agents share
 * this process and the cores with the server under test: one TLS context for
 * every session (with `ca` per connection Node parses the CA and builds a new
 * context each time), and no certificate check (Node then skips
 * `getPeerCertificate(true)`, which turns the chain into objects: ~1 ms a
 * handshake, the largest single cost of this process). The handshake on the
 * wire and the server's work are the same; pinning is the agents' own
 * concern, tested with them.
 */
let secureContext: SecureContext | null = null;
const agents: Agent[] = [];
let readyCount = 0;
let reconnectMode = false;
let watchAssignments = false;
const reauthAt: number[] = [];
const refusals = new Map<string, number>();
/** Failed reconnect attempts by cause (HTTP status, close code, socket error, timeout). */
const failures = new Map<string, number>();
let connectFailures = 0;
/**
 * Where the time of each attempt went, as this process saw it: TCP + TLS
 * (to `secureConnect`), the HTTP upgrade, then ServerHello → Welcome. With
 * thousands of handshakes in one process the client's own CPU shows up here.
 */
const phases = { tls: [] as number[], upgrade: [] as number[], welcome: [] as number[] };
let statusCpu = process.cpuUsage();
let statusElu = performance.eventLoopUtilization();

/** A short, countable cause for a failed session attempt. */
function failureCause(message: string): string {
  const stage = / \[([^\]]+)\]$/.exec(message);
  const why = stage ? message.slice(0, stage.index) : message;
  const cause = causeOf(why);
  return stage ? `${cause} (${stage[1]})` : cause;
}

function causeOf(why: string): string {
  const http = /Unexpected server response: (\d+)/.exec(why);
  if (http) return `http ${http[1]}`;
  const code = /\b(E[A-Z]{4,})\b/.exec(why);
  if (code) return code[1] ?? why;
  if (/handshake has timed out/i.test(why)) return 'upgrade timeout';
  if (/socket hang up/i.test(why)) return 'socket hang up';
  if (/TLS|SSL|secure/i.test(why)) return 'tls';
  return why.replace(/\d{3,}/g, '#').slice(0, 60);
}

function sourceOf(i: number): string {
  const a = Math.floor(i / PER_SOURCE);
  return `127.20.${Math.floor(a / 250)}.${(a % 250) + 1}`;
}

/** Runs one session up to the Welcome; rejects on refusal, close or error. */
function session(a: Agent, mode: 'enroll' | 'auth'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const t0 = Date.now();
    let tTls = 0;
    let tUpgrade = 0;
    const ws = new WebSocket(`${url}/v1/agent/connect`, SUBPROTOCOL, {
      ...(secureContext ? { secureContext } : {}),
      rejectUnauthorized: false,
      perMessageDeflate: false,
      localAddress: a.src,
      handshakeTimeout: 60_000,
      createConnection: ((o: ConnectionOptions) => {
        const socket = tlsConnect({ ...o, servername: isIP(o.host ?? '') ? '' : o.host });
        socket.once('secureConnect', () => (tTls = Date.now()));
        return socket;
      }) as unknown as never,
    });
    ws.once('upgrade', () => (tUpgrade = Date.now()));
    a.ws = ws;
    a.seq = 0;
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      try {
        ws.terminate();
      } catch {
        /* gone */
      }
      const stage = tUpgrade ? 'after upgrade' : tTls ? 'after TLS' : 'in TCP/TLS';
      reject(new Error(`${why} [${stage}]`));
    };
    ws.on('error', (err) => fail(err.message));
    ws.on('close', (code) => {
      if (!settled) return fail(`closed ${code}`);
      if (a.ready && a.ws === ws) {
        a.ready = false;
        readyCount--;
        if (reconnectMode) scheduleReconnect(a);
      }
    });
    ws.on('message', (data: RawData) => {
      if (a.ready && !watchAssignments) return; // heartbeat echoes, pings are handled by ws
      let body: Body;
      try {
        body = decodeFrame(data as Buffer, COORDINATOR_FRAME_LIMITS).body;
      } catch {
        return fail('bad frame');
      }
      if (body.kind === 'serverHello') {
        void handshakeBody(a, body, mode).then(
          (out) => send(a, out),
          (err: unknown) => fail(String(err)),
        );
      } else if (body.kind === 'welcome') {
        const now = Date.now();
        phases.tls.push(tTls - t0);
        phases.upgrade.push(tUpgrade - tTls);
        phases.welcome.push(now - tUpgrade);
        settled = true;
        a.ready = true;
        a.enrolled = true;
        readyCount++;
        resolve();
      } else if (body.kind === 'error') {
        refusals.set(body.value.code, (refusals.get(body.value.code) ?? 0) + 1);
        fail(`refused: ${body.value.code}`);
      } else if (body.kind === 'assignment') {
        onAssignment(a, body);
      }
    });
  });
}

function send(a: Agent, body: OutBody): void {
  if (!a.ws || a.ws.readyState !== WebSocket.OPEN) return;
  a.seq++;
  a.ws.send(encodeFrame(a.seq, body));
}

async function handshakeBody(
  a: Agent,
  hello: Extract<Body, { kind: 'serverHello' }>,
  mode: 'enroll' | 'auth',
): Promise<OutBody> {
  const clientNonce = randomBytes(32);
  const binding = {
    pin: a.token.pin,
    sessionId: hello.value.sessionId,
    serverNonce: hello.value.serverNonce,
    clientNonce,
  };
  const digest = reportDigest(a.report);
  if (mode === 'auth') {
    const transcript = authTranscript({ ...binding, nodeSignPub: a.sign.publicKey, reportDigest: digest });
    return {
      kind: 'authRequest',
      value: {
        clientNonce,
        nodeSignPub: a.sign.publicKey,
        report: a.report,
        signature: await sign(transcript, a.sign.privateKey),
        agentVersion: 'bench',
        hostname: a.report.hostname ?? '',
      },
    };
  }
  const transcript = enrollTranscript({
    ...binding,
    tokenId: a.token.id,
    nodeSignPub: a.sign.publicKey,
    nodeBoxPub: a.box.publicKey,
    reportDigest: digest,
  });
  return {
    kind: 'enrollRequest',
    value: {
      clientNonce,
      tokenId: a.token.id,
      nodeSignPub: a.sign.publicKey,
      nodeBoxPub: a.box.publicKey,
      hostname: a.report.hostname ?? '',
      report: a.report,
      mac: hmac(tokenMacKey(a.token.secret), transcript),
      signature: await sign(transcript, a.sign.privateKey),
      agentVersion: 'bench',
    },
  };
}

function onAssignment(a: Agent, body: Extract<Body, { kind: 'assignment' }>): void {
  if (a.assignmentAt === 0) a.assignmentAt = Date.now();
  const spec = k3sgrid.v1.AssignmentBody.decode(body.value.body);
  a.role = spec.role;
  const epoch = spec.epoch;
  const generation = spec.generation;
  send(a, { kind: 'ack', value: { epoch, generation, accepted: true, reason: '' } });
  // The first server "comes up" at once: a real agent pushes this after k3s is ready.
  if (spec.role === 'server-init') {
    send(a, {
      kind: 'statusUpdate',
      value: { phase: 'ready', message: '', logTail: [], caHash: 'ab'.repeat(32), epoch, generation },
    });
  }
}

/**
 * Reconnect attempts in flight in this process at most
 * (BENCH_RECONNECT_CONCURRENCY, default 256; 0 = no limit). Thousands of
 * agents live in one process on cores it shares with the server: without a
 * bound, a herd makes this process's own TLS work so slow that handshakes miss
 * the server's deadlines for reasons a fleet of real machines would not have.
 * An agent whose back-off ends while the bound is reached waits for a slot
 * (FIFO); its attempt starts then.
 */
const RECONNECT_INFLIGHT = Number(process.env.BENCH_RECONNECT_CONCURRENCY ?? 256);
let inflight = 0;
const slotQueue: Array<() => void> = [];
let slotHead = 0;

function acquireSlot(): Promise<void> {
  if (RECONNECT_INFLIGHT <= 0 || inflight < RECONNECT_INFLIGHT) {
    inflight++;
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => slotQueue.push(resolve));
}

function releaseSlot(): void {
  const next = slotQueue[slotHead];
  if (next) {
    slotQueue[slotHead++] = undefined as unknown as () => void;
    if (slotHead > 4096 && slotHead * 2 > slotQueue.length) {
      slotQueue.splice(0, slotHead);
      slotHead = 0;
    }
    next(); // the slot passes on: `inflight` is unchanged
  } else inflight--;
}

function scheduleReconnect(a: Agent): void {
  const delay = backoffMs(a.attempt++, reconnectBackoff());
  setTimeout(() => {
    void acquireSlot().then(() => {
      if (!reconnectMode) return releaseSlot();
      session(a, 'auth')
        .then(
          () => {
            a.attempt = 0;
            reauthAt.push(Date.now());
          },
          (err: unknown) => {
            connectFailures++;
            const cause = failureCause(err instanceof Error ? err.message : String(err));
            failures.set(cause, (failures.get(cause) ?? 0) + 1);
            if (reconnectMode) scheduleReconnect(a);
          },
        )
        .finally(releaseSlot);
    });
  }, delay);
}

// ---- heartbeats: one tick, agents spread evenly over the interval
const TICK_MS = 20;
let hbTimer: NodeJS.Timeout | null = null;
let hbSent = 0;

function startHeartbeats(intervalMs: number): void {
  stopHeartbeats();
  const buckets = Math.max(1, Math.round(intervalMs / TICK_MS));
  let tick = 0;
  hbTimer = setInterval(() => {
    const b = tick++ % buckets;
    const now = Date.now();
    for (let i = b; i < agents.length; i += buckets) {
      const a = agents[i];
      if (!a?.ready) continue;
      send(a, {
        kind: 'heartbeat',
        value: { agentTimeMs: now, phase: 'pending', appliedEpoch: 0, appliedGeneration: 0 },
      });
      hbSent++;
    }
  }, TICK_MS);
}

function stopHeartbeats(): void {
  if (hbTimer) clearInterval(hbTimer);
  hbTimer = null;
}

async function prepare(from: number, count: number, tokens: string[], perToken: number): Promise<void> {
  for (let k = 0; k < count; k++) {
    const i = from + k;
    const token = parseJoinToken(tokens[Math.min(tokens.length - 1, Math.floor(i / perToken))] ?? '');
    agents.push({
      i,
      token,
      sign: await newSigningKeyPair(),
      box: await newBoxKeyPair(),
      report: benchReport(i),
      src: sourceOf(i),
      ws: null,
      seq: 0,
      ready: false,
      enrolled: false,
      attempt: 0,
      assignmentAt: 0,
      role: '',
    });
  }
}

serveIpc({
  async connect(args) {
    secureContext ??= createSecureContext();
    url = String(args.url);
    const from = Number(args.from);
    const count = Number(args.count);
    const concurrency = Number(args.concurrency ?? 64);
    /** Epoch ms after which no new session is started (a budget for slow servers). */
    const deadline = Number(args.deadline ?? Infinity);
    const startIdx = agents.length;
    await prepare(from, count, args.tokens as string[], Number(args.perToken ?? 1_000_000));
    const batch = agents.slice(startIdx);
    const latencies: number[] = [];
    const welcomeTimes: number[] = [];
    let failed = 0;
    let next = 0;
    const t0 = Date.now();
    const worker = async (): Promise<void> => {
      while (next < batch.length && Date.now() < deadline) {
        const a = batch[next++];
        if (!a) break;
        const s = Date.now();
        try {
          await session(a, a.enrolled ? 'auth' : 'enroll');
          const e = Date.now();
          latencies.push(e - s);
          welcomeTimes.push(e);
        } catch {
          failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    latencies.sort((x, y) => x - y);
    // Agents never tried (deadline) are dropped: they hold no session.
    if (next < batch.length) agents.splice(startIdx + next, batch.length - next);
    return {
      ok: latencies.length,
      failed,
      skipped: batch.length - Math.min(next, batch.length),
      startedAt: t0,
      endedAt: Date.now(),
      lastWelcomeAt: welcomeTimes.length ? Math.max(...welcomeTimes) : 0,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      refusals: Object.fromEntries(refusals),
    };
  },
  heartbeats(args) {
    if (args.intervalMs) startHeartbeats(Number(args.intervalMs));
    else stopHeartbeats();
    const sent = hbSent;
    hbSent = 0;
    return { sent };
  },
  reconnect(args) {
    reconnectMode = args.enabled === true;
    reauthAt.length = 0;
    connectFailures = 0;
    refusals.clear();
    failures.clear();
    for (const list of Object.values(phases)) list.length = 0;
    statusCpu = process.cpuUsage();
    statusElu = performance.eventLoopUtilization();
    return true;
  },
  watch(args) {
    watchAssignments = args.enabled === true;
    return true;
  },
  status() {
    return {
      agents: agents.length,
      ready: readyCount,
      reauthAt: [...reauthAt],
      connectFailures,
      refusals: Object.fromEntries(refusals),
      failures: Object.fromEntries(failures),
      phases: Object.fromEntries(
        Object.entries(phases).map(([k, v]) => {
          const sorted = [...v].sort((x, y) => x - y);
          return [k, { n: v.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) }];
        }),
      ),
      /** This load process since the `reconnect` command: CPU ms and event-loop utilisation. */
      cpuMs: ((c) => (c.user + c.system) / 1000)(process.cpuUsage(statusCpu)),
      elu: performance.eventLoopUtilization(statusElu).utilization,
    };
  },
  assignments() {
    return agents.map((a) => ({ i: a.i, at: a.assignmentAt, role: a.role }));
  },
  /** Exits normally (a CPU profile is written on a normal exit, not on SIGKILL). */
  exit() {
    setImmediate(() => process.exit(0));
    return true;
  },
  closeAll() {
    reconnectMode = false;
    stopHeartbeats();
    for (const a of agents) a.ws?.terminate();
    return true;
  },
});

emit('ready');
