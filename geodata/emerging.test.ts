import { describe, expect, it } from 'vitest';
import { EMERGING_CATEGORIES, emergingHotSpots, type EmergingOptions } from './emerging';
import { mannKendall } from './mann-kendall';

interface Series {
  z: number[];
  p: number[];
}

/** 'H' = significant hot bin, 'C' = significant cold bin, '.' = not significant. */
function bins(pattern: string): Series {
  const z: number[] = [];
  const p: number[] = [];
  for (const ch of pattern) {
    if (ch === 'H') z.push(3), p.push(0.01);
    else if (ch === 'C') z.push(-3), p.push(0.01);
    else z.push(0.5), p.push(0.6);
  }
  return { z, p };
}

/** Every bin hot (p = 0.01) with the given z-scores, to control the trend. */
function hotWithZ(z: number[]): Series {
  return { z, p: z.map(() => 0.01) };
}

const negate = (s: Series): Series => ({ z: s.z.map((v) => -v), p: s.p });

/** Packs per-cell series into a step-major cube and classifies it. */
function classify(cells: Series[], options?: EmergingOptions, mask?: Uint8Array) {
  const steps = cells[0].z.length;
  const z = new Float64Array(steps * cells.length);
  const p = new Float64Array(steps * cells.length);
  cells.forEach((s, c) => {
    expect(s.z).toHaveLength(steps);
    for (let t = 0; t < steps; t++) {
      z[t * cells.length + c] = s.z[t];
      p[t * cells.length + c] = s.p[t];
    }
  });
  return emergingHotSpots({ z, p, steps, cells: cells.length, mask }, options);
}

const codeOf = (key: string): number => EMERGING_CATEGORIES.find((c) => c.key === key)!.code;
const rising = Array.from({ length: 10 }, (_, t) => 2 + 0.2 * t);

// One hand-built series per hot category, each proving its definition with 10 steps
// (so "90 percent" = at least 9 bins). Trends: rising z has S = 45, Var = 125, Z = 3.94, p ≈ 8e-5.
const HOT_CASES: [string, Series][] = [
  ['no-pattern', bins('..........')],
  ['new-hot-spot', bins('.........H')],
  ['consecutive-hot-spot', bins('.......HHH')],
  ['intensifying-hot-spot', hotWithZ(rising)],
  ['persistent-hot-spot', bins('HHHHHHHHHH')],
  ['diminishing-hot-spot', hotWithZ([...rising].reverse())],
  ['sporadic-hot-spot', bins('H.H..H...H')],
  ['oscillating-hot-spot', bins('C..H.....H')],
  ['historical-hot-spot', bins('HHHHHHHHH.')],
];

describe('emergingHotSpots: one series per category', () => {
  it.each(HOT_CASES)('classifies %s', (key, series) => {
    expect(classify([series]).category[0]).toBe(codeOf(key));
  });

  it.each(HOT_CASES.filter(([key]) => key !== 'no-pattern'))('mirrors %s as its cold counterpart', (key, series) => {
    const hot = classify([series]);
    const cold = classify([negate(series)]);
    expect(cold.category[0]).toBe(-hot.category[0]);
    expect(codeOf(key.replace('hot-spot', 'cold-spot'))).toBe(-codeOf(key));
    expect(cold.trendZ[0]).toBeCloseTo(-hot.trendZ[0], 14);
    expect(cold.trendP[0]).toBeCloseTo(hot.trendP[0], 14);
  });

  it('classifies a whole cube at once, reading the step-major layout', () => {
    const all = HOT_CASES.map(([, s]) => s).concat(HOT_CASES.map(([, s]) => negate(s)));
    const { category } = classify(all);
    const expected = HOT_CASES.map(([k]) => codeOf(k)).concat(HOT_CASES.map(([k]) => -codeOf(k) || 0));
    expect(Array.from(category)).toEqual(expected);
  });

  it('reports the Mann-Kendall result of each cell’s z-scores', () => {
    const { trendZ, trendP } = classify([hotWithZ(rising)]);
    const mk = mannKendall(rising);
    expect(trendZ[0]).toBe(mk.z);
    expect(trendP[0]).toBe(mk.p);
    expect(mk.z).toBeCloseTo(44 / Math.sqrt(125), 12);
  });
});

