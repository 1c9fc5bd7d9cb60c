import { type Kysely, sql } from 'kysely';
import { type CellGrid, cellIndexExpression, withAggregateMemory } from './cell-counts';
import { type IncidentFilter, filterConditions } from './incident-filter';
import { json } from './json-param';
import type { Database } from './schema';

/** A plan's priority areas as one condition on a BNG geometry expression. */
const inPriorityArea = (planId: number, point: ReturnType<typeof sql>) =>
  sql`exists (select 1 from plan_features f where f.plan_id = ${planId} and f.kind = 'priority-area' and ST_Covers(f.geom_bng, ${point}))`;

/** Filtered incidents of one grid cell (−1: outside the grid or without a location) and category. */
export interface CoverageTallyRow {
  cell: number;
  category: string;
  /** All of them. */
  n: number;
  /** Those whose point lies in one of the plan's priority areas. */
  inside: number;
}

/**
 * Everything plan coverage counts, in one scan of the filtered incidents: per grid cell (binned as
 * tallyCells bins, so the cell counts are the analysis engine's) and category, the incidents and
 * those in the plan's priority areas.
 *
 * Point in polygon is tested once per position, not per incident: police.uk snaps incidents to a
 * finite set of points (see location-tally.ts), so a district's ~200,000 incidents of two years sit
 * at a few thousand positions (1,190 in the 1M bench's busiest district); tested per incident, this
 * was most of the endpoint's time there. The point is rebuilt from easting and northing, which
 * every writer stores as ST_X and ST_Y of geom_bng (incident-writer.ts, incident-load.ts), so
 * ST_Covers sees the same point as on geom_bng. Run with aggregate memory (withAggregateMemory):
 * the planner underestimates how few positions there are and would sort.
 */
export async function coverageTally(
  db: Kysely<Database>, planId: number, filter: IncidentFilter, grid: CellGrid,
): Promise<CoverageTallyRow[]> {
  return withAggregateMemory(db, async (trx) => {
    const { rows } = await sql<CoverageTallyRow>`
      with positions as materialized (
        select easting, northing, category, count(*)::int as n
        from incidents where ${filterConditions(filter)}
        group by 1, 2, 3
      ), covered as (
        select p.easting, p.northing
        from (select distinct easting, northing from positions where easting is not null) p
        where ${inPriorityArea(planId, sql`ST_SetSRID(ST_MakePoint(p.easting, p.northing), 27700)`)}
      )
      select ${cellIndexExpression(grid, 't')} as cell, t.category, sum(t.n)::int as n,
             coalesce(sum(t.n) filter (where c.easting is not null), 0)::int as inside
      from positions t left join covered c on c.easting = t.easting and c.northing = t.northing
      group by 1, 2`.execute(trx);
    return rows;
  });
}

/** Which of the points (BNG metres) lie in one of the plan's priority areas, by position in the list. */
export async function pointsInPriorityAreas(db: Kysely<Database>, planId: number, points: ReadonlyArray<[number, number]>): Promise<Set<number>> {
  if (points.length === 0) return new Set();
  const { rows } = await sql<{ k: number }>`
    select (p.ordinality - 1)::int as k
    from json_array_elements(${json(points)}) with ordinality as p(xy, ordinality)
    where ${inPriorityArea(planId, sql`ST_SetSRID(ST_MakePoint((p.xy->>0)::float8, (p.xy->>1)::float8), 27700)`)}`.execute(db);
  return new Set(rows.map((r) => r.k));
}
