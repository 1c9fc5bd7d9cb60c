import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { markDataChanged } from '../../db/dataset';
import { upsertDistricts } from '../../db/district-writer';
import { finishImport, startImport } from '../../db/imports';
import { type IncidentInput, insertIncidentBatch } from '../../db/incident-writer';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { DECEMBER_2025, LAD_2024 } from '../fixtures/real/real-data';
import { cli } from '../import/helpers';
import { describeBackends } from '../setup/backends';

// Truth on real data (issue 17): months with no data, incidents at the coast, and the kernel
// density of the incidents' own positions.

interface Result {
  grid: { originX: number; originY: number; cellSize: number; cols: number; rows: number };
  cells: Record<string, Array<number | null>>;
  summary: { incidents: number; incidentsOutsideStudyArea: number };
  parameters: Record<string, unknown>;
  period: { from: string; to: string; months: number; loadedMonths: number };
  warnings: Array<{ code: string; months?: string[]; forces?: Array<{ force: string; months: string[] }> }>;
}

/**
 * A coastal district: land is x < 350 600, so the 250 m column [350 500, 350 750) is cut, its centre
 * (350 625) at sea. One force, data for 2025-01…03 and 2025-06…07 (April and May never loaded).
 */
const COAST = { code: 'X07000009', name: 'Seaside' };
const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-06', '2025-07'];
const point = (month: string, x: number, y: number, category = 'anti-social-behaviour'): IncidentInput =>
  ({ crimeId: null, month, category, force: 'coast', location: 'On or near Sea Front', lsoaCode: null, lsoaName: null, outcome: null, x, y });
const COAST_INCIDENTS: IncidentInput[] = MONTHS.flatMap((m) => [
  point(m, 350100, 430100),
  point(m, 350150, 430600),
  // In the cut cell, on land: dropped by the centre rule, kept by intersects.
  point(m, 350550, 430400),
  point(m, 350560, 430420),
  // In the cut cell, at sea: in no district.
  point(m, 350700, 430400),
  // Far outside the grid and every district.
  point(m, 360000, 440000),
]);

describeBackends('analyses over a coast and a gap in the months', (ctx) => {
  let get: (path: string) => Promise<Response>;
  beforeAll(async () => {
    await ctx.database.db.transaction().execute(async (trx) => {
      const importId = await startImport(trx, 'police-csv', 'coast fixture');
      const ring = [[350000, 430000], [350600, 430000], [350600, 431000], [350000, 431000], [350000, 430000]];
      await upsertDistricts(trx, 27700, [{ ...COAST, kind: 'lad', population: 5000, populationYear: 2021, geometry: JSON.stringify({ type: 'Polygon', coordinates: [ring] }) }]);
      await insertIncidentBatch(trx, { source: 'police-csv', importId, srid: 27700, rows: COAST_INCIDENTS });
      const counts = { rowsRead: COAST_INCIDENTS.length, rowsLoaded: COAST_INCIDENTS.length, rowsWithoutLocation: 0, rowsRejected: 0 };
      await finishImport(trx, importId, { status: 'succeeded', counts, report: counts });
      await markDataChanged(trx, { synthetic: false });
    });
    const app = createApp({ database: ctx.database, config: loadConfig({ ANALYSIS_CACHE_ENTRIES: '0' }) });
    get = async (path) => app.request(path);
  });
  const json = async (path: string): Promise<Result> => {
    const res = await get(path);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };
  const located = async (where = sql`true`) =>
    (await sql<{ n: number }>`select count(*)::int as n from incidents where easting is not null and ${where}`.execute(ctx.database.db)).rows[0]!.n;

  it('opens on the latest gap-free run of months, with no warning', async () => {
    const r = await json('/api/analysis/hotspots?cellSize=250');
    expect(r.parameters).toMatchObject({ from: '2025-06', to: '2025-07' });
    expect(r.period).toEqual({ from: '2025-06', to: '2025-07', months: 2, loadedMonths: 2 });
    expect(r.warnings.map((w) => w.code)).not.toContain('months-missing');
  });

  it('tells the client which months of the span have no data (the period picker marks them)', async () => {
    const health = await (await get('/api/health')).json();
    expect(health).toMatchObject({ months: ['2025-01', '2025-07'], missingMonths: ['2025-04', '2025-05'] });
  });

  it('warns when a period spans months with no data, naming the months and the force', async () => {
    for (const kind of ['density', 'hotspots']) {
      const r = await json(`/api/analysis/${kind}?cellSize=250&from=2025-01&to=2025-07`);
      expect(r.period).toEqual({ from: '2025-01', to: '2025-07', months: 7, loadedMonths: 5 });
      const warning = r.warnings.find((w) => w.code === 'months-missing');
      expect(warning, kind).toMatchObject({ months: ['2025-04', '2025-05'], forces: [{ force: 'coast', months: ['2025-04', '2025-05'] }] });
    }
  });

  it('refuses emerging hot spots over a gap (422 naming from and to), suggesting the longest run', async () => {
    const res = await get('/api/analysis/emerging?cellSize=250&from=2025-01&to=2025-07');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = await res.json();
    expect(problem.errors.map((e: { parameter: string }) => e.parameter)).toEqual(['from', 'to']);
    expect(problem.missingMonths).toEqual(['2025-04', '2025-05']);
    expect(problem.longestGapFreeRun).toEqual({ from: '2025-01', to: '2025-03', months: 3 });
    expect(problem.detail).toMatch(/2025-04, 2025-05.*2025-01 to 2025-03/);
  });

  it('keeps the cut coastal cell (cells=intersects, the default) and counts the sea and the far point apart', async () => {
    const r = await json('/api/analysis/density?cellSize=250&from=2025-01&to=2025-07');
    expect(r.parameters.cells).toBe('intersects');
    // Column 2 of row 1 holds the two land points and the one at sea.
    const cut = 1 * r.grid.cols + 2;
    const k = r.cells.index!.indexOf(cut);
    expect(k, 'cut cell kept').toBeGreaterThanOrEqual(0);
    expect(r.cells.count![k]).toBe(2 * MONTHS.length);
    const inside = await located(sql`district_code = ${COAST.code}`);
    expect(r.summary.incidents).toBe(inside);
    expect(r.summary.incidentsOutsideStudyArea).toBe(await located(sql`district_code is null`));
    // Reconciles: analysed + outside = every located incident matching the filters.
    expect(r.summary.incidents + r.summary.incidentsOutsideStudyArea).toBe(await located());
    expect(r.summary.incidentsOutsideStudyArea).toBe(2 * MONTHS.length);
  });

  it("keeps sfhotspot's cell-centre rule on request: the cut cell and its points are dropped", async () => {
    const r = await json('/api/analysis/hotspots?cellSize=250&from=2025-01&to=2025-07&cells=centre');
    expect(r.parameters.cells).toBe('centre');
    expect(r.cells.index).not.toContain(1 * r.grid.cols + 2);
    expect(r.summary.incidents).toBe(2 * MONTHS.length);
    // Both land points of the cut cell and the sea point in it are in the grid but not analysed.
    expect(r.summary.incidentsOutsideStudyArea).toBe(3 * MONTHS.length);
  });

  it('answers an unknown cell rule with a 400 naming cells', async () => {
    const res = await get('/api/analysis/hotspots?cells=corner');
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].parameter).toBe('cells');
  });
});

