import { sql } from 'kysely';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { BENCH_DATABASE_URL, benchDatabaseWithDemo } from './bench-database';
import { type Bench, type Figure, benchIncidents, compareInterleaved, comparisonFigure } from './harness';

// BENCH_INCIDENTS (or the older PROFILES_BENCH_INCIDENTS) sets a smaller database for a quick check
// that the bench runs: see benchIncidents.
const INCIDENTS = benchIncidents('PROFILES_BENCH_INCIDENTS');
const RUNS = 20;
const FROM = '2024-10';
const TO = '2026-09';

export const bench: Bench = {
  name: 'profiles',
  run: async () => {
    const database = await benchDatabaseWithDemo(INCIDENTS);
    try {
      const db = database.db;
      const { incidents } = await db.selectFrom('incidents').select(sql<number>`count(*)::int`.as('incidents')).executeTakeFirstOrThrow();
      const codes = (await sql<{ code: string }>`select code from districts order by code limit 4`.execute(db)).rows.map((r) => r.code);
      const query = `/api/compare?districts=${codes.join(',')}&from=${FROM}&to=${TO}`;
      const app = createApp({ database, config: loadConfig({ ANALYSIS_CACHE_ENTRIES: '0', DATABASE_URL: BENCH_DATABASE_URL }) });
      // The least any implementation pays: the four districts' counts by category and month, one scan.
      const floor = () => sql`
        select district_code, category, month, count(*)::int from incidents
        where district_code in (${sql.join(codes)}) and month between ${`${FROM}-01`}::date and ${`${TO}-01`}::date
        group by 1, 2, 3`.execute(db);
      const compare = async () => {
        const res = await app.request(query);
        await res.text();
        if (res.status !== 200) throw new Error(`compare answered ${res.status}`);
      };
      const c = await compareInterleaved({ ours: compare, baseline: floor, warmup: 3, runs: RUNS });
      const figures: Figure[] = [
        comparisonFigure(c, {
          name: `GET /api/compare of 4 districts over 24 months on ${incidents.toLocaleString('en-GB')} incidents, PostGIS, cache off: p50`,
          baselineName: 'the bare count of the 4 districts by category and month (p50)',
          goal: '< 250',
        }),
        { name: 'same: p95', unit: 'ms', value: c.ours.p95 },
      ];
      return { bench: 'profiles', figures, skipped: INCIDENTS === 1_000_000 ? [] : [`run on ${INCIDENTS.toLocaleString('en-GB')} incidents, not the 1,000,000 of the goal`] };
    } finally {
      await database.close();
    }
  },
};
