/**
 * p-values, multiple-comparison adjustment and ArcGIS-style confidence bins for Gi* z-scores.
 *
 *   p_i = P(|Z| ≥ |z_i|) = erfc(|z_i| / √2)                         (two-sided, Z ~ N(0, 1))
 *
 * erfc is W. J. Cody's rational Chebyshev approximation (Math. Comp. 23, 1969; Netlib SPECFUN
 * CALERF) from ./normal, accurate to ~1e-15 relative even in the far tail where 1 − Φ(|z|)
 * rounds to 0. Adjustments, each matching an R reference:
 *
 * - 'fdr'   Benjamini & Hochberg (1995), R `p.adjust(p, "BH")` over the m cells with a defined p
 *           (NaN cells excluded from m and left NaN):  q_(k) = min_{j ≥ k} min(1, m/j · p_(j)).
 * - 'local' spdep::p.adjustSP (Caldas de Castro & Singer 2006), which adjusts each p on its own
 *           with n = card(nb) + 1 = W_i, the cell's window size including itself. For one p value
 *           R's "BH", "holm", "hochberg", "hommel" and "bonferroni" all reduce to min(1, n·p)
 *           (checked in R 4.2), so that is what we compute: min(1, W_i·p_i). (sfhotspot's gistar() calls p.adjustSP with the
 *           self-included list, i.e. n = W_i + 1, and with method "none" unless asked; we follow
 *           spdep's intended n = neighbours + self.)
 * - 'none'  p unchanged.
 *
 * Bins (ArcGIS Hot Spot Analysis Gi_Bin): ±3, ±2, ±1 when the adjusted p is ≤ 0.01, 0.05, 0.10
 * (99 / 95 / 90 % confidence), sign of z; 0 otherwise. For 'fdr' this is BH run at each of the
 * three levels (BH rejects at level α exactly the cells with q ≤ α), ArcGIS's FDR correction.
 *
 * Units: z dimensionless; p, pAdjusted probabilities in [0, 1]; bin an integer −3..3.
 *
 * @example
 * const { pAdjusted, bin } = classifyHotspots(Float64Array.of(3.3, 0.2, -2.1), { adjustment: 'fdr' });
 * // p ≈ [0.000967, 0.841, 0.0357]; pAdjusted ≈ [0.0029, 0.841, 0.0536]; bin = [3, 0, -1]
 */

import { twoSidedP } from './normal';

export type PAdjustment = 'fdr' | 'local' | 'none';

export interface HotspotClassification {
  /** Two-sided p per cell; NaN where z is NaN. */
  p: Float64Array;
  /** p after the adjustment; NaN where z is NaN. */
  pAdjusted: Float64Array;
  /** −3..3: confidence bin signed by z (see module doc); 0 where not significant or undefined. */
  bin: Int8Array;
  adjustment: PAdjustment;
}

export interface ClassifyOptions {
  adjustment: PAdjustment;
  /** W_i per cell (itself included), required by 'local'; see getisOrdGiStarWithWindows. */
  windowSize?: ArrayLike<number>;
}

/** Confidence levels of the bins, most significant first: bin 3 at 0.01, 2 at 0.05, 1 at 0.10. */
export const BIN_ALPHAS = [0.01, 0.05, 0.1] as const;

/** R p.adjust(p, "BH") with NaN entries excluded from the count and kept NaN. */
export function benjaminiHochberg(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length);
  let m = 0;
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i])) m++;
  const sorted = new Float64Array(m);
  for (let i = 0, k = 0; i < p.length; i++) if (!Number.isNaN(p[i])) sorted[k++] = p[i];
  sorted.sort();
  // q for each rank, scanning from the largest p down: the running minimum is BH's step-up.
  const q = new Float64Array(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    running = Math.min(running, (m / (k + 1)) * sorted[k]);
    q[k] = running;
  }
  // Tied p values share a q, so any rank of an equal value gives the right answer; a binary
  // search on the natively sorted copy beats sorting an index array with a comparator.
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (Number.isNaN(v)) {
      out[i] = NaN;
      continue;
    }
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = q[lo];
  }
  return out;
}

/** p, adjusted p and Gi_Bin for every cell's z-score (see module doc). */
export function classifyHotspots(z: ArrayLike<number>, options: ClassifyOptions): HotspotClassification {
  const { adjustment, windowSize } = options;
  const n = z.length;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = Number.isNaN(z[i]) ? NaN : twoSidedP(z[i]);

  let pAdjusted: Float64Array;
  if (adjustment === 'fdr') {
    pAdjusted = benjaminiHochberg(p);
  } else if (adjustment === 'local') {
    if (!windowSize || windowSize.length !== n) {
      throw new RangeError(`adjustment 'local' needs windowSize with ${n} entries`);
    }
    pAdjusted = new Float64Array(n);
    for (let i = 0; i < n; i++) pAdjusted[i] = Math.min(1, windowSize[i] * p[i]);
  } else if (adjustment === 'none') {
    pAdjusted = p.slice();
  } else {
    throw new RangeError(`adjustment must be 'fdr', 'local' or 'none', got ${String(adjustment)}`);
  }

  const bin = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const q = pAdjusted[i];
    if (!(q <= BIN_ALPHAS[2])) continue;
    const level = q <= BIN_ALPHAS[0] ? 3 : q <= BIN_ALPHAS[1] ? 2 : 1;
    bin[i] = z[i] > 0 ? level : z[i] < 0 ? -level : 0;
  }
  return { p, pAdjusted, bin, adjustment };
}
