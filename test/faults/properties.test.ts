/**
 * Scenario 8 — property and fuzz tests.
 *  - fast-check round trips of every protobuf message and of every framed body;
 *  - framing never throws anything but a ProtocolError, for arbitrary bytes and
 *    for mutated valid frames, and what it accepts respects the field limits;
 *  - a model-based test (fc.commands) of the token and session state machines
 *    (create, revoke, enroll, reconnect, ack, revoke node, crash, partition,
 *    heal, clock tick) against a real in-process coordinator with an injected
 *    clock, checked against a reference model;
 *  - the bounded fuzz target of scripts/fuzz/envelope.ts for 15 s.
 * Replay with FAULT_SEED=<printed seed>.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AGENT_FRAME_LIMITS,
  COORDINATOR_FRAME_LIMITS,
  decodeFrame,
  encodeFrame,
  type FrameLimits,
  k3sgrid,
  type OutBody,
  ProtocolError,
} from '@k3sgrid/proto';
import * as A from './support/arbitraries.js';
import { rawEnroll } from '../support/raw-client.js';
import { TokenSessionModel, modelCommands, startReal, type Real } from './support/session-model.js';
import { runFuzz } from '../../scripts/fuzz/envelope.js';
import { faultSeed } from '@k3sgrid/testkit';

const seed = faultSeed();
const CONVERT = { longs: Number, enums: String, bytes: String, defaults: true, arrays: true } as const;

interface Codec<T> {
  create(p: T): unknown;
  encode(m: never): { finish(): Uint8Array };
  decode(b: Uint8Array): unknown;
  toObject(m: never, o: typeof CONVERT): Record<string, unknown>;
  fromObject(o: Record<string, unknown>): unknown;
}

function roundTrip<T>(name: string, codec: Codec<T>, arb: fc.Arbitrary<T>): void {
  it(`${name}: encode → decode → equal`, () => {
    fc.assert(
      fc.property(arb, (value) => {
        const bytes = codec.encode(codec.create(value) as never).finish();
        const decoded = codec.decode(bytes);
        const expected = codec.toObject(codec.fromObject(value as Record<string, unknown>) as never, CONVERT);
        expect(codec.toObject(decoded as never, CONVERT)).toEqual(expected);
        // And the encoding is canonical: re-encoding the decoded message gives the same bytes.
        expect(Buffer.from(codec.encode(decoded as never).finish()).equals(Buffer.from(bytes))).toBe(true);
      }),
      { seed, numRuns: 300 },
    );
  });
}

const v1 = k3sgrid.v1;

describe('protobuf round trips (every message)', () => {
  roundTrip('ServerHello', v1.ServerHello as unknown as Codec<unknown>, A.serverHello);
  roundTrip('EnrollRequest', v1.EnrollRequest as unknown as Codec<unknown>, A.enrollRequest);
  roundTrip('AuthRequest', v1.AuthRequest as unknown as Codec<unknown>, A.authRequest);
  roundTrip('Welcome', v1.Welcome as unknown as Codec<unknown>, A.welcome);
  roundTrip('Heartbeat', v1.Heartbeat as unknown as Codec<unknown>, A.heartbeat);
  roundTrip('ModuleState', v1.ModuleState as unknown as Codec<unknown>, A.moduleState);
  roundTrip('ToolState', v1.ToolState as unknown as Codec<unknown>, A.toolState);
  roundTrip('DiskInfo', v1.DiskInfo as unknown as Codec<unknown>, A.diskInfo);
  roundTrip('CapabilityReport', v1.CapabilityReport as unknown as Codec<unknown>, A.capabilityReport);
  roundTrip('Assignment', v1.Assignment as unknown as Codec<unknown>, A.assignment);
  roundTrip('AssignmentBody', v1.AssignmentBody as unknown as Codec<unknown>, A.assignmentBody);
  roundTrip('Manifest', v1.Manifest as unknown as Codec<unknown>, A.manifest);
  roundTrip('LbConfig', v1.LbConfig as unknown as Codec<unknown>, A.lbConfig);
  roundTrip('AssignmentSecrets', v1.AssignmentSecrets as unknown as Codec<unknown>, A.assignmentSecrets);
  roundTrip('Ack', v1.Ack as unknown as Codec<unknown>, A.ack);
  roundTrip('StatusUpdate', v1.StatusUpdate as unknown as Codec<unknown>, A.statusUpdate);
  roundTrip('KubeconfigRequest', v1.KubeconfigRequest as unknown as Codec<unknown>, A.kubeconfigRequest);
  roundTrip('KubeconfigUpload', v1.KubeconfigUpload as unknown as Codec<unknown>, A.kubeconfigUpload);
  roundTrip('Error', v1.Error as unknown as Codec<unknown>, A.error);

  it('Envelope: every body survives encodeFrame → decodeFrame with its sequence number', () => {
    fc.assert(
      fc.property(A.body, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (body, seq) => {
        const f = decodeFrame(encodeFrame(seq, body), COORDINATOR_FRAME_LIMITS);
        expect(f.seq).toBe(seq);
        expect(f.version).toBe(1);
        expect(f.body.kind).toBe(body.kind);
        const Type = (v1 as unknown as Record<string, Codec<unknown>>)[
          body.kind[0]!.toUpperCase() + body.kind.slice(1)
        ]!;
        expect(Type.toObject(f.body.value as never, CONVERT)).toEqual(
          Type.toObject(Type.fromObject(body.value as Record<string, unknown>) as never, CONVERT),
        );
      }),
      { seed, numRuns: 1000 },
    );
  });
});

/** Time of one decode; a slow one is re-timed (min of 3) so a descheduled process is not mistaken for a slow input. */
function decodeMs(bytes: Uint8Array, limits: FrameLimits, first: number): number {
  let best = first;
  for (let i = 0; i < 3 && best > 100; i++) {
    const t0 = performance.now();
    try {
      decodeFrame(bytes, limits);
    } catch {
      /* timed only */
    }
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** decodeFrame either returns a frame within the limits or throws a ProtocolError; nothing else. */
function decodeOrTyped(bytes: Uint8Array, limits: FrameLimits): 'ok' | 'refused' {
  const t0 = performance.now();
  try {
    const f = decodeFrame(bytes, limits);
    expect(f.version).toBe(1);
    expect(f.body.value).toBeTruthy();
    return 'ok';
  } catch (err) {
    if (!(err instanceof ProtocolError))
      throw new Error(`untyped error from decodeFrame: ${String(err)}`, { cause: err });
    expect(err.message.length).toBeLessThan(300); // short reasons, no raw frame bytes
    return 'refused';
  } finally {
    // No single input may take long (R24: < 100 ms).
    expect(decodeMs(bytes, limits, performance.now() - t0)).toBeLessThan(100);
  }
}

describe('framing is total', () => {
  it('arbitrary bytes: a frame or a ProtocolError, never anything else', () => {
    const seen = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4096 }),
        fc.constantFrom(AGENT_FRAME_LIMITS, COORDINATOR_FRAME_LIMITS),
        (bytes, limits) => {
          seen[decodeOrTyped(bytes, limits)]++;
        },
      ),
      { seed, numRuns: 5000 },
    );
    expect(seen.refused).toBeGreaterThan(0);
  });

  it('mutated valid frames: a frame within the limits or a ProtocolError', () => {
    const seen = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(A.body, fc.array(A.mutation, { minLength: 1, maxLength: 6 }), (body: OutBody, muts) => {
        seen[decodeOrTyped(A.mutate(encodeFrame(1, body), muts), AGENT_FRAME_LIMITS)]++;
      }),
      { seed, numRuns: 5000 },
    );
    // Both outcomes happen: the mutations are neither all fatal nor all harmless.
    expect(seen.ok).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });

  it('field limits hold for whatever decodes: strings, bytes and repeated fields over the caps are refused', () => {
    const tiny: FrameLimits = { maxFrameBytes: 64 * 1024, maxStringLength: 8, maxBytesLength: 8, maxRepeated: 2 };
    fc.assert(
      fc.property(A.body, (body) => {
        let decoded: ReturnType<typeof decodeFrame>;
        try {
          decoded = decodeFrame(encodeFrame(1, body), tiny);
        } catch (err) {
          expect(err).toBeInstanceOf(ProtocolError);
          expect((err as ProtocolError).code).toBe('field-too-large');
          return;
        }
        const walk = (v: unknown): void => {
          if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(8);
          else if (v instanceof Uint8Array) expect(v.byteLength).toBeLessThanOrEqual(8);
          else if (Array.isArray(v)) {
            expect(v.length).toBeLessThanOrEqual(2);
            v.forEach(walk);
          } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
        };
        walk(decoded.body.value);
      }),
      { seed, numRuns: 2000 },
    );
  });
});

