import type { Kysely, Transaction } from 'kysely';
import { jsonb } from './json-param';
import type { Database } from './schema';

/** Appends one audit row; pass the transaction of the change it records, so both commit or neither. */
export async function writeAudit(db: Kysely<Database> | Transaction<Database>, actor: string, action: string, details: unknown): Promise<void> {
  await db.insertInto('audit_log').values({ actor, action, details: jsonb(details) }).execute();
}
