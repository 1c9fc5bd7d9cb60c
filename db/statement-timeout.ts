import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema';

/**
 * Lifts the server's statement timeout for the rest of a transaction. Imports call it first: a
 * force-month replace or a boundary load may rightly take minutes, and a cancel half-way would
 * only roll back work the user asked for. `set local` ends with the transaction, so the pooled
 * connection returns with the request timeout intact. Harmless on PGlite (no timeout there).
 */
export async function liftStatementTimeout(trx: Transaction<Database> | Kysely<Database>): Promise<void> {
  await sql`set local statement_timeout = 0`.execute(trx);
}
