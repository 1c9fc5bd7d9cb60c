import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Kysely } from 'kysely';
import { type DatabaseHandle, type DatabaseKind, openDatabase } from '../../db/connect';
import { partitionIncidentsByMonth } from '../../db/incident-partitions';
import type { Database } from '../../db/schema';
import { loadDemo } from '../../server/demo';

export interface BackendContext {
  kind: DatabaseKind;
  /** Open after beforeAll; a fresh, migrated, empty database of its own. */
  readonly database: DatabaseHandle;
}

/** The backends every database test runs on: PGlite always, PostGIS when TEST_DATABASE_URL is set. */
export function testBackends(): DatabaseKind[] {
  return inject('testDatabaseUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabaseOptions {
  /** Start with the synthetic demo loaded (PGlite: from the prepared copy; server: loaded). */
  demo?: boolean;
}

/** A fresh database: PGlite from the prepared template, or a schema of its own on the server. */
export async function openTestDatabase(kind: DatabaseKind, options: TestDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (kind === 'pglite') {
    const template = inject(options.demo ? 'pgliteDemoTemplate' : 'pgliteTemplate');
    return openDatabase({ loadDataDir: new Blob([readFileSync(template)]) });
  }
  const url = inject('testDatabaseUrl');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ url, schema });
  const database = {
    ...handle,
    close: async () => {
      await handle.close();
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    },
  };
  try {
    await partitionIncidentsIfAsked(database.db);
    if (options.demo) await loadDemo(handle.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/**
 * TEST_PARTITIONED_INCIDENTS=1: server databases get `incidents` partitioned by month (the
 * experiment of docs/scaling.md, db/incident-partitions.ts). The tests' incidents fall in 2014–2026
 * (the demo: 2024-10 to 2026-09), so every month of those years gets a partition and any other
 * month goes to the default one; 2010–2030 (253 partitions) took 10 s per database. PGlite is
 * never partitioned.
 */
export async function partitionIncidentsIfAsked(db: Kysely<Database>): Promise<void> {
  if (process.env.TEST_PARTITIONED_INCIDENTS === '1') await partitionIncidentsByMonth(db, { from: '2014-01', to: '2026-12' });
}

/**
 * Runs the same suite once per backend, e.g. `describeBackends('health', (ctx) => { it(...) })`.
 * Each run gets its own database, opened once for the suite.
 */
export function describeBackends(name: string, suite: (ctx: BackendContext) => void, options: TestDatabaseOptions = {}): void {
  for (const kind of testBackends()) {
    describe(`${name} [${kind}]`, () => {
      let database: DatabaseHandle | undefined;
      const ctx: BackendContext = {
        kind,
        get database() {
          if (!database) throw new Error('database not open yet: use it inside tests or hooks');
          return database;
        },
      };
      beforeAll(async () => {
        database = await openTestDatabase(kind, options);
      });
      afterAll(async () => {
        await database?.close();
      });
      suite(ctx);
    });
  }
}
