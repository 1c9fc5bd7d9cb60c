import type { Context } from 'hono';
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from '../../db/audit-log';
import type { Database } from '../../db/schema';
import { auditSource } from '../auth/caller';

/**
 * The audit row of a plan write, in the write's transaction, with the caller's name and address.
 */
export async function auditPlanWrite(
  trx: Kysely<Database> | Transaction<Database>, c: Context, action: string,
  details: { planId: number; districtCode: string; beforeVersion: number | null; afterVersion: number | null } & Record<string, unknown>,
): Promise<void> {
  const { actor, address } = auditSource(c);
  await writeAudit(trx, actor, action, details, address);
}
