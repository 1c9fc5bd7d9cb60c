import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { type PatrolPhases, buildPatrolZones } from '../server/patrol/build';
import { patrolQuerySchema } from '../server/patrol/params';
import { BENCH_DATABASE_URL, benchDatabaseWithDemo } from './bench-database';
import { type Bench, stats, timeRuns } from './harness';

const PARAMS = 'cellSize=250&budgetHours=40&format=geojson';
const QUERY = `/api/patrol-zones?${PARAMS}`;
const RUNS = 10;

export const bench: Bench = {
  name: 'patrol-zones',
  run: async () => {
    const database = await benchDatabaseWithDemo(1_000_000);
    try {
      const app = createApp({ database, config: loadConfig({ DATABASE_URL: BENCH_DATABASE_URL, ANALYSIS_CACHE_ENTRIES: '0' }) });
      const warm = await app.request(QUERY);
      const zones = (JSON.parse(await warm.text()) as { features: unknown[] }).features.length;
      const ours = stats(await timeRuns(RUNS, async () => (await app.request(QUERY)).text()));
      // Baseline: the hotspot analysis alone on the same grid, which zone building starts from.
      const analysis = stats(await timeRuns(RUNS, async () => (await app.request('/api/analysis/hotspots?cellSize=250')).text()));
      // Where the time goes: the same build called directly, phase by phase (medians).
      const q = patrolQuerySchema.parse(Object.fromEntries(new URLSearchParams(PARAMS)));
      const runs: PatrolPhases[] = [];
      for (let i = 0; i < RUNS; i++) {
        const phases: PatrolPhases = {};
        await buildPatrolZones(database.db, q, phases);
        runs.push(phases);
      }
      const names = Object.keys(runs[0]!) as Array<keyof PatrolPhases>;
      const medians = names.map((name) => stats(runs.map((r) => r[name] ?? 0)).p50);
      const split = names.map((name, k) => `${name} ${medians[k]!.toFixed(0)} ms`).join(', ');
      return {
        bench: 'patrol-zones',
        figures: [
          {
            name: `whole-county patrol zones at 250 m on 1M incidents, GeoJSON export, PostGIS (p50 of ${RUNS}, ${zones} zones)`,
            unit: 'ms',
            value: ours.p50,
            baseline: { name: `the hotspot analysis it starts from (p50 of ${RUNS}, cache off)`, value: analysis.p50 },
            goal: '< 1000',
          },
          { name: 'same: p95', unit: 'ms', value: ours.p95 },
          {
            name: 'build phases (medians of direct builds, without HTTP and the export file)',
            unit: 'ms',
            value: medians.reduce((a, m) => a + m, 0),
            note: split,
          },
        ],
        skipped: [],
      };
    } finally {
      await database.close();
    }
  },
};
