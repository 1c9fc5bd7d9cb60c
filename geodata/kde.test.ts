import { describe, expect, it } from 'vitest';
import type { GridSpec } from './grid';
import { defaultBandwidth, kernelDensity } from './kde';
import { mulberry32 } from './seeded-random';

const peak = (h: number) => (3 / (Math.PI * h * h)) * 1e6;

const rng = mulberry32;

describe('kernelDensity', () => {
  it('puts 3/(π h²)·10⁶ per km² at the centre of the cell a lone point sits on', () => {
    const grid: GridSpec = { originX: 350000, originY: 420000, cellSize: 50, cols: 40, rows: 40 };
    const d = kernelDensity(new Float64Array([351025]), new Float64Array([421025]), grid, { bandwidth: 200 });
    expect(d[20 * 40 + 20]).toBeCloseTo(peak(200), 10);
    // One cell east: d = 50 m, K = peak·(1 − 50²/200²)².
    expect(d[20 * 40 + 21]).toBeCloseTo(peak(200) * (1 - 2500 / 40000) ** 2, 10);
    // Exactly h away (4 cells north): the kernel is 0 at d = h.
    expect(d[24 * 40 + 20]).toBe(0);
  });

  it('keeps the total mass: Σ density × cell area ≈ n within 1 % when the grid covers every kernel', () => {
    const next = rng(42);
    const n = 200;
    const h = 200;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    // Grid 0..2000 m square; points kept 250 m from the edges so every kernel lies inside.
    for (let i = 0; i < n; i++) {
      x[i] = 250 + next() * 1500;
      y[i] = 250 + next() * 1500;
    }
    const grid: GridSpec = { originX: 0, originY: 0, cellSize: 10, cols: 200, rows: 200 };
    const d = kernelDensity(x, y, grid, { bandwidth: h });
    let mass = 0;
    for (const v of d) mass += v * (10 * 10) / 1e6;
    expect(Math.abs(mass - n) / n).toBeLessThan(0.01);
  });

  it('is symmetric about a point at the centre of an odd grid', () => {
    const grid: GridSpec = { originX: 0, originY: 0, cellSize: 25, cols: 21, rows: 21 };
    const d = kernelDensity(new Float64Array([262.5]), new Float64Array([262.5]), grid, { bandwidth: 180 });
    const at = (r: number, c: number) => d[r * 21 + c];
    for (let r = 0; r < 21; r++) {
      for (let c = 0; c < 21; c++) {
        expect(at(r, c)).toBeCloseTo(at(20 - r, c), 12);
        expect(at(r, c)).toBeCloseTo(at(r, 20 - c), 12);
        expect(at(r, c)).toBeCloseTo(at(c, r), 12);
      }
    }
  });

  it('orients rows south to north and columns west to east', () => {
    const grid: GridSpec = { originX: 1000, originY: 2000, cellSize: 100, cols: 3, rows: 2 };
    // Point at the centre of the north-east cell (row 1, col 2).
    const d = kernelDensity(new Float64Array([1250]), new Float64Array([2150]), grid, { bandwidth: 90 });
    expect(d[1 * 3 + 2]).toBeCloseTo(peak(90), 10);
    expect(d.filter((v) => v > 0)).toHaveLength(1);
  });

  it('scales linearly with weights and sums overlapping kernels', () => {
    const grid: GridSpec = { originX: 0, originY: 0, cellSize: 20, cols: 30, rows: 30 };
    const x = new Float64Array([290, 330, 150]);
    const y = new Float64Array([300, 310, 420]);
    const one = kernelDensity(x, y, grid, { bandwidth: 150 });
    const weighted = kernelDensity(x, y, grid, { bandwidth: 150, weights: new Float64Array([2.5, 2.5, 2.5]) });
    for (let k = 0; k < one.length; k++) expect(weighted[k]).toBeCloseTo(2.5 * one[k], 9);

    const mixed = kernelDensity(x, y, grid, { bandwidth: 150, weights: new Float64Array([1, 0, 4]) });
    const first = kernelDensity(x.subarray(0, 1), y.subarray(0, 1), grid, { bandwidth: 150 });
    const third = kernelDensity(x.subarray(2), y.subarray(2), grid, { bandwidth: 150 });
    for (let k = 0; k < one.length; k++) expect(mixed[k]).toBeCloseTo(first[k] + 4 * third[k], 9);
  });

  it('lets a point outside the grid reach cells within h of it', () => {
    const grid: GridSpec = { originX: 0, originY: 0, cellSize: 10, cols: 10, rows: 10 };
    // 30 m west of the grid, level with row 0's centre: col 0's centre is 35 m away.
    const d = kernelDensity(new Float64Array([-30]), new Float64Array([5]), grid, { bandwidth: 50 });
    expect(d[0]).toBeCloseTo(peak(50) * (1 - 35 ** 2 / 50 ** 2) ** 2, 10);
    expect(d[5]).toBe(0);
  });

  it('returns zeros for no points and rejects bad input with exact messages', () => {
    const grid: GridSpec = { originX: 0, originY: 0, cellSize: 10, cols: 2, rows: 2 };
    expect(Array.from(kernelDensity(new Float64Array(0), new Float64Array(0), grid))).toEqual([0, 0, 0, 0]);
    const p = new Float64Array([5]);
    expect(() => kernelDensity(p, new Float64Array(0), grid, { bandwidth: 10 })).toThrow('kde: x and y lengths differ (1 vs 0)');
    expect(() => kernelDensity(p, p, { ...grid, cellSize: 0 }, { bandwidth: 10 })).toThrow('kde: cellSize must be a positive number of metres, got 0');
    expect(() => kernelDensity(p, p, { ...grid, cols: 1.5 }, { bandwidth: 10 })).toThrow('kde: cols and rows must be positive integers, got 1.5 × 2');
    expect(() => kernelDensity(p, p, grid, { bandwidth: -1 })).toThrow('kde: bandwidth must be a positive number of metres, got -1');
    expect(() => kernelDensity(p, p, grid, { bandwidth: 10, weights: new Float64Array([-1]) })).toThrow('kde: weight 0 must be finite and ≥ 0, got -1');
    expect(() => kernelDensity(new Float64Array([NaN]), p, grid, { bandwidth: 10 })).toThrow('kde: point 0 has a non-finite coordinate');
  });
});

