import { type Kysely, sql } from 'kysely';
import { type IncidentFilter, filterConditions } from './incident-filter';
import { json } from './json-param';
import type { Database } from './schema';

/** A plan's priority areas as one condition on a BNG geometry expression. */
const inPriorityArea = (planId: number, point: ReturnType<typeof sql>) =>
  sql`exists (select 1 from plan_features f where f.plan_id = ${planId} and f.kind = 'priority-area' and ST_Covers(f.geom_bng, ${point}))`;

/** Filtered incidents per category: all of them, and those inside the plan's priority areas. */
export async function incidentsInPriorityAreas(
  db: Kysely<Database>, planId: number, filter: IncidentFilter,
): Promise<Array<{ category: string; total: number; inside: number }>> {
  const { rows } = await sql<{ category: string; total: number; inside: number }>`
    select category, count(*)::int as total, count(*) filter (where ${inPriorityArea(planId, sql`i.geom_bng`)})::int as inside
    from incidents i where ${filterConditions(filter)} group by category order by category`.execute(db);
  return rows;
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
