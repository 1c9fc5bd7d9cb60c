import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { type PatrolPhases, buildPatrolZones } from '../server/patrol/build';
import { patrolQuerySchema } from '../server/patrol/params';
import { BENCH_DATABASE_URL, benchDatabaseWithDemo } from './bench-database';
import { type Bench, benchIncidents, compareInterleaved, comparisonFigure, stats } from './harness';

const PARAMS = 'cellSize=250&budgetHours=40&format=geojson';
const QUERY = `/api/patrol-zones?${PARAMS}`;
const RUNS = 10;
const INCIDENTS = benchIncidents();

export const bench: Bench = {
  name: 'patrol-zones',
  run: async () => {
    const database = await benchDatabaseWithDemo(INCIDENTS);
    try {
      const app = createApp({ database, config: loadConfig({ DATABASE_URL: BENCH_DATABASE_URL, ANALYSIS_CACHE_ENTRIES: '0' }) });
      const text = async (path: string) => {
        const res = await app.request(path);
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        return res.text();
      };
      const zones = (JSON.parse(await text(QUERY)) as { features: unknown[] }).features.length;
      // Baseline: the hotspot analysis alone on the same grid, which zone building starts from.
      const c = await compareInterleaved({ ours: () => text(QUERY), baseline: () => text('/api/analysis/hotspots?cellSize=250'), warmup: 2, runs: RUNS });
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
          comparisonFigure(c, {
            name: `whole-county patrol zones at 250 m on ${INCIDENTS.toLocaleString('en-GB')} incidents, GeoJSON export, PostGIS, cache off (p50, ${zones} zones)`,
            baselineName: 'the hotspot analysis it starts from (p50, cache off)',
            goal: '< 1000',
          }),
          { name: 'same: p95', unit: 'ms', value: c.ours.p95 },
          {
            name: 'build phases (medians of direct builds, without HTTP and the export file)',
            unit: 'ms',
            value: medians.reduce((a, m) => a + m, 0),
            note: split,
          },
        ],
        skipped: INCIDENTS === 1_000_000 ? [] : [`run on ${INCIDENTS.toLocaleString('en-GB')} incidents, not the 1,000,000 of the goal`],
      };
    } finally {
      await database.close();
    }
  },
};
