import { describe, expect, it } from 'vitest';
import { getisOrdGiStar, type Neighbourhood } from './gistar';
import { spaceTimeGiStar } from './space-time-gistar';
import { mulberry32 } from './seeded-random';

const opts = (neighbourhood: Neighbourhood, extra: { mask?: Uint8Array; timeSteps?: number; cellSize?: number } = {}) => ({
  neighbourhood,
  cellSize: extra.cellSize ?? 100,
  mask: extra.mask,
  timeSteps: extra.timeSteps,
  includeSelf: true as const,
});

/**
 * Independent reference written plainly from the ArcGIS description: a bin's neighbours are the
 * bins within the spatial neighbourhood (itself included) in the same step and the k previous
 * steps; global mean and population SD over all kept bins; the Gi* formula with binary weights.
 */
function bruteForce(
  cube: ArrayLike<number>,
  steps: number,
  cols: number,
  rows: number,
  isSpatialNeighbour: (dr: number, dc: number) => boolean,
  k: number,
  mask?: ArrayLike<number>,
): Float64Array {
  const cells = cols * rows;
  const bins: { t: number; r: number; c: number; i: number }[] = [];
  for (let t = 0; t < steps; t++) {
    for (let cell = 0; cell < cells; cell++) {
      if (mask && mask[cell] === 0) continue;
      bins.push({ t, r: Math.floor(cell / cols), c: cell % cols, i: t * cells + cell });
    }
  }
  const n = bins.length;
  const mean = bins.reduce((a, b) => a + cube[b.i], 0) / n;
  const s = Math.sqrt(bins.reduce((a, b) => a + (cube[b.i] - mean) ** 2, 0) / n);
  const z = new Float64Array(steps * cells).fill(NaN);
  for (const b of bins) {
    const window = bins.filter(
      (o) =>
        o.t <= b.t &&
        o.t >= b.t - k &&
        ((o.r === b.r && o.c === b.c) || isSpatialNeighbour(o.r - b.r, o.c - b.c)),
    );
    const w = window.length;
    const sum = window.reduce((a, o) => a + cube[o.i], 0);
    z[b.i] = (sum - mean * w) / (s * Math.sqrt((w * (n - w)) / (n - 1)));
  }
  return z;
}

const QUEEN = (dr: number, dc: number) => Math.abs(dr) <= 1 && Math.abs(dc) <= 1;
const ROOK = (dr: number, dc: number) => Math.abs(dr) + Math.abs(dc) === 1;
const DIST = (cell: number, d: number) => (dr: number, dc: number) => Math.hypot(dr * cell, dc * cell) <= d + 1e-6;

