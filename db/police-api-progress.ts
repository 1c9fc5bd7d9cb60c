import { type Kysely, type Transaction, sql } from 'kysely';
import { jsonb } from './json-param';
import type { Database } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

// police_api_progress: the API's answers per (run, month, area), kept until the month is loaded,
// so an interrupted police.uk API import resumes without refetching. Area '*' marks a loaded month.

export async function fetchedAreas(db: Db, runKey: string, month: string): Promise<Map<string, unknown[]>> {
  const rows = await db.selectFrom('police_api_progress').select(['area_key', 'crimes'])
    .where('run_key', '=', runKey).where('month', '=', month).execute();
  return new Map(rows.map((r) => [r.area_key, (typeof r.crimes === 'string' ? JSON.parse(r.crimes) : r.crimes) as unknown[]]));
}

export async function saveFetchedArea(db: Db, runKey: string, month: string, areaKey: string, crimes: unknown[]): Promise<void> {
  await sql`
    insert into police_api_progress (run_key, month, area_key, crimes)
    values (${runKey}, ${month}, ${areaKey}, ${jsonb(crimes)})
    on conflict (run_key, month, area_key) do update set crimes = excluded.crimes, fetched_at = now()`.execute(db);
}

export async function clearRun(db: Db, runKey: string): Promise<void> {
  await db.deleteFrom('police_api_progress').where('run_key', '=', runKey).execute();
}

/** Drops a month's fetched areas once the month is loaded (its '*' row is written next). */
export async function clearFetchedMonth(db: Db, runKey: string, month: string): Promise<void> {
  await db.deleteFrom('police_api_progress').where('run_key', '=', runKey).where('month', '=', month).execute();
}
