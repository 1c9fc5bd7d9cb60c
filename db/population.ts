import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema';
import { json } from './json-param';

export async function districtCodesAndNames(db: Kysely<Database>): Promise<Array<{ code: string; name: string }>> {
  return db.selectFrom('districts').select(['code', 'name']).orderBy('code').execute();
}

/** Sets population and its year for the given districts, in one statement. */
export async function setDistrictPopulations(
  trx: Transaction<Database>,
  year: number,
  populations: ReadonlyArray<{ code: string; population: number }>,
): Promise<number> {
  if (populations.length === 0) return 0;
  const result = await sql`
    update districts d set population = p.population, population_year = ${year}::int
    from json_to_recordset(${json(populations)}) as p(code text, population int)
    where d.code = p.code`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
