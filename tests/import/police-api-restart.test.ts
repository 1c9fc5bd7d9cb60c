import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import postgres from 'postgres';
import { beforeAll, expect, inject, it } from 'vitest';
import { type DatabaseHandle, type DatabaseKind, openDatabase } from '../../db/connect';
import { describeBackends, openTestDatabase, partitionIncidentsIfAsked } from '../setup/backends';
import { cli, snapshot, tempFile } from './helpers';
import { TESTWICH, startReplayServer } from './police-api-replay';

const ARGS = ['import', 'police-api', '--force', 'metropolitan', '--from', '2014-07', '--to', '2014-08'];
const BOUNDARIES = ['import', 'boundaries', tempFile('testwich.geojson', TESTWICH), '--code-field', 'code', '--name-field', 'name'];
const env = (url: string) => ({ POLICE_API_URL: url, POLICE_API_BACKOFF_MS: '1' });

/**
 * A database that can be "restarted" the way a killed process leaves it: only what was committed
 * survives. PGlite: its data directory as it is at that moment, opened afresh. PostgreSQL: the
 * pool is closed and a new one opened on the same schema.
 */
async function restartableDatabase(kind: DatabaseKind) {
  if (kind === 'pglite') {
    let handle = await openTestDatabase('pglite');
    return {
      get handle() {
        return handle;
      },
      restart: async () => {
        const committed = await handle.dumpDataDir!();
        await handle.close();
        handle = await openDatabase({ loadDataDir: committed });
      },
      dispose: () => handle.close(),
    };
  }
  const url = inject('testDatabaseUrl')!;
  const schema = `test_${randomBytes(6).toString('hex')}`;
  let handle: DatabaseHandle = await openDatabase({ url, schema });
  await partitionIncidentsIfAsked(handle.db);
  return {
    get handle() {
      return handle;
    },
    restart: async () => {
      await handle.close();
      handle = await openDatabase({ url, schema });
    },
    dispose: async () => {
      await handle.close();
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    },
  };
}

/** Every police-api row, one line each (duplicates stay visible, unlike a set). */
async function loadedRows(database: DatabaseHandle): Promise<string[]> {
  const { rows } = await sql<{ r: string }>`
    select concat_ws('|', crime_id, month, category, location, outcome, ST_AsText(geom), district_code) as r
    from incidents where source = 'police-api' order by r`.execute(database.db);
  return rows.map((x) => x.r);
}

describeBackends('police.uk API import stopped between areas and started again', (ctx) => {
  let uninterrupted: { rows: string[]; snapshot: Awaited<ReturnType<typeof snapshot>>; requests: number };

  beforeAll(async () => {
    expect((await cli(ctx.database, BOUNDARIES)).error).toBeUndefined();
    const api = await startReplayServer({ maxWidth: 0.05 });
    try {
      expect((await cli(ctx.database, ARGS, undefined, env(api.url))).error).toBeUndefined();
    } finally {
      await api.close();
    }
    uninterrupted = { rows: await loadedRows(ctx.database), snapshot: await snapshot(ctx.database.db), requests: api.log.length };
    expect(uninterrupted.rows.length).toBeGreaterThan(0);
  });

  // 2014-07 is 1 refused area (503) and 4 quadrants; 2014-08 the same. After 2 answers the stop
  // falls inside the first month; after 6, inside the second, once the first has been loaded.
  it.each([
    { answers: 2, firstMonth: /metropolitan 2014-07: 4 areas \(1 subdivided, 2 from an earlier interrupted run\)/ },
    { answers: 6, firstMonth: /= metropolitan 2014-07: already loaded by this run \(resumed\)/ },
  ])('after $answers API answers: the loaded crimes equal an uninterrupted run, none twice, none lost', async ({ answers, firstMonth }) => {
    const database = await restartableDatabase(ctx.kind);
    try {
      expect((await cli(database.handle, BOUNDARIES)).error).toBeUndefined();
      const stalling = await startReplayServer({ maxWidth: 0.05, hangAfter: answers });
      const firstRun = cli(database.handle, ARGS, undefined, env(stalling.url));
      await stalling.hung;
      // The process dies here: whatever it had not committed is gone.
      await database.restart();
      await stalling.close();
      await firstRun; // its remaining work fails on the closed connection, as it would never have run

      const healthy = await startReplayServer({ maxWidth: 0.05 });
      try {
        const out = await cli(database.handle, ARGS, undefined, env(healthy.url));
        expect(out.error).toBeUndefined();
        expect(out.lines.join('\n')).toMatch(firstMonth);
        // Nothing answered before the stop (areas, or refusals that led to subdividing) is asked again.
        expect(healthy.log.length).toBe(uninterrupted.requests - stalling.log.length);
      } finally {
        await healthy.close();
      }
      expect(await loadedRows(database.handle)).toEqual(uninterrupted.rows);
      const after = await snapshot(database.handle.db);
      expect({ incidents: after.incidents, sum: after.incident_sum }).toEqual({ incidents: uninterrupted.snapshot.incidents, sum: uninterrupted.snapshot.incident_sum });
      expect(await database.handle.db.selectFrom('police_api_progress').selectAll().execute()).toEqual([]);
    } finally {
      await database.dispose();
    }
    // Two databases opened and one reopened per case: PGlite's cold start is seconds each on a busy machine.
  }, 240_000);
});
