import { sql } from 'kysely';

export interface IncidentFilter {
  /** 'YYYY-MM', inclusive; unset: from the first month loaded. */
  from?: string;
  /** 'YYYY-MM', inclusive; unset: to the last month loaded. */
  to?: string;
  categories?: readonly string[];
  districts?: readonly string[];
}

/** The filter as one SQL condition on `incidents` (its columns unqualified); `true` for no filter. */
export function filterConditions(f: IncidentFilter) {
  const conditions = [sql`true`];
  if (f.from) conditions.push(sql`month >= ${`${f.from}-01`}::date`);
  if (f.to) conditions.push(sql`month <= ${`${f.to}-01`}::date`);
  if (f.categories?.length) conditions.push(sql`category in (${sql.join(f.categories)})`);
  if (f.districts?.length) conditions.push(sql`district_code in (${sql.join(f.districts)})`);
  return sql.join(conditions, sql` and `);
}
