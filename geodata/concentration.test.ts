import { describe, expect, it } from 'vitest';
import { crimeConcentration } from './concentration';

describe('crimeConcentration', () => {
  // By hand: N = 10, total 10; ⌈0.1⌉ = ⌈0.5⌉ = ⌈1⌉ = 1 cell, holding 6 → 0.6 for all three.
  // Half the total (5) is reached by the single busiest cell. Gini: sorted ascending the non-zero
  // values sit at i = 8, 9, 10: (16−11)·1 + (18−11)·3 + (20−11)·6 = 80; 80 / (10·10) = 0.8.
  it('computes a small hand-worked example', () => {
    expect(crimeConcentration([0, 6, 0, 0, 3, 0, 0, 1, 0, 0])).toEqual({
      cells: 10,
      total: 10,
      top1: 0.6,
      top5: 0.6,
      top10: 0.6,
      cellsFor50: 1,
      cellShareFor50: 0.1,
      gini: 0.8,
    });
  });

  // By hand: 200 cells: 2 × 50, 3 × 10, 15 × 2, 180 × 0; total 160.
  // top 1 % = 2 cells = 100 → 0.625; top 5 % = 10 cells = 100 + 30 + 5·2 = 140 → 0.875;
  // top 10 % = 20 cells = 160 → 1. Half (80) needs 2 cells → 1 % of cells.
  // Gini: twos at i = 181…195 give 2·(2·2820 − 15·201) = 5250; tens at 196…198 give
  // 10·(2·591 − 603) = 5790; fifties at 199, 200 give 50·(798 − 402) = 19800;
  // (5250 + 5790 + 19800) / (200·160) = 0.96375.
  it('computes a 200-cell hand-worked example', () => {
    const values = [...Array(180).fill(0), ...Array(15).fill(2), ...Array(3).fill(10), 50, 50];
    const r = crimeConcentration(Float64Array.from(values.reverse()));
    expect(r.cells).toBe(200);
    expect(r.total).toBe(160);
    expect(r.top1).toBeCloseTo(0.625, 15);
    expect(r.top5).toBeCloseTo(0.875, 15);
    expect(r.top10).toBe(1);
    expect(r.cellsFor50).toBe(2);
    expect(r.cellShareFor50).toBe(0.01);
    expect(r.gini).toBeCloseTo(0.96375, 15);
  });

  it('rounds a fractional number of cells up', () => {
    // 250 cells: top 1 % = ⌈2.5⌉ = 3 cells, top 5 % = ⌈12.5⌉ = 13 cells, top 10 % = 25 cells.
    const values = Float64Array.from({ length: 250 }, (_, i) => (i < 30 ? 1 : 0));
    const r = crimeConcentration(values);
    expect(r.top1).toBeCloseTo(3 / 30, 15);
    expect(r.top5).toBeCloseTo(13 / 30, 15);
    expect(r.top10).toBeCloseTo(25 / 30, 15);
    expect(r.cellsFor50).toBe(15);
  });

  it('reports an even spread as Gini 0 with shares equal to the cell shares', () => {
    const r = crimeConcentration(new Float64Array(100).fill(4));
    expect(r.gini).toBe(0);
    expect(r.top1).toBeCloseTo(0.01, 15);
    expect(r.top5).toBeCloseTo(0.05, 15);
    expect(r.top10).toBeCloseTo(0.1, 15);
    expect(r.cellsFor50).toBe(50);
  });

  it('reaches the maximum Gini (N − 1)/N when one cell holds everything', () => {
    const values = new Float64Array(20);
    values[7] = 12.5; // harm, not just counts
    const r = crimeConcentration(values);
    expect(r.gini).toBeCloseTo(19 / 20, 15);
    expect(r.top1).toBe(1);
    expect(r.cellShareFor50).toBe(0.05);
  });

  it('gives NaN figures for an empty or crime-free study area', () => {
    const empty = crimeConcentration([]);
    expect(empty.cells).toBe(0);
    expect(empty.gini).toBeNaN();
    const none = crimeConcentration([0, 0, 0]);
    expect(none.total).toBe(0);
    expect(none.top10).toBeNaN();
    expect(none.cellsFor50).toBeNaN();
  });

  it('rejects negative and non-finite values', () => {
    expect(() => crimeConcentration([1, -2])).toThrow('concentration: value 1 must be finite and ≥ 0, got -2');
    expect(() => crimeConcentration([NaN])).toThrow('concentration: value 0 must be finite and ≥ 0, got NaN');
  });
});
