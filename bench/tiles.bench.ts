import { loadavg } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { type Kysely, sql } from 'kysely';
import { PbfReader } from 'pbf';
import { TILE_BUFFER, TILE_EXTENT, TILE_LAYER, incidentTileMvt } from '../db/incident-tiles';
import type { Database } from '../db/schema';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { BENCH_DATABASE_URL, benchDatabaseWithDemo } from './bench-database';
import { type Bench, type Figure, stats } from './harness';

// BENCH_TILES_INCIDENTS=20000 runs the same bench on a small database (a quick check that it runs).
const INCIDENTS = Number(process.env.BENCH_TILES_INCIDENTS ?? 1_000_000);
const WARM_UP = 5;
const RUNS = 30;
const Z = 14;

/** Web Mercator tile of a lon/lat, and the tile's lon/lat box (slippy-map formulae). */
function tileOf(lon: number, lat: number, z: number): { x: number; y: number; bbox: [number, number, number, number] } {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  const lonAt = (tx: number) => (tx / n) * 360 - 180;
  const latAt = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return { x, y, bbox: [lonAt(x), latAt(y + 1), lonAt(x + 1), latAt(y)] };
}

/**
 * The tiles MapLibre or deck.gl would fetch for a screen of `width` × `height` CSS pixels at map
 * zoom `z` centred on lon/lat: 512-pixel tiles of zoom z (both libraries' default for vector
 * tiles), every tile the view touches; and the view's lon/lat box.
 */
function viewTiles(lon: number, lat: number, z: number, width: number, height: number) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  const cx = ((lon + 180) / 360) * n;
  const cy = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n;
  const [hw, hh] = [width / 512 / 2, height / 512 / 2];
  const tiles: Array<{ x: number; y: number }> = [];
  for (let x = Math.floor(cx - hw); x <= Math.floor(cx + hw); x++) for (let y = Math.floor(cy - hh); y <= Math.floor(cy + hh); y++) tiles.push({ x, y });
  const lonAt = (tx: number) => (tx / n) * 360 - 180;
  const latAt = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return { tiles, bbox: [lonAt(cx - hw), latAt(cy + hh), lonAt(cx + hw), latAt(cy - hh)] as const };
}

/** Fetches a response as the browser would (gzip on the wire) and returns the wire size and the body. */
async function fetchGzip(request: () => Response | Promise<Response>): Promise<{ wire: number; body: Uint8Array }> {
  const res = await request();
  const raw = new Uint8Array(await res.arrayBuffer());
  return { wire: raw.byteLength, body: res.headers.get('content-encoding') === 'gzip' ? gunzipSync(raw) : raw };
}

/** Decodes a tile's features as a client must to draw them: each point and its properties. */
function decodeTile(bytes: Uint8Array): number {
  if (bytes.byteLength === 0) return 0;
  const layer = new VectorTile(new PbfReader(bytes)).layers.incidents;
  let features = 0;
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const f = layer!.feature(i);
    f.loadGeometry();
    if (f.properties.category !== undefined) features++;
  }
  return features;
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/**
 * A busy z14 tile (the tile of the county's busiest square kilometre) through the endpoint, beside
 * the bare ST_AsMVT query it runs and the snap-point JSON the map's street layer uses today for
 * the same area. After a warm-up the three run interleaved, in rotating order, run by run.
 */
const byteLength = (v: ArrayBuffer | Uint8Array | number) => (typeof v === 'number' ? 0 : v.byteLength);

