import { type Kysely, sql } from 'kysely';
import { type IncidentFilter, filterConditions } from './incident-filter';
import type { Database } from './schema';

/** A WGS84 rectangle: [minLon, minLat, maxLon, maxLat]. */
export type LonLatBox = readonly [number, number, number, number];

/**
 * Incidents grouped per snap point, columnar: entry i of every array describes one location.
 * `easting`/`northing` are the whole metres (EPSG:27700, floored) the group was keyed on, so the
 * 1 m square [easting, easting+1) × [northing, northing+1) holds exactly the `count[i]` incidents.
 */
export interface IncidentPoints {
  lon: number[];
  lat: number[];
  easting: number[];
  northing: number[];
  count: number[];
  /** police.uk's "On or near …" label (the first alphabetically if one square holds several). */
  location: Array<string | null>;
  /** Counts per category slug, each array aligned with `count`; only categories present appear. */
  byCategory: Record<string, number[]>;
  /** Incidents at the locations returned (all of them unless truncated). */
  total: number;
  /** More locations matched than `limit`: the busiest `limit` are returned. */
  truncated: boolean;
}

export interface IncidentPointsQuery {
  filter: IncidentFilter;
  bbox: LonLatBox;
  /** Most locations to return, busiest first. */
  limit: number;
}

/**
 * The filtered incidents inside a lon/lat box, one row per snap point. police.uk publishes each
 * incident at an anonymised snap point, so incidents at one point share exact coordinates; the
 * grouping key is the whole BNG metre, which also merges points closer than a metre (none are, in
 * police.uk data: a snap point covers at least eight postal addresses).
 *
 * The box is tested on geom_bng (GiST-indexed) against the transformed box's envelope, then
 * exactly on geom (WGS84), so the index does the work and the edges follow the screen.
 */
export async function incidentPoints(db: Kysely<Database>, q: IncidentPointsQuery): Promise<IncidentPoints> {
  const [w, s, e, n] = q.bbox;
  const box = sql`ST_MakeEnvelope(${w}::float8, ${s}::float8, ${e}::float8, ${n}::float8, 4326)`;
  // One pass: counts per (point, category), then each point's total and rank by window functions.
  const { rows } = await sql<{ ex: number; ny: number; lon: number; lat: number; location: string | null; category: string; n: number; total: number; rank: number }>`
    with per_category as (
      select floor(easting)::int as ex, floor(northing)::int as ny, category, count(*)::int as n,
        sum(ST_X(geom)) as sum_lon, sum(ST_Y(geom)) as sum_lat, min(location) as location
      from incidents
      where ${filterConditions(q.filter)}
        and geom_bng && ST_Envelope(ST_Transform(${box}, 27700))
        and geom && ${box}
      group by 1, 2, 3
    ), per_point as (
      select *, sum(n) over w::int as total,
        (sum(sum_lon) over w / sum(n) over w)::float8 as lon, (sum(sum_lat) over w / sum(n) over w)::float8 as lat,
        min(location) over w as point_location
      from per_category window w as (partition by ex, ny)
    ), ranked as (
      select *, dense_rank() over (order by total desc, ex, ny)::int as rank from per_point
    )
    select ex, ny, lon, lat, point_location as location, category, n, total, rank
    from ranked where rank <= ${q.limit + 1}::int
    order by rank, category`.execute(db);

  const out: IncidentPoints = { lon: [], lat: [], easting: [], northing: [], count: [], location: [], byCategory: {}, total: 0, truncated: false };
  const categoryRows: Array<[number, string, number]> = [];
  let lastRank = 0;
  for (const r of rows) {
    if (r.rank > q.limit) {
      out.truncated = true;
      continue;
    }
    if (r.rank !== lastRank) {
      lastRank = r.rank;
      out.lon.push(round6(r.lon));
      out.lat.push(round6(r.lat));
      out.easting.push(r.ex);
      out.northing.push(r.ny);
      out.count.push(r.total);
      out.location.push(r.location);
      out.total += r.total;
    }
    categoryRows.push([out.count.length - 1, r.category, r.n]);
  }
  for (const [i, category, count] of categoryRows) {
    (out.byCategory[category] ??= new Array<number>(out.count.length).fill(0))[i] = count;
  }
  return out;
}

/** 6 decimals of a degree: ~0.1 m, finer than any snap point and a third of the JSON. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
