/**
 * The agents' WebSocket endpoint, sharing the HTTPS port with the REST API.
 * It enforces the transport limits before any protobuf is decoded (subprotocol,
 * per-address connection cap, unauthenticated-connection cap, frame size,
 * message budget, handshake deadline), runs the handshake through
 * {@link Enrollment}, and routes authenticated frames to the application.
 * A bad client only ever loses its own connection.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  AGENT_FRAME_LIMITS,
  AGENT_SESSION_BODIES,
  CloseCode,
  ProtocolError,
  SUBPROTOCOL,
  closeCodeFor,
  decodeFrame,
  encodeFrame,
  reportFromWire,
  sign,
  welcomeTranscript,
  type Body,
  type CapabilityReport,
  type OutBody,
  type FrameLimits,
  type KeyPair,
  type k3sgrid,
} from '@k3sgrid/proto';
import type { Enrollment, Refusal } from '../enrollment.js';
import { TokenBucket, type Clock } from '../limits.js';
import type { NodeRow } from '../store/types.js';
import type { AgentSession } from './session.js';

/** Path of the agent endpoint on the coordinator's HTTPS port. */
export const AGENT_PATH = '/v1/agent/connect';

export interface GatewayOptions {
  handshakeTimeoutMs: number;
  pingIntervalMs: number;
  heartbeatIntervalMs: number;
  maxConnectionsPerAddress: number;
  maxUnauthenticated: number;
  /** Messages per second per session, and burst. */
  messageRate: number;
  messageBurst: number;
  frameLimits: FrameLimits;
  /**
   * New sessions accepted per second (burst = one second's worth). Over it,
   * upgrades get 503 and the agent's jittered back-off spreads the herd after
   * a coordinator restart.
   */
  maxAcceptsPerSecond: number;
}

export const DEFAULT_GATEWAY_OPTIONS: GatewayOptions = {
  handshakeTimeoutMs: 10_000,
  pingIntervalMs: 15_000,
  heartbeatIntervalMs: 10_000,
  maxConnectionsPerAddress: 1024,
  maxUnauthenticated: 4096,
  messageRate: 50,
  messageBurst: 100,
  frameLimits: AGENT_FRAME_LIMITS,
  maxAcceptsPerSecond: 1000,
};

/** What the application does with authenticated agents. */
export interface GatewayHandlers {
  /** Called after the Welcome is sent. */
  onReady(node: NodeRow, session: AgentSession, info: { enrolled: boolean }): Promise<void>;
  /** Called for every frame after authentication. */
  onMessage(nodeId: string, body: Body, session: AgentSession): Promise<void>;
  /** Called when an authenticated session ends. */
  onClosed(nodeId: string, session: AgentSession): Promise<void>;
}

export interface GatewayDeps {
  enrollment: Enrollment;
  signing: KeyPair;
  box: KeyPair;
  pin: string;
  clock: Clock;
  log: Logger;
  options?: Partial<GatewayOptions>;
  /** Metrics hooks (optional). */
  onRefusal?: (code: string) => void;
  onHandshake?: (ms: number, kind: 'enroll' | 'auth') => void;
}

export class Gateway {
  readonly opts: GatewayOptions;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<AgentSession>();
  private readonly byNode = new Map<string, AgentSession>();
  private readonly perAddress = new Map<string, number>();
  private unauthenticated = 0;
  private sweepTimer: NodeJS.Timeout | null = null;
  /** Close handlers still writing presence (awaited by {@link shutdown}). */
  private readonly closing = new Set<Promise<void>>();
  /** Resolves {@link shutdown} once the last session has closed. */
  private drained: (() => void) | null = null;
  private readonly accepts: TokenBucket;
  private readonly acceptListeners = new Set<(at: number) => void>();
  /** Set once by {@link attach}; until then upgrades are refused (503). */
  private handlers: GatewayHandlers | null = null;

