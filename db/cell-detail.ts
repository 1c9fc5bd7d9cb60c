import { type Kysely, sql } from 'kysely';
import { type IncidentFilter, filterConditions } from './incident-filter';
import type { IncidentSummary } from './incident-summary';
import type { Database } from './schema';

/** A rectangle in British National Grid metres: [minX, minY) to [maxX, maxY), as grid cells bin. */
export interface BngRect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Counts of the filtered incidents inside a BNG rectangle (one analysis cell, or a block of
 * them), by category and by month, for the map's click details. Same half-open bounds as the
 * grid binning, so the total equals the cell's count in the analysis.
 */
export async function cellDetail(db: Kysely<Database>, filter: IncidentFilter, rect: BngRect): Promise<Omit<IncidentSummary, 'withoutLocation'>> {
  const { rows } = await sql<{ category: string; month: string; n: number }>`
    select category, to_char(month, 'YYYY-MM') as month, count(*)::int as n
    from incidents
    where ${filterConditions(filter)}
      and easting >= ${rect.minX}::float8 and easting < ${rect.maxX}::float8
      and northing >= ${rect.minY}::float8 and northing < ${rect.maxY}::float8
    group by 1, 2`.execute(db);
  const out = { total: 0, byCategory: {} as Record<string, number>, byMonth: {} as Record<string, number> };
  for (const r of rows) {
    out.total += r.n;
    out.byCategory[r.category] = (out.byCategory[r.category] ?? 0) + r.n;
    out.byMonth[r.month] = (out.byMonth[r.month] ?? 0) + r.n;
  }
  out.byMonth = Object.fromEntries(Object.entries(out.byMonth).sort(([a], [b]) => a.localeCompare(b)));
  return out;
}
