import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AGENT_FRAME_LIMITS,
  CloseCode,
  closeCodeFor,
  decodeFrame,
  encodeFrame,
  k3sgrid,
  ProtocolError,
  PROTOCOL_VERSION,
  reportFromWire,
} from '../src/index.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProtocolError) return err.code;
    return `untyped:${String(err)}`;
  }
  return 'no-error';
}

describe('framing', () => {
  it('round-trips a body', () => {
    const frame = encodeFrame(7, {
      kind: 'heartbeat',
      value: { agentTimeMs: 123, phase: 'ready', appliedEpoch: 2, appliedGeneration: 3 },
    });
    const { seq, version, body } = decodeFrame(frame, AGENT_FRAME_LIMITS);
    expect(seq).toBe(7);
    expect(version).toBe(PROTOCOL_VERSION);
    expect(body.kind).toBe('heartbeat');
    if (body.kind === 'heartbeat') expect(body.value.phase).toBe('ready');
  });

  it('decodes 64-bit fields as plain numbers (they bind to SQLite and compare with ===)', () => {
    const { seq, body } = decodeFrame(
      encodeFrame(2 ** 40, { kind: 'ack', value: { epoch: 3, generation: 2 ** 33, accepted: true } }),
      AGENT_FRAME_LIMITS,
    );
    expect(seq).toBe(2 ** 40);
    expect(body.kind === 'ack' && [body.value.epoch, body.value.generation]).toEqual([3, 2 ** 33]);
  });

  it('rejects a frame over the cap before decoding', () => {
    const big = new Uint8Array(AGENT_FRAME_LIMITS.maxFrameBytes + 1);
    expect(codeOf(() => decodeFrame(big, AGENT_FRAME_LIMITS))).toBe('frame-too-large');
  });

  it('rejects empty, truncated, garbage, versionless and bodiless frames with typed errors', () => {
    const good = encodeFrame(1, { kind: 'heartbeat', value: { phase: 'pending' } });
    expect(codeOf(() => decodeFrame(new Uint8Array(), AGENT_FRAME_LIMITS))).toBe('frame-empty');
    expect(codeOf(() => decodeFrame(good.subarray(0, good.length - 2), AGENT_FRAME_LIMITS))).toBe('decode-failed');
    expect(codeOf(() => decodeFrame(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), AGENT_FRAME_LIMITS))).toBe(
      'decode-failed',
    );
    const v2 = k3sgrid.v1.Envelope.encode({ version: 2, seq: 1, heartbeat: {} }).finish();
    expect(codeOf(() => decodeFrame(v2, AGENT_FRAME_LIMITS))).toBe('unsupported-version');
    const noBody = k3sgrid.v1.Envelope.encode({ version: 1, seq: 1 }).finish();
    expect(codeOf(() => decodeFrame(noBody, AGENT_FRAME_LIMITS))).toBe('missing-body');
  });

  it('enforces string, bytes and repeated-field caps after decoding', () => {
    const limits = { ...AGENT_FRAME_LIMITS, maxStringLength: 10, maxRepeated: 3, maxBytesLength: 8 };
    const longString = encodeFrame(1, { kind: 'heartbeat', value: { phase: 'x'.repeat(11) } });
    expect(codeOf(() => decodeFrame(longString, limits))).toBe('field-too-large');
    const manyAddresses = encodeFrame(1, { kind: 'capabilityReport', value: { addresses: ['a', 'b', 'c', 'd'] } });
    expect(codeOf(() => decodeFrame(manyAddresses, limits))).toBe('field-too-large');
    const nested = encodeFrame(1, { kind: 'capabilityReport', value: { modules: [{ name: 'y'.repeat(11) }] } });
    expect(codeOf(() => decodeFrame(nested, limits))).toBe('field-too-large');
    const bytes = encodeFrame(1, { kind: 'authRequest', value: { clientNonce: new Uint8Array(9) } });
    expect(codeOf(() => decodeFrame(bytes, limits))).toBe('field-too-large');
    expect(
      codeOf(() => decodeFrame(encodeFrame(1, { kind: 'heartbeat', value: { phase: 'x'.repeat(10) } }), limits)),
    ).toBe('no-error');
  });

  it('maps errors to close codes', () => {
    expect(closeCodeFor(new ProtocolError('frame-too-large', 'x'))).toBe(CloseCode.tooBig);
    expect(closeCodeFor(new ProtocolError('decode-failed', 'x'))).toBe(CloseCode.invalidData);
    expect(closeCodeFor(new ProtocolError('bad-sequence', 'x'))).toBe(CloseCode.protocolError);
  });

  it('never throws anything but a ProtocolError on random bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 2048 }), (bytes) => {
        const c = codeOf(() => decodeFrame(bytes, AGENT_FRAME_LIMITS));
        return !c.startsWith('untyped:');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('64-bit fields are plain numbers, present or absent', () => {
  it('an omitted uint64 reads as 0, not a Long object, in the decoded message and in its JSON', () => {
    const frame = encodeFrame(1, {
      kind: 'capabilityReport',
      value: { kernelRelease: '6.1', disks: [{ name: 'vdb' }] },
    });
    const { body } = decodeFrame(frame, AGENT_FRAME_LIMITS);
    if (body.kind !== 'capabilityReport') throw new Error(body.kind);
    const report = reportFromWire(body.value);
    expect(report.memoryBytes).toBe(0);
    expect(report.disks[0]?.sizeBytes).toBe(0);
    expect(JSON.stringify(report)).not.toContain('"low"');
    // The prototypes themselves, whatever module was loaded first.
    expect(k3sgrid.v1.Envelope.prototype.seq).toBe(0);
    expect(k3sgrid.v1.DiskInfo.decode(k3sgrid.v1.DiskInfo.encode({ name: 'a' }).finish()).sizeBytes).toBe(0);
  });

  it('a present uint64 decodes as a number', () => {
    const frame = encodeFrame(7, { kind: 'capabilityReport', value: { memoryBytes: 8 * 2 ** 30 } });
    const { seq, body } = decodeFrame(frame, AGENT_FRAME_LIMITS);
    expect(seq).toBe(7);
    expect(body.kind === 'capabilityReport' && body.value.memoryBytes).toBe(8 * 2 ** 30);
  });
});
