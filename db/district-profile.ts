import { type Kysely, sql } from 'kysely';
import { type CellGrid, cellIndexExpression } from './cell-counts';
import { type IncidentFilter, filterConditions } from './incident-filter';
import type { Database, DistrictKind } from './schema';

/** A district as a profile shows it. */
export interface DistrictRecord {
  code: string;
  name: string;
  kind: DistrictKind;
  population: number | null;
  populationYear: number | null;
  areaKm2: number;
}

/** The districts with these codes, in the order asked; unknown codes are left out. */
export async function districtRecords(db: Kysely<Database>, codes: readonly string[]): Promise<DistrictRecord[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('districts')
    .select(['code', 'name', 'kind', 'population', 'population_year', 'area_m2'])
    .where('code', 'in', codes)
    .execute();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return codes.flatMap((code) => {
    const r = byCode.get(code);
    return r ? [{ code: r.code, name: r.name, kind: r.kind, population: r.population, populationYear: r.population_year, areaKm2: Number(r.area_m2) / 1e6 }] : [];
  });
}

/** Every district of these kinds (the peers profiles are ranked among), by code. */
export async function districtsOfKinds(db: Kysely<Database>, kinds: readonly DistrictKind[]): Promise<DistrictRecord[]> {
  if (kinds.length === 0) return [];
  const rows = await db
    .selectFrom('districts')
    .select(['code', 'name', 'kind', 'population', 'population_year', 'area_m2'])
    .where('kind', 'in', kinds)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, population: r.population, populationYear: r.population_year, areaKm2: Number(r.area_m2) / 1e6 }));
}

export interface DistrictCategoryMonthCount {
  code: string;
  category: string;
  /** 'YYYY-MM' */
  month: string;
  /** The police force that published them: which forces' loaded months a district's figures rest on. */
  force: string;
  n: number;
}

/**
 * Located incidents per (district, category, month, force) for these districts, in one scan: the
 * profiles, their ranks, the county reference and the earlier windows all read these rows. The
 * codes are listed, not a subquery on districts: with a subquery the planner guessed a handful of
 * rows, sorted them on disk and took twice as long.
 */
export async function countsByDistrictCategoryMonth(
  db: Kysely<Database>,
  codes: readonly string[],
  filter: Required<Pick<IncidentFilter, 'from' | 'to' | 'categories'>>,
): Promise<DistrictCategoryMonthCount[]> {
  if (codes.length === 0 || filter.categories.length === 0) return [];
  const { rows } = await sql<DistrictCategoryMonthCount>`
    select district_code as code, category, to_char(incidents.month, 'YYYY-MM') as month, force, count(*)::int as n
    from incidents
    where ${filterConditions({ ...filter, districts: codes })}
    group by district_code, category, incidents.month, force`.execute(db);
  return rows;
}

/** How often each location label occurs among the filtered incidents of each of these grid cells. */
export async function locationLabelCounts(
  db: Kysely<Database>,
  filter: IncidentFilter,
  grid: CellGrid,
  cells: readonly number[],
): Promise<Array<{ cell: number; location: string; n: number }>> {
  if (cells.length === 0) return [];
  const cell = cellIndexExpression(grid);
  const { rows } = await sql<{ cell: number; location: string; n: number }>`
    select cell, location, count(*)::int as n from (
      select ${cell} as cell, location from incidents
      where ${filterConditions(filter)} and location is not null) s
    where cell in (${sql.join(cells.map((c) => sql`${c}::int`))})
    group by 1, 2`.execute(db);
  return rows;
}
