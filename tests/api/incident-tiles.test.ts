import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { sql } from 'kysely';
import { PbfReader } from 'pbf';
import { beforeAll, expect, it } from 'vitest';
import { incidentTilePoints } from '../../db/incident-tiles';
import { markDataChanged } from '../../db/dataset';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { encodeIncidentTile } from '../../server/tiles/encode-incident-tile';
import { describeBackends } from '../setup/backends';
import { busiestTile, grownLonLatBox, tileUnits } from './tile-geometry';
import { expectProblem } from './expect-problem';

const config = loadConfig({});
const Z = 14;

interface DecodedFeature {
  id: number;
  x: number;
  y: number;
  category: string;
  month: string;
}

function decode(bytes: ArrayBuffer | Uint8Array): DecodedFeature[] {
  const tile = new VectorTile(new PbfReader(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)));
  const layer = tile.layers.incidents;
  if (!layer) return [];
  expect(layer.extent).toBe(4096);
  const out: DecodedFeature[] = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    expect(f.type).toBe(1);
    const [[point]] = f.loadGeometry() as unknown as [[{ x: number; y: number }]];
    out.push({ id: Number(f.id), x: point.x, y: point.y, category: String(f.properties.category), month: String(f.properties.month) });
  }
  return out.sort((a, b) => a.id - b.id);
}

/** The tile's grown lon/lat box as a PostGIS envelope. */
function lonLatBox(z: number, x: number, y: number) {
  const [w, south, e, north] = grownLonLatBox(z, x, y);
  return sql`ST_MakeEnvelope(${w}::float8, ${south}::float8, ${e}::float8, ${north}::float8, 4326)`;
}

describeBackends('vector tiles of incidents', (ctx) => {
  const app = () => createApp({ database: ctx.database, config });
  let tile = { x: 0, y: 0 };
  let path = '';

  beforeAll(async () => {
    // The busiest z14 tile of the demo county.
    tile = await busiestTile(ctx.database.db, Z);
    path = `/api/tiles/incidents/${Z}/${tile.x}/${tile.y}.mvt`;
  });

  it('serves the tile’s incidents where an independent Web Mercator projection puts them', async () => {
    const res = await app().request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const features = decode(await res.arrayBuffer());
    expect(features.length).toBeGreaterThan(100);

    // Every incident, projected in JavaScript; the tile holds those within its 64-unit buffer.
    const { rows } = await sql<{ id: number; lon: number; lat: number; category: string; month: string }>`
      select id::float8 as id, ST_X(geom) as lon, ST_Y(geom) as lat, category, to_char(month, 'YYYY-MM') as month
      from incidents where geom && ${lonLatBox(Z, tile.x, tile.y)}`.execute(ctx.database.db);
    const expected = new Map<number, { px: number; py: number; category: string; month: string }>();
    const borderline = new Set<number>();
    for (const r of rows) {
      const { px, py } = tileUnits(r.lon, r.lat, Z, tile.x, tile.y);
      const inside = (v: number) => v >= -64 && v <= 4096 + 64;
      const near = (v: number) => Math.abs(v + 64) < 0.01 || Math.abs(v - 4096 - 64) < 0.01;
      if (inside(px) && inside(py)) expected.set(r.id, { px, py, category: r.category, month: r.month });
      if (near(px) || near(py)) borderline.add(r.id);
    }
    const got = new Set(features.map((f) => f.id));
    for (const id of expected.keys()) if (!borderline.has(id)) expect(got.has(id), `incident ${id} missing`).toBe(true);
    for (const f of features) {
      const e = expected.get(f.id);
      if (!e && borderline.has(f.id)) continue;
      expect(e, `incident ${f.id} should not be in the tile`).toBeDefined();
      // Tile units are whole numbers: within 1 unit of the exact position (~2.4 m at z14 over 4096 units).
      expect(Math.abs(f.x - e!.px)).toBeLessThanOrEqual(1);
      expect(Math.abs(f.y - e!.py)).toBeLessThanOrEqual(1);
      expect([f.category, f.month]).toEqual([e!.category, e!.month]);
    }
  });

  it('gives the same features from ST_AsMVT (server) and the JavaScript encoder (embedded)', async () => {
    if (ctx.kind === 'pglite') {
      // PGlite's PostGIS has no protobuf: the server-side encoder is expected to fail there.
      await expect(sql`select ST_AsMVT(t.*) from (select ST_Point(0, 0) as geom) t`.execute(ctx.database.db)).rejects.toThrow(/protobuf/i);
      return;
    }
    const server = decode(await (await app().request(path)).arrayBuffer());
    const points = await incidentTilePoints(ctx.database.db, { z: Z, ...tile, filter: {} });
    const javascript = decode(encodeIncidentTile(points));
    expect(javascript.map((f) => f.id)).toEqual(server.map((f) => f.id));
    for (let i = 0; i < server.length; i++) {
      expect(Math.abs(javascript[i]!.x - server[i]!.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(javascript[i]!.y - server[i]!.y)).toBeLessThanOrEqual(1);
      expect([javascript[i]!.category, javascript[i]!.month]).toEqual([server[i]!.category, server[i]!.month]);
    }
  });

  it('gzips the tile for clients that accept it, to the same features', async () => {
    const plain = await (await app().request(path)).arrayBuffer();
    const res = await app().request(path, { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const zipped = new Uint8Array(await res.arrayBuffer());
    expect(zipped.byteLength).toBeLessThan(plain.byteLength);
    expect(decode(gunzipSync(zipped))).toEqual(decode(plain));
  });

  it('applies the analysis filters', async () => {
    const all = decode(await (await app().request(path)).arrayBuffer());
    const asb = decode(await (await app().request(`${path}?preset=asb&from=2025-01&to=2025-06`)).arrayBuffer());
    expect(asb.length).toBeGreaterThan(0);
    expect(asb.length).toBeLessThan(all.length);
    for (const f of asb) {
      expect(f.category).toBe('anti-social-behaviour');
      expect(f.month >= '2025-01' && f.month <= '2025-06').toBe(true);
    }
    const ids = new Set(all.map((f) => f.id));
    for (const f of asb) expect(ids.has(f.id)).toBe(true);
  });

  it('answers an empty tile far from the data with no bytes', async () => {
    const res = await app().request(`/api/tiles/incidents/${Z}/0/0.mvt`);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('revalidates with the ETag until the data change, and per filter', async () => {
    const first = await app().request(path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toMatch(/no-cache/);
    const again = await app().request(path, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await app().request(`${path}?preset=asb`)).headers.get('etag')).not.toBe(etag);

    await ctx.database.db.transaction().execute((trx) => markDataChanged(trx, { synthetic: true }));
    const changed = await app().request(path, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('refuses zooms outside 10–16 and tiles outside the grid, naming the parameter', async () => {
    await expectProblem(await app().request('/api/tiles/incidents/9/0/0.mvt'), 'z', /zoom from 10 to 16/);
    await expectProblem(await app().request('/api/tiles/incidents/17/0/0.mvt'), 'z', /zoom from 10 to 16/);
    await expectProblem(await app().request(`/api/tiles/incidents/10/1024/0.mvt`), 'x', /below 1024/);
    await expectProblem(await app().request(`/api/tiles/incidents/10/0/1024.mvt`), 'y', /below 1024/);
    await expectProblem(await app().request(`/api/tiles/incidents/12/0/0.png`), 'y', /\.mvt/);
    await expectProblem(await app().request(`${path}?categories=kittens`), 'categories', /unknown category/);
    await expectProblem(await app().request(`${path}?districts=E99999999`), 'districts', /unknown district/);
  });
}, { demo: true });
