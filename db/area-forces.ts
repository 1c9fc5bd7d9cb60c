import { type Kysely, sql } from 'kysely';
import type { Database } from './schema';

/**
 * The police forces whose data an analysis of an area reads, so that month coverage (and the
 * default period) is judged over them and not over every force loaded: nationally, one small
 * force missing a month would otherwise refuse or warn about every area in the country.
 */

/** A force and how many of its located incidents lie in the area, over every month loaded. */
export interface AreaForce {
  force: string;
  incidents: number;
}

/**
 * Forces with located incidents in any of the districts, in any month or category, in name order,
 * with their counts. Read from the summary table incident_counts (one index range per district, a
 * few hundred rows), not from incidents. Any month, not the period's: a force with data in the area
 * in other months but none in the period is exactly what coverage must report.
 */
export async function forcesInDistricts(db: Kysely<Database>, codes: readonly string[]): Promise<AreaForce[]> {
  if (codes.length === 0) return [];
  const { rows } = await sql<AreaForce>`
    select force, sum(n)::int as incidents from incident_counts where district_code in (${sql.join(codes)})
    group by force order by force`.execute(db);
  return rows;
}

/**
 * Forces whose data may lie in a BNG rectangle [minX, minY, maxX, maxY) (metres, EPSG:27700): the
 * forces of the districts the rectangle intersects (a superset: a district's forces count even
 * when their incidents lie outside the rectangle). Null, meaning every force, when some located
 * incident in the rectangle is in no district, since incident_counts cannot say whose it is; an
 * index-only probe of the (district_code, month) covering index, which stops at the first one.
 */
export async function forcesInRectangle(db: Kysely<Database>, rect: readonly [number, number, number, number]): Promise<AreaForce[] | null> {
  const [minX, minY, maxX, maxY] = rect;
  const [outside, inside] = await Promise.all([
    sql<{ found: boolean }>`
      select exists (
        select 1 from incidents where district_code is null
          and easting >= ${minX}::float8 and easting < ${maxX}::float8
          and northing >= ${minY}::float8 and northing < ${maxY}::float8) as found`.execute(db),
    sql<AreaForce>`
      select c.force, sum(c.n)::int as incidents from districts d join incident_counts c on c.district_code = d.code
      where ST_Intersects(d.geom_bng, ST_MakeEnvelope(${minX}::float8, ${minY}::float8, ${maxX}::float8, ${maxY}::float8, 27700))
      group by c.force order by c.force`.execute(db),
  ]);
  return outside.rows[0]!.found ? null : inside.rows;
}