  constructor(private readonly d: GatewayDeps) {
    this.opts = { ...DEFAULT_GATEWAY_OPTIONS, ...d.options };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.opts.frameLimits.maxFrameBytes,
      // Agents never fragment: a fragment flood is refused at once (1008)
      // instead of being held until the handshake deadline.
      maxFragments: 16,
      maxBufferedChunks: 1024,
      perMessageDeflate: false,
      clientTracking: false,
      skipUTF8Validation: false,
      // Exactly one versioned subprotocol; anything else is refused by ws.
      handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    });
    this.accepts = new TokenBucket(this.opts.maxAcceptsPerSecond, this.opts.maxAcceptsPerSecond, d.clock);
    this.sweepTimer = setInterval(() => this.sweep(), 1000);
    this.sweepTimer.unref();
  }

  /**
   * Hands authenticated sessions to `handlers` (the application, built after
   * the gateway: it needs the gateway's session count and sends). Once.
   */
  attach(handlers: GatewayHandlers): void {
    if (this.handlers) throw new Error('gateway handlers are already attached');
    this.handlers = handlers;
  }

  /** The attached handlers (sessions exist only after {@link attach}). */
  private get app(): GatewayHandlers {
    if (!this.handlers) throw new Error('gateway handlers are not attached');
    return this.handlers;
  }

  /**
   * Observes upgrades that passed every limit (the accept-rate cap governs
   * these, not completed handshakes). Returns an unsubscribe function.
   */
  onAccept(listener: (at: number) => void): () => void {
    this.acceptListeners.add(listener);
    return () => this.acceptListeners.delete(listener);
  }

  /** Number of authenticated agent sessions. */
  connectedCount(): number {
    return this.byNode.size;
  }

  isConnected(nodeId: string): boolean {
    return this.byNode.has(nodeId);
  }

  /** Handles an HTTP upgrade; refuses before the WebSocket handshake when over a limit. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '').split('?')[0];
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (path !== AGENT_PATH) return refuse(404, 'Not Found');
    if (!this.handlers) return refuse(503, 'Service Unavailable');
    const address = req.socket.remoteAddress ?? 'unknown';
    if ((this.perAddress.get(address) ?? 0) >= this.opts.maxConnectionsPerAddress) {
      this.d.onRefusal?.('too-many-connections');
      return refuse(429, 'Too Many Requests');
    }
    if (this.unauthenticated >= this.opts.maxUnauthenticated) {
      this.d.onRefusal?.('unauthenticated-cap');
      return refuse(503, 'Service Unavailable');
    }
    if (this.d.enrollment.addressBlocked(address)) {
      this.d.onRefusal?.('address-blocked');
      return refuse(429, 'Too Many Requests');
    }
    if (!this.accepts.take()) {
      this.d.onRefusal?.('accept-rate');
      return refuse(503, 'Service Unavailable');
    }
    const at = this.d.clock();
    for (const l of this.acceptListeners) l(at);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, address));
  }

  private accept(ws: WebSocket, address: string): void {
    const now = this.d.clock();
    const s: AgentSession = {
      ws,
      address,
      state: 'hello-sent',
      sessionId: randomBytes(16),
      serverNonce: randomBytes(32),
      handshakeDeadline: now + this.opts.handshakeTimeoutMs,
      lastSeqIn: 0,
      seqOut: 0,
      bucket: new TokenBucket(this.opts.messageBurst, this.opts.messageRate, this.d.clock),
      nodeId: null,
      lastAliveAt: now,
      // A random phase within the ping interval: pings to N sessions go out
      // N/interval per second, not all in one sweep (see sweep()).
      nextPingAt: now + Math.floor(Math.random() * this.opts.pingIntervalMs),
      closing: false,
      tail: null,
    };
    this.sessions.add(s);
    this.unauthenticated++;
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    const handle = (data: RawData, isBinary: boolean): Promise<void> =>
      this.onFrame(s, data, isBinary).catch((err: unknown) => {
        this.d.log.error(
          {
            err: errMsg(err),
            stack: err instanceof Error ? err.stack?.split('\n').slice(0, 4).join(' | ') : undefined,
            nodeId: s.nodeId,
          },
          'session handler failed',
        );
        this.close(s, CloseCode.internal, 'internal error');
      });
    ws.on('message', (data, isBinary) => {
      // One session's frames are handled in order: with an asynchronous store
      // (PostgreSQL) two status updates could otherwise commit in reverse.
      const next = s.tail ? s.tail.then(() => handle(data, isBinary)) : handle(data, isBinary);
      s.tail = next;
      void next.finally(() => {
        if (s.tail === next) s.tail = null;
      });
    });
    ws.on('pong', () => {
      s.lastAliveAt = this.d.clock();
    });
    ws.on('error', (err) => {
      // ws reports limit violations (maxPayload, bad frames) here and closes itself.
      this.d.log.debug({ err: err.message, address }, 'websocket error');
      this.d.onRefusal?.('ws-error');
    });
    ws.on('close', () => this.onClose(s));
    this.send(s, {
      kind: 'serverHello',
      value: { sessionId: s.sessionId, serverNonce: s.serverNonce, serverTimeMs: now },
    });
  }

  private onClose(s: AgentSession): void {
    if (!this.sessions.delete(s)) return;
    if (s.state !== 'ready') this.unauthenticated--;
    const left = (this.perAddress.get(s.address) ?? 1) - 1;
    if (left <= 0) this.perAddress.delete(s.address);
    else this.perAddress.set(s.address, left);
    const prev = s.state;
    s.state = 'closed';
    if (prev === 'ready' && s.nodeId && this.byNode.get(s.nodeId) === s) {
      this.byNode.delete(s.nodeId);
      const done = this.app
        .onClosed(s.nodeId, s)
        .catch((err: unknown) => this.d.log.error({ err: errMsg(err) }, 'onClosed failed'))
        .finally(() => this.closing.delete(done));
      this.closing.add(done);
    }
    if (this.sessions.size === 0) this.drained?.();
  }

  /** Sends one body on a session. */
  send(s: AgentSession, body: OutBody): void {
    if (s.state === 'closed' || s.ws.readyState !== s.ws.OPEN) return;
    s.seqOut++;
    s.ws.send(encodeFrame(s.seqOut, body));
  }

  /** Sends to a node's live session; false when it is not connected. */
  sendTo(nodeId: string, body: OutBody): boolean {
    const s = this.byNode.get(nodeId);
    if (!s) return false;
    this.send(s, body);
    return true;
  }

  close(s: AgentSession, code: number, reason: string): void {
    // Once closing, the rest of a burst is not decoded and the sweep does not re-close.
    if (s.state === 'closed' || s.closing) return;
    s.closing = true;
    try {
      s.ws.close(code, reason.slice(0, 120));
    } catch {
      s.ws.terminate();
    }
    // A peer that never answers the close handshake is cut after a grace.
    setTimeout(() => {
      if (s.ws.readyState !== s.ws.CLOSED) s.ws.terminate();
    }, 2000).unref();
  }

  /** Closes a node's live session (revocation, deletion). */
  closeNode(nodeId: string, code: number, reason: string): boolean {
    const s = this.byNode.get(nodeId);
    if (!s) return false;
    this.close(s, code, reason);
    return true;
  }

  private refuse(s: AgentSession, r: Refusal): void {
    this.d.onRefusal?.(r.code);
    this.send(s, { kind: 'error', value: { code: r.code, message: r.message, permanent: r.permanent } });
    const code =
      r.code === 'revoked'
        ? CloseCode.revoked
        : r.code === 'rate-limited'
          ? CloseCode.tryAgainLater
          : r.code === 'bad-request'
            ? CloseCode.policy
            : CloseCode.unauthenticated;
    this.close(s, code, r.code);
  }

  private async onFrame(s: AgentSession, data: RawData, isBinary: boolean): Promise<void> {
    if (s.state === 'closed' || s.closing) return;
    s.lastAliveAt = this.d.clock();
    if (!isBinary) return this.close(s, CloseCode.invalidData, 'binary frames only');
    if (!s.bucket.take()) {
      this.d.onRefusal?.('message-rate');
      return this.close(s, CloseCode.policy, 'message rate exceeded');
    }
    // ws delivers Buffers (binaryType nodebuffer); decode in place, no copy.
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    let frame: ReturnType<typeof decodeFrame>;
    try {
      frame = decodeFrame(bytes, this.opts.frameLimits);
      if (frame.seq <= s.lastSeqIn)
        throw new ProtocolError('bad-sequence', `sequence ${frame.seq} after ${s.lastSeqIn}`);
    } catch (err) {
      if (err instanceof ProtocolError) {
        this.d.onRefusal?.(err.code);
        return this.close(s, closeCodeFor(err), err.code);
      }
      throw err;
    }
    s.lastSeqIn = frame.seq;
    const body = frame.body;

    if (s.state === 'ready' && s.nodeId) {
      if (!AGENT_SESSION_BODIES.has(body.kind)) {
        this.d.onRefusal?.('out-of-order');
        return this.close(s, CloseCode.protocolError, 'out-of-order message');
      }
      return this.app.onMessage(s.nodeId, body, s);
    }
    if (s.state !== 'hello-sent' || (body.kind !== 'enrollRequest' && body.kind !== 'authRequest')) {
      this.d.onRefusal?.('out-of-order');
      return this.close(s, CloseCode.protocolError, 'out-of-order message');
    }
    s.state = 'authenticating';
    const started = this.d.clock();
    const binding = {
      pin: this.d.pin,
      sessionId: s.sessionId,
      serverNonce: s.serverNonce,
      clientNonce: body.value.clientNonce,
    };
    const res =
      body.kind === 'enrollRequest'
        ? await this.d.enrollment.enroll(body.value, binding, s.address)
        : await this.d.enrollment.authenticate(body.value, binding, s.address);
    if (s.state !== 'authenticating' || s.closing) {
      // Closed meanwhile (deadline, peer gone). A new node was stored as
      // connected here: clear that presence as a closed session would, unless
      // the agent is already back on a newer session here.
      if (res.ok && res.enrolled && !this.byNode.has(res.node.id)) await this.app.onClosed(res.node.id, s);
      return;
    }
    if (!res.ok) return this.refuse(s, res.refusal);
    this.d.onHandshake?.(this.d.clock() - started, body.kind === 'enrollRequest' ? 'enroll' : 'auth');

    const node = res.node;
    const previous = this.byNode.get(node.id);
    if (previous && previous !== s) this.close(previous, CloseCode.superseded, 'superseded by a newer session');
    s.state = 'ready';
    s.nodeId = node.id;
    this.unauthenticated--;
    this.byNode.set(node.id, s);
    const signature = await sign(
      welcomeTranscript({ ...binding, nodeId: node.id, nodeName: node.name, clusterId: node.clusterId }),
      this.d.signing.privateKey,
    );
    this.send(s, {
      kind: 'welcome',
      value: {
        nodeId: node.id,
        nodeName: node.name,
        clusterId: node.clusterId,
        heartbeatIntervalMs: this.opts.heartbeatIntervalMs,
        coordinatorSignPub: this.d.signing.publicKey,
        coordinatorBoxPub: this.d.box.publicKey,
        signature,
      },
    });
    await this.app.onReady(node, s, { enrolled: res.enrolled });
    // The handshake report of a reconnect also goes through the normal path (drift),
    // unless it is the report the store already holds: then there is nothing to
    // save or compare, and onReady has already asked for a reconciler pass.
    // A decoded sub-message is a class instance although typed as plain properties.
    if (body.kind === 'authRequest' && body.value.report && !sameReport(node.report, body.value.report)) {
      await this.app.onMessage(
        node.id,
        { kind: 'capabilityReport', value: body.value.report as unknown as k3sgrid.v1.CapabilityReport },
        s,
      );
    }
  }

  /**
   * One sweep for all sessions: handshake deadlines and liveness pings. Each
   * session is pinged once per ping interval at its own phase: pinging every
   * session in the same sweep put N TLS writes in one turn of the event loop
   * (20,000 at the benchmark's top step), stalling handshakes behind them.
   */
  private sweep(): void {
    const now = this.d.clock();
    for (const s of this.sessions) {
      if (s.state === 'hello-sent' || s.state === 'authenticating') {
        if (now > s.handshakeDeadline) {
          this.d.onRefusal?.('handshake-timeout');
          this.close(s, CloseCode.timeout, 'handshake deadline passed');
        }
        continue;
      }
      if (s.state !== 'ready') continue;
      // Half-open detection: nothing heard for two ping intervals.
      if (now - s.lastAliveAt > 2 * this.opts.pingIntervalMs) {
        s.ws.terminate();
        continue;
      }
      if (now >= s.nextPingAt) {
        s.nextPingAt = now + this.opts.pingIntervalMs;
        s.ws.ping();
      }
    }
  }

  /** Closes every session and stops the sweep. */
  /**
   * Closes every session and resolves once each one's close has been
   * handled (its presence written), so the caller may close the store after.
   * Peers that do not answer the close handshake are cut after `graceMs`.
   */
  async shutdown(graceMs = 2000): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    for (const s of this.sessions) this.close(s, CloseCode.goingAway, 'coordinator shutting down');
    this.wss.close();
    if (this.sessions.size > 0) {
      const drained = new Promise<void>((resolve) => (this.drained = resolve));
      const cut = setTimeout(() => {
        for (const s of this.sessions) s.ws.terminate();
      }, graceMs);
      await drained;
      clearTimeout(cut);
    }
    await Promise.allSettled([...this.closing]);
  }
}

/** True when a reconnect's handshake report is the one the store holds (plain data, same field order). */
function sameReport(stored: CapabilityReport | null, wire: k3sgrid.v1.CapabilityReport.$Properties): boolean {
  if (!stored) return false;
  try {
    return JSON.stringify(reportFromWire(wire)) === JSON.stringify(stored);
  } catch {
    return false;
  }
}

function errMsg(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
