import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getisOrdGiStar, getisOrdGiStarWithWindows, type Neighbourhood } from './gistar';
import { BIN_ALPHAS, benjaminiHochberg, classifyHotspots } from './significance';
import { mulberry32 } from './seeded-random';

const FIXTURES = new URL('../tests/fixtures/gistar/', import.meta.url);
const readFixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;

interface WorkedExamples {
  cols: number;
  rows: number;
  counts: number[];
  cases: { name: string; neighbourhood: Neighbourhood; mask?: number[]; p_fdr?: (number | null)[] }[];
}
interface SpdepCase {
  cols: number;
  rows: number;
  cell_size: number;
  counts: number[];
  mask?: number[];
  results: Record<
    string,
    { neighbourhood: Neighbourhood; p: (number | null)[]; p_fdr: (number | null)[]; p_local: (number | null)[] }
  >;
}

const opts = (neighbourhood: Neighbourhood, mask?: number[], cellSize = 100) => ({
  neighbourhood,
  cellSize,
  mask: mask ? Uint8Array.from(mask) : undefined,
  includeSelf: true as const,
});

function expectCells(actual: ArrayLike<number>, expected: (number | null)[], tol: number, relative = false) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    if (e === null) {
      expect(actual[i], `cell ${i}`).toBeNaN();
      continue;
    }
    const err = Math.abs(actual[i] - e) / (relative ? Math.abs(e) : 1);
    expect(err, `cell ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol);
  }
}

const rng = mulberry32;

describe('two-sided p (erfc, Cody)', () => {
  // References: R 4.2.2, print(2 * pnorm(abs(z), lower.tail = FALSE), digits = 17).
  const cases: [number, number][] = [
    [0, 1],
    [-3, 0.0026997960632601892],
    [8, 1.244192114854357e-15],
    [37, 1.1451142445049154e-299],
  ];
  for (const [z, p] of cases) {
    it(`z = ${z} → p = ${p} (relative error < 1e-9)`, () => {
      const got = classifyHotspots([z], { adjustment: 'none' }).p[0];
      expect(Math.abs(got - p) / p).toBeLessThan(1e-9);
    });
  }

  it('NaN z gives NaN p, NaN adjusted p and bin 0', () => {
    const r = classifyHotspots([NaN, 4], { adjustment: 'fdr' });
    expect(r.p[0]).toBeNaN();
    expect(r.pAdjusted[0]).toBeNaN();
    expect(r.bin[0]).toBe(0);
  });
});

describe("'fdr': docs/gistar.md p_fdr tables (spdep + p.adjust BH, 6 decimals, tol 1e-6)", () => {
  const worked = readFixture<WorkedExamples>('worked-examples.json');
  for (const c of worked.cases.filter((c) => c.p_fdr)) {
    it(c.name, () => {
      const z = getisOrdGiStar(worked.counts, worked.cols, worked.rows, opts(c.neighbourhood, c.mask));
      expectCells(classifyHotspots(z, { adjustment: 'fdr' }).pAdjusted, c.p_fdr!, 1e-6);
    });
  }
});

describe('spdep fixtures (bench/gistar-spdep.R): p, p_fdr and p.adjustSP', () => {
  for (const file of ['spdep-30x20-full.json', 'spdep-30x20-masked.json']) {
    const fx = readFixture<SpdepCase>(file);
    for (const [name, r] of Object.entries(fx.results)) {
      it(`${file} ${name}`, () => {
        const { z, windowSize } = getisOrdGiStarWithWindows(
          fx.counts,
          fx.cols,
          fx.rows,
          opts(r.neighbourhood, fx.mask, fx.cell_size),
        );
        const fdr = classifyHotspots(z, { adjustment: 'fdr' });
        const local = classifyHotspots(z, { adjustment: 'local', windowSize });
        expectCells(fdr.p, r.p, 1e-9, true);
        expectCells(fdr.pAdjusted, r.p_fdr, 1e-9, true);
        expectCells(local.pAdjusted, r.p_local, 1e-9, true);
      });
    }
  }
});

describe('benjaminiHochberg', () => {
  /** R's p.adjust "BH" transcribed: i <- lp:1; o <- order(p, decreasing = TRUE); pmin(1, cummin(n/i * p[o]))[order(o)]. */
  function pAdjustBH(p: number[]): number[] {
    const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]));
    const n = idx.length;
    const o = [...idx].sort((a, b) => p[b] - p[a]);
    const out = p.map(() => NaN);
    let cm = Infinity;
    o.forEach((cell, j) => {
      cm = Math.min(cm, (n / (n - j)) * p[cell]);
      out[cell] = Math.min(1, cm);
    });
    return out;
  }

  it('matches R p.adjust "BH" with ties and NaN (excluded from the count, kept NaN)', () => {
    const rand = rng(3);
    for (let trial = 0; trial < 20; trial++) {
      const p = Array.from({ length: 200 }, () => {
        const u = rand();
        return u < 0.1 ? NaN : u < 0.2 ? 0.03 : u < 0.3 ? rand() ** 6 : rand();
      });
      expectCells(
        benjaminiHochberg(p),
        pAdjustBH(p).map((v) => (Number.isNaN(v) ? null : v)),
        1e-15,
      );
    }
  });

  it('by hand: p = [0.01, 0.04, 0.03, 0.5] → [0.04, 0.16/3, 0.16/3, 0.5]', () => {
    // Sorted 0.01, 0.03, 0.04, 0.5; m/k·p = 0.04, 0.06, 0.0533, 0.5; running minimum from the top.
    expectCells(benjaminiHochberg([0.01, 0.04, 0.03, 0.5]), [0.04, 0.16 / 3, 0.16 / 3, 0.5], 1e-15);
  });

  it('handles 160,000 cells quickly', () => {
    const rand = rng(9);
    const p = Float64Array.from({ length: 160_000 }, () => rand());
    const t = performance.now();
    benjaminiHochberg(p);
    expect(performance.now() - t).toBeLessThan(500);
  });
});

describe('classifyHotspots: bins', () => {
  it('module example: z = [3.3, 0.2, −2.1] with fdr → bins [3, 0, −1]', () => {
    const r = classifyHotspots(Float64Array.of(3.3, 0.2, -2.1), { adjustment: 'fdr' });
    expect(Array.from(r.bin)).toEqual([3, 0, -1]);
    expect(r.pAdjusted[0]).toBeCloseTo(3 * r.p[0], 15);
    expect(r.pAdjusted[2]).toBeCloseTo(1.5 * r.p[2], 15);
    expect(r.adjustment).toBe('fdr');
  });

  it("'none' bins by plain p at 0.01 / 0.05 / 0.10 (|z| 2.5758 / 1.9600 / 1.6449)", () => {
    const z = [2.6, 2.5, 1.97, 1.95, 1.65, 1.64, -2.6, -1.7, 0];
    const r = classifyHotspots(z, { adjustment: 'none' });
    expect(Array.from(r.bin)).toEqual([3, 2, 2, 1, 1, 0, -3, -1, 0]);
    expect(Array.from(r.pAdjusted)).toEqual(Array.from(r.p));
  });

  it("'fdr' bins are Benjamini–Hochberg's rejection sets at 0.01, 0.05 and 0.10", () => {
    const fx = readFixture<SpdepCase>('spdep-30x20-masked.json');
    const z = getisOrdGiStar(fx.counts, fx.cols, fx.rows, opts('queen', fx.mask));
    const r = classifyHotspots(z, { adjustment: 'fdr' });
    // BH step-up at level α: reject the k smallest p, k the largest rank with p_(k) ≤ k·α/m.
    const defined = [...r.p.keys()].filter((i) => !Number.isNaN(r.p[i])).sort((a, b) => r.p[a] - r.p[b]);
    const m = defined.length;
    const level = new Int8Array(z.length);
    BIN_ALPHAS.forEach((alpha, j) => {
      let k = 0;
      defined.forEach((cell, rank) => {
        if (r.p[cell] <= ((rank + 1) * alpha) / m) k = rank + 1;
      });
      for (const cell of defined.slice(0, k)) if (level[cell] === 0) level[cell] = 3 - j;
    });
    const expected = Array.from(level, (l, i) => (l === 0 ? 0 : l * Math.sign(z[i])));
    expect(Array.from(r.bin)).toEqual(expected);
    expect(r.bin.some((b) => b === 3)).toBe(true);
  });

  it("'local' multiplies p by W_i (capped at 1) and needs windowSize", () => {
    const r = classifyHotspots([2.2, 3, NaN], { adjustment: 'local', windowSize: [9, 4, 0] });
    expect(r.pAdjusted[0]).toBeCloseTo(Math.min(1, 9 * r.p[0]), 15);
    expect(r.pAdjusted[1]).toBeCloseTo(4 * r.p[1], 15);
    expect(r.pAdjusted[2]).toBeNaN();
    expect(Array.from(r.bin)).toEqual([0, 2, 0]);
    expect(() => classifyHotspots([1, 2], { adjustment: 'local' })).toThrow(RangeError);
    expect(() => classifyHotspots([1, 2], { adjustment: 'bonferroni' as never })).toThrow(RangeError);
  });
});
