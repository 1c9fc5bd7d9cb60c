import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type DatabaseHandle, openDatabase } from '../../db/connect';
import { ensureClientBuilt } from '../../server/client-build';
import { loadDemo } from '../../server/demo';
import { E2E_IMPORT_TOKEN, OFFLINE_BASEMAP_URL } from '../e2e/server-env';
import { spawnServer } from '../e2e/server-process';

const root = resolve(import.meta.dirname, '../..');
const cacheDir = join(root, '.test-data');

/** Hash of the files a prepared data dir was built from: it is rebuilt when any of them changes. */
function contentKey(paths: string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) {
    const full = join(root, path);
    const files = path.endsWith('/') ? readdirSync(full).sort().map((f) => join(full, f)) : [full];
    for (const file of files) hash.update(file).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

const ENGINE = ['node_modules/@electric-sql/pglite/package.json', 'node_modules/@electric-sql/pglite-postgis/package.json', 'db/migrations/'];
// Every file loadDemo runs, so a change to any of them rebuilds the demo template.
const DEMO = [
  ...ENGINE, 'node_modules/@turf/turf/package.json', 'geodata/demo/', 'geodata/categories.ts', 'server/demo.ts', 'db/demo-store.ts',
  'db/incident-writer.ts', 'db/district-writer.ts', 'db/districts.ts', 'db/incident-maintenance.ts', 'db/dataset.ts', 'db/imports.ts',
  'db/json-param.ts',
];

/** A PGlite data dir archive, built once per content key (written atomically: projects set up concurrently). */
async function prepared(name: string, key: string, build: (database: DatabaseHandle) => Promise<void>, from?: string): Promise<string> {
  const path = join(cacheDir, `pglite-${name}-${key}.tar`);
  if (existsSync(path)) return path;
  const started = performance.now();
  const database = await openDatabase(from ? { loadDataDir: new Blob([readFileSync(from)]) } : {});
  await build(database);
  const archive = await database.dumpDataDir!();
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.from(await archive.arrayBuffer()));
  renameSync(temporary, path);
  await database.close();
  console.log(`Prepared PGlite ${name} data dir in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return path;
}

/**
 * A PGlite data folder, built once per content key, that a browser suite copies as its server's
 * DATA_DIR: a server on a fresh folder creates PostGIS and loads the demo first (half a minute or
 * more), which every demo suite would otherwise pay. Built as the server builds it, by the same
 * openDatabase and loadDemo, and renamed into place only when complete.
 */
async function preparedFolder(name: string, key: string, build: (database: DatabaseHandle) => Promise<void>, from?: string): Promise<string> {
  const path = join(cacheDir, `pglite-dir-${name}-${key}`);
  if (existsSync(path)) return path;
  const started = performance.now();
  const temporary = `${path}.${process.pid}.tmp`;
  rmSync(temporary, { recursive: true, force: true });
  if (from) cpSync(from, temporary, { recursive: true });
  const database = await openDatabase({ dataDir: temporary });
  await build(database);
  await database.close();
  renameSync(temporary, path);
  console.log(`Prepared PGlite ${name} data folder in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return path;
}

/**
 * One server on a copy of the demo for every browser suite that only reads the demo (useAppSession's
 * `reuseServer`): one start instead of five, and one analysis cache, so the county's hotspots are
 * computed once rather than by every suite on two cores. Spawned without waiting: the suites wait
 * for it (app-session.ts), so a run of other suites alone loses no time to it. E2E_SERVER_URL
 * (a server the developer already runs) takes its place.
 */
async function startSharedDemoServer(project: TestProject, demoFolder: string): Promise<() => Promise<void>> {
  if (process.env.E2E_SERVER_URL) {
    project.provide('e2eSharedServerUrl', process.env.E2E_SERVER_URL);
    return async () => {};
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'hotspot-atlas-shared-e2e-'));
  cpSync(demoFolder, dataDir, { recursive: true });
  const server = await spawnServer({ DATA_DIR: dataDir, BASEMAP_STYLE_URL: OFFLINE_BASEMAP_URL, IMPORT_TOKEN: E2E_IMPORT_TOKEN });
  // Its failure is reported by the suites that wait for it, with this output.
  server.ready.catch(() => {});
  project.provide('e2eSharedServerUrl', server.url);
  return async () => {
    if (process.env.E2E_DEBUG) console.log(server.output().slice(-4000));
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

/**
 * Builds one migrated PGlite + PostGIS data directory per schema version (cold start with
 * CREATE EXTENSION postgis takes 10–25 s), and one with the synthetic demo loaded; every test
 * file then starts from a copy in ~2 s.
 * Also checks the PostGIS server requirement: in CI it is a failure to have none.
 */
export default async function setup(project: TestProject): Promise<void | (() => Promise<void>)> {
  if (process.env.CI === 'true' && !process.env.TEST_DATABASE_URL) {
    throw new Error('CI=true but TEST_DATABASE_URL is not set: database tests must also run on a real PostGIS server in CI.');
  }
  mkdirSync(cacheDir, { recursive: true });
  if (project.name === 'e2e') {
    // Every browser suite's server builds the client when dist/ is stale (a fresh clone, an edit):
    // several starting at once would each build it, racing to write dist/. Built once here instead.
    await ensureClientBuilt((message) => console.log(message));
    // Browser suites start their own servers, each on a copy of one of these folders.
    const emptyFolder = await preparedFolder('empty', contentKey(ENGINE), async () => {});
    const demoFolder = await preparedFolder('demo', contentKey(DEMO), async (database) => void (await loadDemo(database.db)), emptyFolder);
    project.provide('e2eEmptyDataDir', emptyFolder);
    project.provide('e2eDemoDataDir', demoFolder);
    return startSharedDemoServer(project, demoFolder);
  }
  const empty = await prepared('empty', contentKey(ENGINE), async () => {});
  // Suites that analyse the synthetic demo start from a copy instead of loading 100k rows each.
  const demo = await prepared('demo', contentKey(DEMO), async (database) => void (await loadDemo(database.db)), empty);
  const server = process.env.TEST_DATABASE_URL ? `postgres (${new URL(process.env.TEST_DATABASE_URL).host})` : null;
  console.log(`[${project.name}] database tests run on: pglite${server ? `, ${server}` : ' only (set TEST_DATABASE_URL to add a PostGIS server)'}`);
  project.provide('pgliteTemplate', empty);
  project.provide('pgliteDemoTemplate', demo);
  project.provide('testDatabaseUrl', process.env.TEST_DATABASE_URL ?? '');
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgliteDemoTemplate: string;
    testDatabaseUrl: string;
    /** Browser suites: migrated PGlite data folders to copy, empty and with the demo loaded. */
    e2eEmptyDataDir: string;
    e2eDemoDataDir: string;
    /** Browser suites: the server on the demo that suites with `reuseServer` share. */
    e2eSharedServerUrl: string;
  }
}
