import { sql } from 'kysely';
import { type DatabaseHandle, openDatabase } from '../../db/connect';
import { replaceWithDemo } from '../../db/demo-store';
import { incidentPagesAllVisible, vacuumIncidents } from '../../db/incident-maintenance';
import { consoleReporter } from '../../server/progress';
import { BENCH_DATABASE_URL, ensureDatabase } from '../bench-database';
import { type NationalGeography, buildNationalGeography } from './geography';
import { nationalIncidentBatches, nationalRowCount } from './incidents';

export interface NationalDatabase {
  database: DatabaseHandle;
  url: string;
  geo: NationalGeography;
  rows: number;
  /** The load that filled it (this run or an earlier one), from its `imports` row. */
  load: { seconds: number; rowsPerSecond: number; reused: boolean };
}

/** A scratch database per size and seed, on the bench's PostGIS server, so both sizes stay loaded. */
export function nationalDatabaseUrl(incidents: number, seed: number): string {
  const url = new URL(BENCH_DATABASE_URL);
  url.pathname = `/hotspot_atlas_national_${incidents}_${seed}`;
  return url.toString();
}

/**
 * The synthetic England and Wales with `incidents` rows, loaded once through the demo loader
 * (db/demo-store.ts: one transaction, batches of 10,000 through insertIncidentBatch, districts
 * assigned in SQL) and reused while its import row says it holds this size and seed.
 */
export async function nationalDatabase(incidents: number, seed: number): Promise<NationalDatabase> {
  const url = nationalDatabaseUrl(incidents, seed);
  await ensureDatabase(url);
  const database = await openDatabase({ url });
  const geo = buildNationalGeography(seed);
  const rows = nationalRowCount(geo, incidents);
  // The generator's version is part of the key: a changed generator reloads instead of reusing stale rows.
  const description = `Synthetic England and Wales for the national bench (generator 2, seed ${seed}, ${rows} rows, 43 forces)`;
  const previous = async () =>
    (await sql<{ seconds: number; rows: number }>`
      select extract(epoch from finished_at - started_at)::float8 as seconds, rows_loaded as rows from imports
      where description = ${description} and status = 'succeeded' order by id desc limit 1`.execute(database.db)).rows[0];
  let found = await previous();
  const reused = found !== undefined;
  if (!found) {
    const progress = consoleReporter().progress(`Loading ${rows.toLocaleString('en-GB')} national incidents`, 'incidents');
    await replaceWithDemo(database.db, {
      description,
      districts: geo.forces.flatMap((f) =>
        f.districts.map((d) => ({
          code: d.code,
          name: d.name,
          kind: 'lad' as const,
          population: Math.round(60_000 * d.weight),
          populationYear: 2021,
          geometry: JSON.stringify({ type: 'MultiPolygon', coordinates: d.coordinates }),
        })),
      ),
      batches: nationalIncidentBatches(geo, { seed, incidents }),
      total: rows,
      onProgress: progress.update,
    });
    progress.done();
    found = (await previous())!;
  }
  // As after an import: visibility map and statistics set (cheap when nothing changed).
  if ((await incidentPagesAllVisible(database.db)) < 0.95) await vacuumIncidents(database.db);
  return { database, url, geo, rows, load: { seconds: found.seconds, rowsPerSecond: found.rows / found.seconds, reused } };
}
