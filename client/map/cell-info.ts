import { EMERGING_CATEGORIES } from '../../geodata/emerging';
import type { PreparedAnalysis } from './analysis-data';
import { HOTSPOT_LABELS } from './palettes';

const n0 = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const n2 = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

function pText(p: number | null | undefined): string {
  if (p === null || p === undefined) return 'n/a';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** What a cell's tooltip says, as [term, value] pairs, for the cell at position k. Pure. */
export function cellFacts(analysis: PreparedAnalysis, k: number): Array<[string, string]> {
  const r = analysis.response;
  const c = r.cells;
  const harm = r.parameters.weighting === 'harm';
  const facts: Array<[string, string]> = [['Incidents', n0.format(c.count?.[k] ?? 0)]];
  if (harm) facts.push(['Harm', n2.format(c.value?.[k] ?? 0)]);
  if (r.analysis === 'density') {
    // A kernel surface's value is a smoothed estimate at the cell centre, not the cell's own count per area.
    const term = r.parameters.smoothing === 'kde' ? 'Kernel density' : 'Density';
    facts.push([term, `${n2.format(r.cells.density[k] ?? 0)} ${harm ? 'harm' : 'incidents'} per km²`]);
  } else if (r.analysis === 'hotspots') {
    const bin = r.cells.bin[k] ?? 0;
    facts.unshift(['Class', HOTSPOT_LABELS[bin] ?? 'Not significant']);
    const z = r.cells.z[k];
    facts.push(['Gi* z', z === null || z === undefined ? 'n/a' : z.toFixed(2)]);
    facts.push(['p', pText(r.cells.p[k])]);
    if (r.parameters.adjustment !== 'none') facts.push(['p adjusted', pText(r.cells.pAdjusted[k])]);
  } else {
    const code = r.cells.category[k] ?? 0;
    const category = EMERGING_CATEGORIES.find((e) => e.code === code) ?? EMERGING_CATEGORIES[0];
    facts.unshift(['Pattern', category.label]);
    const tz = r.cells.trendZ[k];
    facts.push(['Trend (Mann-Kendall z)', tz === null || tz === undefined ? 'n/a' : tz.toFixed(2)]);
    facts.push(['Trend p', pText(r.cells.trendP[k])]);
  }
  return facts;
}
