import { loadavg } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { type Kysely, sql } from 'kysely';
import { PbfReader } from 'pbf';
import { TILE_BUFFER, TILE_EXTENT, incidentTileMvt } from '../db/incident-tiles';
import { SNAP_POINT_LAYER, snapPointTileMvt } from '../db/snap-point-tiles';
import { inTileBox, tileBox } from '../db/tile-selection';
import type { Database } from '../db/schema';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { BENCH_DATABASE_URL, benchDatabaseWithDemo } from './bench-database';
import { type Bench, type Figure, stats } from './harness';
import { latOfTileY, lonOfTileX, tileXOfLon, tileYOfLat } from '../geodata/web-mercator-tiles';

// BENCH_TILES_INCIDENTS=20000 runs the same bench on a small database (a quick check that it runs).
const INCIDENTS = Number(process.env.BENCH_TILES_INCIDENTS ?? 1_000_000);
const WARM_UP = 5;
const RUNS = 30;
const Z = 14;

/** Web Mercator tile of a lon/lat, and the tile's lon/lat box. */
function tileOf(lon: number, lat: number, z: number): { x: number; y: number; bbox: [number, number, number, number] } {
  const x = Math.floor(tileXOfLon(lon, z));
  const y = Math.floor(tileYOfLat(lat, z));
  return { x, y, bbox: [lonOfTileX(x, z), latOfTileY(y + 1, z), lonOfTileX(x + 1, z), latOfTileY(y, z)] };
}

/**
 * The tiles MapLibre or deck.gl would fetch for a screen of `width` × `height` CSS pixels at map
 * zoom `z` centred on lon/lat: 512-pixel tiles of zoom z (both libraries' default for vector
 * tiles), every tile the view touches; and the view's lon/lat box.
 */
function viewTiles(lon: number, lat: number, z: number, width: number, height: number) {
  const cx = tileXOfLon(lon, z);
  const cy = tileYOfLat(lat, z);
  const [hw, hh] = [width / 512 / 2, height / 512 / 2];
  const tiles: Array<{ x: number; y: number }> = [];
  for (let x = Math.floor(cx - hw); x <= Math.floor(cx + hw); x++) for (let y = Math.floor(cy - hh); y <= Math.floor(cy + hh); y++) tiles.push({ x, y });
  return { tiles, bbox: [lonOfTileX(cx - hw, z), latOfTileY(cy + hh, z), lonOfTileX(cx + hw, z), latOfTileY(cy - hh, z)] as const };
}

/** Fetches a response as the browser would (gzip on the wire) and returns the wire size and the body. */
async function fetchGzip(request: () => Response | Promise<Response>): Promise<{ wire: number; body: Uint8Array }> {
  const res = await request();
  const raw = new Uint8Array(await res.arrayBuffer());
  return { wire: raw.byteLength, body: res.headers.get('content-encoding') === 'gzip' ? gunzipSync(raw) : raw };
}

/** Decodes a snap-point tile as a client must to draw it: each point and its properties; returns features and incidents. */
function decodeSnapTile(bytes: Uint8Array): { features: number; incidents: number } {
  if (bytes.byteLength === 0) return { features: 0, incidents: 0 };
  const layer = new VectorTile(new PbfReader(bytes)).layers[SNAP_POINT_LAYER];
  let incidents = 0;
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const f = layer!.feature(i);
    f.loadGeometry();
    incidents += Number(f.properties.count);
  }
  return { features: layer?.length ?? 0, incidents };
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

const byteLength = (v: ArrayBuffer | Uint8Array | number) => (typeof v === 'number' ? 0 : v.byteLength);

/**
 * Before the index incidents_snap_position: the rows a tile shows, found through the GiST index on
 * geom_bng and reprojected row by row, counted without encoding (the floor of the old tile query).
 */
