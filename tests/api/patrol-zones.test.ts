import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { markDataChanged } from '../../db/dataset';
import { upsertDistricts } from '../../db/district-writer';
import { finishImport, startImport } from '../../db/imports';
import { type IncidentInput, insertIncidentBatch } from '../../db/incident-writer';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { type BackendContext, describeBackends } from '../setup/backends';
import { expectProblem } from './expect-problem';

type Position = [number, number];
interface Feature {
  type: 'Feature';
  geometry: { type: 'MultiPolygon'; coordinates: Position[][][] };
  properties: Record<string, unknown> & { id: string; rank: number; incidents: number; area_m2: number; cells: number; districts: Array<{ code: string }>; incidents_by_category: Record<string, number> };
}
interface Collection {
  type: 'FeatureCollection';
  bbox?: number[];
  metadata: Record<string, unknown> & { message?: string };
  features: Feature[];
}

const ringArea2 = (ring: Position[]) => ring.slice(1).reduce((a, p, k) => a + (ring[k]![0] - p[0]) * (ring[k]![1] + p[1]), 0);

function appFor(ctx: BackendContext) {
  const app = createApp({ database: ctx.database, config: loadConfig({}) });
  return (path: string, init?: RequestInit) => app.request(path, init);
}

describeBackends('patrol zones on the synthetic demo', (ctx) => {
  let request: ReturnType<typeof appFor>;
  const QUERY = 'preset=serious-violence&cellSize=250&budgetHours=20';
  let text: string;
  let fc: Collection;

  beforeAll(async () => {
    request = appFor(ctx);
    const res = await request(`/api/patrol-zones?${QUERY}&format=geojson`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="patrol-zones_10-districts_2024-10_2026-09\.geojson"$/);
    text = await res.text();
    fc = JSON.parse(text);
  });

  it('exports an RFC 7946 FeatureCollection: WGS84, ≤ 6 decimals, no crs, bbox, metadata', () => {
    expect(fc.type).toBe('FeatureCollection');
    expect(fc).not.toHaveProperty('crs');
    expect(fc.bbox).toHaveLength(4);
    expect(fc.features.length).toBeGreaterThan(5);
    expect(fc.metadata).toMatchObject({ area: '10 districts', period: { from: '2024-10', to: '2026-09' } });
    expect(JSON.stringify(fc.features.map((f) => f.geometry))).not.toMatch(/\d\.\d{7,}/);
    for (const f of fc.features) {
      expect(Object.keys(f.properties).slice(0, 4)).toEqual(['id', 'rank', 'districts', 'incidents']);
      for (const polygon of f.geometry.coordinates) {
        polygon.forEach((ring, k) => {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring.at(-1));
          // Exterior counter-clockwise, holes clockwise (RFC 7946 §3.1.6).
          expect(Math.sign(ringArea2(ring))).toBe(k === 0 ? 1 : -1);
          for (const [lon, lat] of ring) {
            expect(lon).toBeGreaterThan(-2.5);
            expect(lon).toBeLessThan(-1.3);
            expect(lat).toBeGreaterThan(51.8);
            expect(lat).toBeLessThan(52.4);
          }
        });
      }
    }
    expect(fc.features.map((f) => f.properties.rank)).toEqual(fc.features.map((_, i) => i + 1));
  });

  it('has polygons PostGIS finds valid, whose incident counts match an independent count', async () => {
    for (const f of fc.features) {
      const { rows } = await sql<{ valid: boolean; n: number; area: number }>`
        select ST_IsValid(g) as valid, ST_Area(ST_Transform(g, 27700)) as area,
               (select count(*)::int from incidents i
                where ST_Intersects(g, i.geom) and i.category in ('violent-crime', 'robbery', 'possession-of-weapons')) as n
        from (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.geometry)}), 4326) as g) s`.execute(ctx.database.db);
      expect(rows[0]!.valid).toBe(true);
      expect(rows[0]!.n).toBe(f.properties.incidents);
      expect(Object.values(f.properties.incidents_by_category).reduce((a, b) => a + b, 0)).toBe(f.properties.incidents);
      expect(Math.abs(rows[0]!.area - f.properties.area_m2) / f.properties.area_m2).toBeLessThan(0.01);
      expect(f.properties.area_m2).toBeLessThanOrEqual(500_000 + 1);
    }
  });

  it('shares the weekly budget out as 15-minute visits that sum to it, and states the rule', () => {
    const visits = fc.features.map((f) => f.properties.visits_per_week as number);
    expect(visits.reduce((a, b) => a + b, 0)).toBe(80);
    expect(fc.metadata.dosage_rule).toMatch(/80 visits of 15 minutes per week/);
  });

  it('is deterministic to the byte, with stable ids', async () => {
    const again = await (await request(`/api/patrol-zones?${QUERY}&format=geojson`)).text();
    expect(again).toBe(text);
  });

  it('splits zones larger than the maximum area into parts within it', async () => {
    const small: Collection = await (await request('/api/patrol-zones?preset=serious-violence&cellSize=250&maxZoneArea=250000&format=json')).json();
    expect(small.features.length).toBeGreaterThan(0);
    for (const f of small.features) {
      expect(f.properties.cells).toBeLessThanOrEqual(4);
      expect(f.properties.area_m2).toBeLessThanOrEqual(250_000 + 1);
    }
    expect(small.features.length).toBeGreaterThan(fc.features.filter((f) => f.properties.cells <= 4).length);
  });

  it('exports the same zones as CSV and KML', async () => {
    const csv = await request(`/api/patrol-zones?${QUERY}&format=csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines.length).toBe(fc.features.length + 1);
    expect(lines[1]).toContain(fc.features[0]!.properties.id);
    const kml = await (await request(`/api/patrol-zones?${QUERY}&format=kml`)).text();
    expect(kml).toMatch(/^<\?xml/);
    expect(kml.match(/<Placemark[ >]/g)).toHaveLength(fc.features.length);
  });

  it('saves immutable named sets that download byte-identical, and audits every export', async () => {
    const res = await request(`/api/patrol-zone-sets?${QUERY}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Kingsmere nights, winter plan' }) });
    expect(res.status).toBe(201);
    const saved = await res.json();
    expect(saved).toMatchObject({ name: 'Kingsmere nights, winter plan', createdBy: 'unauthenticated', zoneCount: fc.features.length });
    const list = await (await request('/api/patrol-zone-sets')).json();
    expect(list[0]).toMatchObject({ id: saved.id, name: saved.name });
    const first = await (await request(`/api/patrol-zone-sets/${saved.id}?format=geojson`)).text();
    expect(first).toBe(text);
    expect(await (await request(`/api/patrol-zone-sets/${saved.id}?format=geojson`)).text()).toBe(first);
    await expect(sql`update patrol_zone_sets set name = 'changed' where id = ${saved.id}`.execute(ctx.database.db)).rejects.toThrow(/immutable/);
    const { rows } = await sql<{ action: string }>`select action from audit_log order by id`.execute(ctx.database.db);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['patrol-zones.export', 'patrol-zone-set.save', 'patrol-zone-set.export']));
    // Details are stored as JSON objects on both backends (postgres.js once stored them as strings).
    const details = await sql<{ kind: string }>`select distinct jsonb_typeof(details) as kind from audit_log`.execute(ctx.database.db);
    expect(details.rows).toEqual([{ kind: 'object' }]);
    expect((await request('/api/patrol-zone-sets/999999')).status).toBe(404);
    const bad = await request(`/api/patrol-zone-sets?${QUERY}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '' }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].pointer).toBe('#/name');
  });

  it('loads in GDAL without warnings', () => {
    const ogrinfo = '/usr/bin/ogrinfo';
    if (!existsSync(ogrinfo)) {
      if (process.env.CI === 'true') throw new Error('CI=true but GDAL (gdal-bin) is not installed');
      console.warn('GDAL check skipped: no /usr/bin/ogrinfo (apt-get install gdal-bin)');
      return;
    }
    const file = join(mkdtempSync(join(tmpdir(), 'zones-')), 'zones.geojson');
    writeFileSync(file, text);
    const out = execFileSync(ogrinfo, ['-ro', '-al', '-so', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(new RegExp(`Feature Count: ${fc.features.length}\\b`));
    expect(out).toMatch(/Geometry: Multi Polygon/);
    expect(out).not.toMatch(/warning|error/i);
  });

  it.each([
    ['rule=biggest', 'rule'],
    ['confidence=80', 'confidence'],
    ['maxZoneArea=10', 'maxZoneArea'],
    ['budgetHours=0', 'budgetHours'],
  ])('%s → 400 naming %s', async (query, parameter) => {
    await expectProblem(await request(`/api/patrol-zones?${query}`), parameter, /./);
  });
}, { demo: true });

/** Two 1 km districts side by side with a cluster on their shared border (x = 351000). */
async function loadBorderCounty(ctx: BackendContext): Promise<void> {
  const square = (x: number) => JSON.stringify({ type: 'Polygon', coordinates: [[[x, 430000], [x + 1000, 430000], [x + 1000, 431000], [x, 431000], [x, 430000]]] });
  const at = (x: number, y: number): IncidentInput => ({ crimeId: null, month: '2025-01', category: 'violent-crime', force: 'test', location: 'On or near Border Street', lsoaCode: null, lsoaName: null, outcome: null, x, y });
  const rows: IncidentInput[] = [];
  for (let k = 0; k < 30; k++) rows.push(at(350950, 430450), at(351050, 430450));
  for (let k = 0; k < 20; k++) rows.push(at(350050 + 97 * k, 430950 - 45 * k));
  await ctx.database.db.transaction().execute(async (trx) => {
    const importId = await startImport(trx, 'police-csv', 'border county');
    await upsertDistricts(trx, 27700, [
      { code: 'X07000001', name: 'Westvale', kind: 'lad', population: 1000, populationYear: 2021, geometry: square(350000) },
      { code: 'X07000002', name: 'Eastvale', kind: 'lad', population: 1000, populationYear: 2021, geometry: square(351000) },
    ]);
    await insertIncidentBatch(trx, { source: 'police-csv', importId, srid: 27700, rows });
    await finishImport(trx, importId, { status: 'succeeded', counts: { rowsRead: rows.length, rowsLoaded: rows.length, rowsWithoutLocation: 0, rowsRejected: 0 }, report: {} });
    await markDataChanged(trx, { synthetic: false });
  });
}

describeBackends('patrol zones at a district border', (ctx) => {
  beforeAll(async () => loadBorderCounty(ctx));

  it('names both districts for a zone that straddles them', async () => {
    const fc: Collection = await (await appFor(ctx)('/api/patrol-zones?cellSize=100&rule=top-cells&k=2&format=json')).json();
    expect(fc.features).toHaveLength(1);
    const zone = fc.features[0]!;
    expect(zone.properties.districts.map((d) => d.code)).toEqual(['X07000001', 'X07000002']);
    expect(zone.properties.incidents).toBe(60);
    expect(zone.properties.area_m2).toBe(20_000);
  });

  it('returns a valid empty collection with a message when nothing qualifies', async () => {
    const res = await appFor(ctx)('/api/patrol-zones?cellSize=100&categories=drugs&format=geojson');
    expect(res.status).toBe(200);
    const fc: Collection = await res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toEqual([]);
    expect(fc.metadata.message).toMatch(/No patrol zones/);
  });
});

describe('patrol zone tests', () => {
  it('run on GDAL in CI', () => {
    if (process.env.CI === 'true') expect(existsSync('/usr/bin/ogrinfo')).toBe(true);
  });
});
