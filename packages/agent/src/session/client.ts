/**
 * The agent's session with its coordinator: pinned TLS, the enrollment or
 * signature handshake, heartbeats, assignments and reconnection with
 * back-off. Permanent refusals (revoked, token invalid, pin mismatch) end the
 * session with an {@link AgentError}; everything else is retried.
 *
 * The agent may know several addresses of one coordinator (replicas sharing
 * its CA, pin and signing key, so what was learned from one holds for all).
 * A failed attempt moves on to the next address after a short fixed delay;
 * only when a whole sweep of the list has failed does the agent pay the
 * exponential back-off with full jitter. A permanent refusal from any replica
 * is final: they share one store, so another replica would say the same.
 */
import { randomBytes } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { WebSocket } from 'ws';
import {
  COORDINATOR_FRAME_LIMITS,
  CloseCode,
  ProtocolError,
  SUBPROTOCOL,
  authTranscript,
  decodeFrame,
  encodeFrame,
  enrollTranscript,
  hmac,
  openAssignment,
  backoffMs,
  parseJoinToken,
  reportDigest,
  reportToWire,
  seal,
  sign,
  tokenMacKey,
  verify,
  welcomeTranscript,
  type AssignmentSecrets,
  type AssignmentSpec,
  type Body,
  type CapabilityReport,
  type K3sPhase,
  type OutBody,
} from '@k3sgrid/proto';
import { parseCoordinatorList } from '../config.js';
import { AgentError } from '../errors.js';
import {
  b64,
  loadCoordinatorInfo,
  loadOrCreateKeys,
  saveCoordinatorInfo,
  unb64,
  type CoordinatorInfo,
  type NodeKeys,
} from '../identity.js';
import { reconnectBackoff, type BackoffOptions } from './backoff.js';
import { fetchPinnedCa, pinnedTlsOptions } from './pin.js';

/** Path of the agent endpoint on the coordinator. */
export const AGENT_PATH = '/v1/agent/connect';
export const AGENT_VERSION = '0.1.0';

/** Connection state, as reported to the caller. */
export type SessionStatus = 'connecting' | 'handshaking' | 'connected' | 'backoff' | 'stopped';

export interface AgentLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the agent does with what the coordinator sends. */
export interface SessionHandlers {
  /** Applies an assignment; resolve to accept, reject to nack with the reason. */
  onAssignment?(spec: AssignmentSpec, secrets: AssignmentSecrets): Promise<void>;
  /** Returns the admin kubeconfig of this server (k3s.yaml). */
  readKubeconfig?(): Promise<string>;
  /** `coordinator` is the address being tried or connected to. */
  onStatus?(status: SessionStatus, coordinator: string): void;
  onWelcome?(info: CoordinatorInfo): void;
}

export interface SessionOptions {
  /** wss://host:port of the coordinator (the single-address form; tried before {@link coordinators}). */
  coordinator?: string;
  /** wss://host:port of each coordinator replica, tried in order; duplicates are dropped. */
  coordinators?: readonly string[];
  /** Join token; needed only until the node has enrolled. */
  token?: string | undefined;
  stateDir: string;
  probe: () => Promise<CapabilityReport>;
  log: AgentLogger;
  handlers?: SessionHandlers;
  backoff?: BackoffOptions;
  hostname?: string;
  /** Close and reconnect if nothing is heard for this long (default 40 s: > 2 server pings). */
  watchdogMs?: number;
  /** Pause before trying the next address within one sweep of the list (default 250 ms). */
  hopDelayMs?: number;
}

/** The coordinator as the node's own HTTPS client sees it (release downloads). */
export interface CoordinatorEndpoint {
  /** `https://host:port` of the replica the session is connected to (or trying). */
  baseUrl: string;
  /** The pin from the join token; bound into download signatures. */
  pin: string;
  /** PEM of the pinned CA: the only trust anchor. */
  caPem: string;
  nodeId: string;
}

/** Default pause between two addresses of one sweep. */
export const DEFAULT_HOP_DELAY_MS = 250;

