import { type Kysely, sql } from 'kysely';
import type { Database } from './schema';

export interface StudyArea {
  /** District codes making up the area (all districts when none were chosen). */
  codes: string[];
  names: string[];
  /** The districts' polygons in EPSG:27700, as GeoJSON MultiPolygon coordinates (cm precision). */
  polygons: number[][][][];
  /** [minX, minY, maxX, maxY] in EPSG:27700 metres; null when there are no districts. */
  extent: [number, number, number, number] | null;
}

/** The BNG geometry of the chosen districts (all of them when `codes` is empty). */
export async function districtStudyArea(db: Kysely<Database>, codes: readonly string[]): Promise<StudyArea> {
  const where = codes.length ? sql`where code in (${sql.join(codes)})` : sql``;
  const { rows } = await sql<{ code: string; name: string; geojson: string; minx: number; miny: number; maxx: number; maxy: number }>`
    select code, name, ST_AsGeoJSON(geom_bng, 2) as geojson,
           ST_XMin(geom_bng) as minx, ST_YMin(geom_bng) as miny, ST_XMax(geom_bng) as maxx, ST_YMax(geom_bng) as maxy
    from districts ${where} order by code`.execute(db);
  const polygons: number[][][][] = [];
  for (const r of rows) polygons.push(...(JSON.parse(r.geojson) as { coordinates: number[][][][] }).coordinates);
  const extent: StudyArea['extent'] = rows.length
    ? [Math.min(...rows.map((r) => r.minx)), Math.min(...rows.map((r) => r.miny)), Math.max(...rows.map((r) => r.maxx)), Math.max(...rows.map((r) => r.maxy))]
    : null;
  return { codes: rows.map((r) => r.code), names: rows.map((r) => r.name), polygons, extent };
}

/**
 * A WGS84 bounding box as a BNG rectangle: the envelope is densified before reprojection
 * because its edges curve in BNG, so the corners alone would under-cover it.
 */
export async function bboxToBng(db: Kysely<Database>, bbox: readonly [number, number, number, number]): Promise<[number, number, number, number]> {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const { rows } = await sql<{ minx: number; miny: number; maxx: number; maxy: number }>`
    select ST_XMin(g) as minx, ST_YMin(g) as miny, ST_XMax(g) as maxx, ST_YMax(g) as maxy
    from (select ST_Transform(ST_Segmentize(ST_MakeEnvelope(${minLon}::float8, ${minLat}::float8, ${maxLon}::float8, ${maxLat}::float8, 4326), 0.01), 27700) as g) s`.execute(db);
  const r = rows[0]!;
  return [r.minx, r.miny, r.maxx, r.maxy];
}

export async function dataVersion(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ v: number }>`select data_version::int as v from dataset_state where id = 1`.execute(db);
  return rows[0]!.v;
}
