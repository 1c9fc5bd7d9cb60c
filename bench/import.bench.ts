import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { sql } from 'kysely';
import { openDatabase } from '../db/connect';
import { vacuumIncidents } from '../db/incident-maintenance';
import { type MultiPolygonCoords, pointInMultiPolygon, ringBbox } from '../geodata/demo/planar';
import { mulberry32 } from '../geodata/seeded-random';
import { runCli } from '../server/cli/main';
import type { Reporter } from '../server/progress';
import { BENCH_DATABASE_URL, ensureDatabase } from './bench-database';
import { type Bench, type Figure, comparisonOf, interleaveRuns, stats, tmpDir } from './harness';

// Import of a generated police.uk street-level CSV, through the same code path as
// `npm run cli -- import police-csv`, beside `psql \copy` of the same file into an unlogged table
// of 12 text columns and `ogr2ogr` loading it as points, all in the same run.
const ROWS = 1_000_000;
const PGLITE_ROWS = 200_000;
/** One force-month re-imported into the loaded table: a busy force's month (the Metropolitan's run at ~90,000). */
const MONTH_ROWS = 60_000;
const MONTH_ROUNDS = 3;
/** Timed rounds of the 1,000,000-row bulk import and its baselines (~70 s a round). */
const BULK_ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 3);
const URL_ = process.env.BENCH_IMPORT_DATABASE_URL ?? BENCH_DATABASE_URL.replace(/\/[^/]*$/, '/hotspot_atlas_import_bench');
const root = resolve(import.meta.dirname, '..');
const LAD_2024 = resolve(root, 'tests/fixtures/real/lancashire14_LAD_DEC_2024_UK_BGC.geojson');
const quiet: Reporter = { info: () => {}, progress: () => ({ update: () => {}, done: () => {} }) };

const TYPES: Array<[string, number]> = [
  ['Anti-social behaviour', 30], ['Violence and sexual offences', 32], ['Criminal damage and arson', 8], ['Shoplifting', 7],
  ['Public order', 7], ['Other theft', 4], ['Vehicle crime', 3], ['Burglary', 3], ['Drugs', 2], ['Other crime', 1],
  ['Possession of weapons', 1], ['Robbery', 0.5], ['Bicycle theft', 0.8], ['Theft from the person', 0.7],
];
const OUTCOMES = ['Investigation complete; no suspect identified', 'Unable to prosecute suspect', 'Under investigation', 'Status update unavailable', 'Awaiting court outcome'];
const STREETS = ['Church Street', 'Market Place', 'Station Road', 'Parking Area', 'Supermarket', 'Petrol Station', 'High Street', 'Nightclub', 'Park/Open Space', 'Sports/Recreation Area'];

/** Points inside the LAD 2024 districts (rejection sampling), with each district's code and name. */
function districtPoints(count: number, random: () => number): Array<{ x: number; y: number; name: string }> {
  const fc = JSON.parse(readFileSync(LAD_2024, 'utf8')) as { features: Array<{ properties: { AREANM: string }; geometry: { type: string; coordinates: unknown } }> };
  const districts = fc.features.map((f) => {
    const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as MultiPolygonCoords;
    const boxes = polys.map((p) => ringBbox(p[0]!));
    return {
      name: f.properties.AREANM, polys,
      minX: Math.min(...boxes.map((b) => b[0])), minY: Math.min(...boxes.map((b) => b[1])),
      maxX: Math.max(...boxes.map((b) => b[2])), maxY: Math.max(...boxes.map((b) => b[3])),
    };
  });
  const points: Array<{ x: number; y: number; name: string }> = [];
  while (points.length < count) {
    const d = districts[Math.floor(random() * districts.length)]!;
    const x = d.minX + random() * (d.maxX - d.minX), y = d.minY + random() * (d.maxY - d.minY);
    if (pointInMultiPolygon(x, y, d.polys)) points.push({ x, y, name: d.name });
  }
  return points;
}

/** A police.uk-like Crime ID: 64 hex digits, from its own seeded sequence so the file repeats. */
function crimeId(random: () => number): string {
  let id = '';
  for (let k = 0; k < 8; k++) id += Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0');
  return id;
}