describe('model-based: tokens and sessions against a real coordinator', () => {
  let real: Real;
  beforeAll(async () => {
    real = await startReal();
  });
  afterAll(async () => {
    await real?.shutdown();
  });

  it('create, revoke, enroll, reconnect, ack, revoke node, crash, partition, heal, tick: the coordinator follows the model', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(modelCommands(), { maxCommands: 30, size: 'large' }), async (cmds) => {
        runs++;
        const setup = async (): Promise<{ model: TokenSessionModel; real: Real }> => {
          await real.newRun();
          return { model: new TokenSessionModel(real.now()), real };
        };
        await fc.asyncModelRun(setup, cmds);
        await real.checkStoreInvariants();
      }),
      { seed, numRuns: Number(process.env.MODEL_RUNS ?? 25), endOnFailure: true },
    );
    console.log(`model-based: seed=${seed} runs=${runs} stats=${JSON.stringify(real.stats)}`);
    expect(real.stats.enrolled).toBeGreaterThan(0);
    expect(real.stats.refused).toBeGreaterThan(0);
    expect(real.stats.reconnected).toBeGreaterThan(0);
  });

  it('names stay unique and stable when agents with the same hostname enroll at once', async () => {
    await real.newRun();
    const res = await real.inject('POST', `/v1/clusters/${real.cluster}/join-tokens`, { maxUses: 8 });
    const token = (res.json() as { token: string }).token;
    const results = await Promise.all(
      Array.from({ length: 8 }, async () => {
        try {
          const r = await rawEnroll(real.c.agentUrl, real.c.state.tls.caCert, token, { hostname: 'twin' });
          r.conn.ws.close();
          return r.result.kind === 'welcome' ? r.result.value.nodeName : `refused: ${JSON.stringify(r.result.value)}`;
        } catch (err) {
          return `failed: ${String(err)}`;
        }
      }),
    );
    // Every agent enrolls (the token has 8 uses); one is "twin", the others "twin-<id>".
    expect(
      results.filter((n) => /^twin(-[0-9a-f]{8})?$/.test(n)),
      JSON.stringify(results),
    ).toHaveLength(8);
    expect(new Set(results).size).toBe(8);
    await real.checkStoreInvariants();
  });
});

describe('fuzz: envelope decoder and live session handler', () => {
  it('runs 15 s of mutated frames with no crash, no untyped error, and the coordinator still serving', async () => {
    const r = await runFuzz({ seconds: Number(process.env.FUZZ_SECONDS ?? 15), seed, log: () => undefined });
    console.log(`fuzz: seed=${seed} ${JSON.stringify({ ...r, failures: r.failures.slice(0, 5) })}`);
    expect(r.failures).toEqual([]);
    expect(r.decoded).toBeGreaterThan(1000);
    expect(r.live).toBeGreaterThan(50);
    expect(r.liveAuthenticated).toBeGreaterThan(20);
    expect(r.servingAtEnd).toBe(true);
  });
});
