import { sql } from 'kysely';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { BENCH_DATABASE_URL, benchDatabaseWithDemo } from './bench-database';
import { type Bench, type Figure, benchIncidents, compareInterleaved, comparisonFigure, stats } from './harness';

const INCIDENTS = benchIncidents();
const WARM_UP = 3;
const RUNS = 20;
const QUERY = '/api/analysis/hotspots?cellSize=250';

function serverTiming(header: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (header ?? '').split(',')) {
    const m = part.trim().match(/^(\w+);dur=([\d.]+)/);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

export const bench: Bench = {
  name: 'hotspots',
  run: async () => {
    const database = await benchDatabaseWithDemo(INCIDENTS);
    try {
      const { incidents } = (await database.db.selectFrom('incidents').select(sql<number>`count(*)::int`.as('incidents')).executeTakeFirstOrThrow());
      // Cache off: every request computes from the database.
      const app = createApp({ database, config: loadConfig({ ANALYSIS_CACHE_ENTRIES: '0', DATABASE_URL: BENCH_DATABASE_URL }) });
      const body = await (await app.request(QUERY)).json() as { grid: { originX: number; originY: number; cellSize: number } };
      const { originX, originY, cellSize } = body.grid;
      const parts = { sql: [] as number[], stats: [] as number[], serialize: [] as number[] };
      const endpoint = async () => {
        const res = await app.request(QUERY);
        await res.text();
        if (res.status !== 200) throw new Error(`hotspots answered ${res.status}`);
        const timing = serverTiming(res.headers.get('server-timing'));
        parts.sql.push(timing.sql ?? NaN);
        parts.stats.push(timing.stats ?? NaN);
        parts.serialize.push(timing.serialize ?? NaN);
      };
      // Baseline: the bare counting query alone, the least any implementation must pay.
      const bare = () => sql`select floor((easting - ${originX}::float8) / ${cellSize}::float8)::int as col,
                         floor((northing - ${originY}::float8) / ${cellSize}::float8)::int as row, count(*)::int
                  from incidents where easting is not null group by 1, 2`.execute(database.db);
      const c = await compareInterleaved({ ours: endpoint, baseline: bare, warmup: WARM_UP, runs: RUNS });
      // The timed runs' server timings (the warm-ups' come first).
      const median = (xs: number[]) => stats(xs.slice(-RUNS)).p50;
      const sum = median(parts.sql) + median(parts.stats) + median(parts.serialize);
      const share = (x: number) => `${Math.round((100 * x) / sum)} %`;
      const figures: Figure[] = [
        comparisonFigure(c, {
          name: `GET ${QUERY} on ${incidents.toLocaleString('en-GB')} incidents, PostGIS, cache off: p50`,
          baselineName: 'the bare cell-count SQL alone (p50)',
          goal: '< 300',
        }),
        { name: 'same: p95', unit: 'ms', value: c.ours.p95 },
        {
          name: 'time split (medians)',
          unit: 'ms',
          value: sum,
          note: `SQL ${median(parts.sql).toFixed(0)} ms (${share(median(parts.sql))}), statistics ${median(parts.stats).toFixed(0)} ms (${share(median(parts.stats))}), serialisation ${median(parts.serialize).toFixed(0)} ms (${share(median(parts.serialize))})`,
        },
      ];
      return { bench: 'hotspots', figures, skipped: INCIDENTS === 1_000_000 ? [] : [`run on ${INCIDENTS.toLocaleString('en-GB')} incidents, not the 1,000,000 of the goal`] };
    } finally {
      await database.close();
    }
  },
};
