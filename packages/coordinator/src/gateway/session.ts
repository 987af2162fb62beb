/**
 * Per-connection state of an agent session, kept compact: no decoded
 * messages are retained, deadlines are plain numbers checked by the gateway's
 * single sweep (no per-session timers).
 */
import type { WebSocket } from 'ws';
import type { TokenBucket } from '../limits.js';

/**
 * `hello-sent`: waiting for EnrollRequest/AuthRequest; `authenticating`: one
 * is being checked, any other frame is out of order; `ready`: authenticated;
 * `closed`: done.
 */
export type SessionState = 'hello-sent' | 'authenticating' | 'ready' | 'closed';

export interface AgentSession {
  ws: WebSocket;
  address: string;
  state: SessionState;
  sessionId: Buffer;
  serverNonce: Buffer;
  /** Epoch ms after which a session not yet `ready` is closed. */
  handshakeDeadline: number;
  lastSeqIn: number;
  seqOut: number;
  bucket: TokenBucket;
  /** Set once authenticated. */
  nodeId: string | null;
  /** Time the last pong (or any frame) arrived; for half-open detection. */
  lastAliveAt: number;
  /** When the sweep next pings this session (staggered per session, see Gateway.sweep). */
  nextPingAt: number;
  /** The frame being handled and those queued behind it (null when idle): frames are handled in order. */
  tail: Promise<void> | null;
  /** close() was called: ignore further frames. */
  closing: boolean;
}