/** How one connection attempt ended without a permanent refusal. */
interface AttemptResult {
  /** A verified Welcome was received (the session was up, then dropped). */
  established: boolean;
  /** WebSocket close code, if the socket was opened and closed. */
  closeCode?: number;
}

/** One agent's connection loop. */
export class AgentSessionClient {
  private ws: WebSocket | null = null;
  private stopped = false;
  private seqOut = 0;
  private lastSeqIn = 0;
  private keys: NodeKeys | null = null;
  private info: CoordinatorInfo | null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private attempt = 0;
  private phase: K3sPhase = 'pending';
  private applied = { epoch: 0, generation: 0 };
  private permanent: AgentError | null = null;
  private wake: (() => void) | null = null;
  private addresses: string[];
  private index = 0;

  constructor(private readonly o: SessionOptions) {
    this.info = loadCoordinatorInfo(o.stateDir);
    this.addresses = [...(o.coordinator !== undefined ? [o.coordinator] : []), ...(o.coordinators ?? [])];
  }

  /** Address of the coordinator replica currently connected to, or being tried next. */
  get currentCoordinator(): string {
    return this.addresses[this.index] ?? '';
  }

  /** True once this node has enrolled (it then reconnects without a token). */
  get enrolled(): boolean {
    return this.info !== null;
  }

  get coordinatorInfo(): CoordinatorInfo | null {
    return this.info;
  }

  /**
   * Where and as whom to fetch release blobs: the https:// origin of the
   * coordinator replica this session uses, its pinned CA, and the node id;
   * null before the node has enrolled.
   */
  releaseEndpoint(): CoordinatorEndpoint | null {
    const info = this.info;
    const address = this.currentCoordinator;
    if (info === null || address === '') return null;
    let host: string;
    try {
      host = new URL(address).host;
    } catch {
      return null;
    }
    return { baseUrl: `https://${host}`, pin: info.pin, caPem: info.caPem, nodeId: info.nodeId };
  }

