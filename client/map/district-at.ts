import type { DistrictCollection } from '../types';

/** Even-odd ray casting: is (x, y) inside the ring? Points on an edge may fall either way. */
function inRing(ring: ReadonlyArray<ReadonlyArray<number>>, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}

/**
 * The code of the district whose outline holds a lon/lat point (a click on the map), or null.
 * A polygon counts when the point is in its outer ring and in none of its holes. Degrees are
 * treated as planar: at district scale the error is far below a pixel. Where districts of two
 * kinds overlap, the lowest code wins, as the server assigns incidents (db/districts.ts).
 */
export function districtAt(districts: DistrictCollection, lon: number, lat: number): string | null {
  const hits = districts.features.filter((f) =>
    f.geometry.coordinates.some(([outer, ...holes]) => outer !== undefined && inRing(outer, lon, lat) && !holes.some((h) => inRing(h, lon, lat))),
  );
  return hits.map((f) => f.properties.code).sort()[0] ?? null;
}
