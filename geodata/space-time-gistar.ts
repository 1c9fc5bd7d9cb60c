/**
 * Space-time Getis–Ord Gi* over a cube of counts: the statistic behind ArcGIS Pro's Emerging Hot
 * Spot Analysis, with binary weights and the bin itself included.
 *
 * A bin is (t, i): time step t, grid cell i; cube index = t·cells + i (step-major). Its window
 * N*_{t,i} is the spatial window of cell i (queen / rook / distance band, the cell itself
 * included, exactly as in gistar.ts) in step t and in each of the k previous steps t−1 … t−k
 * that exist (k = "Neighborhood Time Step", default 1). Mean and variance are global over every
 * kept bin of the cube (ArcGIS "Define Global Window" = entire cube), n = kept cells × steps:
 *
 *   x̄ = (1/n) Σ x_b        S = sqrt( (1/n) Σ (x_b − x̄)² )
 *   W_{t,i} = (min(t, k) + 1) · W_i          (W_i = spatial window size, itself included)
 *   Gi*_{t,i} = ( Σ_{b∈N*_{t,i}} x_b − x̄·W_{t,i} ) / ( S · sqrt( W_{t,i}·(n − W_{t,i}) / (n − 1) ) )
 *
 * Sources: Esri, ArcGIS Pro tool reference "How Emerging Hot Spot Analysis works" and "Emerging
 * Hot Spot Analysis" usage notes (neighbours are the bins within the neighbourhood distance in the
 * same step, plus the bins at those locations in the previous N time steps), and "How Create
 * Space Time Cube works" (bin layout); the Gi* formula itself is Ord & Getis (1995), as in
 * gistar.ts. Masked cells are removed from every step (ArcGIS "Polygon Analysis Mask").
 *
 * Units: counts per bin; cellSize and distance in metres (EPSG:27700); z dimensionless.
 * z is NaN at masked bins and everywhere when S = 0 or n < 2.
 *
 * @example
 * // 3 steps of a 3×3 grid, a burst in the centre cell at the last step
 * const cube = new Float64Array(27); cube[2 * 9 + 4] = 10;
 * const z = spaceTimeGiStar(cube, 3, 3, 3, { neighbourhood: 'queen', cellSize: 100, includeSelf: true });
 * z[2 * 9 + 4]; // the largest z in the cube
 */

import {
  assertGridShape,
  checkedValues,
  globalMoments,
  windowHalfWidths,
  windowSizes,
  windowSums,
  type Neighbourhood,
} from './gistar';

export interface SpaceTimeGiStarOptions {
  neighbourhood: Neighbourhood;
  /** Cell side in metres; only distance bands use it. */
  cellSize: number;
  /** cols·rows flags (one per cell, applied to every step); 1 = inside the study area. */
  mask?: Uint8Array;
  /** k: how many previous time steps join the window (ArcGIS "Neighborhood Time Step"), default 1. */
  timeSteps?: number;
  includeSelf: true;
}

/** Space-time Gi* z-score per bin, step-major like the cube (see module doc). */
export function spaceTimeGiStar(
  cube: ArrayLike<number | null>,
  steps: number,
  cols: number,
  rows: number,
  options: SpaceTimeGiStarOptions,
): Float64Array {
  assertGridShape(cols, rows);
  if (!(Number.isInteger(steps) && steps > 0)) {
    throw new RangeError(`steps must be a positive integer, got ${steps}`);
  }
  const k = options.timeSteps ?? 1;
  if (!(Number.isInteger(k) && k >= 0)) {
    throw new RangeError(`timeSteps must be a non-negative integer, got ${k}`);
  }
  const cells = cols * rows;
  const { mask } = options;
  const x = checkedValues(cube, steps * cells, mask, cells);
  const half = windowHalfWidths(options.neighbourhood, options.cellSize, Math.max(cols, rows) - 1);

  const z = new Float64Array(steps * cells);
  const moments = globalMoments(x, mask, cells);
  if (!moments) return z.fill(NaN);
  const { n, mean, s } = moments;

  const spatialW = new Int32Array(cells);
  // Spatial window sums of every step, then a running sum over the last k + 1 steps.
  const spatial = new Float64Array(steps * cells);
  windowSizes(mask, cols, rows, half, spatial, spatialW);
  for (let t = 0; t < steps; t++) windowSums(x, t * cells, mask, cols, rows, half, spatial, t * cells);
  const running = new Float64Array(cells);
  for (let t = 0; t < steps; t++) {
    const base = t * cells;
    const dropBase = (t - k - 1) * cells;
    for (let i = 0; i < cells; i++) {
      running[i] += spatial[base + i];
      if (t - k - 1 >= 0) running[i] -= spatial[dropBase + i];
    }
    const layers = Math.min(t, k) + 1;
    for (let i = 0; i < cells; i++) {
      const w = layers * spatialW[i];
      z[base + i] =
        w === 0 || w >= n ? NaN : (running[i] - mean * w) / (s * Math.sqrt((w * (n - w)) / (n - 1)));
    }
  }
  return z;
}
