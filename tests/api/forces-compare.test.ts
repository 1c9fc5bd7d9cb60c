import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { ForceCompareResponse } from '../../server/forces/types';
import { CUMBRIA_DECEMBER_2025, DECEMBER_2025, FIXTURE_MONTHS, FULL_DATA, LAD_2024, PFA_2023, POPULATION_2021, fullDataPresent, fullDataSkipReason } from '../fixtures/real/real-data';
import { cli, tempFile } from '../import/helpers';
import { describeBackends } from '../setup/backends';
import { expectProblem } from './expect-problem';

const NOVEMBER_2025 = join(FIXTURE_MONTHS, '2025-11-lancashire-street.csv.gz');
const LANCASHIRE = 'E23000003';
const CUMBRIA = 'E23000002';

fullDataSkipReason();

describeBackends('force position on real data (PFA Dec 2023, Lancashire 2025-11/12, Cumbria 2025-12)', (ctx) => {
  let request: (path: string) => Promise<Response>;
  beforeAll(async () => {
    for (const args of [
      ['import', 'boundaries', PFA_2023, '--kind', 'pfa', '--code-field', 'AREACD', '--name-field', 'AREANM'],
      ['import', 'boundaries', LAD_2024, '--code-field', 'AREACD', '--name-field', 'AREANM'],
      ['import', 'population', POPULATION_2021, '--lsoa-name-field', 'Parent area type', '--value-field', 'Total', '--year', '2021'],
      ['import', 'police-csv', NOVEMBER_2025, DECEMBER_2025, CUMBRIA_DECEMBER_2025],
    ]) {
      const out = await cli(ctx.database, args);
      expect(out.error, args.join(' ')).toBeUndefined();
    }
    const app = createApp({ database: ctx.database, config: loadConfig({}) });
    request = async (path) => app.request(path);
  }, 600_000);

  /** Every incident of the force in the window, by category: the independent count. */
  const counted = async (force: string, from: string, to: string) => (await sql<{ category: string; n: number }>`
    select category, count(*)::int as n from incidents
    where force = ${force} and month between ${`${from}-01`}::date and ${`${to}-01`}::date group by 1`.execute(ctx.database.db)).rows;
  const sum = (rows: Array<{ n: number }>) => rows.reduce((a, r) => a + r.n, 0);
  const areaKm2 = async (code: string) =>
    Number((await sql<{ a: number }>`select ST_Area(geom_bng) as a from police_force_areas where code = ${code}`.execute(ctx.database.db)).rows[0]!.a) / 1e6;

  it("gives each force's December figures equal to SQL counts, rates annualised, and ranks by count and per km²", async () => {
    const res = await request('/api/forces/compare?from=2025-12&to=2025-12');
    expect(res.status, await res.clone().text()).toBe(200);
    const body: ForceCompareResponse = await res.json();
    expect(body.period).toEqual({ from: '2025-12', to: '2025-12', months: 1 });
    expect(body.forces.map((f) => [f.code, f.forceId])).toEqual([[CUMBRIA, 'cumbria'], [LANCASHIRE, 'lancashire']]);
    for (const f of body.forces) {
      const rows = await counted(f.forceId, '2025-12', '2025-12');
      expect(f.incidents, f.forceId).toBe(sum(rows));
      for (const c of body.categories) expect(f.byCategory[c], `${f.forceId} ${c}`).toBe(sum(rows.filter((r) => r.category === c)));
      expect(f.perKm2).toBeCloseTo((sum(rows) * 12) / (await areaKm2(f.code!)), 9);
      expect(f.missingMonths).toEqual([]);
    }
    const [cumbria, lancashire] = body.forces as [ForcePositionLike, ForcePositionLike];
    // Published: 13,894 Lancashire rows in 2025-12 (fixture README), 3,162 Cumbria rows (shared/data/SOURCES.md).
    expect(lancashire.incidents).toBe(13_894);
    expect(cumbria.incidents).toBe(3_162);
    expect(lancashire.rank).toMatchObject({ byCount: 1, of: 2 });
    expect(cumbria.rank).toMatchObject({ byCount: 2, of: 2 });
    const denser = lancashire.perKm2! > cumbria.perKm2! ? lancashire : cumbria;
    expect(denser.rank.byPerKm2).toBe(1);
  });

  it("rates Lancashire per 1,000 residents from its fourteen districts' Census 2021 population, and gives Cumbria none, with the reason", async () => {
    const body: ForceCompareResponse = await (await request('/api/forces/compare?from=2025-12&to=2025-12')).json();
    const lancashire = body.forces.find((f) => f.code === LANCASHIRE)!;
    const cumbria = body.forces.find((f) => f.code === CUMBRIA)!;
    // 1,531,186 usual residents: the sum over the 14 districts worked out with Python in the fixture README.
    expect(lancashire).toMatchObject({ population: 1_531_186, populationYear: 2021 });
    expect(lancashire.ratePer1000).toBeCloseTo((13_894 / 1_531_186) * 1000 * 12, 9);
    expect(lancashire.rank.byRate).toBe(1);
    expect(lancashire.warnings).toEqual([]);
    expect(cumbria).toMatchObject({ population: null, populationYear: null, ratePer1000: null, rank: { byRate: null } });
    expect(cumbria.warnings).toEqual([{ code: 'no-population', message: expect.stringContaining('no local authority districts inside it are loaded') }]);
  });

  it('names the forces whose boundaries touch as neighbours, and ranks among those with figures', async () => {
    const body: ForceCompareResponse = await (await request('/api/forces/compare?from=2025-12&to=2025-12')).json();
    const lancashire = body.forces.find((f) => f.code === LANCASHIRE)!;
    const cumbria = body.forces.find((f) => f.code === CUMBRIA)!;
    // Lancashire borders Cumbria, North Yorkshire, West Yorkshire, Greater Manchester and Merseyside.
    expect([...lancashire.neighbours.codes].sort()).toEqual(['E23000002', 'E23000004', 'E23000005', 'E23000009', 'E23000010']);
    expect(lancashire.neighbours.compared).toEqual([CUMBRIA]);
    expect(lancashire.neighbours.of).toBe(2);
    // Cumbria borders Lancashire, North Yorkshire (and Northumbria and Durham, not loaded), not Merseyside.
    expect([...cumbria.neighbours.codes].sort()).toEqual(['E23000003', 'E23000009']);
    expect(lancashire.mostSimilar).toBeNull();
  });

  it('gives a force that has not loaded every month of the period its counts but no rate or rank, and says which months', async () => {
    const body: ForceCompareResponse = await (await request('/api/forces/compare?from=2025-11&to=2025-12&preset=asb')).json();
    const lancashire = body.forces.find((f) => f.code === LANCASHIRE)!;
    const cumbria = body.forces.find((f) => f.code === CUMBRIA)!;
    expect(body.categories).toEqual(['anti-social-behaviour']);
    expect(lancashire.incidents).toBe(sum((await counted('lancashire', '2025-11', '2025-12')).filter((r) => r.category === 'anti-social-behaviour')));
    expect(lancashire.ratePer1000).toBeCloseTo((lancashire.incidents / 1_531_186) * 1000 * 6, 9);
    expect(lancashire.rank).toEqual({ byCount: 1, byPerKm2: 1, byRate: 1, of: 1 });
    expect(cumbria).toMatchObject({ missingMonths: ['2025-11'], monthsLoaded: 1, perKm2: null, ratePer1000: null, rank: { byCount: null, of: 0 } });
    expect(cumbria.incidents).toBe(sum((await counted('cumbria', '2025-11', '2025-12')).filter((r) => r.category === 'anti-social-behaviour')));
    expect(cumbria.warnings.map((w) => w.code)).toContain('period-not-fully-loaded');
    expect(lancashire.neighbours.compared).toEqual([]);
  });

  it('ranks a force within the most similar group the user loads', async () => {
    // An illustrative list to exercise the import, not the Home Office's published group.
    const groups = tempFile('groups.csv', 'force,similar\r\nE23000003,E23000002\r\nE23000003,E23000036\r\n');
    const out = await cli(ctx.database, ['import', 'force-groups', groups, '--code-field', 'force', '--similar-field', 'similar']);
    expect(out.error).toBeUndefined();
    const body: ForceCompareResponse = await (await request('/api/forces/compare?from=2025-12&to=2025-12')).json();
    const lancashire = body.forces.find((f) => f.code === LANCASHIRE)!;
    const cumbria = body.forces.find((f) => f.code === CUMBRIA)!;
    expect(lancashire.mostSimilar).toEqual({
      codes: [CUMBRIA, 'E23000036'], compared: [CUMBRIA], of: 2,
      rankByPerKm2: lancashire.perKm2! >= cumbria.perKm2! ? 1 : 2, rankByRate: 1,
    });
    expect(cumbria.mostSimilar).toBeNull();
    const bad = tempFile('bad.csv', 'force,similar\nE23000003,Lancashire\n');
    expect((await cli(ctx.database, ['import', 'force-groups', bad, '--code-field', 'force', '--similar-field', 'similar'])).error).toMatch(/line 2: "Lancashire" is not a police force area code/);
  });

  it.skipIf(!fullDataPresent)('with Merseyside 2025-12 from the full data folder, ranks three forces by count as SQL orders them', async () => {
    const out = await cli(ctx.database, ['import', 'police-csv', join(FULL_DATA, 'police-uk/neighbours/2025-12-merseyside-street.csv.gz')]);
    expect(out.error).toBeUndefined();
    const body: ForceCompareResponse = await (await request('/api/forces/compare?from=2025-12&to=2025-12')).json();
    expect(body.forces.map((f) => f.forceId)).toEqual(['cumbria', 'lancashire', 'merseyside']);
    const { rows } = await sql<{ force: string; n: number }>`
      select force, count(*)::int as n from incidents where month = '2025-12-01' group by force order by n desc`.execute(ctx.database.db);
    for (const [i, r] of rows.entries()) expect(body.forces.find((f) => f.forceId === r.force)).toMatchObject({ incidents: r.n, rank: { byCount: i + 1, of: 3 } });
    const merseyside = body.forces.find((f) => f.forceId === 'merseyside')!;
    // Merseyside borders Lancashire and Greater Manchester (and Cheshire, not loaded).
    expect([...merseyside.neighbours.codes].sort()).toEqual(['E23000003', 'E23000005']);
    expect(body.forces.find((f) => f.forceId === 'lancashire')!.neighbours.compared.sort()).toEqual([CUMBRIA, 'E23000004']);
  });

  it('refuses bad filter parameters with problem+json naming them', async () => {
    await expectProblem(await request('/api/forces/compare?from=2025-13'), 'from', /YYYY-MM/);
    await expectProblem(await request('/api/forces/compare?categories=burglary,arson'), 'categories', /arson/);
    await expectProblem(await request('/api/forces/compare?from=2025-12&to=2025-11'), 'from', /after/);
    const both = await request('/api/forces/compare?preset=asb&categories=burglary');
    expect(both.status).toBe(400);
    expect(both.headers.get('content-type')).toBe('application/problem+json');
  });
});

type ForcePositionLike = ForceCompareResponse['forces'][number];

describeBackends('force position without police force area boundaries', (ctx) => {
  it('still counts each force, without a rate, and says the boundaries are missing', async () => {
    const out = await cli(ctx.database, ['import', 'police-csv', CUMBRIA_DECEMBER_2025]);
    expect(out.error).toBeUndefined();
    const app = createApp({ database: ctx.database, config: loadConfig({}) });
    const body: ForceCompareResponse = await (await app.request('/api/forces/compare')).json();
    expect(body.warnings.map((w) => w.code)).toEqual(['no-force-areas']);
    expect(body.forces).toHaveLength(1);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from incidents where force = 'cumbria'`.execute(ctx.database.db);
    expect(body.forces[0]).toMatchObject({ forceId: 'cumbria', code: null, incidents: rows[0]!.n, perKm2: null, ratePer1000: null, rank: { byCount: 1, of: 1 } });
    expect(body.forces[0]!.warnings.map((w) => w.code)).toEqual(['no-boundary']);
  });
});
