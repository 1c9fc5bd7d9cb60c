import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { CompareResponse, DistrictProfile } from '../../server/profiles/types';
import { LAD_2024, cli, sharedData } from '../import/helpers';
import { describeBackends } from '../setup/backends';

const POPULATION = join(sharedData, 'population/census2021_TS001_residence_type_OA_lancashire14.csv');
const month = (m: string) => join(sharedData, `police-uk/lancashire/${m}-lancashire-street.csv.gz`);
const BURNLEY = 'E07000117';

describeBackends('district profiles on the real Lancashire sample (LAD 2024, Census 2021, 2025-01 and 2025-02)', (ctx) => {
  let request: (path: string) => Promise<Response>;
  beforeAll(async () => {
    for (const args of [
      ['import', 'boundaries', LAD_2024, '--code-field', 'AREACD', '--name-field', 'AREANM'],
      ['import', 'population', POPULATION, '--lsoa-name-field', 'Parent area type', '--value-field', 'Total', '--year', '2021'],
      ['import', 'police-csv', month('2025-01'), month('2025-02')],
    ]) {
      const out = await cli(ctx.database, args);
      expect(out.error, args.join(' ')).toBeUndefined();
    }
    const app = createApp({ database: ctx.database, config: loadConfig({}) });
    request = async (path) => app.request(path);
  }, 600_000);

  const located = async (from: string, to: string, code?: string) => (await sql<{ category: string; n: number }>`
    select category, count(*)::int as n from incidents
    where easting is not null and month between ${`${from}-01`}::date and ${`${to}-01`}::date
      and district_code in (select code from districts where kind = 'lad') ${code ? sql`and district_code = ${code}` : sql``}
    group by 1`.execute(ctx.database.db)).rows;
  const sum = (rows: Array<{ n: number }>) => rows.reduce((a, r) => a + r.n, 0);

  it("gives Burnley's February figures equal to SQL counts, January as the previous period, and no year-earlier window", async () => {
    const res = await request(`/api/districts/${BURNLEY}/profile?from=2025-02&to=2025-02`);
    expect(res.status, await res.clone().text()).toBe(200);
    const p: DistrictProfile = await res.json();
    const feb = await located('2025-02', '2025-02', BURNLEY);
    expect(p.district).toMatchObject({ code: BURNLEY, name: 'Burnley', kind: 'lad', populationYear: 2021 });
    expect(p.incidents).toBe(sum(feb));
    for (const c of p.categories) expect(p.byCategory[c], c).toBe(sum(feb.filter((r) => r.category === c)));
    const { rows } = await sql<{ population: number; area_m2: number }>`select population, area_m2 from districts where code = ${BURNLEY}`.execute(ctx.database.db);
    expect(p.ratePer1000).toBeCloseTo((sum(feb) * 12 * 1000) / rows[0]!.population, 9);
    expect(p.perKm2).toBeCloseTo((sum(feb) * 12) / (Number(rows[0]!.area_m2) / 1e6), 9);
    expect(p.previousPeriod).toMatchObject({ from: '2025-01', to: '2025-01', incidents: sum(await located('2025-01', '2025-01', BURNLEY)) });
    expect(p.yearEarlier).toBeNull();
    expect(p.warnings).toEqual([{ code: 'year-earlier-not-loaded', message: expect.stringContaining('do not cover 2024-02') }]);
    expect(p.rank.of).toBe(14);
    expect(p.countyShare).toBeCloseTo(sum(feb) / sum(await located('2025-02', '2025-02')), 12);
    expect(p.topHotspots.length).toBeGreaterThan(0);
  });

  it('compares four Lancashire districts with the county of all fourteen', async () => {
    const four = [BURNLEY, 'E07000120', 'E07000122', 'E06000008'];
    const body: CompareResponse = await (await request(`/api/compare?districts=${four.join(',')}&from=2025-01&to=2025-02&preset=asb`)).json();
    expect(body.profiles.map((p) => p.district.code)).toEqual(four);
    const asb = (rows: Array<{ category: string; n: number }>) => sum(rows.filter((r) => r.category === 'anti-social-behaviour'));
    for (const p of body.profiles) expect(p.incidents, p.district.code).toBe(asb(await located('2025-01', '2025-02', p.district.code)));
    expect(body.county.districts).toHaveLength(14);
    expect(body.county.incidents).toBe(asb(await located('2025-01', '2025-02')));
    expect(body.county.previousPeriod).toBeNull();
  });
});