  /** Runs until {@link stop} or a permanent refusal (which rejects). */
  async run(): Promise<void> {
    try {
      // Deduplicated, so one sweep tries each replica once.
      this.addresses = parseCoordinatorList(this.addresses, 'session options');
      if (this.addresses.length === 0) throw new AgentError('config-invalid', 'no coordinator address given', true);
    } catch (err) {
      this.status('stopped');
      throw err;
    }
    const addresses = this.addresses;
    this.keys = await loadOrCreateKeys(this.o.stateDir);
    const n = addresses.length;
    // Failed attempts since the start or since the last established session.
    let failed = 0;
    while (!this.stopped) {
      const address = addresses[this.index] as string;
      let result: AttemptResult = { established: false };
      try {
        result = await this.connectOnce(address);
      } catch (err) {
        if (err instanceof AgentError && err.permanent) {
          this.status('stopped');
          throw err;
        }
        this.o.log.warn({ coordinator: address, err: (err as Error).message }, 'coordinator connection failed');
      }
      if (this.permanent) {
        this.status('stopped');
        throw this.permanent;
      }
      if (this.stopped) break;
      let delay: number;
      if (result.established) {
        // A session that was up dropped: try the same address once more
        // first. Most drops are a blip (watchdog, a link flap, that replica
        // restarting) and staying put keeps agents spread over the replicas
        // as configured instead of piling onto the next one. A replica that
        // says it is going away (shutdown) is left at once. If the retry
        // fails, the sweep moves on to the next address like any failure.
        failed = 0;
        this.attempt = 0;
        if (result.closeCode === CloseCode.goingAway && n > 1) this.index = (this.index + 1) % n;
        delay = backoffMs(this.attempt++, reconnectBackoff(this.o.backoff));
        this.status('backoff');
        this.o.log.info({ delayMs: delay, next: this.currentCoordinator }, 'reconnecting after back-off');
      } else {
        failed++;
        this.index = (this.index + 1) % n;
        if (failed % n === 0) {
          // A whole sweep failed: full exponential back-off with jitter, so a
          // fleet does not hammer replicas that are all down or overloaded.
          delay = backoffMs(this.attempt++, reconnectBackoff(this.o.backoff));
          this.status('backoff');
          this.o.log.info(
            { delayMs: delay, attempt: this.attempt, next: this.currentCoordinator },
            n > 1 ? 'no coordinator address answered; reconnecting after back-off' : 'reconnecting after back-off',
          );
        } else {
          // Within a sweep the next replica is likely fine; do not make the
          // node wait out a back-off earned by another address.
          delay = this.o.hopDelayMs ?? DEFAULT_HOP_DELAY_MS;
          this.o.log.info({ failed: address, next: this.currentCoordinator }, 'trying the next coordinator address');
        }
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
    this.status('stopped');
  }

  private status(s: SessionStatus): void {
    this.o.handlers?.onStatus?.(s, this.currentCoordinator);
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
    this.ws?.close(CloseCode.goingAway, 'agent stopping');
  }

  /** Pushes a k3s phase change now (not on the next heartbeat). */
  reportPhase(update: { phase: K3sPhase; message?: string; logTail?: string[]; caHash?: string }): void {
    this.phase = update.phase;
    this.send({
      kind: 'statusUpdate',
      value: {
        phase: update.phase,
        message: update.message ?? '',
        logTail: update.logTail ?? [],
        caHash: update.caHash ?? '',
        epoch: this.applied.epoch,
        generation: this.applied.generation,
      },
    });
  }

  private send(body: OutBody): void {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    this.seqOut++;
    this.ws.send(encodeFrame(this.seqOut, body));
  }

  private async connectOnce(address: string): Promise<AttemptResult> {
    // Checked to be wss:// in run().
    const url = new URL(address);
    let token: ReturnType<typeof parseJoinToken> | null = null;
    if (!this.info) {
      if (!this.o.token)
        throw new AgentError(
          'config-invalid',
          'this node has not enrolled yet: a join token is required (--token or K3SGRID_TOKEN)',
          true,
        );
      try {
        token = parseJoinToken(this.o.token);
      } catch (err) {
        throw new AgentError('config-invalid', (err as Error).message, true);
      }
    }
    this.status('connecting');
    // The pin is checked before any byte of the protocol is sent.
    const caPem = this.info?.caPem ?? (await fetchPinnedCa(url, token?.pin ?? ''));
    const report = await this.o.probe();
    const wireReport = reportToWire(report);
    const keys = this.keys as NodeKeys;
    const endpoint = new URL(AGENT_PATH, url);

    return new Promise<AttemptResult>((resolve, reject) => {
      this.seqOut = 0;
      this.lastSeqIn = 0;
      const tls = pinnedTlsOptions(caPem);
      const ws = new WebSocket(endpoint, SUBPROTOCOL, {
        ca: tls.ca,
        // Node's tls wants undefined for "ok" (ws's typing says boolean; true would fail).
        checkServerIdentity: tls.checkServerIdentity as unknown as () => boolean,
        maxPayload: COORDINATOR_FRAME_LIMITS.maxFrameBytes,
        perMessageDeflate: false,
        handshakeTimeout: 10_000,
      });
      this.ws = ws;
      let clientNonce: Buffer | null = null;
      let established = false;
      let binding: { pin: string; sessionId: Uint8Array; serverNonce: Uint8Array; clientNonce: Uint8Array } | null =
        null;
      const pin = this.info?.pin ?? token?.pin ?? '';
      const fail = (err: Error): void => {
        if (err instanceof AgentError && err.permanent) this.permanent = err;
        ws.terminate();
      };
      const resetWatchdog = (): void => {
        if (this.watchdog) clearTimeout(this.watchdog);
        this.watchdog = setTimeout(() => {
          this.o.log.warn({}, 'no traffic from coordinator; reconnecting');
          ws.terminate();
        }, this.o.watchdogMs ?? 40_000);
      };
      ws.on('open', () => {
        this.status('handshaking');
        resetWatchdog();
      });
      ws.on('ping', resetWatchdog);
      ws.on('message', (data: Buffer, isBinary) => {
        resetWatchdog();
        if (!isBinary) return fail(new Error('coordinator sent a text frame'));
        let body: Body;
        try {
          const f = decodeFrame(data, COORDINATOR_FRAME_LIMITS);
          if (f.seq <= this.lastSeqIn) throw new ProtocolError('bad-sequence', 'coordinator sequence went backwards');
          this.lastSeqIn = f.seq;
          body = f.body;
        } catch (err) {
          this.o.log.error({ err: (err as Error).message }, 'bad frame from coordinator');
          return fail(err as Error);
        }
        void this.onBody(body, {
          ws,
          keys,
          token,
          pin,
          caPem,
          wireReport,
          address,
          markEstablished: () => (established = true),
          getBinding: () => binding,
          setBinding: (b) => (binding = b),
          getNonce: () => clientNonce,
          setNonce: (n) => (clientNonce = n),
        }).catch((err: unknown) => fail(err as Error));
      });
      ws.on('error', (err) => {
        this.o.log.warn({ err: err.message }, 'websocket error');
      });
      ws.on('close', (code, reasonBuf) => {
        if (this.watchdog) clearTimeout(this.watchdog);
        if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
        this.heartbeatTimer = null;
        const reason = reasonBuf.toString();
        if (code === CloseCode.revoked)
          this.permanent ??= new AgentError(
            'refused-permanently',
            `coordinator revoked this node (${reason || 'revoked'}); enroll again with a new join token`,
            true,
          );
        this.o.log.info({ coordinator: address, code, reason }, 'disconnected from coordinator');
        this.ws = null;
        if (this.permanent) reject(this.permanent);
        else resolve({ established, closeCode: code });
      });
    });
  }

  private async onBody(
    body: Body,
    c: {
      ws: WebSocket;
      keys: NodeKeys;
      token: ReturnType<typeof parseJoinToken> | null;
      pin: string;
      caPem: string;
      wireReport: ReturnType<typeof reportToWire>;
      address: string;
      markEstablished: () => void;
      getBinding: () => { pin: string; sessionId: Uint8Array; serverNonce: Uint8Array; clientNonce: Uint8Array } | null;
      setBinding: (b: { pin: string; sessionId: Uint8Array; serverNonce: Uint8Array; clientNonce: Uint8Array }) => void;
      getNonce: () => Buffer | null;
      setNonce: (n: Buffer) => void;
    },
  ): Promise<void> {
    switch (body.kind) {
      case 'serverHello': {
        if (c.getNonce()) throw new ProtocolError('bad-sequence', 'second ServerHello');
        const clientNonce = randomBytes(32);
        c.setNonce(clientNonce);
        const binding = {
          pin: c.pin,
          sessionId: body.value.sessionId,
          serverNonce: body.value.serverNonce,
          clientNonce,
        };
        c.setBinding(binding);
        const digest = reportDigest(c.wireReport);
        const host = this.o.hostname ?? osHostname();
        if (c.token) {
          const transcript = enrollTranscript({
            ...binding,
            tokenId: c.token.id,
            nodeSignPub: c.keys.sign.publicKey,
            nodeBoxPub: c.keys.box.publicKey,
            reportDigest: digest,
          });
          this.send({
            kind: 'enrollRequest',
            value: {
              clientNonce,
              tokenId: c.token.id,
              nodeSignPub: c.keys.sign.publicKey,
              nodeBoxPub: c.keys.box.publicKey,
              hostname: host,
              report: c.wireReport,
              mac: hmac(tokenMacKey(c.token.secret), transcript),
              signature: await sign(transcript, c.keys.sign.privateKey),
              agentVersion: AGENT_VERSION,
            },
          });
        } else {
          const transcript = authTranscript({ ...binding, nodeSignPub: c.keys.sign.publicKey, reportDigest: digest });
          this.send({
            kind: 'authRequest',
            value: {
              clientNonce,
              nodeSignPub: c.keys.sign.publicKey,
              report: c.wireReport,
              signature: await sign(transcript, c.keys.sign.privateKey),
              agentVersion: AGENT_VERSION,
              hostname: host,
            },
          });
        }
        return;
      }
      case 'welcome': {
        const binding = c.getBinding();
        if (!binding) throw new ProtocolError('bad-sequence', 'Welcome before ServerHello');
        const w = body.value;
        const ok = await verify(
          w.signature,
          welcomeTranscript({ ...binding, nodeId: w.nodeId, nodeName: w.nodeName, clusterId: w.clusterId }),
          w.coordinatorSignPub,
        );
        if (!ok) throw new AgentError('welcome-invalid', 'coordinator Welcome signature does not verify', false);
        if (this.info && this.info.signPub !== b64(w.coordinatorSignPub)) {
          throw new AgentError(
            'coordinator-key-changed',
            'coordinator signing key differs from the one learned at enrollment; refusing',
            true,
          );
        }
        this.info = {
          pin: c.pin,
          caPem: c.caPem,
          signPub: b64(w.coordinatorSignPub),
          boxPub: b64(w.coordinatorBoxPub),
          nodeId: w.nodeId,
          nodeName: w.nodeName,
          clusterId: w.clusterId,
        };
        saveCoordinatorInfo(this.o.stateDir, this.info);
        c.markEstablished();
        this.o.log.info(
          { coordinator: c.address, nodeId: w.nodeId, nodeName: w.nodeName },
          c.token ? 'enrolled with coordinator' : 'authenticated to coordinator',
        );
        this.o.handlers?.onWelcome?.(this.info);
        this.status('connected');
        const interval = Math.max(1000, w.heartbeatIntervalMs || 10_000);
        this.heartbeatTimer = setInterval(() => {
          this.send({
            kind: 'heartbeat',
            value: {
              agentTimeMs: Date.now(),
              phase: this.phase,
              appliedEpoch: this.applied.epoch,
              appliedGeneration: this.applied.generation,
            },
          });
        }, interval);
        this.heartbeatTimer.unref();
        // Resend the current phase so a new coordinator (or a restarted one) learns it at once.
        if (this.phase !== 'pending') this.reportPhase({ phase: this.phase });
        return;
      }
      case 'error': {
        const e = body.value;
        this.o.log.error({ code: e.code, permanent: e.permanent }, `coordinator refused: ${e.message}`);
        if (e.permanent)
          this.permanent = new AgentError('refused-permanently', `coordinator refused this agent: ${e.message}`, true);
        return;
      }
      case 'assignment': {
        if (!this.info) throw new ProtocolError('bad-sequence', 'assignment before Welcome');
        let opened: Awaited<ReturnType<typeof openAssignment>>;
        try {
          opened = await openAssignment(body.value, unb64(this.info.signPub), c.keys.box);
        } catch (err) {
          this.send({ kind: 'ack', value: { accepted: false, reason: (err as Error).message } });
          return;
        }
        const { spec, secrets } = opened;
        try {
          await this.o.handlers?.onAssignment?.(spec, secrets);
          this.applied = { epoch: spec.epoch, generation: spec.generation };
          this.send({ kind: 'ack', value: { epoch: spec.epoch, generation: spec.generation, accepted: true } });
        } catch (err) {
          this.send({
            kind: 'ack',
            value: { epoch: spec.epoch, generation: spec.generation, accepted: false, reason: (err as Error).message },
          });
        }
        return;
      }
      case 'kubeconfigRequest': {
        if (!this.info) return;
        const requestId = body.value.requestId;
        try {
          const text = (await this.o.handlers?.readKubeconfig?.()) ?? '';
          if (!text) throw new Error('no kubeconfig on this node');
          this.send({
            kind: 'kubeconfigUpload',
            value: { requestId, sealed: await seal(Buffer.from(text), unb64(this.info.boxPub)) },
          });
        } catch (err) {
          this.send({ kind: 'kubeconfigUpload', value: { requestId, error: (err as Error).message } });
        }
        return;
      }
      default:
        this.o.log.warn({ kind: body.kind }, 'unexpected message from coordinator');
    }
  }
}
