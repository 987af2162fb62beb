/**
 * Generators of hostile frame payloads (R9): random bytes, bit-flipped valid
 * messages, truncated varints, lengths past the buffer, deep group nesting,
 * wrong wire types, duplicate fields, invalid UTF-8, wrong versions and
 * out-of-state messages. All deterministic from a PRNG so runs replay.
 */
import { encodeFrame, type OutBody } from '@k3sgrid/proto';

export type Rng = () => number;

const int = (rnd: Rng, n: number): number => Math.floor(rnd() * n);
const bytes = (rnd: Rng, n: number): Uint8Array => Uint8Array.from({ length: n }, () => int(rnd, 256));

/** Valid bodies of every kind an agent could send (and some it never should). */
export function sampleBodies(rnd: Rng): OutBody[] {
  const b32 = (): Uint8Array => bytes(rnd, 32);
  return [
    {
      kind: 'heartbeat',
      value: { agentTimeMs: 1_700_000_000_000, phase: 'ready', appliedEpoch: 1, appliedGeneration: 2 },
    },
    {
      kind: 'enrollRequest',
      value: {
        clientNonce: b32(),
        tokenId: 'abcdefghij',
        nodeSignPub: b32(),
        nodeBoxPub: b32(),
        hostname: 'h',
        report: { hostname: 'h', cpuCount: 2, modules: [{ name: 'overlay', state: 'loaded' }] },
        mac: b32(),
        signature: bytes(rnd, 64),
        agentVersion: 'x',
      },
    },
    {
      kind: 'authRequest',
      value: { clientNonce: b32(), nodeSignPub: b32(), signature: bytes(rnd, 64), agentVersion: 'x', hostname: 'h' },
    },
    { kind: 'ack', value: { epoch: 1, generation: 1, accepted: true } },
    {
      kind: 'statusUpdate',
      value: { phase: 'ready', message: 'm', logTail: ['a', 'b'], caHash: 'c', epoch: 1, generation: 1 },
    },
    {
      kind: 'capabilityReport',
      value: { kernelRelease: '6.1', disks: [{ name: 'sda', sizeBytes: 1e9, unused: true }], addresses: ['10.0.0.1'] },
    },
    { kind: 'kubeconfigUpload', value: { requestId: 'r', sealed: bytes(rnd, 48) } },
    { kind: 'error', value: { code: 'x', message: 'y', permanent: true } },
  ];
}

export const MALFORMED_KINDS = [
  'random',
  'bitflip',
  'truncated-varint',
  'length-past-end',
  'deep-groups',
  'deep-nested-messages',
  'wrong-wire-type',
  'duplicate-fields',
  'invalid-utf8',
  'bad-version',
  'no-body',
  'out-of-state',
  'bad-sized-enroll',
  'empty',
  'huge-repeated',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/** One hostile payload of the given kind. */
export function malformed(kind: MalformedKind, rnd: Rng): Uint8Array {
  switch (kind) {
    case 'random':
      return bytes(rnd, 1 + int(rnd, 300));
    case 'bitflip': {
      const bodies = sampleBodies(rnd);
      const f = Buffer.from(encodeFrame(1 + int(rnd, 5), bodies[int(rnd, bodies.length)]!));
      for (let i = 0, n = 1 + int(rnd, 4); i < n; i++) {
        const at = int(rnd, f.length);
        f[at] = f[at]! ^ (1 << int(rnd, 8));
      }
      return f;
    }
    case 'truncated-varint':
      // version=1, then seq with a varint that never ends.
      return Uint8Array.from([0x08, 0x01, 0x10, 0xff, 0xff, 0xff, 0xff]);
    case 'length-past-end':
      // version=1, seq=1, heartbeat (field 14, LEN) claiming 1000 bytes with 3 present.
      return Uint8Array.from([0x08, 0x01, 0x10, 0x01, 0x72, 0xe8, 0x07, 1, 2, 3]);
    case 'deep-groups':
      return (deepGroups ??= buildDeepGroups());
    case 'deep-nested-messages':
      return (deepNested ??= buildDeepNested());
    case 'wrong-wire-type':
      // seq (field 2) as LEN, version (field 1) as fixed64.
      return Uint8Array.from([0x09, 1, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x01, 0x00, 0x72, 0x00]);
    case 'duplicate-fields': {
      const a = encodeFrame(1, { kind: 'heartbeat', value: { phase: 'a' } });
      const b = encodeFrame(2, { kind: 'ack', value: { accepted: true } });
      return Buffer.concat([a, b, a]);
    }
    case 'invalid-utf8':
      // heartbeat.phase (field 2) = ff fe fd.
      return Uint8Array.from([0x08, 0x01, 0x10, 0x01, 0x72, 0x05, 0x12, 0x03, 0xff, 0xfe, 0xfd]);
    case 'bad-version':
      return Buffer.from(encodeFrame(1, { kind: 'heartbeat', value: {} })).map((x, i) =>
        i === 1 ? 2 + int(rnd, 120) : x,
      );
    case 'no-body':
      return Uint8Array.from([0x08, 0x01, 0x10, 0x01]);
    case 'out-of-state': {
      const bodies = sampleBodies(rnd).filter((b) => b.kind !== 'enrollRequest' && b.kind !== 'authRequest');
      return encodeFrame(1, bodies[int(rnd, bodies.length)]!);
    }
    case 'bad-sized-enroll':
      return encodeFrame(1, {
        kind: 'enrollRequest',
        value: { clientNonce: bytes(rnd, 3), tokenId: 'x', nodeSignPub: bytes(rnd, 31) },
      });
    case 'empty':
      return new Uint8Array(0);
    case 'huge-repeated':
      return encodeFrame(1, {
        kind: 'statusUpdate',
        value: { phase: 'x', logTail: Array.from({ length: 5000 }, () => 'l') },
      });
  }
}

// The deep payloads are deterministic and costly to build: built once.
let deepGroups: Uint8Array | undefined;
let deepNested: Uint8Array | undefined;

/** 20,000 nested start-group tags (protobufjs skips groups recursively). */
function buildDeepGroups(): Uint8Array {
  const out = new Uint8Array(2 + 20_000).fill(0x0b);
  out[0] = 0x08;
  out[1] = 0x01;
  return out;
}

/** capabilityReport(15) → field 2 → field 2 … nested LEN fields 5,000 deep. */
function buildDeepNested(): Uint8Array {
  const parts: Buffer[] = [Buffer.from([0x0a, 0x00])];
  let len = 2;
  for (let i = 0; i < 5000; i++) {
    const head = Buffer.concat([Buffer.from([0x12]), varint(len)]);
    parts.push(head);
    len += head.length;
  }
  parts.reverse();
  return Buffer.concat([Buffer.from([0x08, 0x01, 0x10, 0x01, 0x7a]), varint(len), ...parts]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
