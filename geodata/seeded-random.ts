/**
 * mulberry32: a tiny seeded PRNG (Tommy Ettinger's 32-bit generator), uniform in [0, 1).
 * For reproducible test data and benches, not for anything that needs statistical quality
 * beyond that (the demo generator uses sfc32 in demo/prng.ts).
 *
 * @example
 * const random = mulberry32(42);
 * random(); // same value on every run
 */
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
