import { describe, expect, it } from 'vitest';
import { encodeSnapPointTile } from '../../server/tiles/encode-snap-point-tile';
import { type TileSnapPoint, decodeSnapPointTile, mergeSnapPointTiles, tilesBox, tilesCovering } from './snap-point-tiles';

// Tiles encoded by the server's own JavaScript encoder (the embedded database's tiles; PostGIS
// writes the same properties), decoded and merged as the street layer does.

const TILE = { z: 14, x: 8100, y: 5300 };
const context = { bbox: [0, 0, 1, 1] as [number, number, number, number], parameters: { preset: null, categories: ['burglary' as const], from: null, to: null, districts: [] }, truncated: false };

const point = (over: Partial<TileSnapPoint>): TileSnapPoint => ({ lon: 0, lat: 0, easting: 0, northing: 0, count: 1, location: null, byCategory: { burglary: 1 }, ...over });

describe('decodeSnapPointTile', () => {
  it('reads each point with its counts, label and position', () => {
    const bytes = encodeSnapPointTile([
      { x: 2048, y: 2048, easting: 383000, northing: 433000, count: 5, byCategory: { burglary: 2, drugs: 3 }, location: 'On or near High Street' },
      { x: 0, y: 4096, easting: 382000, northing: 432000, count: 1, byCategory: { burglary: 1 }, location: null },
    ]);
    const [centre, corner] = decodeSnapPointTile(bytes, TILE);
    // The tile's centre by hand: x 8100.5 of 2^14 tiles, y 5300.5 (inverse Web Mercator).
    const lon = (8100.5 / 16384) * 360 - 180;
    const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * 5300.5) / 16384))) * 180) / Math.PI;
    expect(centre).toEqual({ lon: expect.closeTo(lon, 6), lat: expect.closeTo(lat, 6), easting: 383000, northing: 433000, count: 5, location: 'On or near High Street', byCategory: { burglary: 2, drugs: 3 } });
    // The south-west corner: the west edge of tile x, the south edge (y + 1).
    expect(corner!.lon).toBeCloseTo((8100 / 16384) * 360 - 180, 6);
    expect(corner!.lat).toBeCloseTo((Math.atan(Math.sinh(Math.PI * (1 - (2 * 5301) / 16384))) * 180) / Math.PI, 6);
    expect(corner!.location).toBeNull();
    expect(corner!.byCategory).toEqual({ burglary: 1 });
  });

  it('gives no points for the empty tile (zero bytes)', () => {
    expect(decodeSnapPointTile(new Uint8Array(), TILE)).toEqual([]);
  });
});

describe('mergeSnapPointTiles', () => {
  it('keeps one copy of a point repeated at a tile edge, busiest first, categories zero-filled', () => {
    const edge = point({ easting: 500, northing: 700, count: 4, byCategory: { burglary: 1, drugs: 3 }, location: 'On or near Edge Lane' });
    const west = [point({ easting: 100, northing: 100, count: 2 }), edge];
    const east = [{ ...edge, lon: edge.lon + 1e-6 }, point({ easting: 900, northing: 100, count: 2 }), point({ easting: 50, northing: 100, count: 7, byCategory: { drugs: 7 } })];
    const merged = mergeSnapPointTiles([west, east], context);
    expect(merged.locations).toBe(4);
    expect(merged.easting).toEqual([50, 500, 100, 900]);
    expect(merged.count).toEqual([7, 4, 2, 2]);
    expect(merged.total).toBe(15);
    expect(merged.location).toEqual([null, 'On or near Edge Lane', null, null]);
    expect(merged.byCategory).toEqual({ drugs: [7, 3, 0, 0], burglary: [0, 1, 1, 1] });
    // The first copy met is kept (both copies describe the same point).
    expect(merged.lon[1]).toBe(edge.lon);
    expect(merged.truncated).toBe(false);
    expect(merged.parameters).toBe(context.parameters);
  });

  it('round-trips tiles from the encoder: the same point in two tiles counts once', () => {
    const shared = { easting: 383999, northing: 433500, count: 3, byCategory: { robbery: 3 }, location: 'On or near Mill Street' };
    // The point sits 10 units east of tile x's east edge: in tile x's buffer and inside tile x + 1.
    const a = decodeSnapPointTile(encodeSnapPointTile([{ x: 4106, y: 100, ...shared }]), TILE);
    const b = decodeSnapPointTile(encodeSnapPointTile([{ x: 10, y: 100, ...shared }]), { ...TILE, x: TILE.x + 1 });
    expect(a[0]!.lon).toBeCloseTo(b[0]!.lon, 6);
    const merged = mergeSnapPointTiles([a, b], context);
    expect(merged.locations).toBe(1);
    expect(merged.total).toBe(3);
  });

  it('an empty view has no points', () => {
    expect(mergeSnapPointTiles([[], []], { ...context, truncated: true })).toMatchObject({ locations: 0, total: 0, count: [], byCategory: {}, truncated: true });
  });
});

describe('tilesCovering', () => {
  // Tile 14/8100/5300 spans lon -2.0215 … -1.9995; its latitudes from the formula above.
  const [w, s, e, n] = tilesBox([TILE]);

  it('uses the integer zoom, clamped to the server’s 10–16', () => {
    const inside = [w + 0.001, s + 0.001, e - 0.001, n - 0.001] as const;
    expect(tilesCovering(inside, 14.9, 64)).toEqual({ tiles: [TILE], truncated: false });
    expect(tilesCovering(inside, 17.5, 64).tiles[0]!.z).toBe(16);
    expect(tilesCovering(inside, 8, 64).tiles.every((t) => t.z === 10)).toBe(true);
  });

  it('lists every tile the view touches', () => {
    const across = [w + (e - w) / 2, s + (n - s) / 2, e + (e - w) / 2, n + (n - s) / 2] as const;
    const { tiles } = tilesCovering(across, 14, 64);
    expect(tiles.map((t) => `${t.x}/${t.y}`).sort()).toEqual(['8100/5299', '8100/5300', '8101/5299', '8101/5300']);
  });

  it('keeps the tiles nearest the centre of a view larger than the cap, and says so', () => {
    // Two tiles on each side of TILE, its edges stepped in by a hundredth of a tile (no edge ties).
    const [dx, dy] = [(e - w) * 1.99, (n - s) * 1.99];
    const wide = [w - dx, s - dy, e + dx, n + dy] as const;
    expect(tilesCovering(wide, 14, 64)).toMatchObject({ truncated: false });
    expect(tilesCovering(wide, 14, 64).tiles).toHaveLength(25);
    const capped = tilesCovering(wide, 14, 9);
    expect(capped.truncated).toBe(true);
    expect(capped.tiles.map((t) => `${t.x}/${t.y}`).sort()).toEqual(['8099/5299', '8099/5300', '8099/5301', '8100/5299', '8100/5300', '8100/5301', '8101/5299', '8101/5300', '8101/5301']);
  });
});
