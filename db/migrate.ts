import { type Kysely, Migrator } from 'kysely';
import { migrationProvider } from './migrations/index';
import type { Database } from './schema';

export interface MigrationOutcome {
  applied: string[];
}

/** Applies every pending migration; idempotent. Throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>, schema = 'public'): Promise<MigrationOutcome> {
  // The bookkeeping tables must live in the same schema as the data: Kysely otherwise finds
  // another schema's kysely_migration on a shared test server and skips creating its own.
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
  let { error, results = [] } = await migrator.migrateToLatest();
  // Kysely looks for its bookkeeping table by listing the tables of every schema, and that query
  // fails (3F000) when another schema is dropped while it runs: seen on the shared test server,
  // where each test file drops its own schema when done. Nothing was applied then; list again.
  for (let tries = 1; tries < 5 && results.length === 0 && isOtherSchemaGone(error, schema); tries++) {
    ({ error, results = [] } = await migrator.migrateToLatest());
  }
  const failed = results.find((r) => r.status === 'Error');
  if (error) {
    const where = failed ? ` in migration ${failed.migrationName}` : '';
    throw new Error(`Database migration failed${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

function isOtherSchemaGone(error: unknown, schema: string): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return e?.code === '3F000' && !e.message?.includes(`"${schema}"`);
}
