import { VectorTile } from '@mapbox/vector-tile';
import { sql } from 'kysely';
import { PbfReader } from 'pbf';
import { beforeAll, expect, it } from 'vitest';
import { markDataChanged } from '../../db/dataset';
import type { IncidentPoints } from '../../db/incident-points';
import { snapPointTilePoints } from '../../db/snap-point-tiles';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { encodeSnapPointTile } from '../../server/tiles/encode-snap-point-tile';
import { describeBackends } from '../setup/backends';
import { busiestTile, grownLonLatBox, tileUnits } from './tile-geometry';
import { expectProblem } from './expect-problem';

const config = loadConfig({});
const Z = 14;
const FIELDS = new Set(['count', 'easting', 'northing', 'location']);

interface DecodedPoint {
  x: number;
  y: number;
  easting: number;
  northing: number;
  count: number;
  location: string | null;
  byCategory: Record<string, number>;
}

function decode(bytes: ArrayBuffer | Uint8Array): DecodedPoint[] {
  const tile = new VectorTile(new PbfReader(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)));
  const layer = tile.layers['snap-points'];
  if (!layer) return [];
  expect(layer.extent).toBe(4096);
  const out: DecodedPoint[] = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    expect(f.type).toBe(1);
    const [[point]] = f.loadGeometry() as unknown as [[{ x: number; y: number }]];
    const p = f.properties;
    const byCategory = Object.fromEntries(Object.entries(p).filter(([k]) => !FIELDS.has(k)).map(([k, v]) => [k, Number(v)]));
    out.push({ x: point.x, y: point.y, easting: Number(p.easting), northing: Number(p.northing), count: Number(p.count), location: p.location === undefined ? null : String(p.location), byCategory });
  }
  return out.sort((a, b) => a.easting - b.easting || a.northing - b.northing);
}

