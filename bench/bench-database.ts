import postgres from 'postgres';
import { type DatabaseHandle, openDatabase } from '../db/connect';
import { datasetOverview } from '../db/dataset';
import { incidentPagesAllVisible, vacuumIncidents } from '../db/incident-maintenance';
import { loadDemo } from '../server/demo';
import { consoleReporter } from '../server/progress';

/** BENCH_DATABASE_URL=embedded: the client bench measures the embedded demo instead of a server. */
export const BENCH_EMBEDDED = process.env.BENCH_DATABASE_URL === 'embedded';

/**
 * The PostGIS server benches run on: BENCH_DATABASE_URL, or a scratch database on the local
 * cluster (also with `embedded`, for the benches that measure a server).
 */
export const BENCH_DATABASE_URL = (!BENCH_EMBEDDED && process.env.BENCH_DATABASE_URL) || 'postgres://postgres@127.0.0.1:5432/hotspot_atlas_bench';

export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const exists = await sql`select 1 from pg_database where datname = ${name}`;
    if (exists.length === 0) await sql.unsafe(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await sql.end();
  }
}

/**
 * A bench database holding the synthetic county with `incidents` rows (seeded, so the same
 * data every run); loaded once and reused while the size matches, and vacuumed as after an import.
 */
export async function benchDatabaseWithDemo(incidents: number): Promise<DatabaseHandle> {
  await ensureDatabase(BENCH_DATABASE_URL);
  const database = await openDatabase({ url: BENCH_DATABASE_URL });
  const overview = await datasetOverview(database.db);
  if (!overview.synthetic || Math.abs(overview.incidents - incidents) > incidents * 0.05) {
    const progress = consoleReporter().progress(`Loading ${incidents.toLocaleString('en-GB')} synthetic incidents for the bench`, 'incidents');
    await loadDemo(database.db, { incidents, onProgress: progress.update });
    progress.done();
  }
  // The state the app is in after an import: maintenance (db/incident-maintenance.ts) has run.
  // Cheap when nothing changed; after a reload it sets the visibility map and statistics.
  if ((await incidentPagesAllVisible(database.db)) < 0.95) await vacuumIncidents(database.db);
  return database;
}
