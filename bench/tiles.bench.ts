import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { incidentTileMvt } from '../db/incident-tiles';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { BENCH_DATABASE_URL, benchDatabaseWithDemo } from './bench-database';
import { type Bench, type Figure, stats } from './harness';

// BENCH_TILES_INCIDENTS=20000 runs the same bench on a small database (a quick check that it runs).
const INCIDENTS = Number(process.env.BENCH_TILES_INCIDENTS ?? 1_000_000);
const WARM_UP = 5;
const RUNS = 30;
const Z = 14;

/** Web Mercator tile of a lon/lat, and the tile's lon/lat box (slippy-map formulae). */
function tileOf(lon: number, lat: number, z: number): { x: number; y: number; bbox: [number, number, number, number] } {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  const lonAt = (tx: number) => (tx / n) * 360 - 180;
  const latAt = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return { x, y, bbox: [lonAt(x), latAt(y + 1), lonAt(x + 1), latAt(y)] };
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/**
 * A busy z14 tile (the tile of the county's busiest square kilometre) through the endpoint, beside
 * the bare ST_AsMVT query it runs and the snap-point JSON the map's street layer uses today for
 * the same area. After a warm-up the three run interleaved, in rotating order, run by run.
 */
export const bench: Bench = {
  name: 'tiles',
  run: async () => {
    const database = await benchDatabaseWithDemo(INCIDENTS);
    const loadBefore = load();
    try {
      const { rows } = await sql<{ lon: number; lat: number; n: number }>`
        select avg(ST_X(geom))::float8 as lon, avg(ST_Y(geom))::float8 as lat, count(*)::int as n from incidents
        group by floor(easting / 1000), floor(northing / 1000) order by count(*) desc limit 1`.execute(database.db);
      const { x, y, bbox } = tileOf(rows[0]!.lon, rows[0]!.lat, Z);
      const app = createApp({ database, config: loadConfig({ ANALYSIS_CACHE_ENTRIES: '0', DATABASE_URL: BENCH_DATABASE_URL }) });
      const tilePath = `/api/tiles/incidents/${Z}/${x}/${y}.mvt`;
      const pointsPath = `/api/incidents/points?bbox=${bbox.map((v) => v.toFixed(6)).join(',')}`;
      const sides = {
        endpoint: async () => (await app.request(tilePath)).arrayBuffer(),
        sql: async () => incidentTileMvt(database.db, { z: Z, x, y, filter: {} }),
        points: async () => (await app.request(pointsPath)).arrayBuffer(),
      };
      const names = Object.keys(sides) as Array<keyof typeof sides>;
      const bytes: Record<string, number> = {};
      for (let i = 0; i < WARM_UP; i++) for (const name of names) bytes[name] = (await sides[name]()).byteLength;
      const samples: Record<string, number[]> = { endpoint: [], sql: [], points: [] };
      for (let i = 0; i < RUNS; i++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(i + k) % names.length]!;
          const t0 = performance.now();
          await sides[name]();
          samples[name]!.push(performance.now() - t0);
        }
      }
      const features = (await sql<{ n: number }>`
        select count(*)::int as n from incidents
        where geom && ST_Transform(ST_TileEnvelope(${Z}::int, ${x}::int, ${y}::int, margin => ${64 / 4096}::float8), 4326)`.execute(database.db)).rows[0]!.n;
      const spread = (xs: number[]) => `p50 ${stats(xs).p50.toFixed(1)}, min ${stats(xs).min.toFixed(1)}, p95 ${stats(xs).p95.toFixed(1)} ms`;
      const figures: Figure[] = [
        {
          name: `GET ${tilePath} (${features.toLocaleString('en-GB')} incidents, ${(bytes.endpoint! / 1024).toFixed(0)} KB) on ${INCIDENTS.toLocaleString('en-GB')}, PostGIS: p50`,
          unit: 'ms',
          value: stats(samples.endpoint!).p50,
          baseline: { name: 'the bare ST_AsMVT query (p50)', value: stats(samples.sql!).p50 },
          goal: '< 50',
          note: `endpoint ${spread(samples.endpoint!)}; SQL ${spread(samples.sql!)}; ${RUNS} interleaved runs after ${WARM_UP} warm-ups; load average before ${loadBefore}, after ${load()}`,
        },
        {
          name: 'same area as snap-point JSON (GET /api/incidents/points, uncompressed): p50',
          unit: 'ms',
          value: stats(samples.points!).p50,
          baseline: { name: 'the vector tile endpoint (p50)', value: stats(samples.endpoint!).p50 },
          note: `JSON ${(bytes.points! / 1024).toFixed(0)} KB against the tile's ${(bytes.endpoint! / 1024).toFixed(0)} KB; ${spread(samples.points!)}`,
        },
      ];
      return { bench: 'tiles', figures, skipped: [] };
    } finally {
      await database.close();
    }
  },
};
