import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { DatabaseHandle } from '../../db/connect';
import type { Database } from '../../db/schema';
import { runCli } from '../../server/cli/main';
import type { Reporter } from '../../server/progress';

export const fixtures = resolve(import.meta.dirname, '../fixtures/import');
export { LAD_2024, POPULATION_2021 } from '../fixtures/real/real-data';
export const VALID_CSV = join(fixtures, '2025-12-testshire-street.csv');
export const validCsvText = () => readFileSync(VALID_CSV, 'utf8');

const quiet: Reporter = { info: () => {}, progress: () => ({ update: () => {}, done: () => {} }) };

export interface CliOutcome {
  ok: boolean;
  error?: string;
  lines: string[];
}

/** Runs `npm run cli -- <args>` in-process on a test database; non-interactive unless `confirm` is given. */
export async function cli(
  database: DatabaseHandle, args: string[], confirm?: (q: string) => Promise<boolean>, env: Record<string, string | undefined> = {},
): Promise<CliOutcome> {
  const lines: string[] = [];
  try {
    await runCli(args, { database, reporter: quiet, confirm, print: (line) => lines.push(line), env });
    return { ok: true, lines };
  } catch (error) {
    return { ok: false, error: (error as Error).message, lines };
  }
}

/** A fresh temporary folder holding `name` with the given content. */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'ha-import-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Everything analyses can see, reduced to comparable values: equal before and after = nothing changed. */
export async function snapshot(db: Kysely<Database>) {
  const { rows } = await sql<{ incidents: number; incident_sum: string; districts: number; district_sum: string; data_version: number; synthetic: boolean }>`
    select (select count(*)::int from incidents) as incidents,
           (select md5(coalesce(string_agg(r, E'\n' order by r), '')) from (
              select concat_ws('|', source, crime_id, month, category, force, location, lsoa_code, lsoa_name, outcome,
                               ST_AsText(geom), ST_AsText(geom_bng), district_code) as r from incidents) i) as incident_sum,
           (select count(*)::int from districts) as districts,
           (select md5(coalesce(string_agg(r, E'\n' order by r), '')) from (
              select concat_ws('|', code, name, kind, population, population_year, ST_AsText(geom_bng)) as r from districts) d) as district_sum,
           s.data_version::int as data_version, s.synthetic
    from dataset_state s where s.id = 1`.execute(db);
  return rows[0]!;
}

export async function lastImport(db: Kysely<Database>) {
  return db.selectFrom('imports').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

export async function countBy(db: Kysely<Database>, where = sql`true`) {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from incidents where ${where}`.execute(db);
  return rows[0]!.n;
}
