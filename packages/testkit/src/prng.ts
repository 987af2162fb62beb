/** A tiny seeded PRNG (mulberry32) so fault runs can be replayed from a printed seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from the environment (FAULT_SEED) or a fresh random one. */
export function faultSeed(): number {
  const env = process.env.FAULT_SEED;
  return env ? Number(env) : Math.floor(Math.random() * 2 ** 31);
}
