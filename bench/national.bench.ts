import { loadavg } from 'node:os';
import { CompiledQuery, sql } from 'kysely';
import type { DatabaseHandle } from '../db/connect';
import { filterConditions } from '../db/incident-filter';
import { type ServerChild, startServerChild } from './load/server-child';
import { nationalMonths } from './national/incidents';
import { type NationalDatabase, nationalDatabase } from './national/national-database';
import { type Bench, type BenchResult, type Figure, stats } from './harness';

// `npm run bench -- --size national [--scale 0.05]`: England and Wales at 6,000,000 incidents
// beside the same synthetic nation at 1,000,000 (the scale multiplies both), each in a scratch
// PostGIS database of its own (national/national-database.ts), each served by its own API server
// process. Opt-in (bench/run.ts): the first load of 6M rows takes many minutes.
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SEED = Number(process.env.BENCH_SEED ?? 20261202);
const SMALL = Math.round(1_000_000 * SCALE);
const LARGE = Math.round(6_000_000 * SCALE);
const RUNS = Number(process.env.BENCH_NATIONAL_RUNS ?? 5);
/** The force the one-force cases use: a big urban one. */
const FORCE = 'west-midlands';

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const count = (n: number) => n.toLocaleString('en-GB');

interface Case {
  name: string;
  path: string;
  goal?: string;
}

function cases(forceDistricts: string[]): Case[] {
  const months = nationalMonths();
  const d = `districts=${forceDistricts.join(',')}`;
  return [
    { name: `hotspots, one force (${FORCE}, ${forceDistricts.length} districts) at 250 m`, path: `/api/analysis/hotspots?cellSize=250&${d}` },
    { name: 'hotspots, England and Wales at 1 km', path: '/api/analysis/hotspots?cellSize=1000' },
    { name: 'hotspots, England and Wales at 1.2 km (the finest grid MAX_CELLS allows over it)', path: '/api/analysis/hotspots?cellSize=1200' },
    { name: 'hotspots, England and Wales at 5 km', path: '/api/analysis/hotspots?cellSize=5000' },
    { name: `density, one force at 250 m`, path: `/api/analysis/density?cellSize=250&${d}` },
    { name: 'density, England and Wales at 5 km', path: '/api/analysis/density?cellSize=5000' },
    { name: `emerging, one force over ${months.length} months at 500 m`, path: `/api/analysis/emerging?cellSize=500&from=${months[0]}&to=${months.at(-1)}&${d}` },
    { name: 'patrol zones, one force at 250 m, 40 h, GeoJSON', path: `/api/patrol-zones?cellSize=250&budgetHours=40&format=geojson&${d}` },
    { name: 'profile compare of 4 districts over 24 months', path: `/api/compare?districts=${forceDistricts.slice(0, 4).join(',')}&from=${months[12]}&to=${months.at(-1)}` },
  ];
}

async function timed(server: ServerChild, path: string): Promise<{ ms: number; status: number; bytes: number; detail: string }> {
  const t0 = performance.now();
  const res = await fetch(server.url + path);
  const body = await res.text();
  const ms = performance.now() - t0;
  const detail = res.status === 200 ? '' : (JSON.parse(body) as { detail?: string; errors?: Array<{ detail: string }> }).errors?.[0]?.detail ?? body.slice(0, 200);
  return { ms, status: res.status, bytes: body.length, detail };
}

/**
 * The main tally query (db/cell-counts.ts tallyCells, not split by category) in its bare form,
 * EXPLAINed with ANALYZE: the plan's node lines, and its execution time.
 */
async function explainTally(database: DatabaseHandle, cellSize: number, districts: string[]): Promise<{ plan: string[]; ms: number }> {
  const query = sql`select floor(northing / ${cellSize}::float8)::int * 100000 + floor(easting / ${cellSize}::float8)::int as cell, count(*)::int as n
    from incidents where ${filterConditions({ districts })} and easting is not null group by 1`.compile(database.db);
  return database.db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '64MB'`.execute(trx);
    await trx.executeQuery(query); // warm: the figure is of a query the cases already ran
    const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers, costs off) ${query.sql}`, [...query.parameters]));
    const lines = rows.map((r) => r['QUERY PLAN']);
    const ms = Number(lines.find((l) => l.startsWith('Execution Time'))?.match(/([\d.]+) ms/)?.[1] ?? NaN);
    return { plan: lines, ms };
  });
}

