import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './schema';

export interface DistrictFeatureCollection {
  type: 'FeatureCollection';
  bbox?: [number, number, number, number];
  features: Array<{
    type: 'Feature';
    id: string;
    geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
    properties: {
      code: string;
      name: string;
      kind: string;
      population: number | null;
      populationYear: number | null;
      areaM2: number;
      labelPoint: [number, number];
    };
  }>;
}

/**
 * Districts as an RFC 7946 FeatureCollection in WGS84, 6 decimals (~0.1 m). The label point is
 * PostGIS's point on surface, so labels of concave districts still fall inside them.
 */
export async function districtFeatures(db: Kysely<Database>): Promise<DistrictFeatureCollection> {
  const { rows } = await sql<{ fc: DistrictFeatureCollection }>`
    select json_build_object(
      'type', 'FeatureCollection',
      'bbox', (select json_build_array(round(ST_XMin(e)::numeric, 6), round(ST_YMin(e)::numeric, 6),
                                       round(ST_XMax(e)::numeric, 6), round(ST_YMax(e)::numeric, 6))
               from (select ST_Extent(geom)::geometry as e from districts) x where e is not null),
      'features', coalesce(json_agg(json_build_object(
        'type', 'Feature',
        'id', d.code,
        'geometry', ST_AsGeoJSON(d.geom, 6)::json,
        'properties', json_build_object(
          'code', d.code, 'name', d.name, 'kind', d.kind,
          'population', d.population, 'populationYear', d.population_year,
          'areaM2', round(d.area_m2),
          'labelPoint', json_build_array(round(ST_X(l.p)::numeric, 6), round(ST_Y(l.p)::numeric, 6)))
      ) order by d.code), '[]'::json)
    ) as fc
    from districts d
    cross join lateral (select ST_Transform(ST_PointOnSurface(d.geom_bng), 4326) as p) l`.execute(db);
  // json_build_object gives "bbox": null when there are no districts; RFC 7946 wants it absent.
  const { bbox, ...fc } = rows[0]!.fc;
  return bbox ? { ...fc, bbox } : fc;
}

/**
 * The code of the district containing a BNG point (an SQL expression): point in polygon on the BNG
 * boundaries, the lowest code where a point lies on a shared border. Every writer of
 * incidents.district_code uses it, so an import and a re-assignment place a point alike.
 */
export function districtContaining(pointBng: RawBuilder<unknown>) {
  return sql<string | null>`(select d.code from districts d where ST_Intersects(d.geom_bng, ${pointBng}) order by d.code limit 1)`;
}

/** The codes among `codes` that are not districts, to name them in an error. */
export async function unknownDistrictCodes(db: Kysely<Database>, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const found = await db.selectFrom('districts').select('code').where('code', 'in', codes).execute();
  const known = new Set(found.map((r) => r.code));
  return codes.filter((c) => !known.has(c));
}