/** The quartic kernel of geodata/kde.ts, written out again: 3/(πh²)(1 − d²/h²)² per m², × 10⁶ per km². */
function quartic(d2: number, h: number): number {
  return d2 < h * h ? (3 / (Math.PI * h * h)) * (1 - d2 / (h * h)) ** 2 * 1e6 : 0;
}

describeBackends('truth on the real Lancashire sample (LAD 2024, December 2025)', (ctx) => {
  let get: (path: string) => Promise<Response>;
  beforeAll(async () => {
    for (const args of [['import', 'boundaries', LAD_2024, '--code-field', 'AREACD', '--name-field', 'AREANM'], ['import', 'police-csv', DECEMBER_2025]]) {
      const out = await cli(ctx.database, args);
      expect(out.error, args.join(' ')).toBeUndefined();
    }
    const app = createApp({ database: ctx.database, config: loadConfig({ ANALYSIS_CACHE_ENTRIES: '0' }) });
    get = async (path) => app.request(path);
  }, 600_000);

  it("computes Blackpool's ASB kernel density from the incidents' own positions, equal to the exact sum", async () => {
    const BLACKPOOL = 'E06000009';
    const res = await get(`/api/analysis/density?districts=${BLACKPOOL}&preset=asb&cellSize=250&smoothing=kde&bandwidth=600&from=2025-12&to=2025-12`);
    expect(res.status, await res.clone().text()).toBe(200);
    const r: Result = await res.json();
    const { rows } = await sql<{ x: number; y: number }>`
      select easting as x, northing as y from incidents
      where district_code = ${BLACKPOOL} and category = 'anti-social-behaviour' and month = '2025-12-01'`.execute(ctx.database.db);
    expect(rows.length).toBeGreaterThan(100);
    const { originX, originY, cellSize, cols } = r.grid;
    let compared = 0;
    r.cells.index!.forEach((cell, k) => {
      const cx = originX + ((cell! % cols) + 0.5) * cellSize;
      const cy = originY + (Math.floor(cell! / cols) + 0.5) * cellSize;
      let exact = 0;
      for (const p of rows) exact += quartic((p.x - cx) ** 2 + (p.y - cy) ** 2, 600);
      const got = r.cells.density![k]!;
      // Exact, bar the response's 6-decimal rounding.
      expect(Math.abs(got - exact), `cell ${cell}`).toBeLessThanOrEqual(1e-6 + 1e-9 * exact);
      if (exact > 50) compared++;
    });
    expect(compared, 'cells above 50 per km² compared').toBeGreaterThan(10);
  });

  it('warns that November 2025 is missing for Lancashire when the period starts there', async () => {
    const res = await get('/api/analysis/hotspots?preset=asb&from=2025-11&to=2025-12');
    const r: Result = await res.json();
    expect(r.period).toMatchObject({ months: 2, loadedMonths: 1 });
    expect(r.warnings.find((w) => w.code === 'months-missing')).toMatchObject({ months: ['2025-11'], forces: [{ force: 'lancashire', months: ['2025-11'] }] });
  });
});
