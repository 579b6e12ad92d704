/** A small deterministic PRNG (mulberry32), so a failing random test can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** The seed for randomised tests: `TEST_SEED` when set (to replay), else a fresh one. */
export function testSeed(): number {
  const fromEnv = Number(process.env.TEST_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0
    ? fromEnv
    : Math.floor(Math.random() * 2 ** 31) + 1;
}
