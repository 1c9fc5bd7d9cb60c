/**
 * Seeded pseudo-random numbers for the demo generator: sfc32 (Chris Doty-Humphrey's "small
 * fast counting" generator, passes PractRand to 2^42+ bytes) seeded through splitmix32, plus the
 * few distributions the generator needs. No Math.random: the same seed gives the same stream on
 * every platform, because only 32-bit integer arithmetic and IEEE double division are used.
 * Source: https://pracrand.sourceforge.net/RNG_engines.txt (sfc32); splitmix32 after
 * Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014.
 *
 * @example
 * const rng = createRng(42);
 * rng.uniform();      // in (0, 1)
 * rng.poisson(3.5);   // non-negative integer
 */
export interface Rng {
  /** Uniform in the open interval (0, 1), never exactly 0 (safe for Math.log). */
  uniform(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Poisson-distributed count with mean `lambda` (exact: Knuth's product method in chunks of 30). */
  poisson(lambda: number): number;
}

const TWO_POW_32 = 4294967296;

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = 1;
  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextU32(); // discard the warm-up outputs
  const uniform = (): number => (nextU32() + 0.5) / TWO_POW_32;
  // Knuth's method needs exp(-lambda) well above the smallest double; chunks of 30 keep it exact.
  const poissonSmall = (lambda: number): number => {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = uniform();
    while (p > limit) {
      k++;
      p *= uniform();
    }
    return k;
  };
  return {
    uniform,
    int: (n) => Math.floor(uniform() * n),
    poisson(lambda) {
      let k = 0;
      let rest = lambda;
      while (rest > 30) {
        k += poissonSmall(30);
        rest -= 30;
      }
      return rest > 0 ? k + poissonSmall(rest) : k;
    },
  };
}
