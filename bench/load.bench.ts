import autocannon from 'autocannon';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { BENCH_DATABASE_URL, benchDatabaseWithDemo } from './bench-database';
import { type Bench, type Figure, benchIncidents, loadAverage, stats } from './harness';
import { type DistrictSpot, type RequestKind, requestMix } from './load/request-mix';
import { startServerChild } from './load/server-child';

const INCIDENTS = benchIncidents();
/** BENCH_LOAD_SECONDS and BENCH_LOAD_CONNECTIONS: the issue's 60 s and 50 clients unless set. */
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
/** A request not answered in this time counts as an error (autocannon's timeout). */
const TIMEOUT_S = 10;
const CACHE_ON = 64;

interface PhaseResult {
  cache: string;
  requests: number;
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statuses: Record<string, number>;
  byKind: Record<string, { requests: number; non2xx: number; p50: number; p99: number }>;
  rssMb: { idle: number; peakSampled: number; hwm: number };
  load: { before: number[]; after: number[] };
  /** Whether the server exited on SIGTERM after the load (graceful shutdown), and how long it took. */
  stopped?: { exitedOnTerm: boolean; ms: number };
}

/** Each district's busiest square kilometre (lon/lat of its incidents' mean position there). */
async function districtSpots(db: Kysely<Database>): Promise<DistrictSpot[]> {
  const { rows } = await sql<DistrictSpot>`
    select distinct on (district_code) district_code as code, avg(ST_X(geom))::float8 as lon, avg(ST_Y(geom))::float8 as lat
    from incidents where district_code is not null and geom is not null
    group by district_code, floor(easting / 1000), floor(northing / 1000)
    order by district_code, count(*) desc`.execute(db);
  return rows;
}

/**
 * 50 concurrent clients for 60 s against the real server (a child process on loopback over the
 * bench database), on a mix of density, hotspot, points, tile and profile requests with varied
 * filters (bench/load/request-mix.ts), first with the analysis cache off, then on. Throughput,
 * latency percentiles, errors, non-2xx and the server's resident memory.
 */
