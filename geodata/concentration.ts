/**
 * Law-of-crime-concentration figures for the cells of one study area: how much of the total the
 * busiest cells hold, how few cells hold half of it, and the Gini coefficient.
 *
 *   topShare(q)   = Σ of the k largest values / Σ of all values,  k = ⌈q·N⌉  (at least 1 cell)
 *   cellsFor50    = smallest k with (Σ of the k largest values) ≥ 0.5 · Σ of all values
 *   cellShareFor50 = cellsFor50 / N
 *   Gini          = Σ_i (2i − N − 1)·x_(i) / (N · Σ x),  x_(1) ≤ … ≤ x_(N),  i = 1 … N
 *
 * Source: Weisburd (2015), "The law of crime concentration and the criminology of place",
 * Criminology 53(2): 133–157, which reports the share of street segments holding 50 % (and 25 %)
 * of crime, counting every segment of the city, including those with none. Callers should do the
 * same: pass every cell of the study area, zeros included, or the shares are overstated. The Gini
 * formula is the standard sorted-sum form (e.g. Damgaard & Weiner 2000, Ecology 81(4):1139–1142);
 * with few incidents per cell it cannot reach 0 even for random data (Bernasco & Steenbeek 2017,
 * J. Quant. Criminol. 33:451–467), so read it beside the count of incidents.
 *
 * Fractional cell counts are rounded up (⌈q·N⌉) so "the top 1 %" of 250 cells is 3 cells, never 2:
 * rounding down would report a higher concentration than the data support. Ties at the cut-off do
 * not matter, since equal values contribute equally whichever of them are taken.
 *
 * Units: values are counts or harm (any non-negative unit); shares are fractions in [0, 1]; Gini is
 * dimensionless in [0, 1 − 1/N]. A study area with a zero total gives NaN shares and Gini.
 *
 * @example
 * crimeConcentration([0, 0, 0, 0, 0, 0, 0, 1, 3, 6]);
 * // → { cells: 10, total: 10, top1: 0.6, top5: 0.6, top10: 0.6, cellsFor50: 1,
 * //     cellShareFor50: 0.1, gini: 0.8 }
 */

export interface ConcentrationFigures {
  /** Number of cells N in the study area. */
  cells: number;
  /** Sum of all values (incidents, or harm). */
  total: number;
  /** Share of the total in the top ⌈1 % · N⌉ cells. */
  top1: number;
  /** Share of the total in the top ⌈5 % · N⌉ cells. */
  top5: number;
  /** Share of the total in the top ⌈10 % · N⌉ cells. */
  top10: number;
  /** Fewest cells that together hold at least half of the total. */
  cellsFor50: number;
  /** cellsFor50 / N. */
  cellShareFor50: number;
  /** Gini coefficient of the values across cells. */
  gini: number;
}

function topCount(fraction: number, n: number): number {
  // The epsilon keeps exact products such as 0.05 · 200 = 10.000000000000002 from rounding up to 11.
  return Math.max(1, Math.ceil(fraction * n - 1e-9));
}

/** Concentration figures for per-cell values (every cell of the study area, zeros included). */
export function crimeConcentration(values: ArrayLike<number>): ConcentrationFigures {
  const n = values.length;
  const sorted = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`concentration: value ${i} must be finite and ≥ 0, got ${v}`);
    sorted[i] = v;
    total += v;
  }
  if (n === 0 || total === 0) {
    return { cells: n, total, top1: NaN, top5: NaN, top10: NaN, cellsFor50: NaN, cellShareFor50: NaN, gini: NaN };
  }
  sorted.sort(); // ascending; read from the end for the largest values

  const k1 = topCount(0.01, n);
  const k5 = topCount(0.05, n);
  const k10 = topCount(0.1, n);
  let running = 0;
  let top1 = 0;
  let top5 = 0;
  let top10 = 0;
  let cellsFor50 = 0;
  for (let k = 1; k <= n; k++) {
    running += sorted[n - k];
    if (k === k1) top1 = running;
    if (k === k5) top5 = running;
    if (k === k10) top10 = running;
    if (cellsFor50 === 0 && running >= 0.5 * total) cellsFor50 = k;
  }

  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (2 * (i + 1) - n - 1) * sorted[i];
  return {
    cells: n,
    total,
    top1: top1 / total,
    top5: top5 / total,
    top10: top10 / total,
    cellsFor50,
    cellShareFor50: cellsFor50 / n,
    gini: weighted / (n * total),
  };
}