/** Node types of a plan: each node line up to its first parenthesis, e.g. `Index Scan using incidents_district on incidents`. */
const planShape = (plan: string[]) =>
  plan.filter((l) => (/^\S/.test(l) && !/^(Planning|Execution)/.test(l)) || /^\s*->/.test(l)).map((l) => l.replace(/\(.*$/, '').replace('->', '').trim());
/** The top node's buffer use: how much of the table came from shared buffers (hit) and how much from outside (read). */
const topBuffers = (plan: string[]) => plan.find((l) => l.trim().startsWith('Buffers:'))?.trim().replace('Buffers: ', '') ?? 'no buffer figures';

export const bench: Bench = {
  name: 'national',
  run: async () => {
    const loadBefore = load();
    const sizes: NationalDatabase[] = [];
    const servers: ServerChild[] = [];
    try {
      for (const n of [SMALL, LARGE]) sizes.push(await nationalDatabase(n, SEED));
      const [small, large] = sizes as [NationalDatabase, NationalDatabase];
      for (const size of sizes) {
        servers.push(await startServerChild({ DATABASE_URL: size.url, ANALYSIS_CACHE_ENTRIES: '0', DEMO_ON_EMPTY: 'false', READ_ACCESS: 'public', STATEMENT_TIMEOUT_MS: '0' }));
      }
      const forceDistricts = large.geo.forces.find((f) => f.slug === FORCE)!.districts.map((d) => d.code);
      const figures: Figure[] = [
        {
          name: `load of ${count(large.rows)} incidents (43 forces, ${large.geo.forces.reduce((a, f) => a + f.districts.length, 0)} districts), rows/s`,
          unit: 'rows/s',
          value: large.load.rowsPerSecond,
          baseline: { name: `the same load of ${count(small.rows)}`, value: small.load.rowsPerSecond },
          note: `${large.load.seconds.toFixed(0)} s against ${small.load.seconds.toFixed(0)} s, through the demo loader (insertIncidentBatch, 10,000-row JSON batches, districts located in SQL), from the imports rows' start and finish${large.load.reused || small.load.reused ? '; loaded by an earlier run and reused' : ''}; not the police.uk CSV importer (bench/import.bench.ts)`,
        },
      ];
      const skipped: string[] = [];
      for (const c of cases(forceDistricts)) {
        const warm = [await timed(servers[0]!, c.path), await timed(servers[1]!, c.path)];
        if (warm.some((w) => w.status !== 200)) {
          skipped.push(`${c.name}: answered ${warm.map((w) => w.status).join(' / ')} (${warm.find((w) => w.status !== 200)!.detail})`);
          continue;
        }
        const samples: number[][] = [[], []];
        for (let i = 0; i < RUNS; i++) {
          for (const k of i % 2 ? [1, 0] : [0, 1]) samples[k]!.push((await timed(servers[k]!, c.path)).ms);
        }
        const [s, l] = samples.map((xs) => stats(xs)) as [ReturnType<typeof stats>, ReturnType<typeof stats>];
        figures.push({
          name: `${c.name} on ${count(large.rows)}: p50`,
          unit: 'ms',
          value: l.p50,
          baseline: { name: `the same on ${count(small.rows)} (p50)`, value: s.p50 },
          note: `${c.path}; ${count(warm[1]!.bytes)} bytes; ${RUNS} runs alternating the two sizes after a warm-up; min ${l.min.toFixed(0)} / ${s.min.toFixed(0)} ms`,
        });
      }
      const memory = servers.map((s) => s.memory());
      figures.push({
        name: `API server peak RSS after every case on ${count(large.rows)}`,
        unit: 'MiB',
        value: memory[1]!.hwmMb,
        baseline: { name: `the server of ${count(small.rows)}`, value: memory[0]!.hwmMb },
        goal: '< 1024',
        note: `current RSS ${memory[1]!.rssMb.toFixed(0)} / ${memory[0]!.rssMb.toFixed(0)} MiB; VmHWM of each server process`,
      });
      const plans: Record<string, string[]> = {};
      for (const [label, cellSize, districts] of [['England and Wales at 5 km', 5000, []], [`${FORCE} at 250 m`, 250, forceDistricts]] as const) {
        const [s, l] = [await explainTally(small.database, cellSize, [...districts]), await explainTally(large.database, cellSize, [...districts])];
        plans[`${count(small.rows)}: ${label}`] = s.plan;
        plans[`${count(large.rows)}: ${label}`] = l.plan;
        const [shapeS, shapeL] = [planShape(s.plan).join(' > '), planShape(l.plan).join(' > ')];
        figures.push({
          name: `bare tally query, ${label}, on ${count(large.rows)} (EXPLAIN ANALYZE execution time; plans in \`plans\`)`,
          unit: 'ms',
          value: l.ms,
          baseline: { name: `the same on ${count(small.rows)}`, value: s.ms },
          note: `${shapeS === shapeL ? `same plan at both sizes: ${shapeL}` : `plan changes: ${count(small.rows)} ${shapeS}; ${count(large.rows)} ${shapeL}`}; buffers ${topBuffers(l.plan)} against ${topBuffers(s.plan)}`,
        });
      }
      const note = `scale ${SCALE}, seed ${SEED}; synthetic forces and districts (real boundaries not available here); load average before ${loadBefore}, after ${load()}`;
      const result: BenchResult & { plans: Record<string, string[]>; note: string } = { bench: 'national', figures, skipped, plans, note };
      return result;
    } finally {
      for (const s of servers) await s.stop();
      for (const size of sizes) await size.database.close();
    }
  },
};
