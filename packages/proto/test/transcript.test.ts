import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  authTranscript,
  canonical,
  enrollTranscript,
  hmac,
  newSigningKeyPair,
  safeEqual,
  sign,
  tokenMacKey,
  verify,
  welcomeTranscript,
} from '../src/index.js';

const base = () => ({
  pin: 'p'.repeat(43),
  sessionId: randomBytes(16),
  serverNonce: randomBytes(32),
  clientNonce: randomBytes(32),
  tokenId: 'abcdefghij',
  nodeSignPub: randomBytes(32),
  nodeBoxPub: randomBytes(32),
  reportDigest: randomBytes(32),
});

describe('transcripts', () => {
  it('length-prefixes fields so moving bytes between fields changes the transcript', () => {
    expect(canonical(['ab', 'c']).equals(canonical(['a', 'bc']))).toBe(false);
    expect(canonical(['ab', 'c']).equals(canonical(['ab', 'c']))).toBe(true);
  });

  it('changes with every bound field', () => {
    const b = base();
    const t = enrollTranscript(b);
    for (const k of Object.keys(b) as (keyof typeof b)[]) {
      const v = b[k];
      const changed = { ...b, [k]: typeof v === 'string' ? `${v}x` : randomBytes(v.length) };
      expect(enrollTranscript(changed).equals(t), `field ${k}`).toBe(false);
    }
  });

  it('separates purposes by context label', () => {
    const b = base();
    expect(authTranscript(b).equals(enrollTranscript(b))).toBe(false);
    expect(welcomeTranscript({ ...b, nodeId: 'n', nodeName: 'x', clusterId: 'c' }).equals(authTranscript(b))).toBe(
      false,
    );
  });

  it('HMAC with the token key verifies only with the same secret and transcript', () => {
    const b = base();
    const t = enrollTranscript(b);
    const mac = hmac(tokenMacKey('secret-1'), t);
    expect(safeEqual(mac, hmac(tokenMacKey('secret-1'), t))).toBe(true);
    expect(safeEqual(mac, hmac(tokenMacKey('secret-2'), t))).toBe(false);
    expect(
      safeEqual(mac, hmac(tokenMacKey('secret-1'), enrollTranscript({ ...b, serverNonce: randomBytes(32) }))),
    ).toBe(false);
    expect(safeEqual(mac, mac.subarray(0, 16))).toBe(false);
  });

  it('ed25519 signatures over a transcript verify and fail on tampering', async () => {
    const k = await newSigningKeyPair();
    const t = authTranscript(base());
    const sig = await sign(t, k.privateKey);
    expect(await verify(sig, t, k.publicKey)).toBe(true);
    const t2 = Buffer.from(t);
    t2[t2.length - 1] = (t2.at(-1) ?? 0) ^ 1;
    expect(await verify(sig, t2, k.publicKey)).toBe(false);
    expect(await verify(sig.subarray(0, 10), t, k.publicKey)).toBe(false);
    expect(await verify(sig, t, new Uint8Array(5))).toBe(false);
  });
});
