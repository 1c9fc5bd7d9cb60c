import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { markDataChanged } from '../../db/dataset';
import { upsertDistricts } from '../../db/district-writer';
import { finishImport, startImport } from '../../db/imports';
import { type IncidentInput, insertIncidentBatch } from '../../db/incident-writer';
import { monthsBetween } from '../../geodata/months';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { addToken, addUser } from '../auth/accounts-fixture';
import { describeBackends } from '../setup/backends';

// Month coverage follows the study area (docs/scaling.md, "Emerging for one force"): a force
// missing a month refuses or warns about the areas its data covers, not every area loaded.

interface Result {
  parameters: { from: string; to: string };
  period: { from: string; to: string; months: number; loadedMonths: number };
  warnings: Array<{ code: string; months?: string[]; forces?: Array<{ force: string; months: string[] }> }>;
}

/** Two 1 km square districts side by side (EPSG:27700), one force each. */
const ALPHA = { code: 'X07000101', name: 'Alphaton', x0: 400000 };
const BETA = { code: 'X07000102', name: 'Betaford', x0: 401000 };
const Y0 = 300000;
const MONTHS = monthsBetween('2025-01', '2025-06');
/** Beta never loaded March. */
const BETA_MONTHS = MONTHS.filter((m) => m !== '2025-03');
/** A Beta incident north of Alphaton, in no district (in months Beta has). */
const STRAY = { x: 400500, y: 301500 };
/** Two Beta incidents snapped across the border into Alphaton: fewer than Beta's months loaded, so strays. */
const ACROSS_BORDER = ['2025-01', '2025-02'].map((m) => ({ month: m, x: ALPHA.x0 + 950, y: Y0 + 500 }));

const incident = (force: string, month: string, x: number, y: number): IncidentInput =>
  ({ crimeId: null, month, category: 'burglary', force, location: 'On or near High Street', lsoaCode: null, lsoaName: null, outcome: null, x, y });
/** A spread of points plus a cluster that grows month by month, inside a district. */
const districtIncidents = (force: string, x0: number, months: readonly string[]) =>
  months.flatMap((month, k) => [
    ...Array.from({ length: 8 + k }, (_, j) => incident(force, month, x0 + 100 + ((j * 97) % 800), Y0 + 100 + ((j * 61) % 800))),
    ...Array.from({ length: 3 + 2 * k }, () => incident(force, month, x0 + 550, Y0 + 450)),
  ]);
const ROWS = [
  ...districtIncidents('alpha', ALPHA.x0, MONTHS),
  ...districtIncidents('beta', BETA.x0, BETA_MONTHS),
  ...BETA_MONTHS.map((m) => incident('beta', m, STRAY.x, STRAY.y)),
  ...ACROSS_BORDER.map((a) => incident('beta', a.month, a.x, a.y)),
];

