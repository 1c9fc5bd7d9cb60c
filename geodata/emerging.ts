/**
 * Emerging hot spot categories for each cell of a space-time cube of Gi* results, following the
 * published definitions of ArcGIS Pro's Emerging Hot Spot Analysis ("How Emerging Hot Spot
 * Analysis works", ArcGIS Pro tool reference, Space Time Pattern Mining toolbox,
 * pro.arcgis.com/en/pro-app/latest/tool-reference/space-time-pattern-mining/learnmoreemerging.htm).
 *
 * Per cell, over its T time steps (step 0 first, step T−1 "the final time step"):
 *   hot bin  ⇔ p_t < binAlpha and z_t > 0;   cold bin ⇔ p_t < binAlpha and z_t < 0
 *   "90 percent" ⇔ count ≥ ⌈persistenceShare · T⌉ (ArcGIS: "at least ninety percent")
 *   trend = Mann-Kendall test on the cell's series of Gi* z-scores (see ./mann-kendall);
 *   a trend is significant ⇔ its two-sided p < trendAlpha.
 *
 * ArcGIS's definitions, quoted (cold spots mirror them with hot and cold exchanged and "increasing"
 * and "decreasing" exchanged):
 *   New: "A location that is a statistically significant hot spot for the final time step and has
 *     never been a statistically significant hot spot before."
 *   Consecutive: "A location with a single uninterrupted run of at least two statistically
 *     significant hot spot bins in the final time-step intervals. The location has never been a
 *     statistically significant hot spot prior to the final hot spot run and less than 90 percent
 *     of all bins are statistically significant hot spots."
 *   Intensifying: "A location that has been a statistically significant hot spot for 90 percent of
 *     the time-step intervals, including the final time step. In addition, the intensity of
 *     clustering of high counts in each time step is increasing overall and that increase is
 *     statistically significant."
 *   Persistent: "A location that has been a statistically significant hot spot for 90 percent of
 *     the time-step intervals with no discernible trend in the intensity of clustering over time."
 *   Diminishing: "A location that has been a statistically significant hot spot for 90 percent of
 *     the time-step intervals, including the final time step. In addition, the intensity of
 *     clustering in each time step is decreasing overall and that decrease is statistically
 *     significant."
 *   Sporadic: "A statistically significant hot spot for the final time-step interval with a history
 *     of also being an on-again and off-again hot spot. Less than 90 percent of the time-step
 *     intervals have been statistically significant hot spots and none of the time-step intervals
 *     have been statistically significant cold spots."
 *   Oscillating: "A statistically significant hot spot for the final time-step interval that has a
 *     history of also being a statistically significant cold spot during a prior time step. Less
 *     than 90 percent of the time-step intervals have been statistically significant hot spots."
 *   Historical: "The most recent time period is not hot, but at least 90 percent of the time-step
 *     intervals have been statistically significant hot spots."
 *   No pattern detected: "Does not fall into any of the hot or cold spot patterns defined below."
 *
 * Where the definitions overlap we resolve them so every cell gets exactly one category:
 *  1. The final step decides the family: a significant final bin gives a hot (z > 0) or cold
 *     (z < 0) category, whatever the earlier history; so a cell hot for 95 % of steps that turns
 *     cold at the end is an oscillating cold spot, not a historical hot spot.
 *  2. With the final bin significant (say hot) and ≥ 90 % hot bins: intensifying if the trend is
 *     significant upward, diminishing if significant downward, otherwise persistent.
 *  3. With < 90 % hot bins: oscillating if any bin was a significant cold spot, even when this is
 *     the first hot bin or the end of the only hot run (ArcGIS's New and Consecutive do not rule out
 *     earlier cold spots; Oscillating says more); else new if the final bin is the only hot bin;
 *     consecutive if all hot bins form one final run of ≥ 2; otherwise sporadic.
 *  4. With the final bin not significant: historical hot (cold) if ≥ 90 % of bins were hot (cold),
 *     which takes precedence over persistent, since ArcGIS defines historical by the final step not
 *     being hot; otherwise no pattern.
 * Because steps 2–4 are written once for a sign s = ±1, cold categories are exact mirrors: negating
 * every z negates the category code and the trend z.
 *
 * Thresholds (parameters, with defaults): binAlpha = 0.10: ArcGIS's Gi* bins count as significant
 * hot or cold spots from 90 % confidence (Gi_Bin ±1); pass FDR-corrected p-values to follow ArcGIS's
 * FDR correction. trendAlpha = 0.05: the ArcGIS page says only "statistically significant" for the
 * trend, and 0.05 is the conventional level. persistenceShare = 0.9: "90 percent". With fewer than
 * 10 steps "90 %" of T means every step (⌈0.9·T⌉ = T) and the Mann-Kendall p-value is only
 * indicative, so short cubes classify coarsely.
 *
 * Non-finite z or p in a bin make that bin not significant, and non-finite z are left out of the
 * trend test. Masked-out cells get code 0 and NaN trend z and p. Cost O(cells · T²).
 *
 * Units: z dimensionless (Gi* z-scores), p probabilities, alphas probabilities, share a fraction.
 *
 * @example
 * // 10 monthly steps × 1 cell: not significant for 7 months, then 3 hot months in a row.
 * const z = Float64Array.of(0.4, 0.1, -0.3, 0.5, 0.2, 0.0, 0.6, 2.9, 3.1, 3.3);
 * const p = Float64Array.of(0.7, 0.9, 0.8, 0.6, 0.8, 1.0, 0.5, 0.004, 0.002, 0.001);
 * emergingHotSpots({ z, p, steps: 10, cells: 1 }).category; // → Int8Array [2] (consecutive hot)
 */
