import { describe, expect, it } from 'vitest';
import { latOfTileY, lonOfTileX, tileXOfLon, tileYOfLat } from './web-mercator-tiles';

describe('Web Mercator tile coordinates', () => {
  it('puts the world in one tile at zoom 0 and the origin at its centre', () => {
    expect(tileXOfLon(-180, 0)).toBe(0);
    expect(tileXOfLon(0, 0)).toBe(0.5);
    expect(tileYOfLat(0, 0)).toBeCloseTo(0.5, 12);
    expect(latOfTileY(0, 0)).toBeCloseTo(85.0511287798, 9);
  });

  it('places Blackpool Tower (53.8159 N, 3.0553 W) as worked by hand at zoom 14', () => {
    // x = 176.9447 / 360 · 16384 = 8052.950; y: tan φ = 1.367123, sec φ = 1.693819,
    // ln(3.060942) = 1.118723, (1 − 1.118723 / π) / 2 · 16384 = 5274.825.
    expect(tileXOfLon(-3.0553, 14)).toBeCloseTo(8052.950, 2);
    expect(tileYOfLat(53.8159, 14)).toBeCloseTo(5274.825, 2);
  });

  it('inverts exactly enough for tile edges (round trip within 1e-9 degrees)', () => {
    for (const [lon, lat] of [[-3.0553, 53.8159], [-2.5, 54.1], [0.1, -33.9]] as const) {
      expect(lonOfTileX(tileXOfLon(lon, 14), 14)).toBeCloseTo(lon, 9);
      expect(latOfTileY(tileYOfLat(lat, 14), 14)).toBeCloseTo(lat, 9);
    }
  });
});