describeBackends('vector tiles of snap points', (ctx) => {
  const app = () => createApp({ database: ctx.database, config });
  let tile = { x: 0, y: 0 };
  let path = '';

  beforeAll(async () => {
    // The busiest z14 tile of the demo county.
    tile = await busiestTile(ctx.database.db, Z);
    path = `/api/tiles/snap-points/${Z}/${tile.x}/${tile.y}.mvt`;
  });

  /**
   * What the street layer's JSON says of the snap points inside the tile (within its 64-unit
   * buffer), placed by an independent projection of their lon/lat; borderline ones either way.
   */
  async function expectedFromJson(query: string) {
    const res = await app().request(`/api/incidents/points?bbox=${grownLonLatBox(Z, tile.x, tile.y).map((v) => v.toFixed(6)).join(',')}${query}`);
    expect(res.status).toBe(200);
    const json = (await res.json()) as IncidentPoints;
    expect(json.truncated).toBe(false);
    const expected = new Map<string, DecodedPoint & { px: number; py: number }>();
    const borderline = new Set<string>();
    json.count.forEach((count, i) => {
      const { px, py } = tileUnits(json.lon[i]!, json.lat[i]!, Z, tile.x, tile.y);
      const key = `${json.easting[i]} ${json.northing[i]}`;
      const inside = (v: number) => v >= -64 && v <= 4096 + 64;
      const near = (v: number) => Math.abs(v + 64) < 0.01 || Math.abs(v - 4096 - 64) < 0.01;
      if (near(px) || near(py)) borderline.add(key);
      if (!inside(px) || !inside(py)) return;
      const byCategory = Object.fromEntries(Object.entries(json.byCategory).filter(([, counts]) => counts[i]! > 0).map(([slug, counts]) => [slug, counts[i]!]));
      expected.set(key, { px, py, x: Math.round(px), y: Math.round(py), easting: json.easting[i]!, northing: json.northing[i]!, count, location: json.location[i]!, byCategory });
    });
    return { expected, borderline };
  }

  async function expectTileMatchesJson(query: string) {
    const res = await app().request(`${path}${query ? `?${query.slice(1)}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const features = decode(await res.arrayBuffer());
    const { expected, borderline } = await expectedFromJson(query);
    const got = new Map(features.map((f) => [`${f.easting} ${f.northing}`, f]));
    for (const key of expected.keys()) if (!borderline.has(key)) expect(got.has(key), `snap point ${key} missing`).toBe(true);
    for (const [key, f] of got) {
      const e = expected.get(key);
      if (!e && borderline.has(key)) continue;
      expect(e, `snap point ${key} should not be in the tile`).toBeDefined();
      // Whole tile units: within 1 unit of the exact position (~1.4 m on the ground at z14 in England).
      expect(Math.abs(f.x - e!.px)).toBeLessThanOrEqual(1);
      expect(Math.abs(f.y - e!.py)).toBeLessThanOrEqual(1);
      expect({ count: f.count, location: f.location, byCategory: f.byCategory }).toEqual({ count: e!.count, location: e!.location, byCategory: e!.byCategory });
    }
    return features;
  }

  it('serves one feature per snap point with the counts, categories and label of the points JSON', async () => {
    const features = await expectTileMatchesJson('');
    expect(features.length).toBeGreaterThan(20);
    const incidents = features.reduce((a, f) => a + f.count, 0);
    expect(incidents).toBeGreaterThan(features.length * 2);
    for (const f of features) expect(Object.values(f.byCategory).reduce((a, n) => a + n, 0)).toBe(f.count);
  });

  it('applies the analysis filters as the points JSON does', async () => {
    const all = await expectTileMatchesJson('');
    const asb = await expectTileMatchesJson('&preset=asb&from=2025-01&to=2025-06');
    expect(asb.length).toBeGreaterThan(0);
    expect(asb.reduce((a, f) => a + f.count, 0)).toBeLessThan(all.reduce((a, f) => a + f.count, 0));
    for (const f of asb) expect(Object.keys(f.byCategory)).toEqual(['anti-social-behaviour']);
  });

  it('gives the same features from ST_AsMVT (server) and the JavaScript encoder (embedded)', async () => {
    if (ctx.kind === 'pglite') {
      // PGlite's PostGIS has no protobuf: the server-side encoder is expected to fail there.
      await expect(sql`select ST_AsMVT(t.*) from (select ST_Point(0, 0) as geom) t`.execute(ctx.database.db)).rejects.toThrow(/protobuf/i);
      return;
    }
    const server = decode(await (await app().request(path)).arrayBuffer());
    const javascript = decode(encodeSnapPointTile(await snapPointTilePoints(ctx.database.db, { z: Z, ...tile, filter: {} })));
    expect(javascript.length).toBe(server.length);
    for (let i = 0; i < server.length; i++) {
      expect(Math.abs(javascript[i]!.x - server[i]!.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(javascript[i]!.y - server[i]!.y)).toBeLessThanOrEqual(1);
      expect({ ...javascript[i]!, x: 0, y: 0 }).toEqual({ ...server[i]!, x: 0, y: 0 });
    }
  });

  it('answers an empty tile far from the data with no bytes', async () => {
    const res = await app().request(`/api/tiles/snap-points/${Z}/0/0.mvt`);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('revalidates with its own ETag until the data change', async () => {
    const first = await app().request(path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toMatch(/no-cache/);
    expect((await app().request(path, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // The incidents tile of the same address is other content: it must not revalidate as this one.
    const incidents = await app().request(path.replace('snap-points', 'incidents'), { headers: { 'if-none-match': etag } });
    expect(incidents.status).toBe(200);
    await ctx.database.db.transaction().execute((trx) => markDataChanged(trx, { synthetic: true }));
    expect((await app().request(path, { headers: { 'if-none-match': etag } })).status).toBe(200);
  });

  it('refuses zooms outside 10–16 and unknown filters, naming the parameter', async () => {
    await expectProblem(await app().request('/api/tiles/snap-points/9/0/0.mvt'), 'z', /zoom from 10 to 16/);
    await expectProblem(await app().request('/api/tiles/snap-points/12/0/0.png'), 'y', /\.mvt/);
    await expectProblem(await app().request(`${path}?categories=kittens`), 'categories', /unknown category/);
  });
}, { demo: true });
