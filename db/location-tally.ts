import { type Kysely, sql } from 'kysely';
import { type CellGrid, cellIndexExpression, withAggregateMemory } from './cell-counts';
import { type IncidentFilter, filterConditions } from './incident-filter';
import type { Database } from './schema';

/**
 * Filtered incidents grouped by their exact position, as parallel arrays: police.uk snaps every
 * incident to one of a finite set of points, so a county's hundreds of thousands of incidents sit
 * at tens of thousands of positions, and a kernel density over these positions with their counts
 * as weights is the exact estimator over the incidents themselves.
 */
export interface LocationTally {
  /** EPSG:27700 metres. */
  easting: Float64Array;
  northing: Float64Array;
  /** The grid cell each position bins to, by the same arithmetic as tallyCells. */
  cell: Int32Array;
  /** Index into `categories`; 0 when not split by category. */
  category: Int32Array;
  n: Float64Array;
  /** Category slugs, sorted; empty when not split by category. */
  categories: string[];
}

/** Positions of the filtered incidents inside the grid, with counts (split by category for harm). */
export async function tallyLocations(
  db: Kysely<Database>,
  options: { filter: IncidentFilter; grid: CellGrid; byCategory?: boolean; insideDistrictsOnly?: boolean },
): Promise<LocationTally> {
  const cell = cellIndexExpression(options.grid);
  const rows = await withAggregateMemory(db, async (trx) => {
    const { rows } = await sql<{ easting: number; northing: number; cell: number; category: string | null; n: number }>`
      select easting, northing, ${cell} as cell, ${options.byCategory ? sql`category` : sql`null::text`} as category, count(*)::int as n
      from incidents
      where ${filterConditions(options.filter)} and easting is not null and ${cell} >= 0
        ${options.insideDistrictsOnly ? sql`and district_code is not null` : sql``}
      group by 1, 2, 3, 4
      order by 1, 2, 4`.execute(trx);
    return rows;
  });
  const categories = options.byCategory ? [...new Set(rows.map((r) => r.category!))].sort() : [];
  const index = new Map(categories.map((c, i) => [c, i]));
  return {
    easting: Float64Array.from(rows, (r) => r.easting),
    northing: Float64Array.from(rows, (r) => r.northing),
    cell: Int32Array.from(rows, (r) => r.cell),
    category: Int32Array.from(rows, (r) => (r.category === null ? 0 : index.get(r.category)!)),
    n: Float64Array.from(rows, (r) => r.n),
    categories,
  };
}
