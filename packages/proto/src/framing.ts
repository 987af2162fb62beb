/**
 * Framing: one protobuf Envelope per binary WebSocket frame. Sizes are checked
 * before decoding, every decoded string, bytes and repeated field is checked
 * against caps after decoding, and any decoder failure becomes a typed
 * {@link ProtocolError}, so a hostile frame can never throw something untyped.
 */
import $protobuf from 'protobufjs/minimal.js';
import { k3sgrid } from '@k3sgrid/proto/gen';
import { ProtocolError } from './errors.js';

// 64-bit fields (seq, epoch, generation, times) decode as plain numbers, not
// Long objects: every value we use stays far below 2^53, and numbers bind to
// SQLite and compare with === (pbjs --force-number only changes the types).
$protobuf.util.Long = undefined as unknown as typeof $protobuf.util.Long;
$protobuf.configure();

/** Protocol version spoken by this build. */
export const PROTOCOL_VERSION = 1;
/** WebSocket subprotocol; the only one either side accepts. */
export const SUBPROTOCOL = 'k3sgrid.v1';

/** Caps applied to one decoded frame. */
export interface FrameLimits {
  /** Largest frame in bytes, checked before decoding. */
  maxFrameBytes: number;
  /** Longest string field, in UTF-16 code units. */
  maxStringLength: number;
  /** Largest bytes field. */
  maxBytesLength: number;
  /** Most elements in a repeated field. */
  maxRepeated: number;
}

/** What an agent may send: small frames (a capability report is a few KiB). */
export const AGENT_FRAME_LIMITS: FrameLimits = {
  maxFrameBytes: 64 * 1024,
  maxStringLength: 4096,
  maxBytesLength: 16 * 1024,
  maxRepeated: 256,
};

/** What a coordinator may send: assignments carry addon manifests. */
export const COORDINATOR_FRAME_LIMITS: FrameLimits = {
  maxFrameBytes: 1024 * 1024,
  maxStringLength: 512 * 1024,
  maxBytesLength: 512 * 1024,
  maxRepeated: 1024,
};

export type Envelope = k3sgrid.v1.Envelope;
export type BodyName = NonNullable<k3sgrid.v1.Envelope['body']>;

/** Message class of each body of the Envelope oneof. */
interface BodyTypes {
  serverHello: k3sgrid.v1.ServerHello;
  enrollRequest: k3sgrid.v1.EnrollRequest;
  authRequest: k3sgrid.v1.AuthRequest;
  welcome: k3sgrid.v1.Welcome;
  heartbeat: k3sgrid.v1.Heartbeat;
  capabilityReport: k3sgrid.v1.CapabilityReport;
  assignment: k3sgrid.v1.Assignment;
  ack: k3sgrid.v1.Ack;
  error: k3sgrid.v1.Error;
  statusUpdate: k3sgrid.v1.StatusUpdate;
  kubeconfigRequest: k3sgrid.v1.KubeconfigRequest;
  kubeconfigUpload: k3sgrid.v1.KubeconfigUpload;
}

/** A decoded body: `{ kind, value }` with the decoded message (all fields present). */
export type Body = {
  [K in BodyName]: { kind: K; value: BodyTypes[K] };
}[BodyName];

/** A body to send: plain properties are enough. */
export type OutBody = {
  [K in BodyName]: { kind: K; value: NonNullable<k3sgrid.v1.Envelope[K]> };
}[BodyName];

/**
 * What an agent may send once its session is authenticated. Anything else
 * (a second EnrollRequest or AuthRequest, or a coordinator-only message)
 * is out of order and closes the session with 1002.
 */
export const AGENT_SESSION_BODIES: ReadonlySet<BodyName> = new Set<BodyName>([
  'heartbeat',
  'capabilityReport',
  'statusUpdate',
  'ack',
  'kubeconfigUpload',
]);

/** Encodes one body into a frame. */
export function encodeFrame(seq: number, body: OutBody): Uint8Array {
  const env = k3sgrid.v1.Envelope.create({ version: PROTOCOL_VERSION, seq, [body.kind]: body.value });
  return k3sgrid.v1.Envelope.encode(env).finish();
}

/**
 * Decodes one frame and returns its body, or throws a {@link ProtocolError}.
 * The size cap is enforced before any parsing.
 */
export function decodeFrame(data: Uint8Array, limits: FrameLimits): { seq: number; version: number; body: Body } {
  if (data.byteLength === 0) throw new ProtocolError('frame-empty', 'empty frame');
  if (data.byteLength > limits.maxFrameBytes) {
    throw new ProtocolError('frame-too-large', `frame of ${data.byteLength} bytes exceeds ${limits.maxFrameBytes}`);
  }
  let env: k3sgrid.v1.Envelope;
  try {
    env = k3sgrid.v1.Envelope.decode(data);
  } catch (err) {
    // protobufjs throws RangeError/Error with offsets; keep only a short reason.
    const reason = err instanceof Error ? err.message.slice(0, 120) : 'unknown';
    throw new ProtocolError('decode-failed', `frame is not a valid Envelope: ${reason}`);
  }
  if (env.version !== PROTOCOL_VERSION) {
    throw new ProtocolError(
      'unsupported-version',
      `protocol version ${env.version} is not supported (want ${PROTOCOL_VERSION})`,
    );
  }
  const kind = env.body;
  if (!kind) throw new ProtocolError('missing-body', 'envelope has no body');
  const value = env[kind];
  if (!value) throw new ProtocolError('missing-body', 'envelope has no body');
  checkFields(value, limits, kind, 0);
  return { seq: env.seq, version: env.version, body: { kind, value } as Body };
}

function checkFields(v: unknown, limits: FrameLimits, path: string, depth: number): void {
  if (depth > 8) throw new ProtocolError('field-too-large', `${path}: nesting too deep`);
  if (typeof v === 'string') {
    if (v.length > limits.maxStringLength) throw new ProtocolError('field-too-large', `${path}: string too long`);
    return;
  }
  if (v instanceof Uint8Array) {
    if (v.byteLength > limits.maxBytesLength) throw new ProtocolError('field-too-large', `${path}: bytes too long`);
    return;
  }
  if (Array.isArray(v)) {
    if (v.length > limits.maxRepeated) throw new ProtocolError('field-too-large', `${path}: too many elements`);
    for (const item of v) checkFields(item, limits, path, depth + 1);
    return;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      if (k === '$unknowns') continue;
      checkFields(child, limits, `${path}.${k}`, depth + 1);
    }
  }
}