import { mannKendall } from './mann-kendall';

/** Legend data: code as stored in the result (cold = −hot), stable key, label and a plain description. */
export const EMERGING_CATEGORIES = [
  { code: 0, key: 'no-pattern', label: 'No pattern detected', description: 'Not a hot or cold spot in any of the patterns below.' },
  { code: 1, key: 'new-hot-spot', label: 'New hot spot', description: 'A significant hot spot in the latest period, and never before.' },
  { code: 2, key: 'consecutive-hot-spot', label: 'Consecutive hot spot', description: 'An unbroken run of at least two significant hot periods up to the latest, never hot before the run, and hot in fewer than 90 % of periods.' },
  { code: 3, key: 'intensifying-hot-spot', label: 'Intensifying hot spot', description: 'A significant hot spot in at least 90 % of periods, including the latest, and getting significantly hotter over time.' },
  { code: 4, key: 'persistent-hot-spot', label: 'Persistent hot spot', description: 'A significant hot spot in at least 90 % of periods, including the latest, with no significant trend in intensity.' },
  { code: 5, key: 'diminishing-hot-spot', label: 'Diminishing hot spot', description: 'A significant hot spot in at least 90 % of periods, including the latest, but getting significantly less hot over time.' },
  { code: 6, key: 'sporadic-hot-spot', label: 'Sporadic hot spot', description: 'Hot in the latest period and on and off before, in fewer than 90 % of periods, and never a significant cold spot.' },
  { code: 7, key: 'oscillating-hot-spot', label: 'Oscillating hot spot', description: 'Hot in the latest period, a significant cold spot in some earlier period, and hot in fewer than 90 % of periods.' },
  { code: 8, key: 'historical-hot-spot', label: 'Historical hot spot', description: 'Not hot in the latest period, but a significant hot spot in at least 90 % of periods.' },
  { code: -1, key: 'new-cold-spot', label: 'New cold spot', description: 'A significant cold spot in the latest period, and never before.' },
  { code: -2, key: 'consecutive-cold-spot', label: 'Consecutive cold spot', description: 'An unbroken run of at least two significant cold periods up to the latest, never cold before the run, and cold in fewer than 90 % of periods.' },
  { code: -3, key: 'intensifying-cold-spot', label: 'Intensifying cold spot', description: 'A significant cold spot in at least 90 % of periods, including the latest, and getting significantly colder over time.' },
  { code: -4, key: 'persistent-cold-spot', label: 'Persistent cold spot', description: 'A significant cold spot in at least 90 % of periods, including the latest, with no significant trend in intensity.' },
  { code: -5, key: 'diminishing-cold-spot', label: 'Diminishing cold spot', description: 'A significant cold spot in at least 90 % of periods, including the latest, but getting significantly less cold over time.' },
  { code: -6, key: 'sporadic-cold-spot', label: 'Sporadic cold spot', description: 'Cold in the latest period and on and off before, in fewer than 90 % of periods, and never a significant hot spot.' },
  { code: -7, key: 'oscillating-cold-spot', label: 'Oscillating cold spot', description: 'Cold in the latest period, a significant hot spot in some earlier period, and cold in fewer than 90 % of periods.' },
  { code: -8, key: 'historical-cold-spot', label: 'Historical cold spot', description: 'Not cold in the latest period, but a significant cold spot in at least 90 % of periods.' },
] as const;

export type EmergingCategory = (typeof EMERGING_CATEGORIES)[number];
export type EmergingCategoryKey = EmergingCategory['key'];

const NEW = 1;
const CONSECUTIVE = 2;
const INTENSIFYING = 3;
const PERSISTENT = 4;
const DIMINISHING = 5;
const SPORADIC = 6;
const OSCILLATING = 7;
const HISTORICAL = 8;

