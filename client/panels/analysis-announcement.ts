import { EMERGING_CATEGORIES } from '../../geodata/emerging';
import type { AnalysisResponse } from '../types';

const number = new Intl.NumberFormat('en-GB');
const plural = (n: number, one: string, many = `${one}s`) => `${number.format(n)} ${n === 1 ? one : many}`;

/** Gi* bin (1 to 3, by its absolute value) → its confidence level in per cent. */
const CONFIDENCE: Readonly<Record<number, number>> = { 1: 90, 2: 95, 3: 99 };

/** How many cells hold each value of a column (nulls left out). */
function tally(column: ArrayLike<number | null> | undefined): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < (column?.length ?? 0); i++) {
    const v = column![i];
    if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/**
 * What the live region says when an analysis is on screen, so a screen-reader user hears the
 * result the map shows in colour, e.g. "Hot spots: 81 hot spot cells at 99 %, 12 at 95 % …".
 * Pure: the response in, one sentence out.
 */
export function analysisAnnouncement(response: AnalysisResponse): string {
  if (response.analysis === 'hotspots') {
    const bins = tally(response.cells.bin);
    // The first class names the unit ("81 hot spot cells at 99 %"), the rest follow it ("12 at 95 %").
    const hot = [3, 2, 1]
      .filter((b) => bins.get(b))
      .map((b, i) => `${i === 0 ? plural(bins.get(b)!, 'hot spot cell') : number.format(bins.get(b)!)} at ${CONFIDENCE[b]} %`);
    const cold = [-3, -2, -1].reduce((a, b) => a + (bins.get(b) ?? 0), 0);
    return `Hot spots ready: ${hot.length ? hot.join(', ') : 'no hot spot cells'}; ${plural(cold, 'cold spot cell')}.`;
  }
  if (response.analysis === 'density') {
    let withIncidents = 0;
    let max = 0;
    for (const d of response.cells.density) {
      if (d === null) continue;
      if (d > 0) withIncidents++;
      max = Math.max(max, d);
    }
    const unit = response.parameters.weighting === 'harm' ? 'harm' : 'incidents';
    return `Density ready: ${plural(withIncidents, 'cell')} with incidents, the highest ${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(max)} ${unit} per km².`;
  }
  const categories = tally(response.cells.category);
  const found = EMERGING_CATEGORIES.filter((c) => c.code !== 0 && categories.get(c.code)).map((c) => `${number.format(categories.get(c.code)!)} ${c.label.toLowerCase()}`);
  return `Emerging hot spots ready: ${found.length ? found.join(', ') : 'no pattern detected in any cell'}.`;
}
