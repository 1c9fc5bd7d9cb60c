import { type Kysely, type Transaction, sql } from 'kysely';
import type { BoundaryInput, BoundaryWriteResult } from './boundary-import';
import type { Database } from './schema';

/**
 * Inserts or updates police force areas, repairing invalid polygons as district boundaries are
 * (ST_MakeValid, polygons kept, MultiPolygon); area on the BNG plane (m²). A most-similar group
 * already loaded is kept, since boundary files do not carry one.
 */
export async function upsertPoliceForceAreas(
  trx: Transaction<Database>,
  srid: 4326 | 27700,
  areas: ReadonlyArray<BoundaryInput & { forceId: string | null }>,
): Promise<BoundaryWriteResult> {
  const result: BoundaryWriteResult = { inserted: 0, updated: 0, repaired: [] };
  for (const a of areas) {
    const source = sql`ST_SetSRID(ST_GeomFromGeoJSON(${a.geometry}), ${srid}::int)`;
    const check = await sql<{ valid: boolean; reason: string }>`
      select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason from (select ${source} as g) s`.execute(trx);
    if (!check.rows[0]!.valid) result.repaired.push({ code: a.code, reason: check.rows[0]!.reason });
    const bng = srid === 27700 ? source : sql`ST_Transform(${source}, 27700)`;
    const { rows } = await sql<{ inserted: boolean }>`
      insert into police_force_areas (code, name, force_id, geom_bng, geom, area_m2)
      select ${a.code}, ${a.name}, ${a.forceId}, g, ST_Transform(g, 4326), ST_Area(g)
      from (select ST_Multi(ST_CollectionExtract(ST_MakeValid(${bng}), 3)) as g) s
      where not ST_IsEmpty(g)
      on conflict (code) do update set name = excluded.name, force_id = excluded.force_id,
        geom_bng = excluded.geom_bng, geom = excluded.geom, area_m2 = excluded.area_m2
      returning (xmax = 0) as inserted`.execute(trx);
    if (rows.length === 0) throw new Error(`Police force area ${a.code}: no polygon area is left after repairing its geometry`);
    if (rows[0]!.inserted) result.inserted++;
    else result.updated++;
  }
  return result;
}

/** A police force area as the force comparison uses it. */
export interface ForceAreaRecord {
  code: string;
  name: string;
  forceId: string | null;
  areaKm2: number;
  mostSimilar: string[];
  /** Σ population of the local authority districts loaded inside it, and how much of its area they cover (below). */
  districtPopulation: number | null;
  districtPopulationYears: number[];
  /** Σ area of the LADs (with or without population) whose interior point lies inside, km². */
  districtAreaKm2: number;
  /** How many LADs lie inside, and how many of them have no population loaded. */
  districtCount: number;
  districtsWithoutPopulation: number;
}

/**
 * Every loaded police force area with the local authority districts (kind lad) that lie inside it:
 * a district belongs to the PFA containing its ST_PointOnSurface (LADs nest in PFAs, and the two
 * generalised layers differ by metres along shared edges, so an interior point is the robust test).
 */
export async function policeForceAreaRecords(db: Kysely<Database>): Promise<ForceAreaRecord[]> {
  const { rows } = await sql<{
    code: string; name: string; force_id: string | null; area_m2: number; most_similar: string[];
    population: string | null; years: number[] | null; district_area_m2: number | null; district_count: number; without_population: number;
  }>`
    select p.code, p.name, p.force_id, p.area_m2, p.most_similar,
      sum(d.population)::bigint as population,
      array_remove(array_agg(distinct d.population_year), null) as years,
      sum(d.area_m2) as district_area_m2,
      count(d.code)::int as district_count,
      count(d.code) filter (where d.population is null)::int as without_population
    from police_force_areas p
    left join districts d on d.kind = 'lad' and ST_Contains(p.geom_bng, ST_PointOnSurface(d.geom_bng))
    group by p.code, p.name, p.force_id, p.area_m2, p.most_similar
    order by p.code`.execute(db);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    forceId: r.force_id,
    areaKm2: Number(r.area_m2) / 1e6,
    mostSimilar: r.most_similar,
    districtPopulation: r.population === null ? null : Number(r.population),
    districtPopulationYears: r.years ?? [],
    districtAreaKm2: Number(r.district_area_m2 ?? 0) / 1e6,
    districtCount: r.district_count,
    districtsWithoutPopulation: r.without_population,
  }));
}

/**
 * Pairs of loaded police force areas whose boundaries touch (ST_Intersects: a shared edge or point,
 * or the slight overlap of generalised edges). ONS generalises all PFAs of a vintage together, so
 * neighbours share their edge exactly. A distance test (ST_DWithin 1 m) would also bridge rounding
 * gaps between files of different sources, but took 13 s on six real PFAs against 0.16 s for this.
 */
export async function touchingForceAreas(db: Kysely<Database>): Promise<Array<{ a: string; b: string }>> {
  const { rows } = await sql<{ a: string; b: string }>`
    select x.code as a, y.code as b from police_force_areas x
    join police_force_areas y on x.code < y.code and ST_Intersects(x.geom_bng, y.geom_bng)
    order by 1, 2`.execute(db);
  return rows;
}

/** Incidents per (force, category, month) in the window, located or not. */
export async function countsByForceCategoryMonth(
  db: Kysely<Database>,
  filter: { from: string; to: string; categories: readonly string[] },
): Promise<Array<{ force: string; category: string; month: string; n: number; withoutLocation: number }>> {
  if (filter.categories.length === 0) return [];
  const { rows } = await sql<{ force: string; category: string; month: string; n: number; withoutLocation: number }>`
    select force, category, to_char(month, 'YYYY-MM') as month, count(*)::int as n,
      count(*) filter (where geom_bng is null)::int as "withoutLocation"
    from incidents
    where month >= ${`${filter.from}-01`}::date and month <= ${`${filter.to}-01`}::date
      and category in (${sql.join(filter.categories)})
    group by force, category, month`.execute(db);
  return rows;
}

/** Sets each listed PFA's most-similar group (replacing what it had); returns the codes not loaded. */
export async function setMostSimilarGroups(trx: Transaction<Database>, groups: ReadonlyMap<string, readonly string[]>): Promise<string[]> {
  const missing: string[] = [];
  for (const [code, similar] of groups) {
    const result = await trx.updateTable('police_force_areas').set({ most_similar: [...similar] }).where('code', '=', code).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) missing.push(code);
  }
  return missing;
}
