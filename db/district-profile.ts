import { type Kysely, sql } from 'kysely';
import { type CellGrid, cellIndexExpression, withAggregateMemory } from './cell-counts';
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
 * Located incidents per (district, category, month, force) for these districts: the profiles,
 * their ranks, the county reference and the earlier windows all read these rows. They come from
 * `incident_counts`, which triggers keep equal to these counts over `incidents` (its migration
 * says how): counting ~1M incidents for every district took over a second a request. The codes are
 * listed, not a subquery on districts, so the primary key's leading column narrows the read.
 */
export async function countsByDistrictCategoryMonth(
  db: Kysely<Database>,
  codes: readonly string[],
  filter: Required<Pick<IncidentFilter, 'from' | 'to' | 'categories'>>,
): Promise<DistrictCategoryMonthCount[]> {
  if (codes.length === 0 || filter.categories.length === 0) return [];
  // filterConditions names incidents' columns; incident_counts has the same names.
  const { rows } = await sql<DistrictCategoryMonthCount>`
    select district_code as code, category, to_char(month, 'YYYY-MM') as month, force, n
    from incident_counts
    where ${filterConditions({ ...filter, districts: codes })}`.execute(db);
  return rows;
}

/** Filtered incidents of one grid cell with one location label (null: published without one). */
export interface CellLocationCount {
  cell: number;
  location: string | null;
  n: number;
}

/**
 * The filtered incidents inside the grid, per cell and location label, in one scan: summed over
 * labels they are tallyCells' counts, and the most frequent label of any cell comes from the same
 * rows, so a profile reads its district once instead of once to bin and once more for its hot
 * cells' labels. police.uk snaps incidents to a finite set of points, each with its label, so
 * there are about as many groups as points (hundreds per district on the bench), not incidents.
 * With the district in the filter, the district's covering index (district_code, month) INCLUDE
 * (category, easting, northing, location) answers it without the heap.
 */
export async function cellLocationCounts(db: Kysely<Database>, filter: IncidentFilter, grid: CellGrid): Promise<CellLocationCount[]> {
  const cell = cellIndexExpression(grid);
  return withAggregateMemory(db, async (trx) => {
    // Its parallel plan passed every row through Gather to one hash aggregate: 2–4× slower than one
    // process on the bench (0.35–0.42 s against 0.07–0.17 s under load), and a comparison already
    // runs its districts side by side.
    await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
    const { rows } = await sql<CellLocationCount>`
      select cell, location, count(*)::int as n from (
        select ${cell} as cell, location from incidents where ${filterConditions(filter)}) s
      where cell >= 0
      group by 1, 2`.execute(trx);
    return rows;
  });
}
