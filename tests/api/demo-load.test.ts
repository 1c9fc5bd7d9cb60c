import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { datasetOverview } from '../../db/dataset';
import { replaceWithDemo } from '../../db/demo-store';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { loadDemo } from '../../server/demo';
import { describeBackends } from '../setup/backends';

describeBackends('synthetic demo load', (ctx) => {
  // The generator treats the requested size as a target; the loader reports what it loaded.
  let loaded = 0;
  beforeAll(async () => {
    ({ incidents: loaded } = await loadDemo(ctx.database.db, { incidents: 6000 }));
  });

  it('loads every incident, labelled synthetic, each located one inside a district', async () => {
    const app = createApp({ database: ctx.database, config: loadConfig({}) });
    const health = await (await app.request('/api/health')).json();
    expect(loaded).toBeGreaterThan(5000);
    expect(health).toMatchObject({ synthetic: true, incidents: loaded });
    const summary = await (await app.request('/api/incidents/summary')).json();
    expect(summary.total + summary.withoutLocation).toBe(loaded);
    expect(summary.withoutLocation / loaded).toBeGreaterThan(0.01);
    expect(Object.keys(summary.byCategory)).toHaveLength(14);
    expect(Object.keys(summary.byMonth)).toHaveLength(24);
    const { rows } = await sql<{ unassigned: number; outside: number }>`
      select count(*) filter (where district_code is null and geom_bng is not null)::int as unassigned,
             count(*) filter (where district_code is not null and not exists (
               select 1 from districts d where d.code = i.district_code and ST_Contains(d.geom_bng, i.geom_bng)))::int as outside
      from incidents i`.execute(ctx.database.db);
    expect(rows[0]).toEqual({ unassigned: 0, outside: 0 });
  });

  it('keeps the BNG columns equal to the stored geometry, and WGS84 in sync', async () => {
    const { rows } = await sql<{ bad: number }>`
      select count(*)::int as bad from incidents
      where geom_bng is not null and (abs(ST_X(geom_bng) - easting) > 1e-6 or abs(ST_Y(geom_bng) - northing) > 1e-6
        or ST_Distance(ST_Transform(geom, 27700), geom_bng) > 0.01)`.execute(ctx.database.db);
    expect(rows[0]!.bad).toBe(0);
  });

  it('leaves the loaded data untouched when a replacement fails part-way', async () => {
    const before = await datasetOverview(ctx.database.db);
    function* failingBatches() {
      yield [{ crimeId: null, month: '2025-01', category: 'burglary', force: 'test', location: null, lsoaCode: null, lsoaName: null, outcome: null, x: 400000, y: 250000 }];
      throw new Error('disk on fire');
    }
    await expect(
      replaceWithDemo(ctx.database.db, { description: 'doomed', districts: [], batches: failingBatches(), total: 2 }),
    ).rejects.toThrow('disk on fire');
    expect(await datasetOverview(ctx.database.db)).toEqual(before);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from districts`.execute(ctx.database.db);
    expect(rows[0]!.n).toBe(10);
  });
});
