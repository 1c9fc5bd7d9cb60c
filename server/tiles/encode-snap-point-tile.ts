import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { TILE_EXTENT } from '../../db/tile-selection';
import { SNAP_POINT_LAYER, type SnapPointTilePoint } from '../../db/snap-point-tiles';

/**
 * Encodes snap points already in tile units as a Mapbox Vector Tile (v2), layer `snap-points`,
 * with the properties ST_AsMVT gives them (db/snap-point-tiles.ts): `count`, `easting`,
 * `northing`, `location` when named, and each category present as its slug. Used on the embedded
 * database, whose PostGIS is built without protobuf. An empty tile is zero bytes.
 */
export function encodeSnapPointTile(points: readonly SnapPointTilePoint[]): Uint8Array {
  if (points.length === 0) return new Uint8Array();
  const features = points.map((p) => ({
    type: 1 as const,
    geometry: [[p.x, p.y]],
    tags: { count: p.count, easting: p.easting, northing: p.northing, ...(p.location === null ? {} : { location: p.location }), ...p.byCategory },
  }));
  // vt-pbf reads geojson-vt's tile shape; the cast names only the fields it reads.
  return fromGeojsonVt({ [SNAP_POINT_LAYER]: { features } } as unknown as Parameters<typeof fromGeojsonVt>[0], { version: 2, extent: TILE_EXTENT });
}
