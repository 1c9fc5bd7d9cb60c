import { type Kysely, sql } from 'kysely';
import { markDataChanged } from './dataset';
import { type DistrictInput, upsertDistricts } from './district-writer';
import { finishImport, startImport } from './imports';
import { type IncidentInput, insertIncidentBatch } from './incident-writer';
import type { Database } from './schema';
import { liftStatementTimeout } from './statement-timeout';

export const DEMO_SOURCE = 'synthetic-demo';

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
