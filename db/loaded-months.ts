import { type Kysely, sql } from 'kysely';
import type { Database } from './schema';

export interface ForceMonthsRow {
  force: string;
  /** 'YYYY-MM' months with at least one row for the force, ascending. */
  months: string[];
}

/**
 * The months each force has rows in. A skip scan of the (force, month) index: each step jumps to
 * the next distinct pair, so it reads one index entry per pair (a few hundred for a county over
 * years) instead of every row, and is cheap enough to run with every analysis.
 */
export async function loadedForceMonths(db: Kysely<Database>): Promise<ForceMonthsRow[]> {
  const { rows } = await sql<{ force: string; month: string }>`
    with recursive pairs(force, month) as (
      (select force, month from incidents order by force, month limit 1)
      union all
      select next.force, next.month from pairs,
        lateral (select i.force, i.month from incidents i
                 where (i.force, i.month) > (pairs.force, pairs.month)
                 order by i.force, i.month limit 1) next
    )
    select force, to_char(month, 'YYYY-MM') as month from pairs`.execute(db);
  const byForce = new Map<string, string[]>();
  for (const r of rows) {
    const months = byForce.get(r.force) ?? [];
    byForce.set(r.force, months);
    months.push(r.month);
  }
  return [...byForce].map(([force, months]) => ({ force, months }));
}
