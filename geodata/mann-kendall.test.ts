import { describe, expect, it } from 'vitest';
import { mannKendall } from './mann-kendall';

describe('mannKendall', () => {
  // Published worked example with one tied pair (12.9 twice): J. Little, "A Mann-Kendall Example
  // ('By Hand')", College of the Holy Cross, mathcs.holycross.edu/~little/Montserrat/
  // MannKendallByHand.txt. Printed: S = 54; V = (14)(13)(33)/18 − (2)(1)(9)/18; Z = 2.9058
  // (approximately); one-sided p "about .0018". Tested to the printed precision.
  it('reproduces the Holy Cross worked example', () => {
    const x = [12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7];
    const r = mannKendall(x);
    expect(r.n).toBe(14);
    expect(r.s).toBe(54);
    expect(r.varS).toBeCloseTo((14 * 13 * 33) / 18 - (2 * 1 * 9) / 18, 12);
    expect(r.z).toBeCloseTo(2.9058, 4);
    expect(Math.abs(r.p / 2 - 0.0018)).toBeLessThan(0.00005);
    // tau-b = 54 / √((91 − 1)·91) = 0.5966941897186163 (scipy.stats.kendalltau against 0..13).
    expect(r.tau).toBeCloseTo(0.5966941897186163, 14);
  });

  // By hand: pairs from 1: +1 +1 +1 0 = 3; from 2: 0 +1 −1 = 0; from 2: +1 −1 = 0; from 3: −1.
  // S = 2. Ties: {1,1} and {2,2}, so Var = (5·4·15 − 2·(2·1·9))/18 = 264/18 = 14.6667.
  // Z = (2 − 1)/√14.6667 = 0.26112; τ_b = 2/√((10 − 2)·10) = 0.22361.
  it('applies the tie correction on a hand-computed series', () => {
    const r = mannKendall([1, 2, 2, 3, 1]);
    expect(r.s).toBe(2);
    expect(r.varS).toBeCloseTo(264 / 18, 12);
    expect(r.z).toBeCloseTo(1 / Math.sqrt(264 / 18), 12);
    expect(r.z).toBeCloseTo(0.26112, 5);
    expect(r.tau).toBeCloseTo(2 / Math.sqrt(80), 12);
    // p from scipy.stats.norm.sf, 2·sf(0.26111648393354675).
    expect(r.p).toBeCloseTo(0.794002680192762, 12);
  });

  // Longer series with several tie groups (sizes 2 and 3), checked against an independent Python
  // computation: S and Var(S) by direct enumeration, tau-b from scipy.stats.kendalltau(range(n), x),
  // p = 2·scipy.stats.norm.sf(|Z|). Tolerance 1e-12.
  it('matches an independent scipy computation on a longer tied series', () => {
    const y = [5, 3, 3, 8, 2, 7, 7, 7, 1, 9, 4, 4, 6, 10, 3, 8, 8, 2, 11, 9, 12, 5, 13, 13];
    const r = mannKendall(y);
    expect(r.s).toBe(108);
    expect(r.varS).toBeCloseTo(1609.3333333333333, 9);
    expect(r.z).toBeCloseTo(2.667231885694037, 12);
    expect(r.p).toBeCloseTo(0.007647888383262003, 12);
    expect(r.tau).toBeCloseTo(0.4016229934588849, 12);

    const d = mannKendall([10, 9, 9, 7, 8, 5, 5, 5, 4, 1, 2]);
    expect(d.s).toBe(-47);
    expect(d.varS).toBeCloseTo(160.33333333333334, 10);
    expect(d.z).toBeCloseTo(-3.632837072799329, 12);
    expect(d.p).toBeCloseTo(0.0002803220305279967, 12);
    expect(d.tau).toBeCloseTo(-0.8874245216579991, 12);
  });

  it('is antisymmetric: reversing the series negates S, Z and tau and keeps p', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const a = mannKendall(x);
    const b = mannKendall([...x].reverse());
    expect(b.s).toBe(-a.s);
    expect(b.z).toBeCloseTo(-a.z, 14);
    expect(b.tau).toBeCloseTo(-a.tau, 14);
    expect(b.p).toBeCloseTo(a.p, 14);
  });

  it('gives S = n(n−1)/2 and tau = 1 for a strictly increasing series', () => {
    const r = mannKendall(Float64Array.from({ length: 10 }, (_, i) => i));
    expect(r.s).toBe(45);
    expect(r.varS).toBeCloseTo(125, 12); // 10·9·25/18
    expect(r.z).toBeCloseTo(44 / Math.sqrt(125), 12);
    expect(r.tau).toBe(1);
  });

  it('reports no trend when the variance is zero', () => {
    expect(mannKendall([])).toEqual({ n: 0, s: 0, varS: 0, z: 0, p: 1, tau: 0 });
    expect(mannKendall([7])).toEqual({ n: 1, s: 0, varS: 0, z: 0, p: 1, tau: 0 });
    expect(mannKendall([2, 2, 2, 2])).toEqual({ n: 4, s: 0, varS: 0, z: 0, p: 1, tau: 0 });
  });

  it('tests only the first n values of a reused buffer', () => {
    const buffer = new Float64Array([1, 2, 3, 100, -100]);
    expect(mannKendall(buffer, 3)).toEqual(mannKendall([1, 2, 3]));
    expect(() => mannKendall(buffer, 6)).toThrow('mannKendall: n must be an integer in 0..5, got 6');
  });
});
