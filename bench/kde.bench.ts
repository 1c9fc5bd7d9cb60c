import { sql } from 'kysely';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { runDensity } from '../server/analysis/density';
import { analysisQuerySchema } from '../server/analysis/params';
import type { DensityResult } from '../server/analysis/result';
import { BENCH_DATABASE_URL, benchDatabaseWithDemo } from './bench-database';
import { type Bench, type Figure, benchIncidents, comparisonFigure, comparisonOf, interleaveRuns, stats } from './harness';
import { runBinnedKdeDensity } from './kde-binned-baseline';

const INCIDENTS = benchIncidents();
const WARM_UP = 2;
const RUNS = 15;
/** Issue 17's case: 250 m cells, a 600 m bandwidth, over the whole county. */
const PARAMS = 'smoothing=kde&cellSize=250&bandwidth=600';
/** Cells below this density (per km²) are left out of the accuracy figures (relative error is noise there). */
const FLOOR = 50;

/**
 * Kernel density from the incidents' own positions (today's density?smoothing=kde, exact) against
 * the binned version it replaced (incidents at their cells' centres, bench/kde-binned-baseline.ts),
 * both called as runners on the same query, plus the endpoint itself; interleaved round by round.
 * Beside the times: how far the binned surface is from the exact one, per cell above FLOOR.
 */
export const bench: Bench = {
  name: 'kde',
  run: async () => {
    const database = await benchDatabaseWithDemo(INCIDENTS);
    try {
      const { db } = database;
      const { n } = (await sql<{ n: number }>`select count(*)::int as n from incidents`.execute(db)).rows[0]!;
      const q = analysisQuerySchema.parse(Object.fromEntries(new URLSearchParams(PARAMS)));
      const app = createApp({ database, config: loadConfig({ ANALYSIS_CACHE_ENTRIES: '0', DATABASE_URL: BENCH_DATABASE_URL }) });
      const endpoint = async () => {
        const res = await app.request(`/api/analysis/density?${PARAMS}`);
        await res.text();
        if (res.status !== 200) throw new Error(`density answered ${res.status}`);
      };
      const options = { warmup: WARM_UP, runs: RUNS };
      const samples = await interleaveRuns({ exact: () => runDensity(db, q), binned: () => runBinnedKdeDensity(db, q), endpoint }, options);
      const c = comparisonOf(samples.exact, samples.binned, options);

      const exact = await runDensity(db, q);
      const binned = await runBinnedKdeDensity(db, q);
      const errors = relativeErrors(exact, binned);
      const e = errors.length ? stats(errors) : undefined;
      const positions = (await sql<{ n: number }>`select count(*)::int as n from (select distinct easting, northing from incidents where easting is not null) s`.execute(db)).rows[0]!.n;
      const figures: Figure[] = [
        comparisonFigure(c, {
          name: `density ${PARAMS} from the incidents' positions (runner), whole county, ${n.toLocaleString('en-GB')} incidents at ${positions.toLocaleString('en-GB')} positions, PostGIS, cache off: p50`,
          baselineName: 'the binned version it replaced: incidents at their cell centres (runner, p50)',
          note: `${exact.cells.index.length.toLocaleString('en-GB')} cells; SQL ${exact.timings.sqlMs.toFixed(0)} ms + kernel ${exact.timings.statsMs.toFixed(0)} ms exact, SQL ${binned.timings.sqlMs.toFixed(0)} ms + kernel ${binned.timings.statsMs.toFixed(0)} ms binned (one run each)`,
        }),
        { name: `GET /api/analysis/density?${PARAMS}: p50`, unit: 'ms', value: stats(samples.endpoint).p50, note: `p25 ${stats(samples.endpoint).p25.toFixed(0)}, p75 ${stats(samples.endpoint).p75.toFixed(0)} ms, interleaved with the two runners` },
        {
          name: `binned vs exact density, cells above ${FLOOR} per km²: median |relative difference|`,
          unit: '%',
          value: e ? 100 * e.p50 : NaN,
          note: e ? `p95 ${(100 * e.p95).toFixed(1)} %, max ${(100 * e.max).toFixed(1)} % over ${e.runs.toLocaleString('en-GB')} cells; peak ${exact.summary.densityMax} exact vs ${binned.summary.densityMax} binned per km²` : 'no cell above the floor',
        },
      ];
      return { bench: 'kde', figures, skipped: INCIDENTS === 1_000_000 ? [] : [`run on ${INCIDENTS.toLocaleString('en-GB')} incidents, not the 1,000,000 of the goal`] };
    } finally {
      await database.close();
    }
  },
};

/** |binned − exact| ÷ exact per cell where the exact density is above FLOOR (same grid and cells). */
function relativeErrors(exact: DensityResult, binned: DensityResult): number[] {
  if (exact.cells.index.length !== binned.cells.index.length) throw new Error('kde: the two versions kept different cells');
  const out: number[] = [];
  for (let k = 0; k < exact.cells.index.length; k++) {
    const a = exact.cells.density[k];
    const b = binned.cells.density[k];
    if (a === null || b === null || a === undefined || b === undefined || a <= FLOOR) continue;
    out.push(Math.abs(b - a) / a);
  }
  return out;
}