/** The rows a tile shows, read and reprojected as db/incident-tiles.ts selects them, without encoding: the floor under any tile. */
async function tileSelection(db: Kysely<Database>, x: number, y: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with tile as (select ST_TileEnvelope(${Z}::int, ${x}::int, ${y}::int, margin => ${TILE_BUFFER / TILE_EXTENT}::float8) as grown)
    select count(*)::int as n from incidents i, tile
    where i.geom_bng && ST_Expand(ST_Envelope(ST_Transform(tile.grown, 27700)), 10) and ST_Transform(i.geom, 3857) && tile.grown`.execute(db);
  return rows[0]!.n;
}

/**
 * Design probe, not served: the tile grouped as the snap-point JSON is, one feature per point
 * (whole BNG metre) with its count and a property per category present.
 */
async function groupedTile(db: Kysely<Database>, x: number, y: number): Promise<Uint8Array> {
  const { rows } = await sql<{ mvt: Uint8Array | null }>`
    with tile as (
      select ST_TileEnvelope(${Z}::int, ${x}::int, ${y}::int, margin => ${TILE_BUFFER / TILE_EXTENT}::float8) as grown,
             ST_TileEnvelope(${Z}::int, ${x}::int, ${y}::int) as bounds
    ), per_category as (
      select floor(i.easting) as ex, floor(i.northing) as ny, i.category, count(*)::int as n, (array_agg(ST_Transform(i.geom, 3857)))[1] as geom
      from incidents i, tile
      where i.geom_bng && ST_Expand(ST_Envelope(ST_Transform(tile.grown, 27700)), 10) and ST_Transform(i.geom, 3857) && tile.grown
      group by 1, 2, 3
    ), features as (
      select ST_AsMVTGeom((array_agg(geom))[1], (select bounds from tile)::box2d, ${TILE_EXTENT}::int, ${TILE_BUFFER}::int, true) as geom,
        sum(n)::int as count, jsonb_object_agg(category, n) as categories
      from per_category group by ex, ny
    )
    select ST_AsMVT(features.*, ${TILE_LAYER}::text, ${TILE_EXTENT}::int, 'geom') as mvt from features where geom is not null`.execute(db);
  return rows[0]?.mvt ?? new Uint8Array();
}

const VIEW = { width: 1280, height: 800 };
/** The snap-point loader's margin around the view (client/map/points-loader.ts MARGIN). */
const POINTS_MARGIN = 0.3;
/** Fewer runs than the single tile: a view's tiles at zoom 14 are megabytes. */
const VIEW_RUNS = 10;

/**
 * The street layer's data for one typical screen over the busiest square kilometre, at map zoom
 * 14 and 15: the snap-point JSON the layer fetches today (the view plus the loader's margin, one
 * request, JSON.parse) against the vector tiles covering the view (fetched together, as a map
 * library does, then decoded with @mapbox/vector-tile). Both gzip on the wire and are gunzipped
 * as the browser would; interleaved run by run after a warm-up.
 */
async function viewComparison(app: ReturnType<typeof createApp>, lon: number, lat: number): Promise<Figure[]> {
  const headers = { 'accept-encoding': 'gzip' };
  const figures: Figure[] = [];
  for (const zoom of [14, 15]) {
    const { tiles, bbox } = viewTiles(lon, lat, zoom, VIEW.width, VIEW.height);
    const [dx, dy] = [(bbox[2] - bbox[0]) * POINTS_MARGIN, (bbox[3] - bbox[1]) * POINTS_MARGIN];
    const padded = [bbox[0] - dx, bbox[1] - dy, bbox[2] + dx, bbox[3] + dy].map((v) => v.toFixed(6)).join(',');
    const sides = {
      json: async () => {
        const { wire, body } = await fetchGzip(() => app.request(`/api/incidents/points?bbox=${padded}`, { headers }));
        const points = JSON.parse(new TextDecoder().decode(body)) as { count: number[]; total: number };
        return { wire, raw: body.byteLength, items: points.count.length, incidents: points.total };
      },
      tiles: async () => {
        const got = await Promise.all(tiles.map((t) => fetchGzip(() => app.request(`/api/tiles/incidents/${zoom}/${t.x}/${t.y}.mvt`, { headers }))));
        const features = got.reduce((a, g) => a + decodeTile(g.body), 0);
        return { wire: got.reduce((a, g) => a + g.wire, 0), raw: got.reduce((a, g) => a + g.body.byteLength, 0), items: features, incidents: features };
      },
    };
    const shape = { json: await sides.json(), tiles: await sides.tiles() };
    const samples = { json: [] as number[], tiles: [] as number[] };
    for (let i = 0; i < VIEW_RUNS; i++) {
      for (const name of i % 2 ? (['tiles', 'json'] as const) : (['json', 'tiles'] as const)) {
        const t0 = performance.now();
        await sides[name]();
        samples[name].push(performance.now() - t0);
      }
    }
    const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
    figures.push({
      name: `street layer data of a ${VIEW.width}×${VIEW.height} view at zoom ${zoom} (busiest area): ${tiles.length} vector tiles, fetch + decode, p50`,
      unit: 'ms',
      value: stats(samples.tiles).p50,
      baseline: { name: 'the snap-point JSON of the view + margin, fetch + JSON.parse (p50)', value: stats(samples.json).p50 },
      note: `tiles ${kb(shape.tiles.wire)} gzip (${kb(shape.tiles.raw)} raw), ${shape.tiles.items.toLocaleString('en-GB')} features; JSON ${kb(shape.json.wire)} gzip (${kb(shape.json.raw)} raw), ${shape.json.items.toLocaleString('en-GB')} snap points holding ${shape.json.incidents.toLocaleString('en-GB')} incidents; ${VIEW_RUNS} interleaved runs after a warm-up; tiles min ${stats(samples.tiles).min.toFixed(0)}, JSON min ${stats(samples.json).min.toFixed(0)} ms`,
    });
  }
  return figures;
}

export const bench: Bench = {
  name: 'tiles',
  run: async () => {
    const database = await benchDatabaseWithDemo(INCIDENTS);
    const loadBefore = load();
    try {
      const { rows } = await sql<{ lon: number; lat: number; n: number }>`
        select avg(ST_X(geom))::float8 as lon, avg(ST_Y(geom))::float8 as lat, count(*)::int as n from incidents
        group by floor(easting / 1000), floor(northing / 1000) order by count(*) desc limit 1`.execute(database.db);
      const { x, y, bbox } = tileOf(rows[0]!.lon, rows[0]!.lat, Z);
      const app = createApp({ database, config: loadConfig({ ANALYSIS_CACHE_ENTRIES: '0', DATABASE_URL: BENCH_DATABASE_URL }) });
      const tilePath = `/api/tiles/incidents/${Z}/${x}/${y}.mvt`;
      const pointsPath = `/api/incidents/points?bbox=${bbox.map((v) => v.toFixed(6)).join(',')}`;
      const sides = {
        endpoint: async () => (await app.request(tilePath)).arrayBuffer(),
        sql: async () => incidentTileMvt(database.db, { z: Z, x, y, filter: {} }),
        points: async () => (await app.request(pointsPath)).arrayBuffer(),
        selection: async () => tileSelection(database.db, x, y),
        grouped: async () => groupedTile(database.db, x, y),
      };
      const names = Object.keys(sides) as Array<keyof typeof sides>;
      const bytes: Record<string, number> = {};
      for (let i = 0; i < WARM_UP; i++) for (const name of names) bytes[name] = byteLength(await sides[name]());
      const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
      for (let i = 0; i < RUNS; i++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(i + k) % names.length]!;
          const t0 = performance.now();
          await sides[name]();
          samples[name]!.push(performance.now() - t0);
        }
      }
      const features = (await sql<{ n: number }>`
        select count(*)::int as n from incidents
        where geom && ST_Transform(ST_TileEnvelope(${Z}::int, ${x}::int, ${y}::int, margin => ${64 / 4096}::float8), 4326)`.execute(database.db)).rows[0]!.n;
      const spread = (xs: number[]) => `p50 ${stats(xs).p50.toFixed(1)}, min ${stats(xs).min.toFixed(1)}, p95 ${stats(xs).p95.toFixed(1)} ms`;
      const figures: Figure[] = [
        {
          name: `GET ${tilePath} (${features.toLocaleString('en-GB')} incidents, ${(bytes.endpoint! / 1024).toFixed(0)} KB) on ${INCIDENTS.toLocaleString('en-GB')}, PostGIS: p50`,
          unit: 'ms',
          value: stats(samples.endpoint!).p50,
          baseline: { name: 'the bare ST_AsMVT query (p50)', value: stats(samples.sql!).p50 },
          goal: '< 50',
          note: `endpoint ${spread(samples.endpoint!)}; SQL ${spread(samples.sql!)}; ${RUNS} interleaved runs after ${WARM_UP} warm-ups; load average before ${loadBefore}, after ${load()}`,
        },
        {
          name: 'same area as snap-point JSON (GET /api/incidents/points, uncompressed): p50',
          unit: 'ms',
          value: stats(samples.points!).p50,
          baseline: { name: 'the vector tile endpoint (p50)', value: stats(samples.endpoint!).p50 },
          note: `JSON ${(bytes.points! / 1024).toFixed(0)} KB against the tile's ${(bytes.endpoint! / 1024).toFixed(0)} KB; ${spread(samples.points!)}`,
        },
        {
          name: `where the tile's time goes: selecting its rows alone (no encoding), p50`,
          unit: 'ms',
          value: stats(samples.selection!).p50,
          baseline: { name: 'the bare ST_AsMVT query (p50)', value: stats(samples.sql!).p50 },
          note: `${spread(samples.selection!)}; the rest of the tile's time is ST_AsMVTGeom and ST_AsMVT over every row`,
        },
        {
          name: `design probe: the same tile with one feature per snap point (count and counts per category), PostGIS, p50`,
          unit: 'ms',
          value: stats(samples.grouped!).p50,
          baseline: { name: 'the bare ST_AsMVT query (p50)', value: stats(samples.sql!).p50 },
          note: `${(bytes.grouped! / 1024).toFixed(1)} KB against ${(bytes.sql! / 1024).toFixed(0)} KB; ${spread(samples.grouped!)}; not served by the app`,
        },
      ];
      figures.push(...(await viewComparison(app, rows[0]!.lon, rows[0]!.lat)));
      return { bench: 'tiles', figures, skipped: [] };
    } finally {
      await database.close();
    }
  },
};
