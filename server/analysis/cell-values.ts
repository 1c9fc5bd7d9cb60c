import type { Kysely } from 'kysely';
import { type CellCounts, distinctLocations } from '../../db/cell-counts';
import type { Database } from '../../db/schema';
import { snapPointWarning } from '../../geodata/grid';
import type { AnalysisQuery } from './params';
import { type Prepared, countCells, sum, valuesOf } from './prepare';

export interface CellValues {
  counts: CellCounts;
  /** Counts, or harm when weighting=harm, per grid cell. */
  values: Float64Array;
  /** Filtered incidents in the study area's cells. */
  incidents: number;
  /** Located incidents not analysed (see CountSummary in result.ts). */
  incidentsOutsideStudyArea: number;
}

/**
 * The per-cell counts a density or hot-spot analysis runs on, warning (in `p.warnings`) when cells
 * are small enough for police.uk's snap points to show, and when nothing matches the filters.
 */
export async function cellValues(db: Kysely<Database>, p: Prepared, q: Pick<AnalysisQuery, 'weighting'>): Promise<CellValues> {
  const { grid, kept } = p;
  const counts = await countCells(db, p, q.weighting === 'harm');
  if (grid.cellSize <= 200) {
    let nonEmptyCells = 0;
    for (const i of kept) if (counts.count[i]! > 0) nonEmptyCells++;
    const warning = snapPointWarning(grid.cellSize, { distinctLocations: await distinctLocations(db, p.filter, grid), nonEmptyCells });
    if (warning) p.warnings.push(warning);
  }
  const incidents = sum(counts.count, kept);
  // Say how many were left out, so totals reconcile with the incident summary.
  const incidentsOutsideStudyArea = counts.outside + counts.count.reduce((a, b) => a + b, 0) - incidents;
  if (incidents === 0) p.warnings.push({ code: 'no-incidents', message: 'No incidents match these filters in the study area.' });
  return { counts, values: valuesOf(counts, q), incidents, incidentsOutsideStudyArea };
}
