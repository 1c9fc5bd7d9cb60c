import { type Kysely, sql } from 'kysely';
import { type CellGrid, cellIndexExpression } from './cell-counts';
import { type IncidentFilter, filterConditions } from './incident-summary';
import type { Database } from './schema';

/** A district as a profile shows it. */
export interface DistrictRecord {
  code: string;
  name: string;
  kind: string;
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
export async function districtsOfKinds(db: Kysely<Database>, kinds: readonly string[]): Promise<DistrictRecord[]> {
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
  n: number;
}

/**
 * Located incidents per (district, category, month) for every district of `kinds`, in one scan:
 * the profiles, their ranks, the county reference and the earlier windows all read these rows.
 */
export async function countsByDistrictCategoryMonth(
  db: Kysely<Database>,
  kinds: readonly string[],
  filter: Required<Pick<IncidentFilter, 'from' | 'to' | 'categories'>>,
): Promise<DistrictCategoryMonthCount[]> {
  if (kinds.length === 0 || filter.categories.length === 0) return [];
  const { rows } = await sql<DistrictCategoryMonthCount>`
    select district_code as code, category, to_char(month, 'YYYY-MM') as month, count(*)::int as n
    from incidents
    where ${filterConditions({ from: filter.from, to: filter.to, categories: filter.categories })}
      and district_code in (select code from districts where kind in (${sql.join(kinds)}))
    group by 1, 2, 3`.execute(db);
  return rows;
}

/** Months loaded per police force ('YYYY-MM'), and the forces whose incidents lie in each district. */
export interface LoadedCoverage {
  monthsByForce: Map<string, Set<string>>;
  forcesByDistrict: Map<string, string[]>;
}

/** What is loaded: a force's month is loaded when it has any row (police.uk publishes whole force-months). */
export async function loadedCoverage(db: Kysely<Database>, codes: readonly string[]): Promise<LoadedCoverage> {
  const [forceMonths, districtForces] = await Promise.all([
    sql<{ force: string; month: string }>`
      select force, to_char(month, 'YYYY-MM') as month from incidents group by 1, 2`.execute(db),
    codes.length
      ? sql<{ code: string; force: string }>`
          select district_code as code, force from incidents
          where district_code in (${sql.join(codes)}) group by 1, 2 order by 1, 2`.execute(db)
      : Promise.resolve({ rows: [] as Array<{ code: string; force: string }> }),
  ]);
  const monthsByForce = new Map<string, Set<string>>();
  for (const r of forceMonths.rows) {
    const months = monthsByForce.get(r.force) ?? new Set<string>();
    monthsByForce.set(r.force, months);
    months.add(r.month);
  }
  const forcesByDistrict = new Map<string, string[]>();
  for (const r of districtForces.rows) forcesByDistrict.set(r.code, [...(forcesByDistrict.get(r.code) ?? []), r.force]);
  return { monthsByForce, forcesByDistrict };
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
