import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { migrateToLatest } from './migrate';
import type { Database } from './schema';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Schema the tables live in; 'public' unless isolated (tests on a shared server). */
  schema: string;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tar archive (tests prepare one and copy it). */
  dumpDataDir?: () => Promise<Blob>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL: use that server through postgres.js. Unset: embedded PGlite. */
  url?: string;
  /** PGlite data folder, created on first start. Unset (and no url): in memory. */
  dataDir?: string;
  /** PGlite: start from a data directory archive made by `dumpDataDir` (tests use one prepared copy). */
  loadDataDir?: Blob;
  /** Server: put every table in this schema (created if missing), PostGIS stays in public. */
  schema?: string;
  /** Apply pending migrations after connecting (default true). */
  migrate?: boolean;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The one connection factory: PostGIS on a server when a URL is given, else embedded PGlite + PostGIS. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const handle = options.url ? await openPostgres(options.url, options.schema) : await openPglite(options);
  try {
    await sql`create extension if not exists postgis`.execute(handle.db);
    if (options.migrate !== false) await migrateToLatest(handle.db, handle.schema);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir, {
    extensions: { postgis },
    loadDataDir: options.loadDataDir,
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  // Kysely's destroy() closes the PGlite instance through the dialect's driver.
  return {
    db,
    kind: 'pglite',
    schema: 'public',
    close: () => db.destroy(),
    dumpDataDir: async () => pglite.dumpDataDir('none'),
  };
}

async function openPostgres(url: string, schema = 'public'): Promise<DatabaseHandle> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  if (schema !== 'public') {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create schema if not exists "${schema}"`);
    } finally {
      await admin.end();
    }
  }
  const client = postgres(url, {
    max: 10,
    onnotice: () => {},
    // JIT compilation costs ~200 ms per analysis query and pays back only on far longer ones.
    connection: { search_path: schema === 'public' ? 'public' : `${schema},public`, application_name: 'hotspot-atlas', jit: 'off' },
  });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) });
  return { db, kind: 'postgres', schema, close: () => db.destroy() };
}