/** A police.uk-format street CSV of `rows` rows (cached in bench/tmp/ while the size matches). */
async function generateCsv(rows: number, month: string): Promise<string> {
  const dir = join(tmpDir, `import-${rows}`);
  const path = join(dir, `${month}-lancashire-street.csv`);
  const marker = `${path}.rows`;
  if (existsSync(path) && existsSync(marker) && readFileSync(marker, 'utf8') === String(rows)) return path;
  mkdirSync(dir, { recursive: true });
  const random = mulberry32(rows);
  const idRandom = mulberry32(rows ^ 0x9e3779b9);
  const points = districtPoints(20_000, random); // police.uk snaps crimes to a few thousand map points per force
  const totalWeight = TYPES.reduce((s, [, w]) => s + w, 0);
  const out = createWriteStream(path);
  out.write('Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n');
  let chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    let w = random() * totalWeight, t = 0;
    while ((w -= TYPES[t]![1]) > 0 && t < TYPES.length - 1) t++;
    const type = TYPES[t]![0];
    const asb = type === 'Anti-social behaviour';
    const id = asb ? '' : crimeId(idRandom);
    const located = random() >= 0.03;
    const p = points[Math.floor(random() * points.length)]!;
    const lsoa = `E0101${String(Math.floor(random() * 10000)).padStart(4, '0')}`;
    chunk.push([
      id, month, 'Lancashire Constabulary', 'Lancashire Constabulary',
      located ? p.x.toFixed(6) : '', located ? p.y.toFixed(6) : '',
      located ? `"On or near ${STREETS[i % STREETS.length]}"` : '"No Location"',
      located ? lsoa : '', located ? `${p.name} ${String(i % 150).padStart(3, '0')}A` : '',
      type, asb ? '' : OUTCOMES[i % OUTCOMES.length], '',
    ].join(','));
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  if (chunk.length) out.write(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  writeFileSync(marker, String(rows));
  return path;
}

/** Runs a command, returning wall time (s) and the peak resident memory of the process (MB, VmHWM). */
async function timedChild(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, stdin?: string): Promise<{ seconds: number; peakMb: number; stdout: string }> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: root, env, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (stdin !== undefined) child.stdin!.end(stdin);
  let stdout = '', stderr = '', peakKb = 0;
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const poll = setInterval(() => {
    try {
      const m = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/);
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch { /* exited */ }
  }, 50);
  const [code] = (await once(child, 'exit')) as [number];
  clearInterval(poll);
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}${stdout.slice(-2000)}`);
  return { seconds, peakMb: peakKb / 1024, stdout };
}

function psql(url: string, command: string): void {
  execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function prepare(url: string | undefined) {
  const database = await openDatabase(url ? { url } : {});
  const boundaries = ['import', 'boundaries', LAD_2024, '--code-field', 'AREACD', '--name-field', 'AREANM', '--replace-demo'];
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from districts where code like 'E0%'`.execute(database.db);
  if (rows[0]!.n < 14) await runCli(boundaries, { database, reporter: quiet, print: () => {} });
  await sql`truncate incidents`.execute(database.db);
  return database;
}

/** The floor's input: incidents' rows as stored, and the definitions of its indexes (for floor_probe). */
interface FloorInput {
  file: string;
  definitions: Array<{ name: string; def: string }>;
}

function exportFloorInput(url: string): FloorInput {
  const file = join(tmpDir, 'floor.copy');
  psql(url, `\\copy (select * from incidents) to '${file}'`);
  const definitions = execFileSync('psql', [url, '-At', '-c', "select indexname || '|' || indexdef from pg_indexes where tablename = 'incidents' order by indexname"], { encoding: 'utf8' })
    .trim().split('\n').map((line) => {
      const [name, def] = line.split('|') as [string, string];
      return { name, def: def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON public\.incidents /, (_, unique: string | undefined) => `create ${unique ?? ''}index on floor_probe `) };
    });
  return { file, definitions };
}

