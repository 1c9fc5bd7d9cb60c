import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connect';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { loadDemo } from '../../server/demo';
import { openTestDatabase } from '../setup/backends';
import { VALID_CSV, snapshot } from '../import/helpers';
import { expectDatabaseProblem, killWhileBlocked } from './kill-while-blocked';

// pg_terminate_backend ends one server process, i.e. one connection of the app's pool while the
// rest of the app lives on. PGlite is a single in-process connection with no server processes to
// end (and nothing like it to terminate from "another connection"), so these run on PostgreSQL
// only; without TEST_DATABASE_URL they are skipped.
const url = inject('testDatabaseUrl');

const IMPORT_TOKEN = 'killed-write-test-import-token-0123456789';
// Coarse cells on a small demo: building zones is CPU work in this process.
const PATROL_QUERY = 'preset=serious-violence&cellSize=500&budgetHours=20';
// A zone build and two imports on a shared, busy 2-core machine take more than the default minute.
const SLOW = 180_000;

/** Everything a write here could touch, reduced to counts and checksums of the rows. */
async function state(database: DatabaseHandle) {
  const { rows } = await sql<{ sets: number; set_sum: string; audit: number; audit_sum: string; tables: string }>`
    select (select count(*)::int from patrol_zone_sets) as sets,
           (select md5(coalesce(string_agg(concat_ws('|', id, name, created_by, query, zone_count, file_stem, md5(geojson), md5(csv), md5(kml)), E'\n' order by id), ''))
              from patrol_zone_sets) as set_sum,
           (select count(*)::int from audit_log) as audit,
           (select md5(coalesce(string_agg(concat_ws('|', id, actor, action, details::text), E'\n' order by id), '')) from audit_log) as audit_sum,
           (select string_agg(tablename, ',' order by tablename) from pg_tables where schemaname = ${database.schema}) as tables`.execute(database.db);
  return { ...(await snapshot(database.db)), ...rows[0]! };
}

describe.skipIf(!url)('a write killed half-way leaves the database as it was [postgres]', () => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof createApp>;
  let admin: postgres.Sql;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    await loadDemo(database.db, { incidents: 20_000 });
    app = createApp({ database, config: loadConfig({ IMPORT_TOKEN }) });
    admin = postgres(url, { max: 4, onnotice: () => {}, connection: { search_path: `${database.schema},public` } });
  }, SLOW);

  afterAll(async () => {
    await admin?.end();
    await database?.close();
  });

  it('a patrol zone set save, killed after inserting the set and before its audit row', async () => {
    const save = () => app.request(`/api/patrol-zone-sets?${PATROL_QUERY}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Night shift, killed save' }),
    });
    const before = await state(database);
    // SHARE conflicts with the row-exclusive lock an INSERT takes: the audit insert waits.
    const { response, waitingQuery } = await killWhileBlocked(admin, 'lock table audit_log in share mode', save);
    expect(waitingQuery).toMatch(/insert into "?audit_log/);
    await expectDatabaseProblem(response);
    expect(await state(database)).toEqual(before);

    // The very next request: the killed connection's pool was retired (db/connection-pools.ts).
    const again = await save();
    expect(again.status).toBe(201);
    expect((await state(database)).sets).toBe(before.sets + 1);
  }, SLOW);

  it('a police CSV import replacing the demo, killed after deleting the demo and inserting its rows', async () => {
    const before = await state(database);
    const upload = () => {
      const form = new FormData();
      form.append('replaceDemo', 'true');
      form.append('file', new Blob([readFileSync(VALID_CSV)]), '2025-12-testshire-street.csv');
      return app.request('/api/imports', { method: 'POST', headers: { authorization: `Bearer ${IMPORT_TOKEN}` }, body: form });
    };
    // The last statement of the import's transaction bumps the data version: hold that row.
    const { response, waitingQuery } = await killWhileBlocked(admin, 'select * from dataset_state where id = 1 for update', upload);
    expect(waitingQuery).toMatch(/update dataset_state/);
    await expectDatabaseProblem(response);

    const after = await state(database);
    expect(after).toEqual(before);
    // The attempt itself is on record, as failed (the imports log is outside the write, by design).
    const last = await database.db.selectFrom('imports').select(['source', 'status']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toEqual({ source: 'police-csv', status: 'failed' });

    const again = await upload();
    expect(again.status).toBe(200);
    const body = (await again.json()) as { reports: Array<{ status: string; rowsLoaded: number }> };
    expect(body.reports[0]).toMatchObject({ status: 'succeeded' });
    expect((await snapshot(database.db)).incidents).toBe(body.reports[0]!.rowsLoaded);
  }, SLOW);
});
