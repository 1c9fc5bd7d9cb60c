import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema';
import { json, jsonb } from './json-param';

export interface ZoneOutline {
  id: string;
  /** GeoJSON Polygon or MultiPolygon in EPSG:27700, as JSON text. */
  geometry: string;
}

export interface ClippedZone {
  id: string;
  /** GeoJSON MultiPolygon in WGS84 with 6 decimals: the geometry that is exported. */
  geometry: string;
  /** Ground area of the clipped zone on the BNG plane, m². */
  areaM2: number;
  /** Districts the zone covers at least 1 m² of, by code. */
  districts: Array<{ code: string; name: string }>;
  centroid: [number, number];
}

/**
 * Clips zone outlines to the study-area districts (their union, when `clipTo` lists codes; no
 * clipping for a bbox study area, `clipTo` null), names the districts each zone covers, and
 * reprojects to WGS84 at the export precision. Zones left empty by clipping are dropped.
 */
export async function clipZones(db: Kysely<Database>, zones: readonly ZoneOutline[], clipTo: readonly string[] | null): Promise<ClippedZone[]> {
  if (zones.length === 0) return [];
  const payload = json(zones.map((z) => ({ id: z.id, g: z.geometry })));
  const districtFilter = clipTo?.length ? sql`and d.code in (${sql.join(clipTo)})` : sql``;
  const clipped =
    clipTo === null
      ? sql`select z.id, z.g from z`
      : sql`select z.id, ST_Union(ST_Intersection(z.g, d.geom_bng)) as g
            from z join districts d on ST_Intersects(z.g, d.geom_bng) ${districtFilter} group by z.id`;
  const { rows } = await sql<{ id: string; geometry: string; area_m2: number; districts: ClippedZone['districts'] | null; lon: number; lat: number }>`
    with z as (
      select r.id, ST_SetSRID(ST_GeomFromGeoJSON(r.g), 27700) as g
      from json_to_recordset(${payload}) as r(id text, g text)
    ),
    c as (
      select id, ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3)) as g from (${clipped}) s
    )
    select c.id, ST_AsGeoJSON(ST_Transform(c.g, 4326), 6) as geometry, ST_Area(c.g) as area_m2,
           (select json_agg(json_build_object('code', d.code, 'name', d.name) order by d.code)
            from districts d where ST_Intersects(d.geom_bng, c.g) and ST_Area(ST_Intersection(d.geom_bng, c.g)) >= 1) as districts,
           ST_X(p.pt) as lon, ST_Y(p.pt) as lat
    from c cross join lateral (select ST_Transform(ST_Centroid(c.g), 4326) as pt) p
    where not ST_IsEmpty(c.g) and ST_Area(c.g) > 0
    order by c.id`.execute(db);
  return rows.map((r) => ({ id: r.id, geometry: r.geometry, areaM2: r.area_m2, districts: r.districts ?? [], centroid: [r.lon, r.lat] }));
}

export async function writeAudit(db: Kysely<Database> | Transaction<Database>, actor: string, action: string, details: unknown, address?: string): Promise<void> {
  await db.insertInto('audit_log').values({ actor, action, details: jsonb(details), address: address ?? null }).execute();
}
