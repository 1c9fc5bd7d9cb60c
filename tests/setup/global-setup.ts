import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/connect';

const root = resolve(import.meta.dirname, '../..');
const cacheDir = join(root, '.test-data');

/** Key of the prepared data dir: it must be rebuilt when a migration or the engine changes. */
function templateKey(): string {
  const hash = createHash('sha256');
  const migrations = join(root, 'db/migrations');
  for (const file of readdirSync(migrations).sort()) hash.update(file).update(readFileSync(join(migrations, file)));
  for (const pkg of ['@electric-sql/pglite', '@electric-sql/pglite-postgis']) {
    hash.update(readFileSync(join(root, 'node_modules', pkg, 'package.json')));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds one migrated PGlite + PostGIS data directory per schema version (cold start with
 * CREATE EXTENSION postgis takes 10–25 s); every test file then starts from a copy in ~2 s.
 * Also checks the PostGIS server requirement: in CI it is a failure to have none.
 */
export default async function setup(project: TestProject): Promise<void> {
  if (process.env.CI === 'true' && !process.env.TEST_DATABASE_URL) {
    throw new Error('CI=true but TEST_DATABASE_URL is not set: database tests must also run on a real PostGIS server in CI.');
  }
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `pglite-template-${templateKey()}.tar`);
  if (!existsSync(path)) {
    const started = performance.now();
    const database = await openDatabase({});
    const archive = await database.dumpDataDir!();
    writeFileSync(path, Buffer.from(await archive.arrayBuffer()));
    await database.close();
    console.log(`Prepared PGlite template ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const server = process.env.TEST_DATABASE_URL ? `postgres (${new URL(process.env.TEST_DATABASE_URL).host})` : null;
  console.log(`[${project.name}] database tests run on: pglite${server ? `, ${server}` : ' only (set TEST_DATABASE_URL to add a PostGIS server)'}`);
  project.provide('pgliteTemplate', path);
  project.provide('testDatabaseUrl', process.env.TEST_DATABASE_URL ?? '');
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    testDatabaseUrl: string;
  }
}
