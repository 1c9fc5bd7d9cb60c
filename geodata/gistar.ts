/**
 * Getis–Ord Gi* hotspot z-scores on a square grid, binary weights, the cell itself included.
 *
 *   x̄ = (1/n) Σ_j x_j          S = sqrt( (1/n) Σ_j (x_j − x̄)² )      (divisor n, not n − 1)
 *   W_i = |N*_i|                (window: the cell itself + its neighbours, binary weights)
 *   Gi*_i = ( Σ_{j∈N*_i} x_j − x̄·W_i ) / ( S · sqrt( W_i·(n − W_i) / (n − 1) ) )
 *
 * Source: Ord & Getis (1995), Geographical Analysis 27(4): 286–306 (Gi*); reference implementation
 * R spdep::localG 1.2.7 with `include.self()` and `nb2listw(style = "B")` (the "G*i" branch,
 * GeoDa = FALSE), which is also ArcGIS Hot Spot Analysis and PySAL esda G_Local(star=True,
 * transform='B'). Project spec: docs/gistar.md.
 *
 * Units: x are counts per cell (any real numbers work), cellSize and distance are metres
 * (EPSG:27700), z is a standard-normal z-score (dimensionless).
 *
 * n is the number of kept cells (all cells without a mask; empty cells count). A masked cell is
 * removed from the data set as in spdep::subset.nb: not counted in n, x̄, S, nor in any window.
 * z is NaN at masked cells and where it is 0/0: S = 0 (all kept values equal), n < 2, or a window
 * covering every kept cell.
 *
 * Neighbourhoods: 'rook' (4 edge neighbours), 'queen' (8), or { distance } (centres within
 * distance + 1e-6 m, spdep::dnearneigh with the tolerance docs/gistar.md prescribes). Each is a set of
 * lattice offsets that, for every row offset dr, covers a contiguous run of column offsets
 * −m(dr)..m(dr); window sums are then two look-ups per row offset in row-wise prefix sums, so the
 * cost is O(n · rows of the window) instead of O(n · window size), with no neighbour lists.
 *
 * @example
 * const counts = [2,5,9,1,0, 0,8,12,3,0, 1,3,2,0,1, 0,1,0,2,0]; // 5 cols × 4 rows
 * const z = getisOrdGiStar(counts, 5, 4, { neighbourhood: 'queen', cellSize: 100, includeSelf: true });
 * z[2]; // 3.275877… (row 0, col 2)
 */

export type Neighbourhood = 'queen' | 'rook' | { distance: number };

export interface GiStarOptions {
  neighbourhood: Neighbourhood;
  /** Cell side in metres; only distance bands use it. */
  cellSize: number;
  /** cols·rows flags, row-major; 1 = inside the study area. Omitted = every cell kept. */
  mask?: Uint8Array;
  /** Gi* (the cell is in its own window); Gi without self is not offered. */
  includeSelf: true;
}

export interface GiStarResult {
  /** z-score per cell, row-major; NaN where masked or undefined. */
  z: Float64Array;
  /** W_i = number of kept cells in the cell's window (itself included); 0 at masked cells. */
  windowSize: Int32Array;
}

/** Tolerance (metres) on distance bands, see docs/gistar.md "Distance bands". */
export const DISTANCE_TOLERANCE_M = 1e-6;

/**
 * Half-widths m(dr) for dr = −R..R (array index dr + R): the window holds offsets (dr, dc) with
 * |dc| ≤ m(dr). Valid for any neighbourhood symmetric in dc with contiguous runs, which all of
 * ours are. Offsets beyond maxOffset cells cannot reach another cell of the grid, so capping them
 * keeps a huge distance band from costing a huge offset table.
 */
export function windowHalfWidths(
  neighbourhood: Neighbourhood,
  cellSize: number,
  maxOffset = Number.MAX_SAFE_INTEGER,
): Int32Array {
  if (neighbourhood === 'queen') return Int32Array.of(1, 1, 1);
  if (neighbourhood === 'rook') return Int32Array.of(0, 1, 0);
  const d = neighbourhood?.distance;
  if (!(Number.isFinite(d) && d >= 0)) {
    throw new RangeError(`neighbourhood.distance must be a finite number of metres >= 0, got ${d}`);
  }
  if (!(Number.isFinite(cellSize) && cellSize > 0)) {
    throw new RangeError(`cellSize must be a positive number of metres, got ${cellSize}`);
  }
  const reach = d + DISTANCE_TOLERANCE_M;
  const fits = (dr: number, dc: number) => cellSize * Math.sqrt(dr * dr + dc * dc) <= reach;
  let radius = 0;
  while (radius < maxOffset && fits(radius + 1, 0)) radius++;
  const half = new Int32Array(2 * radius + 1);
  for (let dr = 0; dr <= radius; dr++) {
    let m = 0;
    while (m < maxOffset && fits(dr, m + 1)) m++;
    half[radius + dr] = m;
    half[radius - dr] = m;
  }
  return half;
}

