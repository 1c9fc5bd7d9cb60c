import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { emergingHotSpots } from '../../geodata/emerging';
import { monthsBetween } from '../../geodata/months';
import { twoSidedP } from '../../geodata/normal';
import { classifyHotspots } from '../../geodata/significance';
import { spaceTimeGiStar } from '../../geodata/space-time-gistar';
import { invalidParameters, monthsMissingProblem } from '../problem';
import { longestGapFreeRun } from '../../geodata/month-coverage';
import { type AnalysisQuery, MAX_CUBE_BINS, MIN_EMERGING_MONTHS } from './params';
import { countCells, giStarParameters, pick, pickFormatted, prepare, resultFrame, round6, sig4, sum, valuesOf } from './prepare';
import type { EmergingResult } from './result';

/**
 * Emerging hot spots: space-time Gi* per (month, cell), then each cell's pattern from the
 * Mann-Kendall trend of its z-scores and how often it was hot (geodata/emerging.ts).
 */
export async function runEmerging(db: Kysely<Database>, q: AnalysisQuery): Promise<EmergingResult> {
  const p = await prepare(db, q);
  const { grid, mask, kept } = p;
  const t0 = performance.now();
  const months = p.period.from && p.period.to ? monthsBetween(p.period.from, p.period.to) : [];
  if (p.coverage.missingMonths.length) throw monthsMissingProblem(p.coverage.missingMonths, longestGapFreeRun(p.monthsByForce));
  if (q.adjustment === 'local') throw invalidParameters([{ parameter: 'adjustment', detail: 'local adjustment is not available for emerging hot spots: use fdr or none' }]);
  if (months.length < MIN_EMERGING_MONTHS) {
    throw invalidParameters([{ parameter: 'from', detail: `emerging hot spots need at least ${MIN_EMERGING_MONTHS} months for a trend test; the period has ${months.length}` }]);
  }
  if (months.length * kept.length > MAX_CUBE_BINS) {
    throw invalidParameters([{ parameter: 'cellSize', detail: `${kept.length.toLocaleString('en-GB')} cells × ${months.length} months exceed the limit of ${MAX_CUBE_BINS.toLocaleString('en-GB')} bins: use larger cells, fewer districts or a shorter period` }]);
  }
  if (months.length < 10) p.warnings.push({ code: 'short-series', message: `${months.length} time steps: ArcGIS recommends at least 10 for emerging hot spot trends.` });
  const cube = await countCells(db, p, q.weighting === 'harm', months);
  const sqlMs = p.sqlMs + performance.now() - t0;
  const s0 = performance.now();
  const values = valuesOf(cube, q);
  const z = spaceTimeGiStar(values, months.length, grid.cols, grid.rows, { neighbourhood: q.neighbourhood, cellSize: grid.cellSize, mask, timeSteps: q.timeSteps, includeSelf: true });
  const pRaw = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) pRaw[i] = Number.isNaN(z[i]!) ? NaN : twoSidedP(z[i]!);
  const pUsed = q.adjustment === 'fdr' ? classifyHotspots(z, { adjustment: 'fdr' }).pAdjusted : pRaw;
  const emerging = emergingHotSpots({ z, p: pUsed, steps: months.length, cells: grid.cols * grid.rows, mask });
  // Totals over the months, per cell: what the map and tooltip show beside the pattern.
  const cells = grid.cols * grid.rows;
  const total = new Float64Array(cells);
  const count = new Float64Array(cells);
  for (let t = 0; t < months.length; t++) {
    for (let c = 0; c < cells; c++) {
      total[c]! += values[t * cells + c]!;
      count[c]! += cube.count[t * cells + c]!;
    }
  }
  const categoryCounts: Record<string, number> = {};
  for (const i of kept) categoryCounts[String(emerging.category[i])] = (categoryCounts[String(emerging.category[i])] ?? 0) + 1;
  return {
    analysis: 'emerging',
    parameters: {
      ...p.parameters, ...giStarParameters(q),
      timeSteps: q.timeSteps, timeStepInterval: '1 month', binAlpha: 0.1, trendAlpha: 0.05, persistenceShare: 0.9,
    },
    ...resultFrame(p),
    cells: {
      index: Array.from(kept), count: pick(count, kept), value: pickFormatted(total, kept, round6),
      category: pick(emerging.category, kept), trendZ: pickFormatted(emerging.trendZ, kept, round6), trendP: pickFormatted(emerging.trendP, kept, sig4),
    },
    summary: { incidents: sum(count, kept), cellsInStudyArea: kept.length, categoryCounts, months },
    timings: { sqlMs, statsMs: performance.now() - s0 },
  };
}
