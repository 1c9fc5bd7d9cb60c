import { describe, expect, it } from 'vitest';
import { bngToLonLat } from '../../geodata/bng';
import { cellIndexAt, cellRing, cornerLattice } from './cell-grid';
import { classOf, quantileBreaks } from './analysis-data';

describe('BNG cell geometry', () => {
  const grid = { originX: 410000, originY: 246000, cellSize: 250, cols: 3, rows: 2 };

  it('builds one lattice node per corner and rings that match a direct transform (< 1e-9°)', () => {
    const lattice = cornerLattice(grid);
    expect(lattice.length).toBe(4 * 3 * 2);
    const ring = cellRing(lattice, grid, 1 * 3 + 2); // row 1, col 2
    const expected = [
      [410500, 246250], [410750, 246250], [410750, 246500], [410500, 246500], [410500, 246250],
    ].map(([x, y]) => bngToLonLat(x!, y!));
    ring.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(expected[i]![0], 9);
      expect(p[1]).toBeCloseTo(expected[i]![1], 9);
    });
  });

  it('finds the cell under a point, and −1 outside the grid', () => {
    expect(cellIndexAt(grid, 410370, 246080)).toBe(1);
    expect(cellIndexAt(grid, 410740, 246499)).toBe(5);
    expect(cellIndexAt(grid, 409999, 246080)).toBe(-1);
    expect(cellIndexAt(grid, 410000, 246500)).toBe(-1);
  });
});

describe('density classes', () => {
  it('takes quantile breaks of the positive values, merging duplicates', () => {
    expect(quantileBreaks([0, null, 1, 1, 1, 2, 3, 4], 3)).toEqual([1, 2, 4]);
    expect(quantileBreaks([0, 0], 6)).toEqual([]);
  });
  it('puts zero in no class and the maximum in the last', () => {
    const breaks = [1, 2, 4];
    expect([0, 0.5, 1, 1.5, 4, 9].map((v) => classOf(v, breaks))).toEqual([-1, 0, 0, 1, 2, 2]);
  });
});
