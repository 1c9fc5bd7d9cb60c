import { type Transaction, sql } from 'kysely';
import type { Database, DistrictKind } from './schema';

export interface DistrictInput {
  code: string;
  name: string;
  kind: DistrictKind;
  population: number | null;
  populationYear: number | null;
  /** A GeoJSON Polygon or MultiPolygon geometry, as JSON text. */
  geometry: string;
}

/**
 * Inserts or replaces districts. Geometry is repaired with ST_MakeValid and kept to its polygons,
 * promoted to MultiPolygon, and stored in both CRSs; area is measured on the BNG plane (m²).
 */
export async function upsertDistricts(trx: Transaction<Database>, srid: 4326 | 27700, districts: readonly DistrictInput[]): Promise<void> {
  for (const d of districts) {
    const source = sql`ST_SetSRID(ST_GeomFromGeoJSON(${d.geometry}), ${srid}::int)`;
    const bng = srid === 27700 ? source : sql`ST_Transform(${source}, 27700)`;
    await sql`
      insert into districts (code, name, kind, population, population_year, geom_bng, geom, area_m2)
      select ${d.code}, ${d.name}, ${d.kind}, ${d.population}::int, ${d.populationYear}::int, g, ST_Transform(g, 4326), ST_Area(g)
      from (select ST_Multi(ST_CollectionExtract(ST_MakeValid(${bng}), 3)) as g) s
      on conflict (code) do update set name = excluded.name, kind = excluded.kind,
        population = excluded.population, population_year = excluded.population_year,
        geom_bng = excluded.geom_bng, geom = excluded.geom, area_m2 = excluded.area_m2`.execute(trx);
  }
}