/**
 * out[outOffset + i] = Σ_{(dr,dc) in window} src[offset + (r+dr)·cols + (c+dc)] over cells inside
 * the grid, masked cells (mask[j] = 0) counting as 0; src = null counts kept cells instead (W_i).
 * Row prefix sums live in a ring of 2R+1 rows, so scratch stays small and nothing large is
 * allocated (big short-lived buffers cost more in GC than the arithmetic). Typed arrays only: a hot
 * loop that also saw plain arrays would go megamorphic in V8 and run several times slower.
 */
export function windowSums(
  src: Float64Array | null,
  offset: number,
  mask: Uint8Array | undefined,
  cols: number,
  rows: number,
  half: Int32Array,
  out: Float64Array,
  outOffset = 0,
): void {
  const stride = cols + 1;
  const span = half.length;
  const radius = (span - 1) >> 1;
  const ring = new Float64Array(span * stride);
  let filled = 0; // rows [0, filled) have their prefix sums in the ring
  const fillRow = (r: number) => {
    const base = (r % span) * stride;
    const srcBase = offset + r * cols;
    const maskBase = r * cols;
    let acc = 0;
    ring[base] = 0;
    if (src === null) {
      for (let c = 0; c < cols; c++) {
        if (!mask || mask[maskBase + c] !== 0) acc += 1;
        ring[base + c + 1] = acc;
      }
    } else if (mask) {
      for (let c = 0; c < cols; c++) {
        if (mask[maskBase + c] !== 0) acc += src[srcBase + c];
        ring[base + c + 1] = acc;
      }
    } else {
      for (let c = 0; c < cols; c++) {
        acc += src[srcBase + c];
        ring[base + c + 1] = acc;
      }
    }
  };
  for (let r = 0; r < rows; r++) {
    while (filled < rows && filled <= r + radius) fillRow(filled++);
    const oBase = outOffset + r * cols;
    out.fill(0, oBase, oBase + cols);
    const kFrom = Math.max(0, radius - r);
    const kTo = Math.min(span, rows - r + radius);
    for (let k = kFrom; k < kTo; k++) {
      const m = half[k];
      const pBase = ((r + k - radius) % span) * stride;
      // Clamping only matters within m columns of either edge; the middle needs no branches.
      const left = Math.min(m, cols);
      const right = Math.max(left, cols - m);
      for (let c = 0; c < left; c++) {
        out[oBase + c] += ring[pBase + Math.min(c + m, cols - 1) + 1] - ring[pBase];
      }
      for (let c = left; c < right; c++) {
        out[oBase + c] += ring[pBase + c + m + 1] - ring[pBase + c - m];
      }
      for (let c = right; c < cols; c++) {
        out[oBase + c] += ring[pBase + cols] - ring[pBase + Math.max(c - m, 0)];
      }
    }
  }
}

/** W_i per cell: kept cells in the window (0 at masked cells). scratch: cols·rows work space. */
export function windowSizes(
  mask: Uint8Array | undefined,
  cols: number,
  rows: number,
  half: Int32Array,
  scratch: Float64Array,
  out: Int32Array,
): void {
  if (mask) {
    windowSums(null, 0, mask, cols, rows, half, scratch);
    for (let i = 0; i < cols * rows; i++) out[i] = mask[i] === 0 ? 0 : scratch[i];
    return;
  }
  // Unmasked windows are only clipped by the grid edge: W(r, c) = Σ_dr span_dr(c).
  const radius = (half.length - 1) >> 1;
  out.fill(0, 0, cols * rows);
  for (let k = 0; k < half.length; k++) {
    const dr = k - radius;
    const m = half[k];
    const rFrom = Math.max(0, -dr);
    const rTo = Math.min(rows, rows - dr);
    for (let c = 0; c < cols; c++) {
      const span = Math.min(c + m, cols - 1) - Math.max(c - m, 0) + 1;
      for (let r = rFrom; r < rTo; r++) out[r * cols + c] += span;
    }
  }
}

