import type { Kysely, Transaction } from 'kysely';
import type { Database, ImportSource } from './schema';
import { jsonb } from './json-param';

export interface ImportCounts {
  rowsRead: number;
  rowsLoaded: number;
  rowsWithoutLocation: number;
  rowsRejected: number;
}

/** Opens the audit row of an import; it is finished (or marked failed) by the same caller. */
export async function startImport(db: Kysely<Database> | Transaction<Database>, source: ImportSource, description: string): Promise<number> {
  const row = await db
    .insertInto('imports')
    .values({ source, description, status: 'running', report: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishImport(
  db: Kysely<Database> | Transaction<Database>,
  id: number,
  outcome: { status: 'succeeded' | 'failed'; counts: ImportCounts; report: unknown },
): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      status: outcome.status,
      finished_at: new Date(),
      rows_read: outcome.counts.rowsRead,
      rows_loaded: outcome.counts.rowsLoaded,
      rows_without_location: outcome.counts.rowsWithoutLocation,
      rows_rejected: outcome.counts.rowsRejected,
      report: jsonb(outcome.report),
    })
    .where('id', '=', id)
    .execute();
}
