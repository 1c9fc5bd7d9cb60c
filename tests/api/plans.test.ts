import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_HARM_WEIGHTS } from '../../geodata/harm';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { PlanCaller } from '../../server/plans/plan-access';
import { addToken, addUser } from '../auth/accounts-fixture';
import { type BackendContext, describeBackends } from '../setup/backends';

type Position = [number, number];
const ADMIN: PlanCaller = { kind: 'user', name: 'ada', role: 'admin', districts: [] };

/**
 * The real app, called as `caller`: a user of that role and districts is created on first use,
 * with a personal API token the requests carry (no caller: anonymous).
 */
function appAs(ctx: BackendContext, caller?: PlanCaller) {
  const app = createApp({ database: ctx.database, config: loadConfig({}) });
  let credentials: Promise<Record<string, string>> | undefined;
  const authorisation = () => (credentials ??= (async (): Promise<Record<string, string>> => {
    if (caller?.kind !== 'user') return {};
    const id = await addUser(ctx.database.db, caller.name, caller.role, caller.districts);
    return { authorization: `Bearer ${(await addToken(ctx.database.db, id)).token}` };
  })());
  return async (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, ...rest } = init;
    const headers = { ...(await authorisation()), ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(rest.headers as Record<string, string>) };
    return app.request(path, { ...rest, headers, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
  };
}

/** A square of `half` degrees around a point, counter-clockwise. */
const square = ([x, y]: Position, half: number): Position[][] => [[[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half], [x - half, y - half]]];
const ringArea2 = (ring: Position[]) => ring.slice(1).reduce((a, p, k) => a + (ring[k]![0] - p[0]) * (ring[k]![1] + p[1]), 0);

describeBackends('plans API on the synthetic demo', (ctx) => {
  let admin: ReturnType<typeof appAs>;
  let district: string;
  let otherDistrict: string;
  let inside: Position;
  let insideBng: Position;

  beforeAll(async () => {
    admin = appAs(ctx, ADMIN);
    const { rows } = await sql<{ code: string; x: number; y: number; e: number; n: number }>`
      select code, ST_X(p) as x, ST_Y(p) as y, ST_X(ST_Transform(p, 27700)) as e, ST_Y(ST_Transform(p, 27700)) as n
      from (select code, ST_PointOnSurface(geom) as p from districts order by code limit 2) s`.execute(ctx.database.db);
    district = rows[0]!.code;
    otherDistrict = rows[1]!.code;
    inside = [rows[0]!.x, rows[0]!.y];
    insideBng = [rows[0]!.e, rows[0]!.n];
  });

  async function newPlan(status: 'draft' | 'published' = 'draft') {
    const res = await admin('/api/plans', { method: 'POST', json: { districtCode: district, title: 'SV plan', periodStart: '2025-04', periodEnd: '2026-03', status, priorities: ['Night-time economy'] } });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number; version: number };
  }

  const featureBody = (half = 0.001) => ({ kind: 'priority-area', name: 'Town centre', leadPartner: 'CSP', funding: { amount: 25000, currency: 'GBP', fund: 'PCC Safer Streets' }, properties: { ward: 'Central' }, geometry: { type: 'Polygon', coordinates: square(inside, half) } });

  async function state(id: number) {
    const res = await admin(`/api/plans/${id}`);
    const body = await res.json();
    return { version: body.version as number, features: body.features.length as number };
  }

  it('creates, reads, updates and deletes a plan, with ETags, 428, 412 and audit rows', async () => {
    const plan = await newPlan();
    expect(plan.version).toBe(1);
    const got = await admin(`/api/plans/${plan.id}`);
    expect(got.headers.get('etag')).toBe('"1"');

    const missing = await admin(`/api/plans/${plan.id}`, { method: 'PATCH', json: { title: 'New' } });
    expect(missing.status).toBe(428);
    expect((await missing.json()).errors[0].parameter).toBe('If-Match');

    const stale = await admin(`/api/plans/${plan.id}`, { method: 'PATCH', headers: { 'if-match': '"0"' }, json: { title: 'New' } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"1"');
    expect(await stale.json()).toMatchObject({ currentVersion: 1 });

    const ok = await admin(`/api/plans/${plan.id}`, { method: 'PATCH', headers: { 'if-match': '"1"' }, json: { title: 'New', status: 'published' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect(await ok.json()).toMatchObject({ title: 'New', status: 'published', version: 2, updatedBy: 'ada' });

    const bad = await admin(`/api/plans/${plan.id}`, { method: 'PATCH', headers: { 'if-match': '"2"' }, json: { periodEnd: '2020-01' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].pointer).toBe('#/periodEnd');

    const del = await admin(`/api/plans/${plan.id}`, { method: 'DELETE', headers: { 'if-match': '"2"' } });
    expect(del.status).toBe(204);
    expect((await admin(`/api/plans/${plan.id}`)).status).toBe(404);

    const { rows } = await sql<{ action: string; details: { beforeVersion: number | null; afterVersion: number | null } }>`
      select action, details from audit_log where details->>'planId' = ${String(plan.id)} order by id`.execute(ctx.database.db);
    expect(rows.map((r) => [r.action, r.details.beforeVersion, r.details.afterVersion])).toEqual([['plan.create', null, 1], ['plan.update', 1, 2], ['plan.delete', 2, null]]);
  });

  it('adds, edits and removes features, each a new version; exports RFC 7946 GeoJSON byte-identically', async () => {
    const plan = await newPlan();
    const add = await admin(`/api/plans/${plan.id}/features`, { method: 'POST', headers: { 'if-match': '"1"' }, json: featureBody() });
    expect(add.status).toBe(201);
    expect(add.headers.get('etag')).toBe('"2"');
    const { feature, warnings } = await add.json();
    expect(warnings).toEqual([]);
    // A clockwise square in, a counter-clockwise one out.
    const cw = { type: 'Polygon', coordinates: [[...square(inside, 0.002)[0]!].reverse()] };
    const edit = await admin(`/api/plans/${plan.id}/features/${feature.id}`, { method: 'PATCH', headers: { 'if-match': '"2"' }, json: { geometry: cw, name: 'Centre' } });
    expect(edit.status).toBe(200);
    const site = await admin(`/api/plans/${plan.id}/features`, { method: 'POST', headers: { 'if-match': '"3"' }, json: { kind: 'intervention-site', name: 'Youth hub', geometry: { type: 'Point', coordinates: [inside[0] + 0.1234567891, inside[1]] } } });
    expect(site.status).toBe(201);
    const wrongKind = await admin(`/api/plans/${plan.id}/features`, { method: 'POST', headers: { 'if-match': '"4"' }, json: { kind: 'priority-area', name: 'x', geometry: { type: 'Point', coordinates: inside } } });
    expect(wrongKind.status).toBe(400);
    expect((await wrongKind.json()).errors[0]).toMatchObject({ pointer: '#/geometry', detail: expect.stringMatching(/priority-area needs a Polygon/) });

    const [x, y] = inside;
    const bowtie = { kind: 'priority-area', name: 'Bow tie', geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y + 0.01], [x + 0.01, y], [x, y + 0.01], [x, y]]] } };
    const refused = await admin(`/api/plans/${plan.id}/features`, { method: 'POST', headers: { 'if-match': '"4"' }, json: bowtie });
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors[0]).toMatchObject({ pointer: '#/geometry', detail: expect.stringMatching(/^Self-intersection.*repair=true/) });
    const fixed = await admin(`/api/plans/${plan.id}/features?repair=true`, { method: 'POST', headers: { 'if-match': '"4"' }, json: bowtie });
    expect(fixed.status).toBe(201);
    const fixedBody = await fixed.json();
    expect(fixedBody.repaired).toMatch(/Self-intersection/);
    expect(fixedBody.feature.geometry.type).toBe('MultiPolygon');
    const dropped = await admin(`/api/plans/${plan.id}/features/${fixedBody.feature.id}`, { method: 'DELETE', headers: { 'if-match': '"5"' } });
    expect(dropped.status).toBe(204);

    const res = await admin(`/api/plans/${plan.id}?format=geojson`);
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    expect(res.headers.get('etag')).toBe('"6"');
    const text = await res.text();
    expect(await (await admin(`/api/plans/${plan.id}?format=geojson`)).text()).toBe(text);
    const fc = JSON.parse(text);
    expect(fc).toMatchObject({ type: 'FeatureCollection', plan: { id: plan.id, districtCode: district, version: 6 } });
    expect(fc).not.toHaveProperty('crs');
    expect(text).not.toMatch(/\d\.\d{7,}/);
    expect(fc.features.map((f: any) => f.properties.name)).toEqual(['Centre', 'Youth hub']);
    expect(fc.features[0].properties).toMatchObject({ kind: 'priority-area', leadPartner: 'CSP', funding: { amount: 25000, currency: 'GBP' }, ward: 'Central' });
    // (Shoelace in this form: positive for counter-clockwise.)
    expect(ringArea2(cw.coordinates[0]!)).toBeLessThan(0);
    expect(ringArea2(fc.features[0].geometry.coordinates[0])).toBeGreaterThan(0);

    const gone = await admin(`/api/plans/${plan.id}/features/${feature.id}`, { method: 'DELETE', headers: { 'if-match': '"6"' } });
    expect(gone.status).toBe(204);
    expect(await state(plan.id)).toEqual({ version: 7, features: 1 });
  });

  it('imports its own export as the same features (round trip), and EPSG:27700 transformed', async () => {
    const source = await newPlan();
    await admin(`/api/plans/${source.id}/features`, { method: 'POST', headers: { 'if-match': '"1"' }, json: featureBody() });
    await admin(`/api/plans/${source.id}/features`, { method: 'POST', headers: { 'if-match': '"2"' }, json: { kind: 'route', name: 'Safe route home', geometry: { type: 'LineString', coordinates: [inside, [inside[0] + 0.003, inside[1] + 0.001]] } } });
    const exported = JSON.parse(await (await admin(`/api/plans/${source.id}?format=geojson`)).text());

    const target = await newPlan();
    const imp = await admin(`/api/plans/${target.id}/features/import`, { method: 'POST', headers: { 'if-match': '"1"' }, json: exported });
    expect(imp.status).toBe(201);
    expect(imp.headers.get('etag')).toBe('"2"');
    const again = JSON.parse(await (await admin(`/api/plans/${target.id}?format=geojson`)).text());
    const strip = (fc: any) => fc.features.map((f: any) => ({ geometry: f.geometry, properties: f.properties }));
    expect(strip(again)).toEqual(strip(exported));

    const bng = await admin(`/api/plans/${target.id}/features/import`, {
      method: 'POST', headers: { 'if-match': '"2"' },
      json: { type: 'Feature', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } }, properties: { kind: 'intervention-site', name: 'CCTV' }, geometry: { type: 'Point', coordinates: insideBng } },
    });
    expect(bng.status).toBe(201);
    const features = await (await admin(`/api/plans/${target.id}/features`)).json();
    const [lon, lat] = features.at(-1).geometry.coordinates;
    expect(lon).toBeCloseTo(inside[0], 5);
    expect(lat).toBeCloseTo(inside[1], 5);
  });

  it('refuses bad files with the feature index and reason, changing nothing', async () => {
    const plan = await newPlan();
    const before = await state(plan.id);
    const good = { type: 'Feature', properties: { kind: 'priority-area', name: 'ok' }, geometry: { type: 'Polygon', coordinates: square(inside, 0.001) } };
    const [x, y] = inside;
    const cases: Array<[string, unknown, number, string, RegExp]> = [
      ['self-intersecting ring', { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y + 0.01], [x + 0.01, y], [x, y + 0.01], [x, y]]] }, 422, '#/features/1', /feature 1: invalid geometry: Self-intersection/],
      ['unclosed ring', { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01]]] }, 422, '#/features/1', /feature 1: polygon ring 0 is not closed/],
      ['lon/lat swapped', { type: 'Polygon', coordinates: square([y, x], 0.001) }, 422, '#/features/1', /feature 1: .*longitude and latitude look swapped/],
      ['3-D coordinates', { type: 'Polygon', coordinates: [square(inside, 0.001)[0]!.map(([a, b]) => [a, b, 12])] }, 422, '#/features/1', /feature 1: .*only 2-D positions/],
    ];
    for (const [name, geometry, status, pointer, detail] of cases) {
      const res = await admin(`/api/plans/${plan.id}/features/import`, { method: 'POST', headers: { 'if-match': '"1"' }, json: { type: 'FeatureCollection', features: [good, { type: 'Feature', properties: { kind: 'priority-area', name }, geometry }] } });
      expect(res.status, name).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem = await res.json();
      expect(problem.errors[0].pointer, name).toBe(pointer);
      expect(problem.errors[0].detail, name).toMatch(detail);
      expect(await state(plan.id), name).toEqual(before);
    }

    const empty = await admin(`/api/plans/${plan.id}/features/import`, { method: 'POST', headers: { 'if-match': '"1"' }, json: { type: 'FeatureCollection', features: [] } });
    expect(empty.status).toBe(400);
    expect((await empty.json()).detail).toMatch(/no features/);

    const big = JSON.stringify({ type: 'FeatureCollection', features: [good], padding: 'x'.repeat(10 * 1024 * 1024) });
    const tooLarge = await admin(`/api/plans/${plan.id}/features/import`, { method: 'POST', headers: { 'if-match': '"1"', 'content-type': 'application/geo+json' }, body: big });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toBe('application/problem+json');
    expect((await tooLarge.json()).detail).toMatch(/larger than 10 MB/);
    expect(await state(plan.id)).toEqual(before);

    // Repair only when asked, and the answer says which feature was repaired and why.
    const repaired = await admin(`/api/plans/${plan.id}/features/import?repair=true`, { method: 'POST', headers: { 'if-match': '"1"' }, json: { type: 'FeatureCollection', features: [good, { type: 'Feature', properties: { kind: 'priority-area' }, geometry: cases[0]![1] }] } });
    expect(repaired.status).toBe(201);
    expect((await repaired.json()).repaired).toEqual([expect.objectContaining({ index: 1, reason: expect.stringMatching(/Self-intersection/) })]);

    // A file well over the 64 KB cap on other JSON bodies is still a file this route takes.
    const sizeable = JSON.stringify({ type: 'FeatureCollection', features: [good], note: 'x'.repeat(200 * 1024) });
    const etag = (await admin(`/api/plans/${plan.id}`)).headers.get('etag')!;
    const accepted = await admin(`/api/plans/${plan.id}/features/import`, { method: 'POST', headers: { 'if-match': etag, 'content-type': 'application/geo+json' }, body: sizeable });
    expect(accepted.status, await accepted.clone().text()).toBe(201);
  });

  it('warns about features more than 1 km outside the district', async () => {
    const plan = await newPlan();
    const far = await admin(`/api/plans/${plan.id}/features/import`, { method: 'POST', headers: { 'if-match': '"1"' }, json: { type: 'Point', coordinates: [inside[0] + 1.5, inside[1]] } });
    expect(far.status).toBe(201);
    expect((await far.json()).warnings).toEqual([expect.objectContaining({ index: 0, detail: expect.stringMatching(new RegExp(`m outside district ${district}`)) })]);
  });

  it('keeps drafts from viewers and writes from everyone but editors of the district and admins', async () => {
    const draft = await newPlan('draft');
    const published = await newPlan('published');
    const viewer = appAs(ctx, { kind: 'user', name: 'val', role: 'viewer', districts: [] });
    const otherEditor = appAs(ctx, { kind: 'user', name: 'oz', role: 'editor', districts: [otherDistrict] });
    const editor = appAs(ctx, { kind: 'user', name: 'ed', role: 'editor', districts: [district] });
    const anonymous = appAs(ctx);

    expect((await viewer(`/api/plans/${draft.id}`)).status).toBe(404);
    expect((await viewer(`/api/plans/${published.id}`)).status).toBe(200);
    expect((await editor(`/api/plans/${draft.id}`)).status).toBe(200);
    const listed = (await (await viewer('/api/plans')).json()).map((p: { id: number }) => p.id);
    expect(listed).toContain(published.id);
    expect(listed).not.toContain(draft.id);

    const patch = { method: 'PATCH', headers: { 'if-match': '"1"' }, json: { summary: 'x' } };
    expect((await viewer(`/api/plans/${published.id}`, patch)).status).toBe(403);
    expect((await otherEditor(`/api/plans/${published.id}`, patch)).status).toBe(403);
    // Once accounts exist, writes need a signed-in caller at all (the route table, before the handler).
    expect((await anonymous(`/api/plans/${published.id}`, patch)).status).toBe(401);
    expect((await otherEditor('/api/plans', { method: 'POST', json: { districtCode: district, title: 't', periodStart: '2025-01', periodEnd: '2025-12' } })).status).toBe(403);
    expect((await editor(`/api/plans/${published.id}`, patch)).status).toBe(200);
  });
  it('reports coverage equal to an independent PostGIS query and the analysis engine hot cells', async () => {
    const Q = 'preset=serious-violence&from=2025-10&to=2026-09';
    const plan = await newPlan('published');
    const analysis = await (await admin(`/api/analysis/hotspots?districts=${district}&${Q}`)).json();
    const { originX, originY, cellSize, cols } = analysis.grid;
    const engineHot: Position[] = [];
    analysis.cells.index.forEach((i: number, k: number) => {
      if (analysis.cells.bin[k] === 3) engineHot.push([originX + (i % cols) * cellSize, originY + Math.floor(i / cols) * cellSize]);
    });
    expect(engineHot.length).toBeGreaterThan(1);

    const empty = await (await admin(`/api/plans/${plan.id}/coverage?${Q}`)).json();
    expect(empty.hotCells).toEqual({ total: engineHot.length, covered: 0, share: 0 });
    const key = (c: { easting: number; northing: number }) => `${c.easting},${c.northing}`;
    expect(new Set(empty.uncoveredHotCells.map(key))).toEqual(new Set(engineHot.map(([e, n]) => `${e},${n}`)));
    const zs = empty.uncoveredHotCells.map((c: { z: number }) => c.z);
    expect(zs).toEqual([...zs].sort((a: number, b: number) => b - a));

    // A hand-drawn area: a 1.5 km BNG square around the hottest cell, drawn in WGS84.
    const [e0, n0] = [empty.uncoveredHotCells[0].easting + cellSize / 2, empty.uncoveredHotCells[0].northing + cellSize / 2];
    const { rows: [drawn] } = await sql<{ geojson: string }>`
      select ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(${e0 - 750}::float8, ${n0 - 750}::float8, ${e0 + 750}::float8, ${n0 + 750}::float8, 27700), 4326), 6) as geojson`.execute(ctx.database.db);
    const area = JSON.parse(drawn!.geojson);
    const add = await admin(`/api/plans/${plan.id}/features`, { method: 'POST', headers: { 'if-match': '"1"' }, json: { kind: 'priority-area', name: 'Hand-drawn', geometry: area } });
    expect(add.status).toBe(201);
    const got = await (await admin(`/api/plans/${plan.id}/coverage?${Q}`)).json();

    // The same figures straight from PostGIS, on the drawn polygon itself.
    const poly = sql`ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(area)}::text), 4326), 27700)`;
    const { rows } = await sql<{ category: string; total: number; inside: number }>`
      select category, count(*)::int as total, count(*) filter (where ST_Covers(${poly}, geom_bng))::int as inside
      from incidents where district_code = ${district} and category in ('violent-crime', 'robbery', 'possession-of-weapons')
        and month between '2025-10-01'::date and '2026-09-01'::date group by category`.execute(ctx.database.db);
    const { rows: cells } = await sql<{ inside: number }>`
      select count(*)::int as inside from json_array_elements(${JSON.stringify(engineHot)}::text::json) p
      where ST_Covers(${poly}, ST_SetSRID(ST_MakePoint((p->>0)::float8 + ${cellSize / 2}, (p->>1)::float8 + ${cellSize / 2}), 27700))`.execute(ctx.database.db);
    const inside = rows.reduce((a, r) => a + r.inside, 0);
    expect(inside).toBeGreaterThan(0);
    expect(got.incidents).toMatchObject({ total: rows.reduce((a, r) => a + r.total, 0), covered: inside });
    expect(got.hotCells.covered).toBe(cells[0]!.inside);
    expect(got.hotCells.covered).toBeGreaterThan(0);
    expect(got.uncoveredHotCells).toHaveLength(engineHot.length - got.hotCells.covered);
    const weight = (c: string) => DEFAULT_HARM_WEIGHTS[c as keyof typeof DEFAULT_HARM_WEIGHTS];
    expect(got.harm.covered).toBeCloseTo(rows.reduce((a, r) => a + r.inside * weight(r.category), 0), 6);
    expect(got.harm.total).toBeCloseTo(rows.reduce((a, r) => a + r.total * weight(r.category), 0), 6);
    expect(got.harm.covered).toBeGreaterThan(0);
  });
  it('counts an incident in overlapping priority areas once, and one on an area\'s edge as covered', async () => {
    const plan = await newPlan('published');
    const db = ctx.database.db;
    // The district's two busiest positions (police.uk snap points), several incidents each.
    const { rows: [p, q] } = await sql<{ e: number; n: number }>`
      select easting as e, northing as n from incidents
      where district_code = ${district} and month between '2025-10-01'::date and '2026-09-01'::date and easting is not null
      group by 1, 2 order by count(*) desc, 1, 2 limit 2`.execute(db);
    // Drawn anywhere, then set in BNG directly: a WGS84 round trip would move the edges off the points.
    const area = async (version: number) => {
      const res = await admin(`/api/plans/${plan.id}/features`, { method: 'POST', headers: { 'if-match': `"${version}"` }, json: featureBody() });
      expect(res.status).toBe(201);
      return ((await res.json()) as { feature: { id: number } }).feature.id;
    };
    const a = await area(1);
    const b = await area(2);
    // A: p on its west edge (ST_Covers counts the boundary). B: q inside, and a part overlapping A
    // that leaves p out, so p is covered by A's edge alone.
    const boxA = sql`ST_MakeEnvelope(${p!.e}::float8, ${p!.n - 300}::float8, ${p!.e + 600}::float8, ${p!.n + 300}::float8, 27700)`;
    const boxB = sql`ST_Multi(ST_Union(ST_MakeEnvelope(${q!.e - 200}::float8, ${q!.n - 200}::float8, ${q!.e + 200}::float8, ${q!.n + 200}::float8, 27700),
      ST_MakeEnvelope(${p!.e + 1}::float8, ${p!.n - 300}::float8, ${p!.e + 600}::float8, ${p!.n + 300}::float8, 27700)))`;
    await sql`update plan_features set geom_bng = ${boxA} where id = ${a}`.execute(db);
    await sql`update plan_features set geom_bng = ${boxB} where id = ${b}`.execute(db);
    const got = await (await admin(`/api/plans/${plan.id}/coverage?from=2025-10&to=2026-09`)).json();

    const { rows: [want] } = await sql<{ total: number; inside: number; edge: number; both: number }>`
      select count(*)::int as total,
             count(*) filter (where ST_Covers(${boxA}, geom_bng) or ST_Covers(${boxB}, geom_bng))::int as inside,
             count(*) filter (where ST_Touches(${boxA}, geom_bng) and not ST_Covers(${boxB}, geom_bng))::int as edge,
             count(*) filter (where ST_Covers(${boxA}, geom_bng) and ST_Covers(${boxB}, geom_bng))::int as both
      from incidents where district_code = ${district} and month between '2025-10-01'::date and '2026-09-01'::date`.execute(db);
    expect(want!.edge).toBeGreaterThan(0);
    expect(want!.both).toBeGreaterThan(0);
    expect(got.incidents).toMatchObject({ total: want!.total, covered: want!.inside });
  });
  it('defaults the coverage period to the analyses\' own (the latest gap-free run) and warns of months without data', async () => {
    const plan = await newPlan('published');
    const analysis = await (await admin(`/api/analysis/hotspots?districts=${district}&preset=serious-violence`)).json();
    const coverage = await (await admin(`/api/plans/${plan.id}/coverage?preset=serious-violence`)).json();
    expect(coverage.period).toEqual({ from: analysis.period.from, to: analysis.period.to });
    expect(coverage.warnings).toEqual([]);
    const engineHot = analysis.cells.bin.filter((b: number) => b === 3).length;
    expect(coverage.hotCells.total).toBe(engineHot);

    // Two months before the first one loaded: a period with a gap, said as the analyses say it.
    const [y, m] = analysis.period.from.split('-').map(Number);
    const before = new Date(Date.UTC(y, m - 3, 1)).toISOString().slice(0, 7);
    const gappy = await (await admin(`/api/plans/${plan.id}/coverage?preset=serious-violence&from=${before}&to=${analysis.period.to}`)).json();
    const analysed = await (await admin(`/api/analysis/hotspots?districts=${district}&preset=serious-violence&from=${before}&to=${analysis.period.to}`)).json();
    const missing = gappy.warnings.find((w: { code: string }) => w.code === 'months-missing');
    expect(missing.months).toHaveLength(2);
    expect(missing).toEqual(analysed.warnings.find((w: { code: string }) => w.code === 'months-missing'));
  });
}, { demo: true });

