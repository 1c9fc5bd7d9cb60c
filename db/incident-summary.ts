import { type Kysely, sql } from 'kysely';
import { type IncidentFilter, filterConditions } from './incident-filter';
import type { Database } from './schema';

export interface IncidentSummary {
  total: number;
  withoutLocation: number;
  byCategory: Record<string, number>;
  byMonth: Record<string, number>;
}

/**
 * Counts matching incidents. `total`, `byCategory` and `byMonth` count incidents with a location;
 * `withoutLocation` counts matching rows police.uk published without coordinates (a district
 * filter never matches those, since they have no district). "Located" reads easting, which the
 * table's check constraint ties to the geometries, so the covering index answers alone.
 */
export async function incidentSummary(db: Kysely<Database>, filter: IncidentFilter): Promise<IncidentSummary> {
  const { rows } = await sql<{ category: string; month: string; located: boolean; n: number }>`
    select category, to_char(month, 'YYYY-MM') as month, easting is not null as located, count(*)::int as n
    from incidents
    where ${filterConditions(filter)}
    group by 1, 2, 3`.execute(db);
  const summary: IncidentSummary = { total: 0, withoutLocation: 0, byCategory: {}, byMonth: {} };
  for (const r of rows) {
    if (!r.located) {
      summary.withoutLocation += r.n;
      continue;
    }
    summary.total += r.n;
    summary.byCategory[r.category] = (summary.byCategory[r.category] ?? 0) + r.n;
    summary.byMonth[r.month] = (summary.byMonth[r.month] ?? 0) + r.n;
  }
  summary.byMonth = Object.fromEntries(Object.entries(summary.byMonth).sort(([a], [b]) => a.localeCompare(b)));
  return summary;
}
