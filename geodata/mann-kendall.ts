/**
 * Mann-Kendall test for a monotonic trend in one series, with the correction for tied values.
 *
 *   S      = Σ_{i<j} sign(x_j − x_i)
 *   Var(S) = [ n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5) ] / 18      (t_g = size of tied group g)
 *   Z      = (S−1)/√Var(S) if S > 0,  (S+1)/√Var(S) if S < 0,  0 if S = 0   (continuity-corrected)
 *   p      = P(|N(0,1)| ≥ |Z|)                                                 (two-sided)
 *   τ_b    = S / √( [n(n−1)/2 − Σ_g t_g(t_g−1)/2] · n(n−1)/2 )                (Kendall's tau-b)
 *
 * Sources: Mann (1945) Econometrica 13(3):245–259; Kendall (1975) Rank Correlation Methods, 4th
 * ed.; Gilbert (1987) Statistical Methods for Environmental Pollution Monitoring, pp. 209–213 (tie
 * variance and continuity correction); Hipel & McLeod (1994) for τ_b. These are the formulas of
 * R's trend::mk.test(continuity = TRUE) and pyMannKendall's original_test (whose τ is S/[n(n−1)/2],
 * the tau-a; we return tau-b, as R's Kendall::MannKendall and trend::mk.test do).
 *
 * The p-value is the normal approximation; below about n = 10 exact tables are usually preferred
 * (as in PAST, following Gilbert), so for such short series it is only indicative. When
 * Var(S) = 0 (n < 2 or every value tied) we return Z = 0, p = 1 and τ = 0: no evidence of a
 * trend. Values are compared exactly; pass finite numbers only. Time is the array order (index 0
 * first), so time has no ties. Cost O(n²) time, O(1) memory.
 *
 * Units: x in any unit (only order matters); S, Var(S), Z, τ are dimensionless; p a probability.
 *
 * @example
 * // Worked example "A Mann-Kendall Example (By Hand)", J. Little, College of the Holy Cross
 * // (mathcs.holycross.edu/~little/Montserrat/MannKendallByHand.txt): S = 54, V = 332.67, Z = 2.9058.
 * mannKendall([12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7]);
 * // → { n: 14, s: 54, varS: 332.666…, z: 2.905836…, p: 0.003663, tau: 0.596694… }
 */
import { twoSidedP } from './normal';

export interface MannKendallResult {
  /** Number of values tested. */
  n: number;
  /** Kendall score S (dimensionless, −n(n−1)/2 … n(n−1)/2). */
  s: number;
  /** Variance of S under H0 with the tie correction. */
  varS: number;
  /** Continuity-corrected standard-normal statistic; > 0 for an upward trend. */
  z: number;
  /** Two-sided p-value from the normal approximation. */
  p: number;
  /** Kendall's tau-b between the values and time, in [−1, 1]. */
  tau: number;
}

/**
 * Runs the test on the first `n` values of `x` (default: all of them), so callers can reuse one
 * scratch buffer across many series without slicing.
 */
export function mannKendall(x: ArrayLike<number>, n: number = x.length): MannKendallResult {
  if (!Number.isInteger(n) || n < 0 || n > x.length) {
    throw new Error(`mannKendall: n must be an integer in 0..${x.length}, got ${n}`);
  }
  let s = 0;
  let tieTerm = 0; // Σ t(t−1)(2t+5)
  let tiedPairs = 0; // Σ t(t−1)/2
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    let firstOfGroup = true;
    for (let k = 0; k < i; k++) {
      if (x[k] === xi) {
        firstOfGroup = false;
        break;
      }
    }
    let groupSize = 1;
    for (let j = i + 1; j < n; j++) {
      const xj = x[j];
      if (xj > xi) s++;
      else if (xj < xi) s--;
      else groupSize++;
    }
    // Each tied group is counted once, from its earliest member, which sees every later member.
    if (firstOfGroup && groupSize > 1) {
      tieTerm += groupSize * (groupSize - 1) * (2 * groupSize + 5);
      tiedPairs += (groupSize * (groupSize - 1)) / 2;
    }
  }
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  if (!(varS > 0)) return { n, s, varS: Math.max(varS, 0), z: 0, p: 1, tau: 0 };
  const sd = Math.sqrt(varS);
  const z = s > 0 ? (s - 1) / sd : s < 0 ? (s + 1) / sd : 0;
  const pairs = (n * (n - 1)) / 2;
  const tau = s / Math.sqrt((pairs - tiedPairs) * pairs);
  return { n, s, varS, z, p: twoSidedP(z), tau };
}