export interface EmergingInput {
  /** Gi* z-scores, step-major: z[t · cells + c]. */
  z: Float64Array;
  /** p-values matching z (FDR-corrected if you want ArcGIS's behaviour). */
  p: Float64Array;
  steps: number;
  cells: number;
  /** 1 = cell is in the study area, 0 = skip; default all cells. */
  mask?: Uint8Array;
}

export interface EmergingOptions {
  /** A bin is significant when p < binAlpha. Default 0.10 (90 % confidence). */
  binAlpha?: number;
  /** The Mann-Kendall trend is significant when its p < trendAlpha. Default 0.05. */
  trendAlpha?: number;
  /** "90 percent of the time-step intervals", as a fraction. Default 0.9. */
  persistenceShare?: number;
}

export interface EmergingResult {
  /** One code per cell from EMERGING_CATEGORIES (0 none, 1…8 hot, −1…−8 cold). */
  category: Int8Array;
  /** Mann-Kendall Z of each cell's z-score series (NaN where masked out). */
  trendZ: Float64Array;
  /** Two-sided Mann-Kendall p (NaN where masked out). */
  trendP: Float64Array;
}

function checkAlpha(name: string, value: number): number {
  if (!(value > 0 && value < 1)) throw new Error(`emerging: ${name} must be between 0 and 1, got ${value}`);
  return value;
}

/** Classifies every cell of the cube (see the module comment for the rules and their order). */
export function emergingHotSpots(input: EmergingInput, options: EmergingOptions = {}): EmergingResult {
  const { z, p, steps, cells, mask } = input;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`emerging: steps must be a positive integer, got ${steps}`);
  if (!Number.isInteger(cells) || cells < 0) throw new Error(`emerging: cells must be a non-negative integer, got ${cells}`);
  if (z.length !== steps * cells || p.length !== steps * cells) {
    throw new Error(`emerging: z and p must hold steps × cells = ${steps * cells} values, got ${z.length} and ${p.length}`);
  }
  if (mask && mask.length !== cells) throw new Error(`emerging: mask length ${mask.length} does not match ${cells} cells`);
  const binAlpha = checkAlpha('binAlpha', options.binAlpha ?? 0.1);
  const trendAlpha = checkAlpha('trendAlpha', options.trendAlpha ?? 0.05);
  const share = checkAlpha('persistenceShare', options.persistenceShare ?? 0.9);
  // The epsilon keeps 0.9 · 30 = 27.000000000000004 from demanding 28 steps.
  const mostSteps = Math.ceil(share * steps - 1e-9);

  const category = new Int8Array(cells);
  const trendZ = new Float64Array(cells);
  const trendP = new Float64Array(cells);
  const series = new Float64Array(steps);
  const last = steps - 1;

  for (let c = 0; c < cells; c++) {
    if (mask && mask[c] === 0) {
      trendZ[c] = NaN;
      trendP[c] = NaN;
      continue;
    }
    let hot = 0;
    let cold = 0;
    let finite = 0;
    for (let t = 0; t < steps; t++) {
      const zt = z[t * cells + c];
      const pt = p[t * cells + c];
      if (Number.isFinite(zt)) series[finite++] = zt;
      if (pt < binAlpha && Number.isFinite(zt)) {
        if (zt > 0) hot++;
        else if (zt < 0) cold++;
      }
    }
    const trend = mannKendall(series, finite);
    trendZ[c] = trend.z;
    trendP[c] = trend.p;

    const zLast = z[last * cells + c];
    const lastSignificant = p[last * cells + c] < binAlpha && Number.isFinite(zLast) && zLast !== 0;
    if (!lastSignificant) {
      if (hot >= mostSteps) category[c] = HISTORICAL;
      else if (cold >= mostSteps) category[c] = -HISTORICAL;
      continue;
    }
    const sign = zLast > 0 ? 1 : -1;
    const same = sign > 0 ? hot : cold;
    const opposite = sign > 0 ? cold : hot;
    let code: number;
    if (same >= mostSteps) {
      const trendSignificant = trend.p < trendAlpha;
      if (trendSignificant && sign * trend.z > 0) code = INTENSIFYING;
      else if (trendSignificant && sign * trend.z < 0) code = DIMINISHING;
      else code = PERSISTENT;
    } else if (opposite > 0) {
      code = OSCILLATING;
    } else if (same === 1) {
      code = NEW;
    } else {
      // Length of the run of same-signed significant bins that ends at the final step.
      let run = 0;
      for (let t = last; t >= 0; t--) {
        const zt = z[t * cells + c];
        if (p[t * cells + c] < binAlpha && sign * zt > 0) run++;
        else break;
      }
      code = run === same ? CONSECUTIVE : SPORADIC;
    }
    category[c] = sign * code;
  }
  return { category, trendZ, trendP };
}
