import { describe, expect, it } from 'vitest';
import { multiPolygonArea, ringSignedArea } from './planar';
import { voronoiTiling } from './voronoi-tiling';

describe('voronoiTiling', () => {
  it('splits a square between two sites along their bisector (hand-computed)', () => {
    const cells = voronoiTiling([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 5], [8, 5]]);
    expect(cells.map(multiPolygonArea)).toEqual([50, 50]);
    const xs = (i: number): number[] => cells[i][0][0].map((p) => p[0]);
    expect(Math.max(...xs(0))).toBe(5);
    expect(Math.min(...xs(1))).toBe(5);
  });

  it('keeps both pieces when a concave outline is cut in two (a MultiPolygon cell)', () => {
    // A "U": two 2 m-wide arms joined by a 2 m base; sites split it at y = 4.
    const u = [[0, 0], [6, 0], [6, 8], [4, 8], [4, 2], [2, 2], [2, 8], [0, 8], [0, 0]];
    const [top, bottom] = voronoiTiling(u, [[3, 7], [3, 1]]);
    expect(top).toHaveLength(2);
    expect(bottom).toHaveLength(1);
    // U area 6 × 8 − 2 × 6 = 36; top: two 2 × 4 arms above y = 4; bottom: 36 − 16.
    expect(multiPolygonArea(top)).toBeCloseTo(16, 12);
    expect(multiPolygonArea(bottom)).toBeCloseTo(20, 12);
    for (const polygon of [...top, ...bottom]) expect(ringSignedArea(polygon[0])).toBeGreaterThan(0);
  });

  it('rejects an outline vertex lying exactly on a Voronoi edge', () => {
    expect(() => voronoiTiling([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[0, 0], [10, 10]])).toThrow(
      'degenerate tiling: an outline vertex lies on a Voronoi edge',
    );
  });
});
