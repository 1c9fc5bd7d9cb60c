import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  getisOrdGiStar,
  getisOrdGiStarWithWindows,
  windowHalfWidths,
  type Neighbourhood,
} from './gistar';
import { mulberry32 } from './seeded-random';

const FIXTURES = new URL('../tests/fixtures/gistar/', import.meta.url);
const readFixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;

interface WorkedExamples {
  cell_size: number;
  cols: number;
  rows: number;
  counts: number[];
  cases: { name: string; neighbourhood: Neighbourhood; mask?: number[]; z: (number | null)[] }[];
  spikes: {
    name: string;
    neighbourhood: Neighbourhood;
    spike_index: number;
    spike_value: number;
    expected: Record<string, number>;
    argmax?: number;
  }[];
}

interface SpdepCase {
  cols: number;
  rows: number;
  cell_size: number;
  counts: number[];
  mask?: number[];
  results: Record<string, { neighbourhood: Neighbourhood; z: (number | null)[]; window: (number | null)[] }>;
}

const worked = readFixture<WorkedExamples>('worked-examples.json');

/** Cell by cell: null ↔ NaN, numbers within tol. */
function expectCells(actual: ArrayLike<number>, expected: (number | null)[], tol: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    if (e === null) expect(actual[i], `cell ${i}`).toBeNaN();
    else expect(Math.abs(actual[i] - e), `cell ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol);
  }
}

const opts = (neighbourhood: Neighbourhood, mask?: ArrayLike<number>, cellSize = 100) => ({
  neighbourhood,
  cellSize,
  mask: mask ? Uint8Array.from(mask) : undefined,
  includeSelf: true as const,
});

/**
 * Independent reference: explicit neighbour lists (the spdep recipe: neighbours by rule, subset to
 * kept cells, add self, binary weights) and the textbook formula, no prefix sums.
 */
function bruteForceGiStar(
  x: ArrayLike<number>,
  cols: number,
  rows: number,
  isNeighbour: (dr: number, dc: number) => boolean,
  mask?: ArrayLike<number>,
): Float64Array {
  const keep = (i: number) => !mask || mask[i] === 1;
  const kept = [...Array(cols * rows).keys()].filter(keep);
  const n = kept.length;
  const mean = kept.reduce((a, i) => a + x[i], 0) / n;
  const s = Math.sqrt(kept.reduce((a, i) => a + (x[i] - mean) ** 2, 0) / n);
  const z = new Float64Array(cols * rows).fill(NaN);
  for (const i of kept) {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const window = kept.filter((j) => {
      const dr = Math.floor(j / cols) - r;
      const dc = (j % cols) - c;
      return (dr === 0 && dc === 0) || isNeighbour(dr, dc);
    });
    const w = window.length;
    const sum = window.reduce((a, j) => a + x[j], 0);
    z[i] = (sum - mean * w) / (s * Math.sqrt((w * (n - w)) / (n - 1)));
  }
  return z;
}

const QUEEN = (dr: number, dc: number) => Math.abs(dr) <= 1 && Math.abs(dc) <= 1;
const ROOK = (dr: number, dc: number) => Math.abs(dr) + Math.abs(dc) === 1;
const DIST = (cell: number, d: number) => (dr: number, dc: number) =>
  Math.hypot(dr * cell, dc * cell) <= d + 1e-6;

const rng = mulberry32;

function randomCounts(cells: number, seed: number): Float64Array {
  const rand = rng(seed);
  return Float64Array.from({ length: cells }, () => Math.floor(rand() * rand() * 12));
}

describe('getisOrdGiStar: docs/gistar.md worked examples (spdep 1.2.7, 6 decimals, tol 1e-6)', () => {
  for (const c of worked.cases) {
    it(c.name, () => {
      const z = getisOrdGiStar(worked.counts, worked.cols, worked.rows, opts(c.neighbourhood, c.mask));
      expectCells(z, c.z, 1e-6);
    });
  }

  it('hand check: queen, row 0 col 2 (count 9) is 23 / 7.0210211', () => {
    const z = getisOrdGiStar(worked.counts, 5, 4, opts('queen'));
    expect(z[2]).toBeCloseTo(23 / (Math.sqrt(11.15) * Math.sqrt((20 * 6 - 36) / 19)), 12);
  });

  it('hand check: masked queen, row 2 col 1 has W = 8 and z = 0.673513', () => {
    const { z, windowSize } = getisOrdGiStarWithWindows(worked.counts, 5, 4, opts('queen', worked.cases[2].mask));
    expect(windowSize[11]).toBe(8);
    expect(windowSize[19]).toBe(3);
    expect(Math.abs(z[11] - 0.673513)).toBeLessThan(1e-6);
  });

  for (const s of worked.spikes) {
    it(`orientation: ${s.name}`, () => {
      const x = new Float64Array(20);
      x[s.spike_index] = s.spike_value;
      const z = getisOrdGiStar(x, 5, 4, opts(s.neighbourhood));
      for (const [i, v] of Object.entries(s.expected)) expect(Math.abs(z[Number(i)] - v)).toBeLessThan(1e-6);
      if (s.argmax !== undefined) {
        const max = Math.max(...z);
        expect(z.indexOf(max)).toBe(s.argmax);
        expect(z.filter((v) => v === max)).toHaveLength(1);
      }
    });
  }
});

describe('getisOrdGiStar: spdep fixtures (bench/gistar-spdep.R, 30 × 20, tol 1e-9)', () => {
  for (const file of ['spdep-30x20-full.json', 'spdep-30x20-masked.json']) {
    const fx = readFixture<SpdepCase>(file);
    for (const [name, r] of Object.entries(fx.results)) {
      it(`${file} ${name}: z and W_i cell by cell`, () => {
        const { z, windowSize } = getisOrdGiStarWithWindows(
          fx.counts,
          fx.cols,
          fx.rows,
          opts(r.neighbourhood, fx.mask, fx.cell_size),
        );
        expectCells(z, r.z, 1e-9);
        expect(Array.from(windowSize)).toEqual(r.window.map((w) => w ?? 0));
      });
    }
  }
});

describe('getisOrdGiStar: against a brute-force neighbour-list implementation (tol 1e-9)', () => {
  const shapes: [number, number][] = [[1, 2], [1, 7], [7, 1], [2, 3], [13, 9], [25, 31]];
  const hoods: [string, Neighbourhood, number, (dr: number, dc: number) => boolean][] = [
    ['queen', 'queen', 100, QUEEN],
    ['rook', 'rook', 100, ROOK],
    ['distance 33.3 m on 33.3 m cells (≡ rook)', { distance: 33.3 }, 33.3, DIST(33.3, 33.3)],
    ['distance 250 m', { distance: 250 }, 100, DIST(100, 250)],
    ['distance 320 m', { distance: 320 }, 100, DIST(100, 320)],
    ['distance 80 m (self only)', { distance: 80 }, 100, DIST(100, 80)],
  ];
  let seed = 1;
  for (const [cols, rows] of shapes) {
    for (const [label, nh, cell, rule] of hoods) {
      for (const masked of [false, true]) {
        const s = seed++;
        it(`${cols} × ${rows}, ${label}${masked ? ', masked' : ''}`, () => {
          const x = randomCounts(cols * rows, s);
          const rand = rng(s + 1000);
          const mask = masked ? Uint8Array.from({ length: cols * rows }, () => (rand() < 0.8 ? 1 : 0)) : undefined;
          const z = getisOrdGiStar(x, cols, rows, opts(nh, mask, cell));
          const ref = bruteForceGiStar(x, cols, rows, rule, mask);
          for (let i = 0; i < z.length; i++) {
            if (Number.isNaN(ref[i]) || !Number.isFinite(ref[i])) expect(z[i]).toBeNaN();
            else expect(Math.abs(z[i] - ref[i])).toBeLessThan(1e-9);
          }
        });
      }
    }
  }
});

describe('window sizes W_i', () => {
  const sizes = (nh: Neighbourhood, cols = 7, rows = 7, cell = 100) =>
    getisOrdGiStarWithWindows(randomCounts(cols * rows, 3), cols, rows, opts(nh, undefined, cell)).windowSize;

  it('queen 9 / 6 / 4 and rook 5 / 4 / 3 (interior / edge / corner)', () => {
    const q = sizes('queen');
    const r = sizes('rook');
    expect([q[3 * 7 + 3], q[3], q[0], q[48]]).toEqual([9, 6, 4, 4]);
    expect([r[3 * 7 + 3], r[3], r[0], r[48]]).toEqual([5, 4, 3, 3]);
  });

  it('one-row grids: queen and rook both 3 inside, 2 at the ends', () => {
    expect(Array.from(sizes('queen', 5, 1))).toEqual([2, 3, 3, 3, 2]);
    expect(Array.from(sizes('rook', 5, 1))).toEqual([2, 3, 3, 3, 2]);
  });

  it('distance bands on the lattice: 1, 1.5, 2, 2.5, 3.2 cells → 5, 9, 13, 21, 37 interior cells', () => {
    const centre = 7 * 15 + 7;
    for (const [cells, w] of [[1, 5], [1.5, 9], [2, 13], [2.5, 21], [3.2, 37]]) {
      expect(sizes({ distance: cells * 100 }, 15, 15)[centre]).toBe(w);
      // Off-lattice cell size: the 1e-6 m tolerance keeps boundary pairs (docs/gistar.md's 33.3 m case).
      expect(sizes({ distance: cells * 33.3 }, 15, 15, 33.3)[centre]).toBe(w);
    }
  });

  it('half-widths describe the same offsets as the distance rule', () => {
    expect(Array.from(windowHalfWidths({ distance: 250 }, 100))).toEqual([1, 2, 2, 2, 1]);
    expect(Array.from(windowHalfWidths({ distance: 99 }, 100))).toEqual([0]);
  });

  it('a band wider than the grid covers the whole grid without a huge offset table', () => {
    expect(Array.from(windowHalfWidths({ distance: 1e12 }, 100, 3))).toEqual([3, 3, 3, 3, 3, 3, 3]);
    const { z, windowSize } = getisOrdGiStarWithWindows(randomCounts(12, 5), 4, 3, opts({ distance: 1e12 }));
    expect(Array.from(windowSize).every((w) => w === 12)).toBe(true);
    expect(z.every(Number.isNaN)).toBe(true);
  });
});

describe('getisOrdGiStar: properties', () => {
  const cols = 23;
  const rows = 17;
  const x = randomCounts(cols * rows, 42);
  const rand = rng(7);
  const mask = Uint8Array.from({ length: cols * rows }, () => (rand() < 0.85 ? 1 : 0));
  const hoods: Neighbourhood[] = ['queen', 'rook', { distance: 250 }];
  const flipCols = <T extends ArrayLike<number>>(a: T, make: (n: number) => T & { [i: number]: number }) => {
    const out = make(a.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = a[r * cols + (cols - 1 - c)];
    return out;
  };
  const flipRows = <T extends ArrayLike<number>>(a: T, make: (n: number) => T & { [i: number]: number }) => {
    const out = make(a.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = a[(rows - 1 - r) * cols + c];
    return out;
  };
  const f64 = (n: number) => new Float64Array(n);
  const u8 = (n: number) => new Uint8Array(n);

  for (const nh of hoods) {
    for (const m of [undefined, mask]) {
      const label = `${JSON.stringify(nh)}${m ? ' masked' : ''}`;
      const z = getisOrdGiStar(x, cols, rows, opts(nh, m));

      it(`mirroring the grid mirrors z (${label})`, () => {
        const zx = getisOrdGiStar(flipCols(x, f64), cols, rows, opts(nh, m && flipCols(m, u8)));
        const zy = getisOrdGiStar(flipRows(x, f64), cols, rows, opts(nh, m && flipRows(m, u8)));
        expectCells(zx, Array.from(flipCols(z, f64), (v) => (Number.isNaN(v) ? null : v)), 1e-12);
        expectCells(zy, Array.from(flipRows(z, f64), (v) => (Number.isNaN(v) ? null : v)), 1e-12);
      });

      it(`z is invariant to scaling counts by a positive constant and adding a constant (${label})`, () => {
        const scaled = getisOrdGiStar(x.map((v) => v * 37.5), cols, rows, opts(nh, m));
        const shifted = getisOrdGiStar(x.map((v) => v + 1000), cols, rows, opts(nh, m));
        const z0 = Array.from(z, (v) => (Number.isNaN(v) ? null : v));
        expectCells(scaled, z0, 1e-10);
        expectCells(shifted, z0, 1e-9);
      });
    }

    it(`an isolated spike has the highest z at its cell (${JSON.stringify(nh)})`, () => {
      const spike = new Float64Array(cols * rows);
      const at = 8 * cols + 11;
      spike[at] = 50;
      const z = getisOrdGiStar(spike, cols, rows, opts(nh));
      // Interior windows that contain the spike all have the same W, so they tie with it;
      // every other cell is strictly lower.
      const max = Math.max(...z);
      expect(z[at]).toBeGreaterThan(max - 1e-12);
      for (let i = 0; i < z.length; i++) if (Math.abs(z[i] - max) > 1e-9) expect(z[i]).toBeLessThan(z[at] - 1);
    });
  }
});

describe('getisOrdGiStar: undefined cases and input errors', () => {
  it('all-equal counts (S = 0) give NaN everywhere', () => {
    expect(Array.from(getisOrdGiStar(new Float64Array(12), 4, 3, opts('queen'))).every(Number.isNaN)).toBe(true);
    expect(Array.from(getisOrdGiStar(new Array(12).fill(0.1), 4, 3, opts('rook'))).every(Number.isNaN)).toBe(true);
  });

  it('n < 2 gives NaN; a window covering every kept cell gives NaN', () => {
    expect(getisOrdGiStar([5], 1, 1, opts('queen'))[0]).toBeNaN();
    expect(Array.from(getisOrdGiStar([1, 2, 3, 4], 2, 2, opts('queen'))).every(Number.isNaN)).toBe(true);
    const z = getisOrdGiStar([1, 2, 3, 4, 5, 6, 7], 7, 1, opts('rook'));
    expect(z.every(Number.isFinite)).toBe(true);
  });

  it('counts at masked cells are ignored, even when not finite', () => {
    const mask = Uint8Array.from(worked.cases[2].mask!);
    const counts = worked.counts.map((v, i) => (mask[i] ? v : NaN));
    expectCells(getisOrdGiStar(counts, 5, 4, opts('queen', mask)), worked.cases[2].z, 1e-6);
  });

  it('a kept cell with no kept neighbours still has itself (W = 1)', () => {
    const mask = Uint8Array.from([1, 0, 1, 0, 0, 0, 1, 0, 1]);
    const { z, windowSize } = getisOrdGiStarWithWindows([1, 0, 2, 0, 0, 0, 3, 0, 9], 3, 3, opts('rook', mask));
    expect(Array.from(windowSize)).toEqual([1, 0, 1, 0, 0, 0, 1, 0, 1]);
    expect(z[8]).toBeGreaterThan(0);
  });

  it('rejects bad input with RangeError', () => {
    expect(() => getisOrdGiStar([1, 2, 3], 2, 2, opts('queen'))).toThrow(new RangeError('values must have 4 entries, got 3'));
    expect(() => getisOrdGiStar([1, 2, NaN, 4], 2, 2, opts('queen'))).toThrow(RangeError);
    expect(() => getisOrdGiStar([1, 2, 3, 4], 2, 2, opts('queen', [1, 1, 2, 1]))).toThrow(RangeError);
    expect(() => getisOrdGiStar([1, 2, 3, 4], 2, 2, opts('queen', [1, 1]))).toThrow(RangeError);
    expect(() => getisOrdGiStar([1, 2, 3, 4], 2, 2, opts({ distance: -1 }))).toThrow(RangeError);
    expect(() => getisOrdGiStar([1, 2, 3, 4], 0, 4, opts('queen'))).toThrow(RangeError);
  });
});