export function assertGridShape(cols: number, rows: number): void {
  if (!(Number.isInteger(cols) && cols > 0 && Number.isInteger(rows) && rows > 0)) {
    throw new RangeError(`cols and rows must be positive integers, got ${cols} × ${rows}`);
  }
}

/**
 * Checks lengths, that the mask holds only 0 and 1 (window sizes are sums of it) and that kept
 * values are finite numbers (spdep::localG stops on NA too); returns the values as a
 * Float64Array, copied only when they are not one already (masked entries become 0).
 */
export function checkedValues(
  values: ArrayLike<number | null>,
  expected: number,
  mask: Uint8Array | undefined,
  cells: number,
): Float64Array {
  if (values.length !== expected) {
    throw new RangeError(`values must have ${expected} entries, got ${values.length}`);
  }
  if (mask) {
    if (mask.length !== cells) throw new RangeError(`mask must have ${cells} entries, got ${mask.length}`);
    for (let i = 0; i < cells; i++) {
      if (mask[i] > 1) throw new RangeError(`mask must hold only 0 and 1, got ${mask[i]} at index ${i}`);
    }
  }
  // Two loops, not one generic one: element access that has seen both plain and typed arrays
  // is megamorphic in V8 and several times slower on the already-typed fast path.
  if (values instanceof Float64Array) {
    assertFinite(values, mask, cells);
    return values;
  }
  const x = new Float64Array(expected);
  for (let i = 0; i < expected; i++) {
    if (mask && mask[i % cells] === 0) continue;
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw notFinite(i, v);
    x[i] = v;
  }
  return x;
}

function notFinite(i: number, v: unknown): RangeError {
  return new RangeError(`value at index ${i} is not a finite number: ${v}`);
}

function assertFinite(x: Float64Array, mask: Uint8Array | undefined, cells: number): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) && !(mask && mask[i % cells] === 0)) throw notFinite(i, x[i]);
  }
}

/**
 * Global n, x̄ and S (divisor n) over kept entries of values (entry i belongs to cell i mod cells);
 * null when Gi* is undefined everywhere (n < 2 or all kept values equal, i.e. S = 0).
 */
export function globalMoments(
  values: Float64Array,
  mask: Uint8Array | undefined,
  cells: number,
): { n: number; mean: number; s: number } | null {
  let n = 0;
  let total = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (mask && mask[i % cells] === 0) continue;
    const v = values[i];
    n++;
    total += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // min === max catches S = 0 exactly; a computed S could be a rounding-error sliver instead.
  if (n < 2 || min === max) return null;
  const mean = total / n;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask && mask[i % cells] === 0) continue;
    const d = values[i] - mean;
    ss += d * d;
  }
  return { n, mean, s: Math.sqrt(ss / n) };
}

/** Gi* z-scores and the window size W_i of every cell (see module doc). */
export function getisOrdGiStarWithWindows(
  values: ArrayLike<number | null>,
  cols: number,
  rows: number,
  options: GiStarOptions,
): GiStarResult {
  assertGridShape(cols, rows);
  const cells = cols * rows;
  const { mask } = options;
  const x = checkedValues(values, cells, mask, cells);
  const half = windowHalfWidths(options.neighbourhood, options.cellSize, Math.max(cols, rows) - 1);

  const z = new Float64Array(cells);
  const windowSize = new Int32Array(cells);
  const moments = globalMoments(x, mask, cells);
  // z doubles as scratch for the masked window counts, then holds window sums, then z-scores.
  windowSizes(mask, cols, rows, half, z, windowSize);
  if (!moments) {
    z.fill(NaN);
    return { z, windowSize };
  }
  windowSums(x, 0, mask, cols, rows, half, z);
  const { n, mean, s } = moments;
  const scale = 1 / s;
  const nMinus1 = n - 1;
  for (let i = 0; i < cells; i++) {
    const w = windowSize[i];
    z[i] = w === 0 || w >= n ? NaN : ((z[i] - mean * w) * scale) / Math.sqrt((w * (n - w)) / nMinus1);
  }
  return { z, windowSize };
}

/** Gi* z-scores only; see getisOrdGiStarWithWindows. */
export function getisOrdGiStar(
  values: ArrayLike<number | null>,
  cols: number,
  rows: number,
  options: GiStarOptions,
): Float64Array {
  return getisOrdGiStarWithWindows(values, cols, rows, options).z;
}
