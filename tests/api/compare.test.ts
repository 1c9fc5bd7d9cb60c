import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { CompareResponse } from '../../server/profiles/types';
import { describeBackends } from '../setup/backends';
import { expectProblem } from './expect-problem';

describeBackends('compare API on the synthetic demo', (ctx) => {
  let request: (path: string) => Promise<Response>;
  let codes: string[];
  beforeAll(async () => {
    const app = createApp({ database: ctx.database, config: loadConfig({}) });
    request = async (path) => app.request(path);
    codes = (await sql<{ code: string }>`select code from districts order by code`.execute(ctx.database.db)).rows.map((r) => r.code);
  });

  const located = async (from: string, to: string, district?: string) =>
    (await sql<{ n: number }>`
      select count(*)::int as n from incidents
      where district_code in (select code from districts where kind = 'lad') and easting is not null
        and month between ${`${from}-01`}::date and ${`${to}-01`}::date
        ${district ? sql`and district_code = ${district}` : sql``}`.execute(ctx.database.db)).rows[0]!.n;

  it('compares 4 districts on the same months and categories, with the county as reference', async () => {
    const four = [codes[3]!, codes[0]!, codes[7]!, codes[5]!];
    const res = await request(`/api/compare?districts=${four.join(',')}&from=2025-10&to=2026-09&preset=centurion`);
    expect(res.status, await res.clone().text()).toBe(200);
    const body: CompareResponse = await res.json();
    expect(body.period).toEqual({ from: '2025-10', to: '2026-09', months: 12 });
    expect(body.categories).toEqual(['anti-social-behaviour', 'violent-crime', 'robbery', 'possession-of-weapons']);
    expect(body.profiles.map((p) => p.district.code)).toEqual(four);
    for (const p of body.profiles) {
      expect(p.monthly.map((m) => m.month)).toEqual(body.profiles[0]!.monthly.map((m) => m.month));
      expect(Object.keys(p.byCategory)).toEqual(body.categories);
      const single = await (await request(`/api/districts/${p.district.code}/profile?from=2025-10&to=2026-09&preset=centurion`)).json();
      expect(p).toEqual(single);
    }
    const { rows } = await sql<{ n: number; population: number; area: number }>`
      select count(*)::int as n from incidents
      where district_code in (select code from districts where kind = 'lad') and easting is not null
        and category in ('anti-social-behaviour', 'violent-crime', 'robbery', 'possession-of-weapons')
        and month between '2025-10-01'::date and '2026-09-01'::date`.execute(ctx.database.db);
    const { rows: d } = await sql<{ population: number; area: number }>`
      select sum(population)::int as population, sum(area_m2)::float8 as area from districts where kind = 'lad'`.execute(ctx.database.db);
    expect(body.county.incidents).toBe(rows[0]!.n);
    expect(body.county.districts).toHaveLength(codes.length);
    expect(body.county.population).toBe(d[0]!.population);
    expect(body.county.ratePer1000).toBeCloseTo((rows[0]!.n * 1000) / d[0]!.population, 9);
    expect(body.county.areaKm2).toBeCloseTo(d[0]!.area / 1e6, 6);
    expect(body.profiles.reduce((a, p) => a + p.countyShare!, 0)).toBeCloseTo(body.profiles.reduce((a, p) => a + p.incidents, 0) / body.county.incidents, 12);
  });

  it('gives the county every category and month, and the all-category totals equal SQL', async () => {
    const body: CompareResponse = await (await request(`/api/compare?districts=${codes[0]},${codes[1]}&from=2026-01&to=2026-06`)).json();
    expect(body.county.incidents).toBe(await located('2026-01', '2026-06'));
    expect(body.county.previousPeriod!.incidents).toBe(await located('2025-07', '2025-12'));
    expect(body.county.yearEarlier!.incidents).toBe(await located('2025-01', '2025-06'));
    expect(body.profiles[1]!.incidents).toBe(await located('2026-01', '2026-06', codes[1]));
  });

  it('refuses 5 districts, 1 district, duplicates and unknown codes, naming districts', async () => {
    await expectProblem(await request(`/api/compare?districts=${codes.slice(0, 5).join(',')}`), 'districts', /2 to 4 district codes; got 5/);
    await expectProblem(await request(`/api/compare?districts=${codes[0]}`), 'districts', /2 to 4/);
    await expectProblem(await request(`/api/compare?districts=${codes[0]},${codes[1]},${codes[0]}`), 'districts', new RegExp(`each district once; repeated: ${codes[0]}`));
    await expectProblem(await request(`/api/compare?districts=${codes[0]},X99999999`), 'districts', /unknown district "X99999999"/);
    await expectProblem(await request('/api/compare'), 'districts', /./);
  });

  it('writes the compared districts as CSV that parses back to each profile total', async () => {
    const Papa = (await import('papaparse')).default;
    const three = codes.slice(0, 3);
    const res = await request(`/api/compare?districts=${three.join(',')}&from=2026-04&to=2026-09&preset=serious-violence&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="compare_${three.join('-')}_2026-04_2026-09.csv"`);
    const parsed = Papa.parse<Record<string, string>>((await res.text()).trimEnd(), { header: true, newline: '\r\n' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(3 * 3 * 6);
    const body: CompareResponse = await (await request(`/api/compare?districts=${three.join(',')}&from=2026-04&to=2026-09&preset=serious-violence`)).json();
    for (const p of body.profiles) {
      const mine = parsed.data.filter((r) => r.code === p.district.code);
      expect(mine.every((r) => r.name === p.district.name)).toBe(true);
      expect(mine.reduce((a, r) => a + Number(r.incidents), 0)).toBe(p.incidents);
      for (const m of p.monthly) expect(mine.filter((r) => r.month === m.month).reduce((a, r) => a + Number(r.incidents), 0)).toBe(m.count);
    }
  });
}, { demo: true });