describe('emergingHotSpots: edges and precedence', () => {
  it('treats a run of exactly two final hot bins as consecutive', () => {
    expect(classify([bins('........HH')]).category[0]).toBe(codeOf('consecutive-hot-spot'));
  });

  it('calls a final run sporadic when the cell was hot before the run', () => {
    expect(classify([bins('H......HHH')]).category[0]).toBe(codeOf('sporadic-hot-spot'));
    expect(classify([bins('H........H')]).category[0]).toBe(codeOf('sporadic-hot-spot'));
  });

  it('prefers oscillating over new and consecutive when an earlier bin was cold', () => {
    expect(classify([bins('C........H')]).category[0]).toBe(codeOf('oscillating-hot-spot'));
    expect(classify([bins('C......HHH')]).category[0]).toBe(codeOf('oscillating-hot-spot'));
  });

  it('applies the 90 % boundary as at least ⌈0.9·T⌉ bins', () => {
    // 9 of 10 hot including the last; the trend (S = 9, Z = 1.39, p = 0.16) is not significant.
    expect(classify([bins('.HHHHHHHHH')]).category[0]).toBe(codeOf('persistent-hot-spot'));
    // 8 of 10 → below 90 %, and a single final run → consecutive.
    expect(classify([bins('..HHHHHHHH')]).category[0]).toBe(codeOf('consecutive-hot-spot'));
    // 27 of 30 is exactly 90 % (0.9 · 30 is 27.000000000000004 in floating point). z is held at
    // 3 throughout, with the first three bins not significant, so there is no trend.
    const z = Array<number>(30).fill(3);
    const p = z.map((_, t) => (t < 3 ? 0.5 : 0.01));
    expect(classify([{ z, p }]).category[0]).toBe(codeOf('persistent-hot-spot'));
    p[3] = 0.5; // 26 of 30
    expect(classify([{ z, p }]).category[0]).toBe(codeOf('consecutive-hot-spot'));
  });

  it('makes a cell historical, not persistent, when the final bin is not hot', () => {
    // Falling z would be "diminishing" if the last bin were hot.
    const z = [...rising].reverse();
    const p = z.map((_, t) => (t === 9 ? 0.5 : 0.01));
    expect(classify([{ z, p }]).category[0]).toBe(codeOf('historical-hot-spot'));
  });

  it('lets the final bin decide the family: hot for 95 % then cold is an oscillating cold spot', () => {
    expect(classify([bins('H'.repeat(19) + 'C')]).category[0]).toBe(codeOf('oscillating-cold-spot'));
  });

  it('needs the trend to pass trendAlpha for intensifying', () => {
    // Rising z has p ≈ 8.3e-5: significant at 0.05, not at 1e-5.
    expect(classify([hotWithZ(rising)], { trendAlpha: 1e-5 }).category[0]).toBe(codeOf('persistent-hot-spot'));
  });

  it('counts a bin as significant only when p < binAlpha, strictly', () => {
    const s = bins('.........H');
    s.p[9] = 0.1;
    expect(classify([s]).category[0]).toBe(codeOf('no-pattern'));
    expect(classify([s], { binAlpha: 0.11 }).category[0]).toBe(codeOf('new-hot-spot'));
  });

  it('treats non-finite bins as not significant and leaves NaN z out of the trend', () => {
    const s = bins('HHHHHHHHHH');
    s.z[4] = NaN;
    const r = classify([s]);
    expect(r.category[0]).toBe(codeOf('persistent-hot-spot'));
    expect(r.trendP[0]).toBe(1);
    const last = bins('........HH');
    last.z[9] = NaN;
    expect(classify([last]).category[0]).toBe(codeOf('no-pattern'));
  });

  it('leaves masked-out cells at no pattern with NaN trend', () => {
    const r = classify([bins('HHHHHHHHHH'), bins('.........H')], undefined, new Uint8Array([0, 1]));
    expect(Array.from(r.category)).toEqual([0, codeOf('new-hot-spot')]);
    expect(r.trendZ[0]).toBeNaN();
    expect(r.trendP[0]).toBeNaN();
    expect(Number.isFinite(r.trendZ[1])).toBe(true);
  });

  it('rejects malformed input with exact messages', () => {
    const z = new Float64Array(6);
    expect(() => emergingHotSpots({ z, p: z, steps: 4, cells: 2 })).toThrow(
      'emerging: z and p must hold steps × cells = 8 values, got 6 and 6',
    );
    expect(() => emergingHotSpots({ z, p: z, steps: 0, cells: 2 })).toThrow('emerging: steps must be a positive integer, got 0');
    expect(() => emergingHotSpots({ z, p: z, steps: 3, cells: 2, mask: new Uint8Array(3) })).toThrow(
      'emerging: mask length 3 does not match 2 cells',
    );
    expect(() => emergingHotSpots({ z, p: z, steps: 3, cells: 2 }, { trendAlpha: 0 })).toThrow(
      'emerging: trendAlpha must be between 0 and 1, got 0',
    );
  });
});

describe('EMERGING_CATEGORIES', () => {
  it('lists no pattern plus eight hot and eight mirrored cold categories with unique codes and keys', () => {
    expect(EMERGING_CATEGORIES).toHaveLength(17);
    expect(new Set(EMERGING_CATEGORIES.map((c) => c.code)).size).toBe(17);
    expect(new Set(EMERGING_CATEGORIES.map((c) => c.key)).size).toBe(17);
    for (const c of EMERGING_CATEGORIES) {
      if (c.code > 0) {
        const cold = EMERGING_CATEGORIES.find((d) => d.code === -c.code)!;
        expect(cold.key).toBe(c.key.replace('hot-spot', 'cold-spot'));
        expect(cold.label).toBe(c.label.replace('hot spot', 'cold spot'));
      }
      expect(c.description.length).toBeGreaterThan(20);
    }
  });
});
