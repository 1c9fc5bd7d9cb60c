import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { BENCH_DATABASE_URL, benchDatabaseWithDemo } from './bench-database';
import { type Bench, stats, timeRuns } from './harness';

const QUERY = '/api/patrol-zones?cellSize=250&budgetHours=40&format=geojson';

export const bench: Bench = {
  name: 'patrol-zones',
  run: async () => {
    const database = await benchDatabaseWithDemo(1_000_000);
    try {
      const app = createApp({ database, config: loadConfig({ DATABASE_URL: BENCH_DATABASE_URL, ANALYSIS_CACHE_ENTRIES: '0' }) });
      const warm = await app.request(QUERY);
      const zones = (JSON.parse(await warm.text()) as { features: unknown[] }).features.length;
      const ours = stats(await timeRuns(10, async () => (await app.request(QUERY)).text()));
      // Baseline: the hotspot analysis alone on the same grid, which zone building starts from.
      const analysis = stats(await timeRuns(10, async () => (await app.request('/api/analysis/hotspots?cellSize=250')).text()));
      return {
        bench: 'patrol-zones',
        figures: [
          {
            name: `whole-county patrol zones at 250 m on 1M incidents, GeoJSON export, PostGIS (p50 of 10, ${zones} zones)`,
            unit: 'ms',
            value: ours.p50,
            baseline: { name: 'the hotspot analysis it starts from (p50 of 10, cache off)', value: analysis.p50 },
            goal: '< 1000',
          },
        ],
        skipped: [],
      };
    } finally {
      await database.close();
    }
  },
};
