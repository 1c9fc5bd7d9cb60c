import { type Kysely, sql } from 'kysely';
import type { Database } from './schema';

/**
 * Months loaded per police force ('YYYY-MM'): a force's month is loaded when it has any row, since
 * police.uk publishes whole force-months. A loose index scan of (force, month): each step jumps to
 * the next distinct pair, one index probe per pair (a few hundred for a county over years) instead
 * of reading every incident, cheap enough to run with every analysis.
 */
export async function loadedMonthsByForce(db: Kysely<Database>): Promise<Map<string, Set<string>>> {
  const { rows } = await sql<{ force: string; month: string }>`
    with recursive pairs as (
      (select force, month from incidents order by force, month limit 1)
      union all
      select next.force, next.month from pairs cross join lateral (
        select i.force, i.month from incidents i
        where (i.force, i.month) > (pairs.force, pairs.month)
        order by i.force, i.month limit 1) next
    )
    select force, to_char(month, 'YYYY-MM') as month from pairs`.execute(db);
  const monthsByForce = new Map<string, Set<string>>();
  for (const r of rows) {
    const months = monthsByForce.get(r.force) ?? new Set<string>();
    monthsByForce.set(r.force, months);
    months.add(r.month);
  }
  return monthsByForce;
}
