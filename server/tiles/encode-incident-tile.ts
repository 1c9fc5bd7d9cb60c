import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { type IncidentTilePoint, TILE_EXTENT, TILE_LAYER } from '../../db/incident-tiles';

/**
 * Encodes points already in tile units as a Mapbox Vector Tile (v2) with one layer, as ST_AsMVT
 * would: each incident a Point feature with its id and `category`, `month` properties. Used on the
 * embedded database, whose PostGIS is built without protobuf. An empty tile is zero bytes.
 */
export function encodeIncidentTile(points: readonly IncidentTilePoint[]): Uint8Array {
  if (points.length === 0) return new Uint8Array();
  const features = points.map((p) => ({ id: p.id, type: 1 as const, geometry: [[p.x, p.y]], tags: { category: p.category, month: p.month } }));
  // vt-pbf reads geojson-vt's tile shape; the cast names only the fields it reads.
  return fromGeojsonVt({ [TILE_LAYER]: { features } } as unknown as Parameters<typeof fromGeojsonVt>[0], { version: 2, extent: TILE_EXTENT });
}
