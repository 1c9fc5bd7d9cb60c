import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { DistrictProfile } from '../../server/profiles/types';
import { startImport } from '../../db/imports';
import { insertIncidentBatch } from '../../db/incident-writer';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { expectProblem } from './expect-problem';

// The demo holds 24 months, 2024-10 to 2026-09, of one force, in ten districts of kind 'lad'.
const FIRST = '2024-10';

describeBackends('district profile API on the synthetic demo', (ctx) => {
  let request: (path: string) => Promise<Response>;
  let code: string;
  beforeAll(async () => {
    const app = createApp({ database: ctx.database, config: loadConfig({}) });
    request = async (path) => app.request(path);
    code = (await sql<{ code: string }>`select code from districts order by code limit 1`.execute(ctx.database.db)).rows[0]!.code;
  });

  const profile = async (query: string, district = code): Promise<DistrictProfile> => {
    const res = await request(`/api/districts/${district}/profile?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };

  /** Located incidents counted straight from the table, grouped as asked. */
  const count = async (where: { code?: string; from: string; to: string; categories?: string[] }) => {
    const { rows } = await sql<{ code: string; category: string; month: string; n: number }>`
      select district_code as code, category, to_char(month, 'YYYY-MM') as month, count(*)::int as n
      from incidents
      where district_code is not null and easting is not null
        and month between ${`${where.from}-01`}::date and ${`${where.to}-01`}::date
        ${where.code ? sql`and district_code = ${where.code}` : sql``}
        ${where.categories ? sql`and category in (${sql.join(where.categories)})` : sql``}
      group by 1, 2, 3`.execute(ctx.database.db);
    return rows;
  };
  const sum = (rows: Array<{ n: number }>) => rows.reduce((a, r) => a + r.n, 0);

  it('gives volumes by category and month, earlier windows, rank and share equal to independent SQL counts', async () => {
    const p = await profile('from=2025-10&to=2026-09');
    const rows = await count({ code, from: '2025-10', to: '2026-09' });
    expect(p.district.code).toBe(code);
    expect(p.period).toEqual({ from: '2025-10', to: '2026-09', months: 12 });
    expect(p.incidents).toBe(sum(rows));
    expect(p.categories).toHaveLength(14);
    for (const category of p.categories) expect(p.byCategory[category], category).toBe(sum(rows.filter((r) => r.category === category)));
    expect(p.monthly.map((m) => m.month)).toHaveLength(12);
    for (const m of p.monthly) expect(m.count, m.month).toBe(sum(rows.filter((r) => r.month === m.month)));

    const before = sum(await count({ code, from: '2024-10', to: '2025-09' }));
    expect(p.previousPeriod).toEqual({ from: '2024-10', to: '2025-09', incidents: before, change: p.incidents - before, changePct: ((p.incidents - before) / before) * 100 });
    expect(p.yearEarlier).toEqual(p.previousPeriod); // a 12-month period: the same window
    expect(p.warnings).toEqual([]);

    const all = await count({ from: '2025-10', to: '2026-09' });
    const { rows: districts } = await sql<{ code: string; population: number }>`select code, population from districts where kind = 'lad'`.execute(ctx.database.db);
    const totals = districts.map((d) => ({ ...d, n: sum(all.filter((r) => r.code === d.code)) }));
    const own = totals.find((d) => d.code === code)!;
    expect(p.rank).toEqual({
      byCount: 1 + totals.filter((d) => d.n > own.n).length,
      byRate: 1 + totals.filter((d) => d.n / d.population > own.n / own.population).length,
      of: districts.length,
      kind: 'lad',
    });
    expect(p.countyShare).toBeCloseTo(own.n / sum(all), 12);
  });

  it('annualises rates: incidents × 12 / months per 1,000 residents and per km² (worked by hand)', async () => {
    const p = await profile('from=2026-01&to=2026-03&categories=burglary');
    const { rows } = await sql<{ population: number; area_m2: number }>`select population, area_m2 from districts where code = ${code}`.execute(ctx.database.db);
    const n = sum(await count({ code, from: '2026-01', to: '2026-03', categories: ['burglary'] }));
    expect(p.incidents).toBe(n);
    // 3 months: × 12 / 3 = × 4 for a year.
    expect(p.ratePer1000).toBeCloseTo((n * 4 * 1000) / rows[0]!.population, 9);
    expect(p.perKm2).toBeCloseTo((n * 4) / (Number(rows[0]!.area_m2) / 1e6), 9);
    expect(p.byCategory).toEqual({ burglary: n });
  });

  it('compares no window the loaded data do not cover, and says which months are missing', async () => {
    const p = await profile(`from=2025-01&to=2025-06`);
    // previous: 2024-07..2024-12, of which 2024-07..09 are not loaded; a year earlier: 2024-01..06.
    expect(p.previousPeriod).toBeNull();
    expect(p.yearEarlier).toBeNull();
    expect(p.warnings).toContainEqual({ code: 'previous-period-not-loaded', message: expect.stringContaining('do not cover 2024-07 to 2024-09') });
    expect(p.warnings).toContainEqual({ code: 'year-earlier-not-loaded', message: expect.stringContaining('do not cover 2024-01 to 2024-06') });

    // The first month whose previous window is wholly loaded: 2025-01 alone, previous 2024-12.
    const edge = await profile('from=2025-01&to=2025-01');
    expect(edge.previousPeriod).toMatchObject({ from: '2024-12', to: '2024-12', incidents: sum(await count({ code, from: '2024-12', to: '2024-12' })) });
    expect(edge.yearEarlier).toBeNull();
    const first = await profile(`from=${FIRST}&to=${FIRST}`);
    expect(first.previousPeriod).toBeNull();
    expect(first.warnings.find((w) => w.code === 'previous-period-not-loaded')!.message).toContain('2024-09');

    const beyond = await profile('from=2026-09&to=2026-10');
    expect(beyond.warnings).toContainEqual({ code: 'period-not-fully-loaded', message: expect.stringContaining('2026-10') });
  });

  it('defaults the period to the loaded months, and a bound given alone to the other end of them', async () => {
    const all = await profile('');
    expect(all.period).toEqual({ from: FIRST, to: '2026-09', months: 24 });
    expect(all.incidents).toBe(sum(await count({ code, from: FIRST, to: '2026-09' })));
    expect(all.previousPeriod).toBeNull();
    expect((await profile('from=2026-01')).period).toEqual({ from: '2026-01', to: '2026-09', months: 9 });
    expect((await profile('to=2024-12')).period).toEqual({ from: FIRST, to: '2024-12', months: 3 });
  });

  it('costs robbery and criminal damage by hand and reports the rest as uncosted', async () => {
    const p = await profile('from=2025-10&to=2026-09&categories=robbery,criminal-damage-arson,anti-social-behaviour');
    const rows = await count({ code, from: '2025-10', to: '2026-09' });
    const robbery = sum(rows.filter((r) => r.category === 'robbery'));
    const damage = sum(rows.filter((r) => r.category === 'criminal-damage-arson'));
    expect(p.cost.byCategory.robbery).toEqual({ incidents: robbery, unitCost: 11_320, cost: robbery * 11_320 });
    // (432,167 × £1,350 + 22,837 × £8,420) / 455,004 recorded offences = £1,705 per incident.
    expect(p.cost.byCategory['criminal-damage-arson']).toEqual({ incidents: damage, unitCost: 1_705, cost: damage * 1_705 });
    expect(p.cost.byCategory['anti-social-behaviour']).toMatchObject({ unitCost: null, cost: null });
    expect(p.cost.total).toBe(robbery * 11_320 + damage * 1_705);
    expect(p.cost.priceYear).toBe('2015/16');
  });

  it('takes concentration and hot spots from the analysis engine run on the district alone', async () => {
    const p = await profile('from=2025-10&to=2026-09&preset=serious-violence');
    const res = await request(`/api/analysis/hotspots?districts=${code}&from=2025-10&to=2026-09&preset=serious-violence`);
    const a = await res.json();
    const c = a.summary.concentration;
    expect(p.concentration).toEqual({ cellSize: a.grid.cellSize, cells: c.cells, top5Share: c.top5, gini: c.gini, cellsFor50: c.cellsFor50, cellShareFor50: c.cellShareFor50 });
    const hot = (a.cells.index as number[]).map((index, k) => ({ index, z: a.cells.z[k], bin: a.cells.bin[k], count: a.cells.count[k] }))
      .filter((x) => x.bin === 3).sort((x, y) => y.z - x.z).slice(0, 5);
    expect(p.topHotspots.map((h) => h.z)).toEqual(hot.map((h) => h.z));
    expect(p.topHotspots.length).toBeGreaterThan(0);
    for (const h of p.topHotspots) {
      const { rows } = await sql<{ location: string; n: number }>`
        select location, count(*)::int as n from incidents
        where district_code = ${code} and category in ('violent-crime', 'robbery', 'possession-of-weapons')
          and month between '2025-10-01'::date and '2026-09-01'::date
          and easting >= ${h.easting} and easting < ${h.easting + h.cellSize} and northing >= ${h.northing} and northing < ${h.northing + h.cellSize}
        group by 1 order by 2 desc, 1 limit 100`.execute(ctx.database.db);
      expect(h.incidents).toBe(sum(rows));
      expect(h.label).toBe(rows[0]!.location);
    }
  });

  it('gives no rate for a district without population, with a warning, and ranks it by count only', async () => {
    const { rows } = await sql<{ population: number }>`select population from districts where code = ${code}`.execute(ctx.database.db);
    await sql`update districts set population = null where code = ${code}`.execute(ctx.database.db);
    try {
      const p = await profile('from=2025-10&to=2026-09');
      expect(p.district.population).toBeNull();
      expect(p.ratePer1000).toBeNull();
      expect(p.rank.byRate).toBeNull();
      expect(p.rank.byCount).toBeGreaterThanOrEqual(1);
      expect(p.warnings).toContainEqual({ code: 'no-population', message: expect.stringContaining('no population') });
      expect(Number.isFinite(p.perKm2)).toBe(true);
    } finally {
      await sql`update districts set population = ${rows[0]!.population} where code = ${code}`.execute(ctx.database.db);
    }
  });

  it('answers an unknown district with a 404 problem naming the code', async () => {
    const res = await request('/api/districts/X99999999/profile');
    await expectProblem(res, 'code', /unknown district "X99999999"/, 404);
  });

  it('checks the filter parameters as the analysis routes do', async () => {
    await expectProblem(await request(`/api/districts/${code}/profile?preset=asb&categories=robbery`), 'categories', /either preset or categories/);
    await expectProblem(await request(`/api/districts/${code}/profile?from=2026-02&to=2026-01`), 'from', /must not be after/);
    await expectProblem(await request(`/api/districts/${code}/profile?categories=nonsense`), 'categories', /unknown category/);
    await expectProblem(await request('/api/districts/nope/profile'), 'code', /district code/);
  });

  describe('format=csv', () => {
    it('writes one RFC 4180 row per category × month that parses back to the profile totals', async () => {
      const Papa = (await import('papaparse')).default;
      const res = await request(`/api/districts/${code}/profile?from=2026-01&to=2026-06&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="profile_${code}_2026-01_2026-06.csv"`);
      const text = await res.text();
      expect(text.endsWith('\r\n')).toBe(true);
      const parsed = Papa.parse<Record<string, string>>(text.trimEnd(), { header: true, newline: '\r\n' });
      expect(parsed.errors).toEqual([]);
      expect(parsed.meta.fields).toEqual(['code', 'name', 'month', 'category', 'incidents', 'population']);
      expect(parsed.data).toHaveLength(14 * 6);
      const p = await profile('from=2026-01&to=2026-06');
      expect(parsed.data.reduce((a, r) => a + Number(r.incidents), 0)).toBe(p.incidents);
      for (const category of p.categories) {
        expect(parsed.data.filter((r) => r.category === category).reduce((a, r) => a + Number(r.incidents), 0), category).toBe(p.byCategory[category]);
      }
      expect(new Set(parsed.data.map((r) => r.population))).toEqual(new Set([String(p.district.population)]));
    });
  });
}, { demo: true });

describeBackends('district profile API with two forces loaded for different months', (ctx) => {
  let request: (path: string) => Promise<Response>;
  beforeAll(async () => {
    await loadTinyCounty(ctx.database.db);
    // A second force publishes 2025-02 only, with one incident in Westvale (X07000001).
    await ctx.database.db.transaction().execute(async (trx) => {
      const importId = await startImport(trx, 'test', 'second force');
      const row = { crimeId: null, month: '2025-02', category: 'burglary', force: 'second', location: 'On or near Other Street', lsoaCode: null, lsoaName: null, outcome: null, x: 350500, y: 430500 };
      await insertIncidentBatch(trx, { source: 'test', importId, srid: 27700, rows: [row] });
    });
    const app = createApp({ database: ctx.database, config: loadConfig({}) });
    request = async (path) => app.request(path);
  });

  it('needs every force of the district to have loaded each month of an earlier window', async () => {
    // Westvale's February rests on both forces; the second has not loaded January.
    const west: DistrictProfile = await (await request('/api/districts/X07000001/profile?from=2025-02&to=2025-02')).json();
    expect(west.incidents).toBe(1);
    expect(west.previousPeriod).toBeNull();
    expect(west.warnings).toContainEqual({ code: 'previous-period-not-loaded', message: expect.stringContaining('do not cover 2025-01') });
    // Eastvale's incidents are all the first force's, which has January: 1 robbery vs 2 violent crimes.
    const east: DistrictProfile = await (await request('/api/districts/X07000002/profile?from=2025-02&to=2025-02')).json();
    expect(east.previousPeriod).toEqual({ from: '2025-01', to: '2025-01', incidents: 2, change: -1, changePct: -50 });
    // Rates by hand: 1 incident in 1 month among 2,000 residents → 1 × 12 / 2000 × 1000 = 6 per 1,000 a year; 1 km² → 12 per km².
    expect(east.ratePer1000).toBeCloseTo(6, 9);
    expect(east.perKm2).toBeCloseTo(12, 6);
    expect(east.rank).toEqual({ byRate: 2, byCount: 1, of: 2, kind: 'lad' });
    expect(east.countyShare).toBe(0.5);
  });
});
