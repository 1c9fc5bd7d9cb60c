import type { Kysely } from 'kysely';
import { loadedMonthsByForce } from '../../db/loaded-months';
import { coverageTally, pointsInPriorityAreas } from '../../db/plan-coverage';
import type { Database } from '../../db/schema';
import type { CategorySlug } from '../../geodata/categories';
import { DEFAULT_HARM_WEIGHTS } from '../../geodata/harm';
import { monthsBetween } from '../../geodata/months';
import { monthCoverage } from '../../geodata/month-coverage';
import { areaForceMonths } from '../analysis/area-coverage';
import { defaultPeriod, monthsMissingWarning } from '../analysis/prepare';
import type { Warning } from '../analysis/result';
import { districtGiStarFromCounts, districtGrid } from '../profiles/district-analysis';

export interface UncoveredHotCell { easting: number; northing: number; cellSize: number; z: number; incidents: number }

export interface PlanCoverage {
  period: { from: string; to: string };
  categories: string[];
  cellSize: number;
  /** Hot cells: Gi* 99 % (FDR) in the district's own analysis; covered when the cell centre is in a priority area. */
  hotCells: { total: number; covered: number; share: number | null };
  incidents: { total: number; covered: number; share: number | null };
  /** Harm with the default weights (geodata/harm.ts). */
  harm: { total: number; covered: number; share: number | null };
  /** Hot cells whose centre is in no priority area, by z then incidents, highest first. */
  uncoveredHotCells: UncoveredHotCell[];
  /** `months-missing` when the period has months without data, as the analyses say it. */
  warnings: Warning[];
}

const share = (covered: number, total: number) => (total > 0 ? Math.round((covered / total) * 1e6) / 1e6 : null);

/**
 * Plan-vs-hotspot coverage for the annual review (issue 13). The hot cells are the district's own
 * analysis (the district's grid and mask, cell counts, queen Gi* with FDR, 99 % bin, as
 * /api/analysis/hotspots runs it with `districts=<code>`); incidents and
 * harm are counted point by point. One scan of the district's incidents gives both the cell
 * counts and the counts inside the priority areas (coverageTally).
 */
export async function planCoverage(
  db: Kysely<Database>, plan: { id: number; districtCode: string },
  q: { from?: string; to?: string; categories: CategorySlug[] },
): Promise<PlanCoverage> {
  // The grid does not depend on the period: fetched beside the loaded months.
  const [loaded, district] = await Promise.all([loadedMonthsByForce(db), districtGrid(db, plan.districtCode, undefined)]);
  // The analyses' own default: the latest gap-free run of the months loaded by the forces with
  // incidents in the district (as an analysis with districts=<code> judges it), so the hot cells
  // here are the map's, and a period with gaps is said to have them.
  const monthsByForce = await areaForceMonths(db, { districts: [plan.districtCode] }, loaded);
  const period = defaultPeriod(q, monthsByForce);
  const from = period.from ?? q.to ?? '1970-01';
  const to = period.to ?? from;
  const coverage = monthCoverage(monthsBetween(from, to), monthsByForce);
  const warnings = coverage.missingMonths.length ? [monthsMissingWarning(coverage)] : [];
  const filter = { from, to, categories: q.categories, districts: [plan.districtCode] };

  const tally = await coverageTally(db, plan.id, filter, district.grid);
  const cells = new Float64Array(district.grid.cols * district.grid.rows);
  for (const r of tally) if (r.cell >= 0) cells[r.cell]! += r.n;
  const { grid, mask, count, z, bin } = districtGiStarFromCounts(district, cells);
  const { cellSize } = grid;
  const counts = { count };

  const hot: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i] && bin[i] === 3) hot.push(i);
  const corner = (i: number): [number, number] => [grid.originX + (i % grid.cols) * cellSize, grid.originY + Math.floor(i / grid.cols) * cellSize];
  const covered = await pointsInPriorityAreas(db, plan.id, hot.map((i) => { const [e, n] = corner(i); return [e + cellSize / 2, n + cellSize / 2]; }));
  const uncoveredHotCells = hot
    .filter((_, k) => !covered.has(k))
    .map((i): UncoveredHotCell => { const [easting, northing] = corner(i); return { easting, northing, cellSize, z: Math.round(z[i]! * 1e6) / 1e6, incidents: counts.count[i]! }; })
    .sort((a, b) => b.z - a.z || b.incidents - a.incidents || a.northing - b.northing || a.easting - b.easting);

  // Per category in slug order, as the sums below always ran (harm is a float sum).
  const byCategory = [...new Set(tally.map((r) => r.category))].sort().map((category) => {
    const rows = tally.filter((r) => r.category === category);
    return { category, total: rows.reduce((a, r) => a + r.n, 0), inside: rows.reduce((a, r) => a + r.inside, 0) };
  });
  const weight = (c: string) => DEFAULT_HARM_WEIGHTS[c as CategorySlug] ?? 0;
  const sum = (f: (r: (typeof byCategory)[number]) => number) => byCategory.reduce((a, r) => a + f(r), 0);
  const incidents = { total: sum((r) => r.total), covered: sum((r) => r.inside) };
  const harm = { total: sum((r) => r.total * weight(r.category)), covered: sum((r) => r.inside * weight(r.category)) };
  return {
    period: { from, to },
    categories: q.categories,
    cellSize,
    hotCells: { total: hot.length, covered: covered.size, share: share(covered.size, hot.length) },
    incidents: { ...incidents, share: share(incidents.covered, incidents.total) },
    harm: { ...harm, share: share(harm.covered, harm.total) },
    uncoveredHotCells,
    warnings,
  };
}
