import { type Kysely, sql } from 'kysely';
import type { Database } from './schema';

/** A polygon as the police.uk API takes it: one outer ring of [latitude, longitude] pairs. */
export type LatLngRing = Array<[number, number]>;

/** One polygon to query: the API takes a single ring per request (holes are ignored). */
export interface QueryArea {
  key: string;
  /**
   * The polygon in British National Grid (EPSG:27700) as hex EWKB, at full precision, for further
   * subdivision. Splitting the 6-decimal WGS84 text instead fails: rounding can leave it invalid
   * (GEOS TopologyException "Too few points in geometry component").
   */
  bng: string;
  ring: LatLngRing;
}

interface AreaRow {
  key: string | null;
  bng: string;
  ring: number[][];
}

/**
 * Ends a query with a marker row (key null). PGlite's PostGIS answers a GEOS exception with an empty
 * result instead of an error (seen with ST_Intersection and ST_Buffer on bad geometry), which would
 * silently drop an area and its crimes; a missing marker turns that into an error.
 */
const WITH_MARKER = (query: ReturnType<typeof sql>) => sql<AreaRow>`${query} union all select null, null, null`;

/**
 * One row per polygon part of `g` (EPSG:27700); a part's key gets '~n' when there are several.
 * Each part keeps its exterior ring only, as the API sees it: a hole is queried with its polygon,
 * so subdividing never carves out of a child what the parent's ring covered.
 */
const PARTS = (key: ReturnType<typeof sql>, g: ReturnType<typeof sql>) => sql`
  select case when count(*) over (partition by ${key}) > 1 then ${key} || '~' || (part).path[1] else ${key} end as key,
         encode(ST_AsEWKB(ST_MakePolygon(ST_ExteriorRing((part).geom))), 'hex') as bng,
         ST_AsGeoJSON(ST_Transform(ST_ExteriorRing((part).geom), 4326), 6)::json -> 'coordinates' as ring
  from ST_Dump(${g}) part`;

/**
 * The areas to query: each district (or one) as its polygons, simplified to ~100 m so a request
 * stays short (the API takes at most a few hundred points; points on the edge may be fetched for
 * two areas and are de-duplicated by the API's crime id).
 */
export async function districtQueryAreas(db: Kysely<Database>, district?: string): Promise<QueryArea[]> {
  const g = sql`ST_SimplifyPreserveTopology(d.geom_bng, 100)`;
  const { rows } = await WITH_MARKER(sql`
    select p.* from districts d, lateral (${PARTS(sql`d.code`, g)}) p
    ${district ? sql`where d.code = ${district}` : sql``}`).execute(db);
  return toAreas(rows, 'the districts');
}

/**
 * Overlap of neighbouring quadrants across the split lines, in metres. The API tests points
 * against the ring rounded to 6 decimals (up to ~0.1 m off), so quadrants that only touched could
 * leave a crime on a split line in neither; overlapping, it comes back from both and is
 * de-duplicated by its id. Near where a split line meets the outer edge, the new vertex is rounded
 * too, but that spot lies inside the neighbouring quadrant, whose edge there is the parent's own.
 */
export const SPLIT_OVERLAP_M = 1;

/**
 * Splits an area into the quadrants of its bounding box (in BNG, from the full-precision
 * geometry), each widened by SPLIT_OVERLAP_M across the split lines and clipped to the area;
 * empty parts are dropped. The geometry is repaired first if it is not valid.
 */
export async function quadrants(db: Kysely<Database>, area: QueryArea): Promise<QueryArea[]> {
  const m = SPLIT_OVERLAP_M;
  const { rows } = await WITH_MARKER(sql`
    with a as (select ST_MakeValid(ST_GeomFromEWKB(decode(${area.bng}, 'hex'))) as g),
    b as (select g, ST_XMin(g) x0, ST_YMin(g) y0, ST_XMax(g) x1, ST_YMax(g) y1, (ST_XMin(g) + ST_XMax(g)) / 2 xm, (ST_YMin(g) + ST_YMax(g)) / 2 ym from a),
    q as (
      select n, ST_CollectionExtract(ST_Intersection(g, ST_MakeEnvelope(qx0, qy0, qx1, qy1, 27700)), 3) as g
      from b, lateral (values (1, x0, ym - ${m}, xm + ${m}, y1), (2, xm - ${m}, ym - ${m}, x1, y1),
                              (3, x0, y0, xm + ${m}, ym + ${m}), (4, xm - ${m}, y0, x1, ym + ${m})) v(n, qx0, qy0, qx1, qy1)
    )
    select p.* from q, lateral (${PARTS(sql`${area.key} || '.' || q.n`, sql`q.g`)}) p where not ST_IsEmpty(q.g)`).execute(db);
  const parts = toAreas(rows, `area ${area.key}`);
  // The area has a ring with an area, so some quadrant must hold part of it.
  if (parts.length === 0) throw new Error(`Splitting area ${area.key} for the police.uk API gave no part`);
  return parts;
}

function toAreas(rows: AreaRow[], what: string): QueryArea[] {
  if (!rows.some((r) => r.key === null)) throw new Error(`PostGIS failed while cutting ${what} into police.uk API query areas`);
  // GeoJSON rings are closed; the API closes the polygon itself. A ring with no area once rounded
  // (a sliver along a split line) can hold no point, so it is not asked for. Sorted by key so the
  // requests go in the same order on every backend.
  return rows
    .filter((r): r is AreaRow & { key: string } => r.key !== null)
    .map((r) => ({ key: r.key, bng: r.bng, ring: r.ring.slice(0, -1).map(([lng, lat]): [number, number] => [lat!, lng!]) }))
    .filter((a) => ringArea(a.ring) !== 0)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Twice the shoelace area of a ring in whole micro-degrees (the ring's 6-decimal grid), relative to
 * its first point so every product stays an exact integer: 0 exactly when the points are collinear.
 */
function ringArea(ring: LatLngRing): number {
  const [lat0, lng0] = ring[0] ?? [0, 0];
  const p = ring.map(([lat, lng]) => [Math.round((lng - lng0) * 1e6), Math.round((lat - lat0) * 1e6)] as const);
  let twice = 0;
  for (let i = 0; i < p.length; i++) {
    const [x0, y0] = p[i]!;
    const [x1, y1] = p[(i + 1) % p.length]!;
    twice += x0 * y1 - x1 * y0;
  }
  return twice;
}
