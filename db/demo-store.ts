import { type Kysely, type Transaction, sql } from 'kysely';
import { markDataChanged } from './dataset';
import { type DistrictInput, upsertDistricts } from './district-writer';
import { finishImport, startImport } from './imports';
import { type IncidentInput, insertIncidentBatch } from './incident-writer';
import type { Database, IncidentSource } from './schema';
import { liftStatementTimeout } from './statement-timeout';

export const DEMO_SOURCE: IncidentSource = 'synthetic-demo';

export interface DemoContent {
  description: string;
  /** District geometries in EPSG:27700. */
  districts: readonly DistrictInput[];
  /** Incidents in EPSG:27700, in batches. */
  batches: Iterable<readonly IncidentInput[]>;
  total: number;
  onProgress?: (loaded: number, total: number) => void;
}

/**
 * Replaces everything loaded with the synthetic demo, in one transaction: if anything fails the
 * previous data is untouched. The import's audit row is written in the same transaction.
 */
export async function replaceWithDemo(db: Kysely<Database>, content: DemoContent): Promise<{ importId: number; incidents: number }> {
  return db.transaction().execute(async (trx) => {
    await liftStatementTimeout(trx);
    await sql`delete from incidents`.execute(trx);
    await sql`delete from districts`.execute(trx);
    const importId = await startImport(trx, DEMO_SOURCE, content.description);
    await upsertDistricts(trx, 27700, content.districts);
    let loaded = 0;
    let withoutLocation = 0;
    for (const rows of content.batches) {
      loaded += await insertIncidentBatch(trx, { source: DEMO_SOURCE, importId, srid: 27700, rows });
      withoutLocation += rows.filter((r) => r.x === null).length;
      content.onProgress?.(loaded, content.total);
    }
    const counts = { rowsRead: loaded, rowsLoaded: loaded, rowsWithoutLocation: withoutLocation, rowsRejected: 0 };
    await finishImport(trx, importId, { status: 'succeeded', counts, report: { synthetic: true, ...counts } });
    await markDataChanged(trx, { synthetic: true });
    return { importId, incidents: loaded };
  });
}

/** The synthetic demo's districts: invented codes starting "X07", which no ONS GSS code does. */
const DEMO_DISTRICT_CODES = 'X07%';

/** True when the synthetic demo (or anything flagged synthetic) is loaded. */
export async function syntheticDemoPresent(db: Kysely<Database> | Transaction<Database>): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`
    select (select synthetic from dataset_state where id = 1)
        or exists (select 1 from incidents where source = ${DEMO_SOURCE}) as present`.execute(db);
  return rows[0]!.present;
}

/**
 * Deletes the synthetic demo: its incidents and its districts. Run in the transaction of the first
 * real import, so a failed import keeps the demo. The caller marks the data changed.
 */
export async function removeSyntheticDemo(trx: Transaction<Database>): Promise<{ incidents: number; districts: number }> {
  const incidents = await sql`delete from incidents where source = ${DEMO_SOURCE}`.execute(trx);
  const districts = await sql`delete from districts where code like ${DEMO_DISTRICT_CODES}`.execute(trx);
  return { incidents: Number(incidents.numAffectedRows ?? 0), districts: Number(districts.numAffectedRows ?? 0) };
}

/** removeSyntheticDemo when the demo is loaded (what it removed), else nothing (undefined). */
export async function removeSyntheticDemoIfPresent(trx: Transaction<Database>): Promise<{ incidents: number; districts: number } | undefined> {
  return (await syntheticDemoPresent(trx)) ? removeSyntheticDemo(trx) : undefined;
}
