import { type Transaction, sql } from 'kysely';
import type { Database } from './schema';

/** Sources whose rows are police.uk force-month snapshots: a newer snapshot replaces both. */
export const POLICE_SOURCES = ['police-csv', 'police-api'] as const;
export type PoliceSource = (typeof POLICE_SOURCES)[number];

/** Deletes one force-month of police.uk rows (CSV or API) before its new snapshot is inserted. */
export async function deleteForceMonth(trx: Transaction<Database>, force: string, month: string): Promise<number> {
  const result = await sql`
    delete from incidents
    where force = ${force} and month = ${`${month}-01`}::date
      and source in (${sql.join(POLICE_SOURCES.map((s) => sql`${s}`))})`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Deletes one district's police.uk rows of a force-month, before the API's snapshot of that district is inserted. */
export async function deleteDistrictForceMonth(trx: Transaction<Database>, force: string, month: string, district: string): Promise<number> {
  const result = await sql`
    delete from incidents
    where force = ${force} and month = ${`${month}-01`}::date and district_code = ${district}
      and source in (${sql.join(POLICE_SOURCES.map((s) => sql`${s}`))})`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Deletes the rows an import loaded that fell outside `district` (an API query polygon is a
 * simplified district, so its edge reaches into neighbours). Returns how many went.
 */
export async function deleteImportOutsideDistrict(trx: Transaction<Database>, importId: number, district: string): Promise<number> {
  const result = await sql`delete from incidents where import_id = ${importId} and district_code is distinct from ${district}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
