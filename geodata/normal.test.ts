import { describe, expect, it } from 'vitest';
import { erfc, twoSidedP, upperTailP } from './normal';

// Reference values from scipy.special.erfc / scipy.stats.norm.sf 1.17.1 (Cephes, independent of
// Cody's approximation), printed with repr(). Tolerance: 1e-14 relative, i.e. a few ulps more
// than Cody's stated ~1e-16 accuracy, to allow for differing libm exp().
const ERFC_REFERENCE: [number, number][] = [
  [0, 1.0],
  [1e-10, 0.999999999887162],
  [0.1, 0.8875370839817152],
  [0.3, 0.6713732405408726],
  [0.46875, 0.507386526782062],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028516],
  [1.5, 0.03389485352468927],
  [2, 0.004677734981047266],
  [3, 2.2090496998585445e-5],
  [3.99, 1.6739211364520824e-8],
  [4, 1.541725790028002e-8],
  [4.5, 1.9661604415428878e-10],
  [6, 2.1519736712498913e-17],
  [10, 2.0884875837625446e-45],
  [20, 5.395865611607901e-176],
  [26, 5.663192408856145e-296],
  [-0.2, 1.2227025892104784],
  [-1, 1.8427007929497148],
  [-3, 1.9999779095030015],
];

describe('erfc', () => {
  it.each(ERFC_REFERENCE)('erfc(%d) matches scipy to 1e-14 relative', (x, expected) => {
    expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1e-14);
  });

  it('underflows to 0 past x = 26.543 and to 2 on the far negative side', () => {
    expect(erfc(27)).toBe(0);
    expect(erfc(-27)).toBe(2);
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
  });

  it('propagates NaN', () => {
    expect(erfc(NaN)).toBeNaN();
  });
});

describe('twoSidedP / upperTailP', () => {
  it('gives 0.05 at the 1.959964 critical value', () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedP(-1.959963984540054)).toBeCloseTo(0.05, 14);
  });

  // pyMannKendall's own test suite (tests/test_pymannkendall.py, test_original_test) pairs
  // z = -0.8854562842589916 with p = 0.37591058740506833, computed with scipy.stats.norm.cdf.
  it('matches the p printed for pyMannKendall original_test on its rainfall fixture', () => {
    expect(twoSidedP(-0.8854562842589916)).toBeCloseTo(0.37591058740506833, 14);
  });

  it('keeps precision in the far tail where 1 - Φ(z) would round to 0', () => {
    expect(upperTailP(8.5) / 9.47953482220325e-18).toBeCloseTo(1, 13);
    expect(upperTailP(-1)).toBeCloseTo(0.8413447460685429, 15);
  });
});