/** Times (psql, one session) \copy of incidents' rows into an index-free copy of its shape, then each of its indexes. */
async function postgresFloor(url: string, input: FloorInput): Promise<{ total: number; copy: number; indexes: Array<{ name: string; seconds: number }> }> {
  const { file, definitions } = input;
  psql(url, 'drop table if exists floor_probe; create table floor_probe (like incidents including defaults including constraints)');
  const script = ['\\timing on', `\\copy floor_probe from '${file}'`, ...definitions.map((d) => `${d.def};`)].join('\n');
  const run = await timedChild('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q'], process.env, script);
  psql(url, 'drop table floor_probe');
  const times = [...run.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]) / 1000);
  if (times.length !== definitions.length + 1) throw new Error(`floor: expected ${definitions.length + 1} timings, got ${times.length}`);
  return {
    total: times.reduce((a, b) => a + b, 0),
    copy: times[0]!,
    indexes: definitions.map((d, i) => ({ name: d.name, seconds: times[i + 1]! })),
  };
}

/**
 * The floor of re-importing one force-month into the loaded table: in one transaction (rolled
 * back), delete that force-month's rows and \copy the same rows back as stored, into the table with
 * every index, key and trigger in place. Timed by psql (\timing), delete plus copy.
 */
async function monthFloor(url: string, force: string, month: string): Promise<number> {
  const file = join(tmpDir, 'month-floor.copy');
  psql(url, `\\copy (select * from incidents where force = '${force}' and month = '${month}-01') to '${file}'`);
  const script = ['\\timing on', 'begin;', `delete from incidents where force = '${force}' and month = '${month}-01';`, `\\copy incidents from '${file}'`, 'rollback;'].join('\n');
  const run = await timedChild('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q'], process.env, script);
  unlinkSync(file);
  const times = [...run.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]) / 1000);
  if (times.length !== 4) throw new Error(`month floor: expected 4 timings, got ${times.length}`);
  return times[1]! + times[2]!;
}

async function ogr2ogrInto(url: string, csv: string, table: string) {
  const u = new URL(url);
  const pg = `PG:host=${u.hostname} port=${u.port || 5432} user=${decodeURIComponent(u.username)} dbname=${u.pathname.slice(1)}${u.password ? ` password=${decodeURIComponent(u.password)}` : ''}`;
  const run = await timedChild('ogr2ogr', ['-f', 'PostgreSQL', pg, csv, '-nln', table, '-overwrite',
    '-oo', 'X_POSSIBLE_NAMES=Longitude', '-oo', 'Y_POSSIBLE_NAMES=Latitude', '-a_srs', 'EPSG:4326']);
  psql(url, `drop table if exists ${table}`);
  return run;
}

