import type { Context } from 'hono';
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from '../../db/audit-log';
import type { Database } from '../../db/schema';
import { planActor, planCallerOf } from './plan-access';

/**
 * The audit row of a plan write, in the write's transaction. The one place plans meet the audit
 * log's signature, so the accounts work (actor and client address per request) changes only this.
 */
export async function auditPlanWrite(
  trx: Kysely<Database> | Transaction<Database>, c: Context, action: string,
  details: { planId: number; districtCode: string; beforeVersion: number | null; afterVersion: number | null } & Record<string, unknown>,
): Promise<void> {
  await writeAudit(trx, planActor(planCallerOf(c)), action, details);
}
