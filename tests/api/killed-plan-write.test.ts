import { sql } from 'kysely';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connect';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { loadDemo } from '../../server/demo';
import { addToken, addUser } from '../auth/accounts-fixture';
import { openTestDatabase } from '../setup/backends';
import { expectDatabaseProblem, killWhileBlocked } from './kill-while-blocked';

// Plan writes (issue 13) killed half-way, as killed-write.test.ts does for imports and zone saves:
// PostgreSQL only, for the reasons given there.
const url = inject('testDatabaseUrl');
const SLOW = 180_000;
// SHARE conflicts with the row-exclusive lock an INSERT takes: every plan write's last statement,
// the audit row, waits, after the plan's version bump and its feature rows are written.
const HOLD_AUDIT = 'lock table audit_log in share mode';

type Position = [number, number];
const square = ([x, y]: Position, half: number): Position[][] => [[[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half], [x - half, y - half]]];

/** Every row a plan write touches, as counts and checksums (timestamps and versions included). */
async function state(database: DatabaseHandle) {
  const { rows } = await sql<Record<string, unknown>>`
    select (select count(*)::int from plans) as plans,
           (select md5(coalesce(string_agg(concat_ws('|', id, district_code, title, period_start, period_end, status, summary, priorities::text, owner_contact, version, created_at, created_by, updated_at, updated_by), E'\n' order by id), '')) from plans) as plan_sum,
           (select count(*)::int from plan_features) as features,
           (select md5(coalesce(string_agg(concat_ws('|', id, plan_id, kind, name, description, lead_partner, funding::text, properties::text, md5(ST_AsEWKB(geom)), md5(ST_AsEWKB(geom_bng)), created_at, created_by, updated_at, updated_by), E'\n' order by id), '')) from plan_features) as feature_sum,
           (select count(*)::int from audit_log) as audit,
           (select md5(coalesce(string_agg(concat_ws('|', id, actor, action, details::text, address), E'\n' order by id), '')) from audit_log) as audit_sum`.execute(database.db);
  return rows[0]!;
}

describe.skipIf(!url)('a plan write killed half-way leaves the plan as it was [postgres]', () => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof createApp>;
  let admin: postgres.Sql;
  let auth: Record<string, string>;
  let inside: Position;
  let planId: number;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    await loadDemo(database.db, { incidents: 2_000 });
    app = createApp({ database, config: loadConfig({}) });
    admin = postgres(url, { max: 4, onnotice: () => {}, connection: { search_path: `${database.schema},public` } });
    auth = { authorization: `Bearer ${(await addToken(database.db, await addUser(database.db, 'ada', 'admin'))).token}` };
    const { rows } = await sql<{ code: string; x: number; y: number }>`
      select code, ST_X(p) as x, ST_Y(p) as y from (select code, ST_PointOnSurface(geom) as p from districts order by code limit 1) s`.execute(database.db);
    inside = [rows[0]!.x, rows[0]!.y];
    const created = await request('POST', '/api/plans', { districtCode: rows[0]!.code, title: 'SV plan', periodStart: '2025-04', periodEnd: '2026-03', status: 'draft', priorities: ['Night-time economy'] });
    expect(created.status).toBe(201);
    planId = ((await created.json()) as { id: number }).id;
    // One feature already, so the plan the killed writes meet is not an empty one.
    expect((await request('POST', `/api/plans/${planId}/features`, feature('Town centre', 0.001), '"1"')).status).toBe(201);
  }, SLOW);

  afterAll(async () => {
    await admin?.end();
    await database?.close();
  });

  function request(method: string, path: string, json: unknown, ifMatch?: string) {
    return app.request(path, { method, headers: { ...auth, 'content-type': 'application/json', ...(ifMatch && { 'if-match': ifMatch }) }, body: JSON.stringify(json) });
  }

  const feature = (name: string, half: number) => ({ kind: 'priority-area', name, leadPartner: 'CSP', geometry: { type: 'Polygon', coordinates: square(inside, half) } });

  async function currentVersion(): Promise<number> {
    const res = await app.request(`/api/plans/${planId}`, { headers: auth });
    return ((await res.json()) as { version: number }).version;
  }

  /**
   * Kills `write` at its audit row, then checks that nothing changed and that the very next
   * request, the same write with the same If-Match, succeeds.
   */
  async function killThenRetry(write: (ifMatch: string) => Response | Promise<Response>, expectedStatus: number) {
    const version = await currentVersion();
    const ifMatch = `"${version}"`;
    const before = await state(database);
    const { response, waitingQuery } = await killWhileBlocked(admin, HOLD_AUDIT, () => write(ifMatch));
    expect(waitingQuery).toMatch(/insert into "?audit_log/);
    await expectDatabaseProblem(response);
    expect(await state(database)).toEqual(before);

    const again = await write(ifMatch);
    expect(again.status).toBe(expectedStatus);
    expect(again.headers.get('etag')).toBe(`"${version + 1}"`);
    const after = await state(database);
    expect(after.audit).toBe((before.audit as number) + 1);
    return { before, after, body: (await again.json()) as Record<string, unknown> };
  }

  it('a PATCH of the plan, killed after its update and before its audit row', async () => {
    const { before, after, body } = await killThenRetry((ifMatch) => request('PATCH', `/api/plans/${planId}`, { title: 'SV plan, revised', summary: 'Killed once' }, ifMatch), 200);
    expect(body).toMatchObject({ title: 'SV plan, revised', summary: 'Killed once' });
    expect(after.features).toBe(before.features);
  }, SLOW);

  it('a feature POST, killed after inserting the feature and bumping the version', async () => {
    const { before, after, body } = await killThenRetry((ifMatch) => request('POST', `/api/plans/${planId}/features`, feature('Station approach', 0.002), ifMatch), 201);
    expect(body).toMatchObject({ feature: { name: 'Station approach' } });
    expect(after.features).toBe((before.features as number) + 1);
  }, SLOW);

  it('a GeoJSON import of three features, killed after inserting them all', async () => {
    const [x, y] = inside;
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { kind: 'priority-area', name: 'Park' }, geometry: { type: 'Polygon', coordinates: square([x + 0.004, y], 0.001) } },
        { type: 'Feature', properties: { kind: 'intervention-site', name: 'Youth hub' }, geometry: { type: 'Point', coordinates: [x, y + 0.003] } },
        { type: 'Feature', properties: { kind: 'route', name: 'Safe route home' }, geometry: { type: 'LineString', coordinates: [[x, y], [x + 0.003, y + 0.001]] } },
      ],
    };
    const { before, after, body } = await killThenRetry((ifMatch) => request('POST', `/api/plans/${planId}/features/import`, collection, ifMatch), 201);
    expect(body.featureIds).toHaveLength(3);
    expect(after.features).toBe((before.features as number) + 3);
  }, SLOW);
});
