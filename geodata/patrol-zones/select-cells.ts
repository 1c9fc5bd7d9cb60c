/**
 * Which grid cells become patrol-zone candidates: one of three selection rules over per-cell values.
 *
 * - 'hotspots'        cells whose Gi* confidence bin (ArcGIS Gi_Bin, from ../significance:
 *                     +3 / +2 / +1 = hot at 99 / 95 / 90 % confidence) is at least the bin of
 *                     `minConfidence` (default 95 %, i.e. bin ≥ 2). Cold spots (negative bins) never
 *                     qualify. A hot cell with no incidents of its own is kept: Gi* judges the cell's
 *                     neighbourhood, and dropping it would punch holes in a hot area.
 * - 'top-harm-share'  the smallest set of highest-harm cells whose harm sums to ≥ percent % of the
 *                     total harm (Weisburd's "how few places hold X % of crime", as in
 *                     ../concentration). Cells are taken by harm, descending, ties by ascending
 *                     index, so the set is unique; cells with zero harm are never taken.
 * - 'top-cells'       the k cells with the highest harm (same order and zero rule as above).
 *
 * "Harm" is whatever per-cell value the analysis ranks by: harm from ../harm, or the counts
 * themselves when the user asked for counts. A cell with mask 0 is outside the study area: it is
 * never selected and does not count towards the total harm.
 *
 * Units: counts are incidents per cell; harm is Cambridge Crime Harm Index days per cell (../harm) or
 * incidents; percent is a percentage in (0, 100]; the result is one 0/1 flag per cell, row-major.
 *
 * @example
 * const harm = Float64Array.of(5, 0, 30, 10, 55);
 * selectCells({ harm }, { rule: 'top-harm-share', percent: 80 }); // Uint8Array [0, 0, 1, 0, 1] (85 of 100)
 * selectCells({ harm }, { rule: 'top-cells', k: 3 });             // Uint8Array [0, 0, 1, 1, 1]
 */

export type SelectionRule =
  | { rule: 'hotspots'; minConfidence?: 90 | 95 | 99 }
  | { rule: 'top-harm-share'; percent: number }
  | { rule: 'top-cells'; k: number };

export interface CellValues {
  /** Per-cell ranking value (harm, or counts when ranking by incidents), row-major, ≥ 0. */
  harm: Float64Array;
  /** Gi* confidence bins −3..3 per cell (classifyHotspots().bin); required by 'hotspots'. */
  bins?: Int8Array;
  /** 1 = inside the study area; omitted = every cell. */
  mask?: Uint8Array;
}

/** Gi_Bin needed for each confidence level. */
export const CONFIDENCE_BIN = { 90: 1, 95: 2, 99: 3 } as const;

export const DEFAULT_MIN_CONFIDENCE = 95;

/** One 0/1 flag per cell: 1 where the rule selects the cell (see module doc). */
export function selectCells(values: CellValues, rule: SelectionRule): Uint8Array {
  const { harm, bins, mask } = values;
  const n = harm.length;
  if (mask && mask.length !== n) throw new RangeError(`selectCells: mask has ${mask.length} cells, harm has ${n}`);
  const out = new Uint8Array(n);
  const inside = (i: number) => !mask || mask[i] === 1;

  if (rule.rule === 'hotspots') {
    const confidence = rule.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
    const minBin = CONFIDENCE_BIN[confidence];
    if (minBin === undefined) throw new RangeError(`selectCells: minConfidence must be 90, 95 or 99, got ${confidence}`);
    if (!bins) throw new RangeError("selectCells: rule 'hotspots' needs Gi* confidence bins");
    if (bins.length !== n) throw new RangeError(`selectCells: bins has ${bins.length} cells, harm has ${n}`);
    for (let i = 0; i < n; i++) if (inside(i) && bins[i] >= minBin) out[i] = 1;
    return out;
  }

  if (rule.rule === 'top-harm-share') {
    const { percent } = rule;
    if (!(percent > 0 && percent <= 100)) throw new RangeError(`selectCells: percent must be in (0, 100], got ${percent}`);
  } else if (rule.rule === 'top-cells') {
    if (!(Number.isInteger(rule.k) && rule.k >= 0)) throw new RangeError(`selectCells: k must be an integer ≥ 0, got ${rule.k}`);
  } else {
    throw new RangeError(`selectCells: unknown rule ${String((rule as { rule: unknown }).rule)}`);
  }

  const order = rankedCells(harm, inside);
  if (rule.rule === 'top-cells') {
    for (let j = 0; j < Math.min(rule.k, order.length); j++) out[order[j]] = 1;
    return out;
  }
  // The total is summed in the same order as the running sum, so at 100 % the last positive cell
  // meets the target exactly instead of missing it by a rounding error.
  let total = 0;
  for (let j = 0; j < order.length; j++) total += harm[order[j]];
  const target = (total * rule.percent) / 100;
  let running = 0;
  for (let j = 0; j < order.length && running < target; j++) {
    out[order[j]] = 1;
    running += harm[order[j]];
  }
  return out;
}

/** Indices of cells inside the area with harm > 0, by harm descending, ties by index ascending. */
function rankedCells(harm: Float64Array, inside: (i: number) => boolean): Int32Array {
  const picked: number[] = [];
  for (let i = 0; i < harm.length; i++) {
    const h = harm[i];
    if (!(h >= 0) || !Number.isFinite(h)) throw new RangeError(`selectCells: harm at cell ${i} must be finite and ≥ 0, got ${h}`);
    if (h > 0 && inside(i)) picked.push(i);
  }
  const order = Int32Array.from(picked);
  order.sort((a, b) => harm[b] - harm[a] || a - b);
  return order;
}
