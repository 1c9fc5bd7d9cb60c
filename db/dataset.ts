import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema';

export interface DatasetOverview {
  postgis: string;
  incidents: number;
  months: [string, string] | null;
  synthetic: boolean;
  dataVersion: number;
}

/** What /api/health reports: one round trip. */
export async function datasetOverview(db: Kysely<Database>): Promise<DatasetOverview> {
  const { rows } = await sql<{
    postgis: string;
    incidents: number;
    first: string | null;
    last: string | null;
    synthetic: boolean;
    data_version: number;
  }>`
    select postgis_lib_version() as postgis,
           (select count(*)::int from incidents) as incidents,
           (select to_char(min(month), 'YYYY-MM') from incidents) as first,
           (select to_char(max(month), 'YYYY-MM') from incidents) as last,
           s.synthetic,
           s.data_version::int as data_version
    from dataset_state s where s.id = 1`.execute(db);
  const r = rows[0]!;
  return {
    postgis: r.postgis,
    incidents: r.incidents,
    months: r.first && r.last ? [r.first, r.last] : null,
    synthetic: r.synthetic,
    dataVersion: r.data_version,
  };
}

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ loaded: boolean }>`
    select exists (select 1 from incidents) or exists (select 1 from districts) as loaded`.execute(db);
  return !rows[0]!.loaded;
}

/**
 * Every write that changes what analyses see calls this in its transaction: caches key on it.
 * `synthetic` says whether what is now loaded is the synthetic demo; left out, it stays as it was
 * (a population update changes neither).
 */
export async function markDataChanged(trx: Transaction<Database>, state: { synthetic?: boolean }): Promise<void> {
  await sql`update dataset_state set data_version = data_version + 1, synthetic = coalesce(${state.synthetic ?? null}::boolean, synthetic),
            updated_at = now() where id = 1`.execute(trx);
}

/** First and last month loaded, as 'YYYY-MM' (null when empty): two lookups on the month index. */
export async function monthExtent(db: Kysely<Database>): Promise<{ first: string | null; last: string | null }> {
  const { rows } = await sql<{ first: string | null; last: string | null }>`
    select to_char(min(month), 'YYYY-MM') as first, to_char(max(month), 'YYYY-MM') as last from incidents`.execute(db);
  return rows[0]!;
}