describeBackends('month coverage over the forces of the study area', (ctx) => {
  let get: (path: string, init?: RequestInit) => Promise<Response>;
  /** A WGS84 bbox (lon/lat) around a BNG rectangle, as a query value. */
  let bbox: (minX: number, minY: number, maxX: number, maxY: number) => Promise<string>;
  beforeAll(async () => {
    await ctx.database.db.transaction().execute(async (trx) => {
      const importId = await startImport(trx, 'police-csv', 'two forces, one gap');
      const square = (x0: number) => JSON.stringify({ type: 'Polygon', coordinates: [[[x0, Y0], [x0 + 1000, Y0], [x0 + 1000, Y0 + 1000], [x0, Y0 + 1000], [x0, Y0]]] });
      await upsertDistricts(trx, 27700, [ALPHA, BETA].map((d) => ({ code: d.code, name: d.name, kind: 'lad', population: 5000, populationYear: 2021, geometry: square(d.x0) })));
      await insertIncidentBatch(trx, { source: 'police-csv', importId, srid: 27700, rows: ROWS });
      const counts = { rowsRead: ROWS.length, rowsLoaded: ROWS.length, rowsWithoutLocation: 0, rowsRejected: 0 };
      await finishImport(trx, importId, { status: 'succeeded', counts, report: counts });
      await markDataChanged(trx, { synthetic: false });
    });
    const app = createApp({ database: ctx.database, config: loadConfig({ ANALYSIS_CACHE_ENTRIES: '0' }) });
    get = async (path, init) => app.request(path, init);
    bbox = async (minX, minY, maxX, maxY) => {
      const { rows } = await sql<{ w: number; s: number; e: number; n: number }>`
        select ST_XMin(g) as w, ST_YMin(g) as s, ST_XMax(g) as e, ST_YMax(g) as n
        from (select ST_Transform(ST_MakeEnvelope(${minX}::float8, ${minY}::float8, ${maxX}::float8, ${maxY}::float8, 27700), 4326) as g) t`.execute(ctx.database.db);
      const r = rows[0]!;
      return [r.w, r.s, r.e, r.n].map((v) => v.toFixed(6)).join(',');
    };
  });
  const json = async (path: string): Promise<Result> => {
    const res = await get(path);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };
  const missingWarning = (r: Result) => r.warnings.find((w) => w.code === 'months-missing');
  const period = 'from=2025-01&to=2025-06';

  it('the fixture: each district holds one force but for two Beta strays in Alphaton, and one Beta incident is in none', async () => {
    const { rows } = await sql<{ district: string | null; force: string; months: number }>`
      select district_code as district, force, count(distinct month)::int as months from incidents
      group by 1, 2 order by 1 nulls last, 2`.execute(ctx.database.db);
    expect(rows).toEqual([
      { district: ALPHA.code, force: 'alpha', months: 6 },
      { district: ALPHA.code, force: 'beta', months: 2 },
      { district: BETA.code, force: 'beta', months: 5 },
      { district: null, force: 'beta', months: 5 },
    ]);
  });

  it("runs emerging hot spots over Alpha's district across Beta's gap, with no months-missing warning", async () => {
    const r = await json(`/api/analysis/emerging?districts=${ALPHA.code}&cellSize=100&${period}`);
    expect(r.period).toEqual({ from: '2025-01', to: '2025-06', months: 6, loadedMonths: 6 });
    expect(missingWarning(r)).toBeUndefined();
  });

  it("still refuses emerging hot spots over Beta's district, naming Beta's missing month", async () => {
    const res = await get(`/api/analysis/emerging?districts=${BETA.code}&cellSize=100&${period}`);
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.missingMonths).toEqual(['2025-03']);
    expect(problem.longestGapFreeRun).toEqual({ from: '2025-04', to: '2025-06', months: 3 });
    expect(problem.detail).toMatch(/2025-03/);
  });

  it('still warns over the whole area, and over both districts, naming Beta', async () => {
    for (const area of ['', `districts=${ALPHA.code},${BETA.code}&`]) {
      for (const kind of ['density', 'hotspots']) {
        const r = await json(`/api/analysis/${kind}?${area}cellSize=100&${period}`);
        expect(r.period, `${kind} ${area}`).toEqual({ from: '2025-01', to: '2025-06', months: 6, loadedMonths: 5 });
        expect(missingWarning(r), `${kind} ${area}`).toMatchObject({ months: ['2025-03'], forces: [{ force: 'beta', months: ['2025-03'] }] });
      }
    }
    expect((await get(`/api/analysis/emerging?cellSize=100&${period}`)).status).toBe(422);
  });

  it("defaults the period to the latest gap-free run of the area's own forces", async () => {
    expect((await json(`/api/analysis/hotspots?districts=${ALPHA.code}&cellSize=100`)).parameters).toMatchObject({ from: '2025-01', to: '2025-06' });
    expect((await json(`/api/analysis/hotspots?districts=${BETA.code}&cellSize=100`)).parameters).toMatchObject({ from: '2025-04', to: '2025-06' });
    expect((await json('/api/analysis/hotspots?cellSize=100')).parameters).toMatchObject({ from: '2025-04', to: '2025-06' });
  });

  it('judges a bbox by the forces of the districts it meets, or by every force when it holds an incident in no district', async () => {
    // Inside Alphaton only: Alpha's months alone.
    const inAlpha = await json(`/api/analysis/hotspots?bbox=${await bbox(400200, 300200, 400700, 300700)}&cellSize=100&${period}`);
    expect(missingWarning(inAlpha)).toBeUndefined();
    // Across both districts.
    const across = await json(`/api/analysis/hotspots?bbox=${await bbox(400500, 300200, 401500, 300700)}&cellSize=100&${period}`);
    expect(missingWarning(across)).toMatchObject({ forces: [{ force: 'beta', months: ['2025-03'] }] });
    // Alphaton's north and the stray Beta incident beyond it: incident_counts cannot name its force.
    const stray = await json(`/api/analysis/hotspots?bbox=${await bbox(400200, 300500, 400700, 301700)}&cellSize=100&${period}`);
    expect(missingWarning(stray)).toMatchObject({ forces: [{ force: 'beta', months: ['2025-03'] }] });
  });

  it("judges a plan's coverage by its district's forces, as the district's analysis does", async () => {
    const auth = { authorization: `Bearer ${(await addToken(ctx.database.db, await addUser(ctx.database.db, 'ada', 'admin'))).token}` };
    const coverage = async (district: string, query: string) => {
      const plan = await get(`/api/plans`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ districtCode: district, title: 'Plan', periodStart: '2025-04', periodEnd: '2026-03', status: 'draft', priorities: [] }) });
      expect(plan.status, await plan.clone().text()).toBe(201);
      const res = await get(`/api/plans/${(await plan.json()).id}/coverage?${query}`, { headers: auth });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { period: { from: string; to: string }; warnings: Result['warnings'] };
    };
    const alpha = await coverage(ALPHA.code, '');
    expect(alpha.period).toEqual({ from: '2025-01', to: '2025-06' });
    expect(alpha.warnings).toEqual([]);
    const beta = await coverage(BETA.code, period);
    expect(beta.warnings).toMatchObject([{ code: 'months-missing', months: ['2025-03'], forces: [{ force: 'beta', months: ['2025-03'] }] }]);
  });
});
