import { describe, expect, it } from 'vitest';
import { bngToLonLat, lonLatToBng } from './bng';

describe('bng', () => {
  // PostGIS 3.3 (PROJ 9.1) and PGlite's PostGIS 3.6 both gave this for ST_Transform(POINT(-2.7 53.76), 27700).
  it('matches PostGIS to the centimetre', () => {
    const [x, y] = lonLatToBng(-2.7, 53.76);
    expect(x).toBeCloseTo(353948.324392, 2);
    expect(y).toBeCloseTo(429521.280625, 2);
  });

  // The datum shift is inverted iteratively: sub-centimetre, far below what a map cell needs.
  it('round-trips to the centimetre', () => {
    const [lon, lat] = bngToLonLat(410000, 245000);
    const [x, y] = lonLatToBng(lon, lat);
    expect(x).toBeCloseTo(410000, 2);
    expect(y).toBeCloseTo(245000, 2);
  });
});
