import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../geodata/demo/index';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { describeBackends } from '../setup/backends';
import { expectProblem } from './expect-problem';

const truth = generateDemo().truth;

interface Result {
  grid: { originX: number; originY: number; cellSize: number; cols: number; rows: number };
  cells: Record<string, number[]>;
  summary: Record<string, unknown>;
  parameters: Record<string, unknown>;
  warnings: Array<{ code: string }>;
}

/** The columns of the result's cell containing a BNG point. */
function cellAt(r: Result, x: number, y: number): Record<string, number> {
  const { grid } = r;
  const index = Math.floor((y - grid.originY) / grid.cellSize) * grid.cols + Math.floor((x - grid.originX) / grid.cellSize);
  const k = r.cells.index!.indexOf(index);
  expect(k, `cell ${index} is in the study area`).toBeGreaterThanOrEqual(0);
  return Object.fromEntries(Object.entries(r.cells).map(([c, v]) => [c, v[k]!]));
}

describeBackends('analysis API on the synthetic demo', (ctx) => {
  let request: (path: string, init?: RequestInit) => Promise<Response>;
  beforeAll(async () => {
    const app = createApp({ database: ctx.database, config: loadConfig({}) });
    request = async (path, init) => app.request(path, init);
  });

  const get = async (path: string): Promise<Result> => {
    const res = await request(path);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };

  it('finds the planted night-time-economy violence hot at 99 %, the hottest cell of all', async () => {
    const r = await get('/api/analysis/hotspots?preset=serious-violence&cellSize=250');
    const spot = truth.nightTimeEconomy[0]!;
    const cell = cellAt(r, spot.easting, spot.northing);
    expect(cell.bin).toBe(3);
    expect(cell.z).toBe(Math.max(...r.cells.z!.filter((z) => z !== null)));
    expect(r.parameters).toMatchObject({ categories: ['violent-crime', 'robbery', 'possession-of-weapons'], cellSize: 250, neighbourhood: 'queen', adjustment: 'fdr' });
    const counted = r.cells.count!.reduce((a, b) => a + b, 0);
    expect(r.summary.incidents).toBe(counted);
  });

  it('classifies the growing spot as intensifying or new, and the fading one as diminishing', async () => {
    const r = await get('/api/analysis/emerging?cellSize=500');
    expect([1, 3]).toContain(cellAt(r, truth.growing.easting, truth.growing.northing).category);
    expect(cellAt(r, truth.fading.easting, truth.fading.northing).category).toBe(5);
    expect(cellAt(r, truth.growing.easting, truth.growing.northing).trendZ).toBeGreaterThan(3);
    expect(cellAt(r, truth.fading.easting, truth.fading.northing).trendZ).toBeLessThan(-3);
  });

  it('reports density per km² and counts that match the incidents in the database', async () => {
    const r = await get('/api/analysis/density?cellSize=500&preset=asb');
    const k = r.cells.count!.findIndex((n) => n > 0);
    expect(r.cells.density![k]).toBeCloseTo(r.cells.count![k]! / 0.25, 6);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from incidents where category = 'anti-social-behaviour' and district_code is not null`.execute(ctx.database.db);
    // Edge cells whose centres lie outside the county are not analysed; the summary says how many.
    expect((r.summary.incidents as number) + (r.summary.incidentsOutsideStudyArea as number)).toBe(rows[0]!.n);
    expect(r.summary.incidentsOutsideStudyArea).toBeLessThan(rows[0]!.n * 0.01);
    expect(r.summary.densityUnit).toBe('incidents per km²');
  });

  it('weights by harm when asked, with overrides', async () => {
    const r = await get('/api/analysis/density?cellSize=1000&weighting=harm&weights=anti-social-behaviour:0,burglary:100&categories=anti-social-behaviour,burglary');
    const counts = await get('/api/analysis/density?cellSize=1000&categories=burglary');
    const harmTotal = r.cells.value!.reduce((a, b) => a + b, 0);
    expect(harmTotal).toBeCloseTo(100 * (counts.summary.incidents as number), 6);
  });

  it('answers repeated requests with an ETag and 304 until the data changes', async () => {
    const path = '/api/analysis/hotspots?preset=asb&cellSize=1000';
    const first = await request(path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await request(path, { headers: { 'if-none-match': etag } })).status).toBe(304);
    await sql`update dataset_state set data_version = data_version + 1`.execute(ctx.database.db);
    const after = await request(path, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
  });

  it('serves GeoJSON cells in WGS84 on request', async () => {
    const res = await request('/api/analysis/hotspots?preset=asb&cellSize=2000&format=geojson');
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    const fc = await res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features[0].geometry.coordinates[0]).toHaveLength(5);
    expect(fc.features[0].properties).toHaveProperty('z');
    expect(fc.grid.crs).toBe('EPSG:27700');
  });

  describe('bad parameters', () => {
    it.each([
      ['hotspots?cellSize=20', 'cellSize', /at least 50/],
      ['hotspots?cellSize=50', 'cellSize', /limit is 250,000/],
      ['hotspots?neighbourhood=hexagon', 'neighbourhood', /queen, rook or distance/],
      ['hotspots?preset=asb&categories=burglary', 'categories', /either preset or categories/],
      ['hotspots?preset=everything', 'preset', /./],
      ['density?weights=burglary:5', 'weights', /only with weighting=harm/],
      ['density?weighting=harm&weights=burglary:-1', 'weights', /≥ 0/],
      ['hotspots?bbox=10,10,11,11', 'bbox', /Great Britain/],
      ['hotspots?districts=E07000117', 'districts', /unknown district/],
      ['emerging?from=2025-01&to=2025-03', 'from', /at least 5 months/],
      ['emerging?adjustment=local', 'adjustment', /not available/],
    ])('%s → 400 naming %s', async (query, parameter, detail) => {
      await expectProblem(await request(`/api/analysis/${query}`), parameter, detail);
    });
  });
}, { demo: true });
