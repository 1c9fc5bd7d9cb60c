import { type Kysely, type Transaction, sql } from 'kysely';
import { DEMO_SOURCE } from './demo-store';
import type { Database } from './schema';

/** Sources whose rows are police.uk force-month snapshots: a newer snapshot replaces both. */
export const POLICE_SOURCES = ['police-csv', 'police-api'] as const;
export type PoliceSource = (typeof POLICE_SOURCES)[number];

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

/** Deletes one force-month of police.uk rows (CSV or API) before its new snapshot is inserted. */
export async function deleteForceMonth(trx: Transaction<Database>, force: string, month: string): Promise<number> {
  const result = await sql`
    delete from incidents
    where force = ${force} and month = ${`${month}-01`}::date
      and source in (${sql.join(POLICE_SOURCES.map((s) => sql`${s}`))})`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