async function gistSelection(db: Kysely<Database>, x: number, y: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with tile as (select ST_TileEnvelope(${Z}::int, ${x}::int, ${y}::int, margin => ${TILE_BUFFER / TILE_EXTENT}::float8) as grown)
    select count(*)::int as n from incidents i, tile
    where i.geom_bng && ST_Expand(ST_Envelope(ST_Transform(tile.grown, 27700)), 10) and ST_Transform(i.geom, 3857) && tile.grown`.execute(db);
  return rows[0]!.n;
}

/** The same tile's candidate rows as the tiles now select them: the index range scans alone. */
async function indexSelection(db: Kysely<Database>, x: number, y: number): Promise<number> {
  const box = await tileBox(db, { z: Z, x, y });
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from incidents where ${inTileBox(box, {})}`.execute(db);
  return rows[0]!.n;
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
        const got = await Promise.all(tiles.map((t) => fetchGzip(() => app.request(`/api/tiles/snap-points/${zoom}/${t.x}/${t.y}.mvt`, { headers }))));
        const decoded = got.map((g) => decodeSnapTile(g.body));
        return {
          wire: got.reduce((a, g) => a + g.wire, 0),
          raw: got.reduce((a, g) => a + g.body.byteLength, 0),
          items: decoded.reduce((a, d) => a + d.features, 0),
          incidents: decoded.reduce((a, d) => a + d.incidents, 0),
        };
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
      name: `street layer data of a ${VIEW.width}×${VIEW.height} view at zoom ${zoom} (busiest area): ${tiles.length} snap-point tiles, fetch + decode, p50`,
      unit: 'ms',
      value: stats(samples.tiles).p50,
      baseline: { name: 'the snap-point JSON of the view + margin, fetch + JSON.parse (p50)', value: stats(samples.json).p50 },
      note: `tiles ${kb(shape.tiles.wire)} gzip (${kb(shape.tiles.raw)} raw), ${shape.tiles.items.toLocaleString('en-GB')} features holding ${shape.tiles.incidents.toLocaleString('en-GB')} incidents (points near tile edges are in two tiles); JSON ${kb(shape.json.wire)} gzip (${kb(shape.json.raw)} raw), ${shape.json.items.toLocaleString('en-GB')} snap points holding ${shape.json.incidents.toLocaleString('en-GB')} incidents; ${VIEW_RUNS} interleaved runs after a warm-up; tiles min ${stats(samples.tiles).min.toFixed(0)}, JSON min ${stats(samples.json).min.toFixed(0)} ms`,
    });
  }
  return figures;
}

/**
 * A busy z14 tile (the tile of the county's busiest square kilometre) through both tile endpoints,
 * raw incidents and snap points, each beside the bare ST_AsMVT query it runs; the snap-point JSON
 * of the same area; and the tile's row selection through the new index and the old GiST path.
 * After a warm-up they run interleaved, in rotating order, run by run. Then the street layer's view.
 */
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
      const snapPath = `/api/tiles/snap-points/${Z}/${x}/${y}.mvt`;
      const pointsPath = `/api/incidents/points?bbox=${bbox.map((v) => v.toFixed(6)).join(',')}`;
      const sides = {
        endpoint: async () => (await app.request(tilePath)).arrayBuffer(),
        sql: async () => incidentTileMvt(database.db, { z: Z, x, y, filter: {} }),
        points: async () => (await app.request(pointsPath)).arrayBuffer(),
        snapEndpoint: async () => (await app.request(snapPath)).arrayBuffer(),
        snapSql: async () => snapPointTileMvt(database.db, { z: Z, x, y, filter: {} }),
        gistSelection: async () => gistSelection(database.db, x, y),
        indexSelection: async () => indexSelection(database.db, x, y),
      };
      const names = Object.keys(sides) as Array<keyof typeof sides>;
      const bytes: Record<string, number> = {};
      for (let i = 0; i < WARM_UP; i++) for (const name of names) { const v = await sides[name](); bytes[name] = typeof v === 'number' ? v : byteLength(v); }
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
          name: `GET ${snapPath} (the same ${features.toLocaleString('en-GB')} incidents as one feature per snap point, ${(bytes.snapEndpoint! / 1024).toFixed(1)} KB), PostGIS: p50`,
          unit: 'ms',
          value: stats(samples.snapEndpoint!).p50,
          baseline: { name: 'its bare ST_AsMVT query (p50)', value: stats(samples.snapSql!).p50 },
          goal: '< 50',
          note: `endpoint ${spread(samples.snapEndpoint!)}; SQL ${spread(samples.snapSql!)}`,
        },
        {
          name: `selecting the tile's rows through the index incidents_snap_position (index-only range scans, no encoding), p50`,
          unit: 'ms',
          value: stats(samples.indexSelection!).p50,
          baseline: { name: 'through the GiST index on geom_bng, reprojecting each row, as before (p50)', value: stats(samples.gistSelection!).p50 },
          note: `index ${spread(samples.indexSelection!)}; GiST ${spread(samples.gistSelection!)}; the index reads the box's ${bytes.indexSelection} candidates, a superset tested exactly per position`,
        },
      ];
      figures.push(...(await viewComparison(app, rows[0]!.lon, rows[0]!.lat)));
      return { bench: 'tiles', figures, skipped: [] };
    } finally {
      await database.close();
    }
  },
};
