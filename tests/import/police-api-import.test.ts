import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenBucket } from '../../server/import/police-api-client';
import { monthsBetween } from '../../server/import/police-api-import';
import { describeBackends } from '../setup/backends';
import { cli, snapshot, tempFile } from './helpers';
import { SAMPLE_LOADABLE, TESTWICH, startReplayServer } from './police-api-replay';

const expectedLoaded = SAMPLE_LOADABLE;
const ARGS = ['import', 'police-api', '--force', 'metropolitan', '--from', '2014-07', '--to', '2014-08'];

describeBackends('import police-api (local replay server)', (ctx) => {
  const db = () => ctx.database.db;

  beforeAll(async () => {
    const out = await cli(ctx.database, ['import', 'boundaries', tempFile('testwich.geojson', TESTWICH), '--code-field', 'code', '--name-field', 'name']);
    expect(out.error).toBeUndefined();
  });

  it('subdivides an area the API refuses (503), retries a 429, de-duplicates edges and loads the month', async () => {
    const server = await startReplayServer({ maxWidth: 0.05, first429: true });
    try {
      const out = await cli(ctx.database, ARGS, undefined, { POLICE_API_URL: server.url, POLICE_API_BACKOFF_MS: '1' });
      expect(out.error).toBeUndefined();
      const text = out.lines.join('\n');
      expect(text).toMatch(/metropolitan 2014-08: 4 areas \(1 subdivided, 0 from an earlier interrupted run\)/);
      expect(text).toContain(`crimes 374, loaded ${expectedLoaded} (of which 0 without location), rejected ${374 - expectedLoaded}`);
      expect(text).toMatch(/metropolitan 2014-07: 4 areas .*\n.*crimes 0, loaded 0/);
      expect(server.log.map((l) => l.status).slice(0, 3)).toEqual([429, 503, 200]);
      expect(text).toMatch(/API requests \(1 retried\)/);
    } finally {
      await server.close();
    }
    const { rows } = await sql<{ n: number; assigned: number }>`
      select count(*)::int as n, count(*) filter (where district_code = 'E09000099')::int as assigned
      from incidents where source = 'police-api' and month = '2014-08-01'`.execute(db());
    expect(rows[0]).toEqual({ n: expectedLoaded, assigned: expectedLoaded });
    expect(await db().selectFrom('police_api_progress').selectAll().execute()).toEqual([]);
  });

  it('resumes after an interruption without fetching finished areas again, with the same result', async () => {
    const complete = await snapshot(db());
    const broken = await startReplayServer({ maxWidth: 0.05, failAfter: 2 });
    try {
      const out = await cli(ctx.database, ARGS, undefined, { POLICE_API_URL: broken.url, POLICE_API_BACKOFF_MS: '1' });
      expect(out.error).toMatch(/answered 500 6 times; try again later \(the import resumes where it stopped\)/);
    } finally {
      await broken.close();
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from police_api_progress`.execute(db());
    expect(rows[0]!.n).toBeGreaterThan(0);
    const healthy = await startReplayServer({ maxWidth: 0.05 });
    try {
      const out = await cli(ctx.database, ARGS, undefined, { POLICE_API_URL: healthy.url, POLICE_API_BACKOFF_MS: '1' });
      expect(out.error).toBeUndefined();
      expect(out.lines.join('\n')).toMatch(/from an earlier interrupted run/);
      // 2014-07 finished before the outage; 2014-08's two first quadrants are reused.
      expect(healthy.log.filter((l) => l.status === 200).length).toBeLessThan(8);
    } finally {
      await healthy.close();
    }
    const after = await snapshot(db());
    expect(after.incident_sum).toBe(complete.incident_sum);
  });

  it('refuses bad arguments clearly, changing nothing', async () => {
    const before = await snapshot(db());
    expect((await cli(ctx.database, ['import', 'police-api', '--force', 'metropolitan', '--from', '2014-09', '--to', '2014-08'])).error)
      .toMatch(/--from 2014-09 is after --to 2014-08/);
    expect((await cli(ctx.database, [...ARGS, '--district', 'E07000117'])).error).toMatch(/No district E07000117 is loaded/);
    expect(await snapshot(db())).toEqual(before);
  });
});

describe('police.uk API helpers', () => {
  it('lists months inclusively across a year end', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });

  it('token bucket: a burst of 30, then 15 a second', async () => {
    let now = 0;
    const bucket = new TokenBucket(15, 30, () => now, async (ms) => {
      now += ms;
    });
    for (let i = 0; i < 30; i++) await bucket.take();
    expect(now).toBe(0);
    for (let i = 0; i < 15; i++) await bucket.take();
    expect(now).toBeGreaterThanOrEqual(999);
    expect(now).toBeLessThan(1020);
  });
});