export const bench: Bench = {
  name: 'import',
  run: async () => {
    const figures: Figure[] = [];
    const skipped: string[] = [];
    const csv = await generateCsv(ROWS, '2025-06');
    const mb = statSync(csv).size / 2 ** 20;

    await ensureDatabase(URL_);
    const database = await prepare(URL_);
    await vacuumIncidents(database.db);
    await database.close();

    // Four sides, each a whole command, warmed up once and then run round by round in rotated
    // order (interleaveRuns), so drift on the machine hits all of them alike:
    // - ours: the CLI in a child process (node + tsx loader, one process, so VmHWM is the
    //   importer's), into the emptied table;
    // - psql \copy of the file into an unlogged table of the same 12 text columns;
    // - the PostgreSQL floor: the rows as incidents stores them (typed, with geometry), \copy'd into
    //   an empty table of the same shape, then the indexes incidents has built on it. No parsing,
    //   validation, reprojection or district lookup: the least any importer into this schema pays
    //   on the server, whatever it does in JavaScript (its input is exported from ours' first load);
    // - ogr2ogr loading the CSV as points (defaults: COPY, spatial index), when it is installed.
    const ogrInstalled = (() => {
      try {
        execFileSync('ogr2ogr', ['--version'], { stdio: 'ignore' });
        return true;
      } catch {
        skipped.push('ogr2ogr: not installed (Debian: gdal-bin)');
        return false;
      }
    })();
    const last = { ours: undefined as Awaited<ReturnType<typeof timedChild>> | undefined, rss: [] as number[], floor: [] as Array<Awaited<ReturnType<typeof postgresFloor>>> };
    let floorInput: FloorInput | undefined;
    const sides = {
      ours: {
        prepare: () => psql(URL_, 'truncate incidents'),
        run: async () => {
          last.ours = await timedChild(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'import', 'police-csv', csv, '--replace-demo'], { ...process.env, DATABASE_URL: URL_ });
          last.rss.push(last.ours.peakMb);
        },
      },
      copy: {
        prepare: () => psql(URL_, 'drop table if exists copy_baseline; create unlogged table copy_baseline (crime_id text, month text, reported_by text, falls_within text, longitude text, latitude text, location text, lsoa_code text, lsoa_name text, crime_type text, last_outcome text, context text)'),
        run: async () => {
          await timedChild('psql', [URL_, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy copy_baseline from '${csv}' with (format csv, header true)`]);
          psql(URL_, 'drop table copy_baseline');
        },
      },
      floor: {
        prepare: () => {
          floorInput ??= exportFloorInput(URL_); // ours ran first in the warm-up: incidents holds its rows
        },
        run: async () => {
          last.floor.push(await postgresFloor(URL_, floorInput!));
        },
      },
      ...(ogrInstalled && { ogr2ogr: { run: () => ogr2ogrInto(URL_, csv, 'ogr_baseline') } }),
    };
    const bulk = await interleaveRuns(sides as Record<'ours' | 'copy' | 'floor' | 'ogr2ogr', { run: () => Promise<unknown>; prepare?: () => unknown }>, { warmup: 1, runs: BULK_ROUNDS });
    if (floorInput) unlinkSync(floorInput.file); // 300 MB for 1M rows
    // The floor's own timings are psql's (\timing), without the psql start-up the wall clock adds.
    last.floor.splice(0, 1); // the warm-up's
    const floorTotals = last.floor.map((f) => f.total * 1000);
    const loaded = Number(last.ours!.stdout.match(/loaded ([\d,]+)/)?.[1]?.replace(/,/g, '') ?? NaN);
    const read = Number(last.ours!.stdout.match(/rows read ([\d,]+)/)?.[1]?.replace(/,/g, '') ?? NaN);
    const seconds = (ms: number[]) => ms.map((x) => (x / 1000).toFixed(1)).join(', ');
    const ours = comparisonOf(bulk.ours, floorTotals, { warmup: 1 });
    const copyStats = stats(bulk.copy);
    const oursP50 = ours.ours.p50 / 1000;
    const medianFloor = last.floor.slice().sort((x, y) => x.total - y.total)[Math.floor(last.floor.length / 2)]!;
    const rounds = `${BULK_ROUNDS} rounds in rotated order after one warm-up of each side`;

    figures.push({
      name: `import police-csv, ${ROWS.toLocaleString('en-GB')} rows (${mb.toFixed(0)} MB), PostGIS, whole CLI process, p50`,
      unit: 's', value: oursP50,
      baseline: { name: 'PostgreSQL floor: \\copy of the stored rows into an empty incidents-shaped table, then its indexes (p50)', value: ours.baseline.p50 / 1000 },
      ratio: ours.ratio,
      goal: 'within 1.5× the floor',
      note: `${Math.round(read / oursP50).toLocaleString('en-GB')} rows/s; ${loaded.toLocaleString('en-GB')} loaded; ours ${seconds(bulk.ours)} s; floor ${seconds(floorTotals)} s; ${rounds}`,
    });
    figures.push({
      name: 'PostgreSQL floor, the median round\'s parts',
      unit: 's', value: medianFloor.total,
      baseline: { name: 'psql \\copy of the CSV into an unlogged 12-text-column table (p50)', value: copyStats.p50 / 1000 },
      note: `copy ${medianFloor.copy.toFixed(2)} s; indexes ${medianFloor.indexes.map((i) => `${i.name} ${i.seconds.toFixed(2)}`).join(', ')} s; \\copy runs ${seconds(bulk.copy)} s. ` +
        'A floor above ogr2ogr puts "faster than ogr2ogr" out of reach for this schema whatever the importer does in JavaScript',
    });
    if (ogrInstalled) {
      const vsOgr = comparisonOf(bulk.ogr2ogr, bulk.ours, { warmup: 1 });
      figures.push({
        name: 'speed-up over ogr2ogr (CSV as points into PostGIS): p50 ogr2ogr ÷ p50 ours', unit: '×', value: vsOgr.ratio.ofMedians,
        goal: '> 1',
        note: `ogr2ogr ${seconds(bulk.ogr2ogr)} s (p50 ${(vsOgr.ours.p50 / 1000).toFixed(1)} s, ${Math.round(ROWS / (vsOgr.ours.p50 / 1000)).toLocaleString('en-GB')} rows/s); per-round ratio p25 ${vsOgr.ratio.spread.p25.toFixed(2)}, p75 ${vsOgr.ratio.spread.p75.toFixed(2)}, min ${vsOgr.ratio.spread.min.toFixed(2)}, max ${vsOgr.ratio.spread.max.toFixed(2)}; ${rounds}`,
      });
    }
    figures.push({
      name: 'peak RSS of the import process (VmHWM), highest of the rounds', unit: 'MB', value: Math.max(...last.rss), goal: '< 300',
      note: `every run (warm-up first): ${last.rss.map((x) => x.toFixed(0)).join(', ')} MB`,
    });

    // One force-month (another month of the same force) into the loaded 1,000,000-row table, then
    // re-imported: ours (the CLI, replacing the month), the floor (delete + \copy of the stored rows
    // into the indexed table) and ogr2ogr (the CSV into a table of its own), run by run in turn.
    const monthCsv = await generateCsv(MONTH_ROWS, '2025-07');
    const cli = ['--import', 'tsx', 'server/cli/main.ts', 'import', 'police-csv', monthCsv];
    await timedChild(process.execPath, cli, { ...process.env, DATABASE_URL: URL_ }); // first load of the month
    const month = { ours: [] as number[], floor: [] as number[], ogr: [] as number[], rss: 0, rebuilt: '' };
    for (let round = 0; round < MONTH_ROUNDS; round++) {
      const run = await timedChild(process.execPath, cli, { ...process.env, DATABASE_URL: URL_ });
      month.ours.push(run.seconds);
      month.rss = Math.max(month.rss, run.peakMb);
      month.floor.push(await monthFloor(URL_, 'lancashire', '2025-07'));
      if (ogrInstalled) month.ogr.push((await ogr2ogrInto(URL_, monthCsv, 'ogr_month_baseline')).seconds);
    }
    const m = { ours: stats(month.ours).p50, floor: stats(month.floor).p50, ogr: month.ogr.length ? stats(month.ogr).p50 : NaN };
    figures.push({
      name: `re-import of one force-month (${MONTH_ROWS.toLocaleString('en-GB')} rows) into the loaded ${ROWS.toLocaleString('en-GB')}-row table, whole CLI process, p50 of ${MONTH_ROUNDS}`,
      unit: 's', value: m.ours,
      baseline: { name: 'floor: delete the force-month and \\copy its stored rows into the indexed table', value: m.floor },
      goal: 'within 1.5× the floor, faster than ogr2ogr',
      note: `ours ${month.ours.map((x) => x.toFixed(2)).join(', ')} s; floor ${month.floor.map((x) => x.toFixed(2)).join(', ')} s; ` +
        `ogr2ogr ${month.ogr.map((x) => x.toFixed(2)).join(', ')} s (ratio ${(m.ours / m.ogr).toFixed(2)}); peak RSS ${month.rss.toFixed(0)} MB`,
    });

    // Embedded: PGlite in memory, 200k rows, in this process (start-up and boundaries not timed).
    const small = await generateCsv(PGLITE_ROWS, '2025-07');
    const lite = await prepare(undefined);
    try {
      const t0 = performance.now();
      await runCli(['import', 'police-csv', small], { database: lite, reporter: quiet, print: () => {} });
      const seconds = (performance.now() - t0) / 1000;
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from incidents`.execute(lite.db);
      figures.push({ name: `PGlite import, ${PGLITE_ROWS.toLocaleString('en-GB')} rows`, unit: 'rows/s', value: PGLITE_ROWS / seconds, note: `${seconds.toFixed(1)} s, ${rows[0]!.n.toLocaleString('en-GB')} loaded` });
    } finally {
      await lite.close();
    }
    return { bench: 'import', figures, skipped };
  },
};
