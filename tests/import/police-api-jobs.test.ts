import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { PoliceApiJobView } from '../../server/import/import-jobs';
import { describeBackends } from '../setup/backends';
import { cli, snapshot, tempFile } from './helpers';
import { SAMPLE_LOADABLE, TESTWICH, startReplayServer } from './police-api-replay';
import { startSlowProxy } from './slow-proxy';

const TOKEN = 'test-token-0123456789';
const expectedLoaded = SAMPLE_LOADABLE;
const REQUEST = { force: 'metropolitan', from: '2014-07', to: '2014-08' };

describeBackends('police.uk API import jobs (POST /api/imports/police-api, local replay server)', (ctx) => {
  let replay: Awaited<ReturnType<typeof startReplayServer>>;
  let slow: Awaited<ReturnType<typeof startSlowProxy>>;
  let app: ReturnType<typeof createApp>;
  const auth = { authorization: `Bearer ${TOKEN}` };
  const start = (body: unknown, headers: Record<string, string> = auth) =>
    app.request('/api/imports/police-api', { method: 'POST', body: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } });
  const job = async (id: string) => (await (await app.request(`/api/imports/jobs/${id}`, { headers: auth })).json()) as PoliceApiJobView;
  /** Polls until the job stops, keeping every view seen. */
  const follow = async (id: string) => {
    const seen: PoliceApiJobView[] = [];
    for (let i = 0; i < 600; i++) {
      const view = await job(id);
      seen.push(view);
      if (view.state !== 'running') return seen;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} still running after 30 s`);
  };

  beforeAll(async () => {
    replay = await startReplayServer({ maxWidth: 0.05 });
    slow = await startSlowProxy(replay.url, 150);
    app = createApp({ database: ctx.database, config: loadConfig({ IMPORT_TOKEN: TOKEN, POLICE_API_URL: slow.url }) });
    const out = await cli(ctx.database, ['import', 'boundaries', tempFile('testwich.geojson', TESTWICH), '--code-field', 'code', '--name-field', 'name']);
    expect(out.error).toBeUndefined();
  });

  afterAll(async () => {
    await slow?.close();
    await replay?.close();
  });

  it('starts a job, reports progress month by month, refuses a second one with 409, and ends with the month reports', async () => {
    const res = await start(REQUEST);
    expect(res.status).toBe(202);
    const started = (await res.json()) as PoliceApiJobView;
    expect(res.headers.get('location')).toBe(`/api/imports/jobs/${started.id}`);
    expect(started).toMatchObject({ state: 'running', request: { ...REQUEST, district: null }, months: { total: 2, done: 0, current: '2014-07' } });

    const second = await start({ ...REQUEST, from: '2014-08' });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toBe('application/problem+json');
    expect((await second.json()).detail).toMatch(new RegExp(`job ${started.id} \\(metropolitan 2014-07 – 2014-08\\) is still running`));

    const seen = await follow(started.id);
    // Progress was visible while it ran: the first month finished before the second did.
    expect(seen.some((v) => v.state === 'running' && v.months.done === 1 && v.months.current === '2014-08')).toBe(true);
    expect(seen.some((v) => v.state === 'running' && v.requests > 0)).toBe(true);
    const done = seen.at(-1)!;
    expect(done).toMatchObject({ state: 'succeeded', months: { total: 2, done: 2, current: null }, rowsLoaded: expectedLoaded, errors: [] });
    // 2 months × (the district refused as too big + its 4 quadrants).
    expect(done.requests).toBe(10);
    expect(done.reports.map((r) => [r.month, r.status, r.areas, r.subdivided, r.crimes, r.rowsLoaded])).toEqual([
      ['2014-07', 'succeeded', 4, 1, 0, 0],
      ['2014-08', 'succeeded', 4, 1, 374, expectedLoaded],
    ]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from incidents where source = 'police-api' and month = '2014-08-01'`.execute(ctx.database.db);
    expect(rows[0]!.n).toBe(expectedLoaded);

    // The job list answers the latest first, so the Data page can find a running job again.
    const list = (await (await app.request('/api/imports/jobs', { headers: auth })).json()) as { jobs: PoliceApiJobView[] };
    expect(list.jobs[0]!.id).toBe(started.id);
    // Once finished, another can start.
    const again = await start({ ...REQUEST, from: '2014-08' });
    expect(again.status).toBe(202);
    expect((await follow(((await again.json()) as PoliceApiJobView).id)).at(-1)!.state).toBe('succeeded');
  });

  it('cancels a running job at its next request, keeping what was loaded before', async () => {
    const before = await snapshot(ctx.database.db);
    const started = (await (await start(REQUEST)).json()) as PoliceApiJobView;
    const cancel = await app.request(`/api/imports/jobs/${started.id}/cancel`, { method: 'POST', headers: auth });
    expect(cancel.status).toBe(202);
    expect(await cancel.json()).toMatchObject({ id: started.id, cancelRequested: true });
    const done = (await follow(started.id)).at(-1)!;
    expect(done).toMatchObject({ state: 'cancelled', months: { done: 0 }, errors: ['cancelled by the analyst'] });
    expect(done.reports[0]).toMatchObject({ month: '2014-07', status: 'failed', error: 'cancelled by the analyst' });
    expect(await snapshot(ctx.database.db)).toEqual(before);
  });

  it('refuses bad input with problem+json naming the field, changing nothing', async () => {
    const before = await snapshot(ctx.database.db);
    const cases: Array<[unknown, string, RegExp]> = [
      [{ ...REQUEST, from: '2014-13' }, '#/from', /must be a month as YYYY-MM/],
      [{ ...REQUEST, from: '2014-09' }, '#/from', /must not be after "to"/],
      [{ ...REQUEST, to: 'August' }, '#/to', /must be a month/],
      [{ ...REQUEST, force: 'Metropolitan Police' }, '#/force', /police.uk force id/],
      [{ ...REQUEST, district: 'E07000117' }, '#/district', /no district E07000117 is loaded/],
      [{ ...REQUEST, district: 'Burnley' }, '#/district', /must be a district code/],
      [{ from: '2014-07', to: '2014-08' }, '#/force', /./],
    ];
    for (const [body, pointer, detail] of cases) {
      const res = await start(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await res.json()) as { errors: Array<{ pointer: string; detail: string }> };
      expect(problem.errors[0]!.pointer).toBe(pointer);
      expect(problem.errors[0]!.detail).toMatch(detail);
    }
    expect((await start(REQUEST, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await app.request('/api/imports/jobs/000000000000', { headers: auth })).status).toBe(404);
    expect(await snapshot(ctx.database.db)).toEqual(before);
  });

  it('refuses with 409 while the synthetic demo is loaded, until replaceDemo says it may go, starting nothing', async () => {
    // The flag alone marks the demo as loaded (syntheticDemoPresent reads it first); reset below.
    await sql`update dataset_state set synthetic = true where id = 1`.execute(ctx.database.db);
    try {
      const before = await snapshot(ctx.database.db);
      const jobsBefore = (await (await app.request('/api/imports/jobs', { headers: auth })).json()) as { jobs: unknown[] };
      const res = await start(REQUEST);
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({
        type: 'https://hotspot-atlas.invalid/problems/synthetic-demo-loaded',
        title: 'The synthetic demo is loaded',
        detail: 'Loading real data removes the synthetic demo: send replaceDemo=true to confirm.',
        instance: '/api/imports/police-api',
      });
      expect(((await (await app.request('/api/imports/jobs', { headers: auth })).json()) as { jobs: unknown[] }).jobs).toEqual(jobsBefore.jobs);
      expect(await snapshot(ctx.database.db)).toEqual(before);
    } finally {
      await sql`update dataset_state set synthetic = false where id = 1`.execute(ctx.database.db);
    }
  });
});
