import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface RecentFailures {
  /** Failures for the name since its last success, within the window. */
  byName: number;
  /** When the latest of those failures happened (null: none). */
  lastNameFailure: Date | null;
  /** Failures from the address within the window, whatever the name. */
  byAddress: number;
  lastAddressFailure: Date | null;
}

export async function recentFailures(db: Db, name: string, address: string, windowSeconds: number): Promise<RecentFailures> {
  const since = sql<Date>`now() - make_interval(secs => ${windowSeconds})`;
  const { rows } = await sql<{ by_name: number; last_name: Date | null; by_address: number; last_address: Date | null }>`
    with n as (
      select at from sign_in_attempts
      where name = ${name} and not succeeded and at > ${since}
        and at > coalesce((select max(at) from sign_in_attempts where name = ${name} and succeeded), '-infinity')
    ),
    a as (select at from sign_in_attempts where address = ${address} and not succeeded and at > ${since})
    select (select count(*)::int from n) as by_name, (select max(at) from n) as last_name,
           (select count(*)::int from a) as by_address, (select max(at) from a) as last_address`.execute(db);
  const r = rows[0]!;
  const date = (d: Date | string | null) => (d === null ? null : new Date(d));
  return { byName: r.by_name, lastNameFailure: date(r.last_name), byAddress: r.by_address, lastAddressFailure: date(r.last_address) };
}

/** Records an attempt; attempts older than a day are dropped (they no longer count towards anything). */
export async function recordAttempt(db: Db, name: string, address: string, succeeded: boolean): Promise<void> {
  await db.insertInto('sign_in_attempts').values({ name, address, succeeded }).execute();
  await db.deleteFrom('sign_in_attempts').where('at', '<', sql<Date>`now() - interval '1 day'`).execute();
}