describe('defaultBandwidth (ArcGIS spatial Silverman rule)', () => {
  // Hand computation: mean centre (0, 0); every distance is 100 m, so D_m = 100 and
  // SD = √((100² + 100²)/4 + (100² + 100²)/4) = 100; h = 0.9 · min(100, 1.2011·100) · 4^(−0.2).
  it('reproduces a hand-computed symmetric case', () => {
    const h = defaultBandwidth(new Float64Array([100, -100, 0, 0]), new Float64Array([0, 0, 100, -100]));
    expect(h).toBeCloseTo(0.9 * 100 * 4 ** -0.2, 10);
    expect(h).toBeCloseTo(68.20724549296791, 10);
  });

  // Reference values from an independent NumPy implementation of the same formula.
  it('uses the median distance when an outlier inflates the standard distance', () => {
    const x = new Float64Array([0, 10, 0, 10, 1000]);
    const y = new Float64Array([0, 0, 10, 10, 1000]);
    expect(defaultBandwidth(x, y)).toBeCloseTo(220.56718142649433, 9);
    expect(defaultBandwidth(x, y, new Float64Array([1, 2, 1, 2, 0.5]))).toBeCloseTo(81.40183471479435, 9);
  });

  it('ignores zero-weight points in the median', () => {
    // Distances from the weighted centre (50, 0): 50, 0 (zero weight), 50 → D_m = 50, SD = 50.
    const x = new Float64Array([0, 50, 100]);
    const y = new Float64Array([0, 0, 0]);
    expect(defaultBandwidth(x, y, new Float64Array([1, 0, 1]))).toBeCloseTo(0.9 * 50 * 2 ** -0.2, 10);
  });

  it('gives the same answer for unit weights as for none', () => {
    const x = new Float64Array([0, 30, 70, 10, 55, 90]);
    const y = new Float64Array([5, 80, 20, 40, 60, 0]);
    expect(defaultBandwidth(x, y, new Float64Array(6).fill(1))).toBeCloseTo(defaultBandwidth(x, y), 12);
  });

  it('is used when no bandwidth is given', () => {
    const x = new Float64Array([100, -100, 0, 0]);
    const y = new Float64Array([0, 0, 100, -100]);
    const grid: GridSpec = { originX: -200, originY: -200, cellSize: 400, cols: 1, rows: 1 };
    // Cell centre (0, 0) is 100 m from each point and h = 68.2 m, so nothing reaches it.
    expect(kernelDensity(x, y, grid)[0]).toBe(0);
    const near: GridSpec = { originX: 50, originY: -50, cellSize: 100, cols: 1, rows: 1 };
    const h = 68.20724549296791;
    expect(kernelDensity(x, y, near)[0]).toBeCloseTo(peak(h), 8);
  });

  it('throws when the points have no spread', () => {
    expect(() => defaultBandwidth(new Float64Array([5, 5]), new Float64Array([7, 7]))).toThrow(
      'kde: points have no spread, so no default bandwidth; pass options.bandwidth',
    );
    expect(() => defaultBandwidth(new Float64Array(0), new Float64Array(0))).toThrow(
      'kde: cannot derive a default bandwidth from no points (or zero total weight)',
    );
  });
});
