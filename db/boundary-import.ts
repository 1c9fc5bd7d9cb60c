import { type Transaction, sql } from 'kysely';
import { districtContaining } from './districts';
import type { Database, DistrictKind } from './schema';

export interface BoundaryInput {
  code: string;
  name: string;
  /** A GeoJSON Polygon or MultiPolygon geometry, as JSON text, in the batch's CRS. */
  geometry: string;
}

export interface BoundaryWriteResult {
  inserted: number;
  updated: number;
  /** Features whose polygon was invalid and repaired with ST_MakeValid, with PostGIS's reason. */
  repaired: Array<{ code: string; reason: string }>;
}

/**
 * Inserts or updates districts of one kind. Invalid polygons are repaired (ST_MakeValid, polygons
 * kept, promoted to MultiPolygon) and reported; a population already set is kept, since boundary
 * files do not carry one. Area is measured on the BNG plane (m²).
 */
export async function upsertBoundaries(
  trx: Transaction<Database>,
  srid: 4326 | 27700,
  kind: DistrictKind,
  boundaries: readonly BoundaryInput[],
): Promise<BoundaryWriteResult> {
  const result: BoundaryWriteResult = { inserted: 0, updated: 0, repaired: [] };
  for (const b of boundaries) {
    const source = sql`ST_SetSRID(ST_GeomFromGeoJSON(${b.geometry}), ${srid}::int)`;
    const check = await sql<{ valid: boolean; reason: string }>`
      select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason from (select ${source} as g) s`.execute(trx);
    if (!check.rows[0]!.valid) result.repaired.push({ code: b.code, reason: check.rows[0]!.reason });
    const bng = srid === 27700 ? source : sql`ST_Transform(${source}, 27700)`;
    const { rows } = await sql<{ inserted: boolean; empty: boolean }>`
      insert into districts (code, name, kind, geom_bng, geom, area_m2)
      select ${b.code}, ${b.name}, ${kind}, g, ST_Transform(g, 4326), ST_Area(g)
      from (select ST_Multi(ST_CollectionExtract(ST_MakeValid(${bng}), 3)) as g) s
      where not ST_IsEmpty(g)
      on conflict (code) do update set name = excluded.name, kind = excluded.kind,
        geom_bng = excluded.geom_bng, geom = excluded.geom, area_m2 = excluded.area_m2
      returning (xmax = 0) as inserted, false as empty`.execute(trx);
    if (rows.length === 0) throw new Error(`District ${b.code}: no polygon area is left after repairing its geometry`);
    if (rows[0]!.inserted) result.inserted++;
    else result.updated++;
  }
  return result;
}

/**
 * Re-assigns every located incident to the district containing it, set-based, by the rule every
 * writer of incidents uses (districtContaining).
 * Returns how many incidents changed district.
 */
export async function reassignIncidentDistricts(trx: Transaction<Database>): Promise<number> {
  const result = await sql`
    update incidents i set district_code = a.code
    from (
      select x.id, ${districtContaining(sql.ref('x.geom_bng'))} as code
      from incidents x where x.geom_bng is not null
    ) a
    where a.id = i.id and i.district_code is distinct from a.code`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
