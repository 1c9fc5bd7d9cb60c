/**
 * Planar geometry on projected coordinates (EPSG:27700 metres): shoelace areas, ring orientation
 * and point-in-polygon. Turf's area and distance functions are geodesic and expect WGS84
 * degrees, so they must not be used on British National Grid coordinates.
 *
 * Shoelace formula: A = ½ Σ (x_i·y_{i+1} − x_{i+1}·y_i); positive for a counter-clockwise ring
 * with x east and y north. Point in polygon: crossing-number (even-odd) rule.
 *
 * @example
 * ringSignedArea([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]); // 100 (m², counter-clockwise)
 */
export type Ring = number[][];
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

/** Signed area in m²; positive when the ring runs counter-clockwise. Ring closed or not. */
export function ringSignedArea(ring: Ring): number {
  let sum = 0;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    sum += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  }
  return sum / 2;
}

/** [minX, minY, maxX, maxY] of a ring, in its own units. */
export function ringBbox(ring: Ring): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of ring) {
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

/** Area in m² of a MultiPolygon: exteriors minus holes. */
export function multiPolygonArea(coords: MultiPolygonCoords): number {
  let area = 0;
  for (const polygon of coords) {
    polygon.forEach((ring, i) => {
      area += i === 0 ? Math.abs(ringSignedArea(ring)) : -Math.abs(ringSignedArea(ring));
    });
  }
  return area;
}

/** Even-odd point-in-ring test; points exactly on an edge may go either way. */
export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const yi = ring[i][1];
    const yj = ring[j][1];
    if (yi > y !== yj > y) {
      const xCross = ring[j][0] + ((y - yj) / (yi - yj)) * (ring[i][0] - ring[j][0]);
      if (x < xCross) inside = !inside;
    }
  }
  return inside;
}

export function pointInMultiPolygon(x: number, y: number, coords: MultiPolygonCoords): boolean {
  for (const polygon of coords) {
    if (!pointInRing(x, y, polygon[0])) continue;
    let inHole = false;
    for (let h = 1; h < polygon.length && !inHole; h++) inHole = pointInRing(x, y, polygon[h]);
    if (!inHole) return true;
  }
  return false;
}

/** Shortest distance in metres from (x, y) to any edge of the ring. */
export function distanceToRing(x: number, y: number, ring: Ring): number {
  let best = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const ax = ring[j][0];
    const ay = ring[j][1];
    const dx = ring[i][0] - ax;
    const dy = ring[i][1] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    const ex = ax + t * dx - x;
    const ey = ay + t * dy - y;
    best = Math.min(best, ex * ex + ey * ey);
  }
  return Math.sqrt(best);
}

/** RFC 7946 winding: exterior rings counter-clockwise, holes clockwise; rings closed. Returns a copy. */
export function rewindMultiPolygon(coords: MultiPolygonCoords): MultiPolygonCoords {
  return coords.map((polygon) =>
    polygon.map((ring, i) => {
      const closed = closeRing(ring);
      const ccw = ringSignedArea(closed) > 0;
      return ccw === (i === 0) ? closed : closed.slice().reverse();
    }),
  );
}

function closeRing(ring: Ring): Ring {
  const first = ring[0];
  const last = ring[ring.length - 1];
  const copy = ring.map((p) => [p[0], p[1]]);
  if (first[0] !== last[0] || first[1] !== last[1]) copy.push([first[0], first[1]]);
  return copy;
}

/**
 * A fast "inside the ring, at least marginM from its edge" test: a grid of cellM squares is
 * classified once (wholly inside, wholly outside, or near the edge); only points in edge cells
 * run the exact O(vertices) tests.
 */
export function ringTester(ring: Ring, cellM: number, marginM: number): (x: number, y: number) => boolean {
  const [minX, minY, maxX, maxY] = ringBbox(ring);
  const cols = Math.ceil((maxX - minX) / cellM) + 1;
  const rows = Math.ceil((maxY - minY) / cellM) + 1;
  const halfDiagonal = (cellM * Math.SQRT2) / 2;
  const state = new Uint8Array(cols * rows); // 0 outside, 1 inside, 2 check exactly
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cx = minX + (c + 0.5) * cellM;
      const cy = minY + (r + 0.5) * cellM;
      const clear = distanceToRing(cx, cy, ring) > halfDiagonal + marginM;
      state[r * cols + c] = clear ? (pointInRing(cx, cy, ring) ? 1 : 0) : 2;
    }
  }
  return (x, y) => {
    const c = Math.floor((x - minX) / cellM);
    const r = Math.floor((y - minY) / cellM);
    if (c < 0 || r < 0 || c >= cols || r >= rows) return false;
    const s = state[r * cols + c];
    if (s !== 2) return s === 1;
    return pointInRing(x, y, ring) && (marginM <= 0 || distanceToRing(x, y, ring) >= marginM);
  };
}
