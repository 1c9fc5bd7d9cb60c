import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { latOfTileY, lonOfTileX, tileXOfLon, tileYOfLat } from '../../geodata/web-mercator-tiles';
import type { IncidentPoints } from '../types';

/** The layer of GET /api/tiles/snap-points/{z}/{x}/{y}.mvt (db/snap-point-tiles.ts SNAP_POINT_LAYER). */
export const SNAP_POINT_LAYER = 'snap-points';

/** One Web Mercator tile address. */
export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** One snap point of a decoded tile: the fields of one entry of the points JSON. */
export interface TileSnapPoint {
  lon: number;
  lat: number;
  /** Whole BNG metres (EPSG:27700) the server grouped the incidents on: the point's identity. */
  easting: number;
  northing: number;
  count: number;
  location: string | null;
  /** Counts per category slug present at the point. */
  byCategory: Record<string, number>;
}

/** The tile properties that are not category counts (every other property is a category slug). */
const FIXED = new Set(['count', 'easting', 'northing', 'location']);

/** 6 decimals of a degree (~0.1 m), as the points JSON rounds them. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Decodes one snap-point tile into its points, positioned in lon/lat from the tile units (extent
 * 4096 on a 512 px tile: a unit is under 0.6 m at zoom 14, finer than the 6-decimal JSON needs).
 * An empty body (the server's empty tile) has no points.
 */
export function decodeSnapPointTile(bytes: Uint8Array, tile: TileAddress): TileSnapPoint[] {
  if (bytes.byteLength === 0) return [];
  const layer = new VectorTile(new PbfReader(bytes)).layers[SNAP_POINT_LAYER];
  if (!layer) return [];
  const out: TileSnapPoint[] = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    const at = f.loadGeometry()[0]?.[0];
    if (!at) continue;
    const byCategory: Record<string, number> = {};
    for (const [k, v] of Object.entries(f.properties)) if (!FIXED.has(k)) byCategory[k] = Number(v);
    out.push({
      lon: round6(lonOfTileX(tile.x + at.x / f.extent, tile.z)),
      lat: round6(latOfTileY(tile.y + at.y / f.extent, tile.z)),
      easting: Number(f.properties.easting),
      northing: Number(f.properties.northing),
      count: Number(f.properties.count),
      location: typeof f.properties.location === 'string' ? f.properties.location : null,
      byCategory,
    });
  }
  return out;
}

/** What the tiles cannot say and the loader knows: the view's filters and how much was loaded. */
export interface MergeContext {
  bbox: [number, number, number, number];
  parameters: IncidentPoints['parameters'];
  /** True when only part of the view's tiles were loaded (a very large view). */
  truncated: boolean;
}

/**
 * Merges decoded tiles into the columnar shape the street layers draw. A point within a tile's
 * buffer is in its neighbour too: the copies are dropped, keyed on the whole BNG metre the server
 * grouped on (easting, northing). Busiest first, then by easting and northing: the order of the
 * points JSON, so the keyboard list and drawing order stay as they were. Categories absent at a
 * point count 0 there, as in the JSON.
 */
export function mergeSnapPointTiles(tiles: ReadonlyArray<readonly TileSnapPoint[]>, context: MergeContext): IncidentPoints {
  const seen = new Map<string, TileSnapPoint>();
  for (const tile of tiles) {
    for (const p of tile) {
      const key = `${p.easting},${p.northing}`;
      if (!seen.has(key)) seen.set(key, p);
    }
  }
  const points = [...seen.values()].sort((a, b) => b.count - a.count || a.easting - b.easting || a.northing - b.northing);
  const out: IncidentPoints = {
    bbox: context.bbox,
    parameters: context.parameters,
    locations: points.length,
    lon: [],
    lat: [],
    easting: [],
    northing: [],
    count: [],
    location: [],
    byCategory: {},
    total: 0,
    truncated: context.truncated,
  };
  points.forEach((p, i) => {
    out.lon.push(p.lon);
    out.lat.push(p.lat);
    out.easting.push(p.easting);
    out.northing.push(p.northing);
    out.count.push(p.count);
    out.location.push(p.location);
    out.total += p.count;
    for (const [category, n] of Object.entries(p.byCategory)) (out.byCategory[category] ??= new Array<number>(points.length).fill(0))[i] = n;
  });
  return out;
}

/**
 * The tiles covering a lon/lat view at map zoom `zoom`: zoom floor(zoom) clamped to the
 * server's 10–16, every tile the view touches (512 px tiles, as MapLibre covers a view). When
 * more than `maxTiles` touch it (a very large screen), the `maxTiles` nearest the view's centre,
 * and `truncated`.
 */
export function tilesCovering(view: readonly [number, number, number, number], zoom: number, maxTiles: number): { tiles: TileAddress[]; truncated: boolean } {
  const z = Math.min(16, Math.max(10, Math.floor(zoom)));
  const n = 2 ** z;
  const tx = (lon: number) => tileXOfLon(lon, z);
  const ty = (lat: number) => tileYOfLat(Math.max(-85.0511, Math.min(85.0511, lat)), z);
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
  const [x0, x1, y0, y1] = [clamp(tx(view[0])), clamp(tx(view[2])), clamp(ty(view[3])), clamp(ty(view[1]))];
  const tiles: TileAddress[] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) tiles.push({ z, x, y });
  if (tiles.length <= maxTiles) return { tiles, truncated: false };
  const [cx, cy] = [(tx(view[0]) + tx(view[2])) / 2, (ty(view[1]) + ty(view[3])) / 2];
  const d = (t: TileAddress) => (t.x + 0.5 - cx) ** 2 + (t.y + 0.5 - cy) ** 2;
  return { tiles: tiles.sort((a, b) => d(a) - d(b) || a.x - b.x || a.y - b.y).slice(0, maxTiles), truncated: true };
}

/** The lon/lat box of a set of tiles (west, south, east, north). */
export function tilesBox(tiles: readonly TileAddress[]): [number, number, number, number] {
  const z = tiles[0]?.z ?? 0;
  const xs = tiles.map((t) => t.x);
  const ys = tiles.map((t) => t.y);
  return [lonOfTileX(Math.min(...xs), z), latOfTileY(Math.max(...ys) + 1, z), lonOfTileX(Math.max(...xs) + 1, z), latOfTileY(Math.min(...ys), z)];
}