const rng = mulberry32;

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Number.isFinite(expected[i])) expect(actual[i], `bin ${i}`).toBeNaN();
    else expect(Math.abs(actual[i] - expected[i]), `bin ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThan(tol);
  }
}

describe('spaceTimeGiStar: hand-computed 3 × 3 grid, 3 steps, queen, k = 1', () => {
  // One count of 9 in the centre cell (index 4) at the last step. n = 27 bins, x̄ = 9/27 = 1/3,
  // S² = 81/27 − 1/9 = 26/9. Windows reach back one step only, so the burst is invisible to
  // steps 0 and 1.
  const cube = new Float64Array(27);
  cube[2 * 9 + 4] = 9;
  const z = spaceTimeGiStar(cube, 3, 3, 3, opts('queen'));
  const S = Math.sqrt(26) / 3;
  const giStar = (sum: number, w: number) => (sum - w / 3) / (S * Math.sqrt((w * (27 - w)) / 26));

  it('centre, step 2: W = 2 steps × 9 cells = 18, Σ = 9 → z = 3 / (√162 / 3) = 1/√2', () => {
    expect(giStar(9, 18)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(z[2 * 9 + 4]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('centre, step 0: W = 9 (no earlier step), Σ = 0 → z = −3 / (√162 / 3) = −1/√2', () => {
    expect(z[4]).toBeCloseTo(-Math.SQRT1_2, 12);
  });

  it('centre, step 1: W = 18, Σ = 0 → z = −√2 (the burst is in the future, not in the window)', () => {
    expect(z[9 + 4]).toBeCloseTo(-Math.SQRT2, 12);
  });

  it('corner, step 2: W = 2 × 4 = 8, Σ = 9 → z = 19/√152; corner, step 1: z = −8/√152', () => {
    expect(z[2 * 9]).toBeCloseTo(19 / Math.sqrt(152), 12);
    expect(z[9]).toBeCloseTo(-8 / Math.sqrt(152), 12);
  });

  it('bins whose window holds the burst (all of step 2) are positive, all others negative', () => {
    for (let i = 0; i < 27; i++) expect(Math.sign(z[i]), `bin ${i}`).toBe(i >= 18 ? 1 : -1);
  });
});

describe('spaceTimeGiStar: against a brute-force reference (tol 1e-9)', () => {
  const hoods: [string, Neighbourhood, (dr: number, dc: number) => boolean][] = [
    ['queen', 'queen', QUEEN],
    ['rook', 'rook', ROOK],
    ['distance 250 m', { distance: 250 }, DIST(100, 250)],
  ];
  let seed = 11;
  for (const [label, nh, rule] of hoods) {
    for (const k of [0, 1, 2]) {
      for (const masked of [false, true]) {
        const s = seed++;
        it(`7 × 5 × 6 steps, ${label}, k = ${k}${masked ? ', masked' : ''}`, () => {
          const rand = rng(s);
          const [cols, rows, steps] = [7, 5, 6];
          const cube = Float64Array.from({ length: steps * cols * rows }, () => Math.floor(rand() * rand() * 8));
          const mask = masked ? Uint8Array.from({ length: cols * rows }, () => (rand() < 0.8 ? 1 : 0)) : undefined;
          const z = spaceTimeGiStar(cube, steps, cols, rows, opts(nh, { mask, timeSteps: k }));
          expectClose(z, bruteForce(cube, steps, cols, rows, rule, k, mask), 1e-9);
        });
      }
    }
  }
});

describe('spaceTimeGiStar: properties', () => {
  const [cols, rows, steps] = [9, 6, 5];
  const rand = rng(5);
  const cube = Float64Array.from({ length: steps * cols * rows }, () => Math.floor(rand() * 6));
  const mask = Uint8Array.from({ length: cols * rows }, () => (rand() < 0.85 ? 1 : 0));

  it('one step, or k = 0 with one step, equals the spatial Gi*', () => {
    const slice = cube.subarray(0, cols * rows);
    const spatial = getisOrdGiStar(slice, cols, rows, { neighbourhood: 'queen', cellSize: 100, mask, includeSelf: true });
    expectClose(spaceTimeGiStar(slice, 1, cols, rows, opts('queen', { mask })), spatial, 1e-12);
    expectClose(spaceTimeGiStar(slice, 1, cols, rows, opts('queen', { mask, timeSteps: 0 })), spatial, 1e-12);
  });

  it('mirroring every step east–west mirrors z', () => {
    const flip = <T extends Float64Array | Uint8Array>(a: T, layers: number): T => {
      const out = a.slice() as T;
      for (let t = 0; t < layers; t++)
        for (let r = 0; r < rows; r++)
          for (let c = 0; c < cols; c++) out[t * cols * rows + r * cols + c] = a[t * cols * rows + r * cols + (cols - 1 - c)];
      return out;
    };
    const z = spaceTimeGiStar(cube, steps, cols, rows, opts('queen', { mask }));
    const zf = spaceTimeGiStar(flip(cube, steps), steps, cols, rows, opts('queen', { mask: flip(mask, 1) }));
    expectClose(zf, flip(z, steps), 1e-12);
  });

  it('z is invariant to scaling by a positive constant and to adding a constant', () => {
    const z = spaceTimeGiStar(cube, steps, cols, rows, opts('rook', { mask, timeSteps: 2 }));
    expectClose(spaceTimeGiStar(cube.map((v) => v * 12.5), steps, cols, rows, opts('rook', { mask, timeSteps: 2 })), z, 1e-10);
    expectClose(spaceTimeGiStar(cube.map((v) => v + 500), steps, cols, rows, opts('rook', { mask, timeSteps: 2 })), z, 1e-9);
  });

  it('a burst in the last step gives the highest z at its bin', () => {
    const burst = new Float64Array(steps * cols * rows);
    const at = (steps - 1) * cols * rows + 2 * cols + 4;
    burst[at] = 40;
    const z = spaceTimeGiStar(burst, steps, cols, rows, opts({ distance: 150 }));
    expect(z[at]).toBeGreaterThan(Math.max(...z) - 1e-12);
  });

  it('masked bins are NaN in every step; all-equal cubes are NaN everywhere', () => {
    const z = spaceTimeGiStar(cube, steps, cols, rows, opts('queen', { mask }));
    for (let t = 0; t < steps; t++)
      for (let i = 0; i < cols * rows; i++) expect(Number.isNaN(z[t * cols * rows + i])).toBe(mask[i] === 0);
    expect(spaceTimeGiStar(new Float64Array(steps * cols * rows), steps, cols, rows, opts('queen')).every(Number.isNaN)).toBe(true);
  });

  it('rejects bad shapes and time steps', () => {
    expect(() => spaceTimeGiStar(cube, steps + 1, cols, rows, opts('queen'))).toThrow(RangeError);
    expect(() => spaceTimeGiStar(cube, steps, cols, rows, opts('queen', { timeSteps: -1 }))).toThrow(RangeError);
    expect(() => spaceTimeGiStar(cube, steps, cols, rows, opts('queen', { timeSteps: 1.5 }))).toThrow(RangeError);
  });
});
