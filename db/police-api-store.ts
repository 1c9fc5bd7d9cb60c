import { type Kysely, sql } from 'kysely';
import type { Database } from './schema';

/** A polygon as the police.uk API takes it: one outer ring of [latitude, longitude] pairs. */
export type LatLngRing = Array<[number, number]>;

/** One polygon to query: the API takes a single ring per request (holes are ignored). */
export interface QueryArea {
  key: string;
  /** The WGS84 polygon as GeoJSON text, for further subdivision. */
  geojson: string;
  ring: LatLngRing;
}

interface AreaRow {
  key: string;
  geojson: string;
  ring: number[][];
}

/** One row per polygon part of `g`; a part's key gets '~n' when there are several. */
const PARTS = (key: ReturnType<typeof sql>, g: ReturnType<typeof sql>) => sql`
  select case when count(*) over (partition by ${key}) > 1 then ${key} || '~' || (part).path[1] else ${key} end as key,
         ST_AsGeoJSON((part).geom, 6) as geojson,
         ST_AsGeoJSON(ST_ExteriorRing((part).geom), 6)::json -> 'coordinates' as ring
  from ST_Dump(${g}) part`;

/**
 * The areas to query: each district (or one) as its WGS84 polygons, simplified to ~100 m so a
 * request stays short (the API takes at most a few hundred points; points on the edge may be
 * fetched for two areas and are de-duplicated by the API's crime id).
 */
export async function districtQueryAreas(db: Kysely<Database>, district?: string): Promise<QueryArea[]> {
  const g = sql`ST_Transform(ST_SimplifyPreserveTopology(d.geom_bng, 100), 4326)`;
  const { rows } = await sql<AreaRow>`
    select p.* from districts d, lateral (${PARTS(sql`d.code`, g)}) p
    ${district ? sql`where d.code = ${district}` : sql``} order by 1`.execute(db);
  return rows.map(toArea);
}

/** Splits an area into the quadrants of its bounding box, each clipped to it (empty ones dropped). */
export async function quadrants(db: Kysely<Database>, area: QueryArea): Promise<QueryArea[]> {
  const { rows } = await sql<AreaRow>`
    with a as (select ST_SetSRID(ST_GeomFromGeoJSON(${area.geojson}), 4326) as g),
    b as (select g, ST_XMin(g) x0, ST_YMin(g) y0, ST_XMax(g) x1, ST_YMax(g) y1, (ST_XMin(g) + ST_XMax(g)) / 2 xm, (ST_YMin(g) + ST_YMax(g)) / 2 ym from a),
    q as (
      select n, ST_CollectionExtract(ST_Intersection(g, ST_MakeEnvelope(qx0, qy0, qx1, qy1, 4326)), 3) as g
      from b, lateral (values (1, x0, ym, xm, y1), (2, xm, ym, x1, y1), (3, x0, y0, xm, ym), (4, xm, y0, x1, ym)) v(n, qx0, qy0, qx1, qy1)
    )
    select p.* from q, lateral (${PARTS(sql`${area.key} || '.' || q.n`, sql`q.g`)}) p where not ST_IsEmpty(q.g) order by 1`.execute(db);
  return rows.map(toArea);
}

function toArea(r: AreaRow): QueryArea {
  // GeoJSON rings are closed; the API closes the polygon itself.
  return { key: r.key, geojson: r.geojson, ring: r.ring.slice(0, -1).map(([lng, lat]) => [lat!, lng!]) };
}
