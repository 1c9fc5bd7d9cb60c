import { type Kysely, sql } from 'kysely';
import type { Database, DistrictKind, ImportSource, ImportStatus } from './schema';

export interface MonthCount {
  month: string;
  /** Incidents with a location (on the map). */
  incidents: number;
  /** Rows police.uk published without coordinates (counted, not mapped). */
  withoutLocation: number;
}

export interface ForceCount {
  force: string;
  incidents: number;
  withoutLocation: number;
  months: MonthCount[];
}

export interface DistrictCount {
  code: string;
  name: string;
  kind: DistrictKind;
  population: number | null;
  populationYear: number | null;
  /** Incidents assigned to the district (point in polygon). */
  incidents: number;
}

export interface ImportRow {
  id: number;
  source: ImportSource;
  description: string;
  status: ImportStatus;
  startedAt: string;
  finishedAt: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsWithoutLocation: number;
  rowsRejected: number;
  report: unknown;
}

export interface DataStatus {
  synthetic: boolean;
  dataVersion: number;
  totals: { incidents: number; withoutLocation: number; outsideDistricts: number };
  forces: ForceCount[];
  months: MonthCount[];
  districts: DistrictCount[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** What is loaded, by force and month and by district: two grouped scans of incidents. */
export async function dataStatus(db: Kysely<Database>): Promise<DataStatus> {
  const [state, byForceMonth, districtRows, byDistrictCode] = await Promise.all([
    sql<{ synthetic: boolean; data_version: number }>`select synthetic, data_version::int as data_version from dataset_state where id = 1`.execute(db),
    sql<{ force: string; month: string; located: number; unlocated: number }>`
      select force, to_char(month, 'YYYY-MM') as month,
             count(geom_bng)::int as located, (count(*) - count(geom_bng))::int as unlocated
      from incidents group by 1, 2 order by 1, 2`.execute(db),
    sql<{ code: string; name: string; kind: DistrictKind; population: number | null; population_year: number | null }>`
      select code, name, kind, population, population_year from districts order by name, code`.execute(db),
    // Per district, and (code null) located incidents outside every district.
    sql<{ code: string | null; n: number }>`
      select district_code as code, count(*)::int as n from incidents
      where district_code is not null or geom_bng is not null group by 1`.execute(db),
  ]);
  const perDistrict = new Map(byDistrictCode.rows.map((r) => [r.code, r.n]));
  const forces = new Map<string, ForceCount>();
  const months = new Map<string, MonthCount>();
  for (const r of byForceMonth.rows) {
    const force = forces.get(r.force) ?? { force: r.force, incidents: 0, withoutLocation: 0, months: [] };
    forces.set(r.force, force);
    force.incidents += r.located;
    force.withoutLocation += r.unlocated;
    force.months.push({ month: r.month, incidents: r.located, withoutLocation: r.unlocated });
    const m = months.get(r.month) ?? { month: r.month, incidents: 0, withoutLocation: 0 };
    months.set(r.month, m);
    m.incidents += r.located;
    m.withoutLocation += r.unlocated;
  }
  const forceList = [...forces.values()];
  const s = state.rows[0]!;
  return {
    synthetic: s.synthetic,
    dataVersion: s.data_version,
    totals: {
      incidents: forceList.reduce((a, f) => a + f.incidents, 0),
      withoutLocation: forceList.reduce((a, f) => a + f.withoutLocation, 0),
      outsideDistricts: perDistrict.get(null) ?? 0,
    },
    forces: forceList,
    months: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
    districts: districtRows.rows.map((r) => ({
      code: r.code, name: r.name, kind: r.kind, population: r.population, populationYear: r.population_year, incidents: perDistrict.get(r.code) ?? 0,
    })),
  };
}

/** The latest import audit rows, newest first, with their reports. */
export async function recentImports(db: Kysely<Database>, limit: number): Promise<ImportRow[]> {
  const rows = await db.selectFrom('imports').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    description: r.description,
    status: r.status,
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
    rowsRead: r.rows_read,
    rowsLoaded: r.rows_loaded,
    rowsWithoutLocation: r.rows_without_location,
    rowsRejected: r.rows_rejected,
    report: typeof r.report === 'string' ? JSON.parse(r.report) : r.report,
  }));
}