export const bench: Bench = {
  name: 'load',
  run: async () => {
    const database = await benchDatabaseWithDemo(INCIDENTS);
    let spots: DistrictSpot[];
    let months: string[];
    try {
      spots = await districtSpots(database.db);
      months = (await sql<{ m: string }>`select distinct to_char(month, 'YYYY-MM') as m from incidents order by 1`.execute(database.db)).rows.map((r) => r.m);
    } finally {
      await database.close();
    }
    const phases: PhaseResult[] = [];
    for (const entries of [0, CACHE_ON]) {
      const server = await startServerChild({ DATABASE_URL: BENCH_DATABASE_URL, ANALYSIS_CACHE_ENTRIES: String(entries), READ_ACCESS: 'public' });
      let phase: PhaseResult | undefined;
      try {
        phase = await loadPhase(server, entries ? `on (${entries} entries)` : 'off', spots, months);
      } finally {
        const stopped = await server.stop();
        if (phase) phases.push({ ...phase, stopped });
      }
    }
    const figures: Figure[] = [];
    for (const p of phases) {
      const kinds = Object.entries(p.byKind).map(([k, v]) => `${k} ${v.requests} (p50 ${v.p50.toFixed(0)}, p99 ${v.p99.toFixed(0)} ms${v.non2xx ? `, ${v.non2xx} non-2xx` : ''})`).join('; ');
      const load = `load average before ${p.load.before.join(' ')}, after ${p.load.after.join(' ')}`;
      figures.push(
        { name: `cache ${p.cache}: ${CONNECTIONS} clients × ${SECONDS} s, mixed requests on ${INCIDENTS.toLocaleString('en-GB')} incidents: throughput`, unit: 'req/s', value: p.throughput, note: `${p.requests.toLocaleString('en-GB')} responses; ${load}` },
        { name: `cache ${p.cache}: latency p50`, unit: 'ms', value: p.p50, note: `p90 ${p.p90} ms, max ${p.max} ms` },
        { name: `cache ${p.cache}: latency p99`, unit: 'ms', value: p.p99, ...(p.cache === 'off' && { goal: '< 1000' }) },
        { name: `cache ${p.cache}: errors (connection errors and ${TIMEOUT_S} s timeouts)`, unit: 'requests', value: p.errors, ...(p.cache === 'off' && { goal: '0' }), note: `${p.timeouts} timeouts` },
        { name: `cache ${p.cache}: non-2xx responses`, unit: 'requests', value: p.non2xx, note: `statuses ${JSON.stringify(p.statuses)}` },
        { name: `cache ${p.cache}: server peak RSS (VmHWM)`, unit: 'MB', value: p.rssMb.hwm, note: `idle ${p.rssMb.idle.toFixed(0)} MB after start; peak of 1 s samples ${p.rssMb.peakSampled.toFixed(0)} MB` },
        { name: `cache ${p.cache}: server exit after SIGTERM at the end of the load`, unit: 'ms', value: p.stopped?.ms ?? NaN, note: p.stopped?.exitedOnTerm ? 'exited by itself' : 'did not exit within 15 s: killed (SIGKILL)' },
        { name: `cache ${p.cache}: by kind (responses; latency from request set-up to response, approximate)`, unit: 'kinds', value: Object.keys(p.byKind).length, note: kinds },
      );
    }
    return {
      bench: 'load',
      figures,
      skipped: [
        ...(INCIDENTS === 1_000_000 ? [] : [`run on ${INCIDENTS.toLocaleString('en-GB')} incidents, not the 1,000,000 of the goal`]),
        ...(SECONDS === 60 && CONNECTIONS === 50 ? [] : [`${CONNECTIONS} clients for ${SECONDS} s, not the issue's 50 for 60 s`]),
        'the load generator runs in the bench process on the same 2 cores as the server and PostgreSQL',
      ],
    };
  },
};

async function loadPhase(server: Awaited<ReturnType<typeof startServerChild>>, cache: string, spots: DistrictSpot[], months: string[]): Promise<PhaseResult> {
  const next = requestMix({ spots, lastMonth: months.at(-1)!, months: months.length });
  const byKind = new Map<RequestKind, { latencies: number[]; non2xx: number }>();
  const statuses: Record<string, number> = {};
  interface Context { kind?: RequestKind; started?: number }
  const idle = server.memory().rssMb;
  let peakSampled = idle;
  const sampler = setInterval(() => {
    try {
      peakSampled = Math.max(peakSampled, server.memory().rssMb);
    } catch { /* exited */ }
  }, 1000);
  const before = loadAverage();
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: TIMEOUT_S,
    requests: [{
      setupRequest: (request, context: Context) => {
        const { kind, path } = next();
        context.kind = kind;
        context.started = performance.now();
        return { ...request, path };
      },
      onResponse: (status, _body, context: Context) => {
        const kind = context.kind!;
        const entry = byKind.get(kind) ?? { latencies: [], non2xx: 0 };
        entry.latencies.push(performance.now() - context.started!);
        if (status < 200 || status >= 300) entry.non2xx++;
        byKind.set(kind, entry);
        statuses[status] = (statuses[status] ?? 0) + 1;
      },
    }],
  });
  clearInterval(sampler);
  const after = loadAverage();
  const { hwmMb } = server.memory();
  return {
    cache,
    requests: result.requests.total,
    throughput: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
    byKind: Object.fromEntries([...byKind].map(([k, v]) => {
      const s = stats(v.latencies);
      return [k, { requests: v.latencies.length, non2xx: v.non2xx, p50: s.p50, p99: s.p99 }];
    })),
    rssMb: { idle, peakSampled, hwm: hwmMb },
    load: { before, after },
  };
}
