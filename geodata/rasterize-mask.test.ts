import { describe, expect, it } from 'vitest';
import { featureCollection, intersect, polygon as turfPolygon } from '@turf/turf';
import { rasterizeMask } from './rasterize-mask';

const grid = { originX: 0, originY: 0, cellSize: 100, cols: 4, rows: 4 };

function ones(mask: Uint8Array): number[] {
  return [...mask.keys()].filter((i) => mask[i] === 1);
}

/** Independent check: brute-force even-odd point in polygon at every cell centre. */
function bruteForce(multi: number[][][][], g: typeof grid): Uint8Array {
  const out = new Uint8Array(g.cols * g.rows);
  for (let row = 0; row < g.rows; row++) {
    for (let col = 0; col < g.cols; col++) {
      const x = g.originX + (col + 0.5) * g.cellSize;
      const y = g.originY + (row + 0.5) * g.cellSize;
      let inside = false;
      for (const polygon of multi) {
        for (const ring of polygon) {
          for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            const [xi, yi] = ring[i]!;
            const [xj, yj] = ring[j]!;
            if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside;
          }
        }
      }
      out[row * g.cols + col] = inside ? 1 : 0;
    }
  }
  return out;
}

describe('rasterizeMask', () => {
  it('keeps the cells whose centres are inside a square', () => {
    const square = [[[[0, 0], [200, 0], [200, 200], [0, 200], [0, 0]]]];
    expect(ones(rasterizeMask(square, grid))).toEqual([0, 1, 4, 5]);
  });

  it('excludes holes', () => {
    const withHole = [[
      [[0, 0], [400, 0], [400, 400], [0, 400], [0, 0]],
      [[100, 100], [100, 300], [300, 300], [300, 100], [100, 100]],
    ]];
    expect(ones(rasterizeMask(withHole, grid))).toEqual([0, 1, 2, 3, 4, 7, 8, 11, 12, 13, 14, 15]);
  });

  it('assigns every cell to exactly one of two districts sharing a diagonal border', () => {
    const a = [[[0, 0], [400, 0], [0, 400], [0, 0]]];
    const b = [[[400, 0], [400, 400], [0, 400], [400, 0]]];
    const ma = rasterizeMask([a], grid);
    const mb = rasterizeMask([b], grid);
    for (let i = 0; i < 16; i++) expect(ma[i]! + mb[i]!).toBe(1);
  });

  it('agrees with a brute-force point-in-polygon test on an irregular multipolygon', () => {
    const g = { originX: 1000, originY: 2000, cellSize: 37, cols: 40, rows: 30 };
    const star: number[][] = [];
    for (let k = 0; k <= 14; k++) {
      const angle = (k / 14) * 2 * Math.PI;
      const r = k % 2 === 0 ? 500 : 220;
      star.push([1700 + r * Math.cos(angle), 2550 + r * Math.sin(angle)]);
    }
    star[14] = star[0]!;
    const island = [[2300, 2100], [2400, 2100], [2400, 2950], [2300, 2100]];
    const multi = [[star], [island]];
    expect([...rasterizeMask(multi, g)]).toEqual([...bruteForce(multi, g)]);
  });

  it('ignores parts of polygons beyond the grid', () => {
    const big = [[[[-1000, -1000], [5000, -1000], [5000, 150], [-1000, 150], [-1000, -1000]]]];
    expect(ones(rasterizeMask(big, grid))).toEqual([0, 1, 2, 3]);
  });
});

/** Shoelace area of a (Multi)Polygon in its own planar units: turf's area is geodesic. */
function planarArea(geometry: { type: string; coordinates: unknown }): number {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as number[][][][];
  let total = 0;
  for (const rings of polygons) {
    rings.forEach((ring, k) => {
      let twice = 0;
      for (let i = 0; i + 1 < ring.length; i++) twice += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
      total += (k === 0 ? 1 : -1) * Math.abs(twice / 2);
    });
  }
  return total;
}

describe("rasterizeMask with rule 'intersects'", () => {
  /** Independent check: a cell is kept when clipping the polygons to it leaves a positive area. */
  function overlapsByArea(multi: number[][][][], g: typeof grid): Uint8Array {
    const out = new Uint8Array(g.cols * g.rows);
    for (let row = 0; row < g.rows; row++) {
      for (let col = 0; col < g.cols; col++) {
        const x0 = g.originX + col * g.cellSize;
        const y0 = g.originY + row * g.cellSize;
        const box = [[x0, y0], [x0 + g.cellSize, y0], [x0 + g.cellSize, y0 + g.cellSize], [x0, y0 + g.cellSize], [x0, y0]];
        let area = 0;
        for (const polygon of multi) {
          const clipped = intersect(featureCollection([turfPolygon(polygon), turfPolygon([box])]));
          if (clipped) area += planarArea(clipped.geometry);
        }
        out[row * g.cols + col] = area > 1e-6 ? 1 : 0;
      }
    }
    return out;
  }

  it('keeps a cut cell at the coast: the boundary cuts the cell, its centre is at sea', () => {
    // Land is x < 130: column 1's centre (150) is at sea, yet 30 m of it is land.
    const land = [[[[0, 0], [130, 0], [130, 400], [0, 400], [0, 0]]]];
    expect(ones(rasterizeMask(land, grid, 'centre'))).toEqual([0, 4, 8, 12]);
    expect(ones(rasterizeMask(land, grid, 'intersects'))).toEqual([0, 1, 4, 5, 8, 9, 12, 13]);
  });

  it('adds no cell for a boundary running along a grid line', () => {
    const square = [[[[0, 0], [200, 0], [200, 200], [0, 200], [0, 0]]]];
    expect(ones(rasterizeMask(square, grid, 'intersects'))).toEqual([0, 1, 4, 5]);
  });

  it('keeps a polygon smaller than one cell', () => {
    const speck = [[[[210, 310], [230, 310], [230, 330], [210, 330], [210, 310]]]];
    expect(ones(rasterizeMask(speck, grid, 'centre'))).toEqual([]);
    expect(ones(rasterizeMask(speck, grid, 'intersects'))).toEqual([14]);
  });

  it('agrees with clipping each cell (turf) on an irregular star with a hole', () => {
    const g = { originX: 1000, originY: 2000, cellSize: 37, cols: 30, rows: 30 };
    const star: number[][] = [];
    for (let k = 0; k <= 14; k++) {
      const angle = (k / 14) * 2 * Math.PI;
      const r = k % 2 === 0 ? 500 : 220;
      star.push([1555 + r * Math.cos(angle), 2555 + r * Math.sin(angle)]);
    }
    star[14] = star[0]!;
    const hole = [[1500, 2500], [1500, 2610], [1610, 2610], [1610, 2500], [1500, 2500]];
    const multi = [[star, hole]];
    const expected = overlapsByArea(multi, g);
    expect([...rasterizeMask(multi, g, 'intersects')]).toEqual([...expected]);
    // …and keeps strictly more cells than the centre rule, all of them on the boundary.
    expect(ones(rasterizeMask(multi, g, 'intersects')).length).toBeGreaterThan(ones(rasterizeMask(multi, g, 'centre')).length);
  });
});
