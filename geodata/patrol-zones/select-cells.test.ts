import { describe, expect, it } from 'vitest';
import { selectCells } from './select-cells';

const flags = (a: Uint8Array) => [...a];

describe('selectCells', () => {
  const harm = Float64Array.of(5, 0, 30, 10, 55);

  it('takes the smallest set of highest-harm cells holding the share (module example)', () => {
    // By hand: total 100; 55 < 80, 55 + 30 = 85 ≥ 80.
    expect(flags(selectCells({ harm }, { rule: 'top-harm-share', percent: 80 }))).toEqual([0, 0, 1, 0, 1]);
    expect(flags(selectCells({ harm }, { rule: 'top-harm-share', percent: 55 }))).toEqual([0, 0, 0, 0, 1]);
    expect(flags(selectCells({ harm }, { rule: 'top-harm-share', percent: 55.1 }))).toEqual([0, 0, 1, 0, 1]);
  });

  it('takes every cell with harm at 100 %, never a zero-harm cell', () => {
    const h = Float64Array.of(0.1, 0, 0.2, 0.3, 0);
    expect(flags(selectCells({ harm: h }, { rule: 'top-harm-share', percent: 100 }))).toEqual([1, 0, 1, 1, 0]);
  });

  it('breaks ties by index, lowest first', () => {
    const h = Float64Array.of(10, 20, 10, 20, 10);
    expect(flags(selectCells({ harm: h }, { rule: 'top-cells', k: 3 }))).toEqual([1, 1, 0, 1, 0]);
    // total 70, 50 % = 35: 20 + 20 = 40 ≥ 35.
    expect(flags(selectCells({ harm: h }, { rule: 'top-harm-share', percent: 50 }))).toEqual([0, 1, 0, 1, 0]);
  });

  it('takes the top k cells, fewer when fewer have harm', () => {
    expect(flags(selectCells({ harm }, { rule: 'top-cells', k: 3 }))).toEqual([0, 0, 1, 1, 1]);
    expect(flags(selectCells({ harm }, { rule: 'top-cells', k: 10 }))).toEqual([1, 0, 1, 1, 1]);
    expect(flags(selectCells({ harm }, { rule: 'top-cells', k: 0 }))).toEqual([0, 0, 0, 0, 0]);
  });

  it('selects hot cells at or above the confidence bin, never cold ones', () => {
    const bins = Int8Array.of(3, 2, 1, 0, -3, -1, 2);
    const h = new Float64Array(7);
    expect(flags(selectCells({ harm: h, bins }, { rule: 'hotspots' }))).toEqual([1, 1, 0, 0, 0, 0, 1]);
    expect(flags(selectCells({ harm: h, bins }, { rule: 'hotspots', minConfidence: 99 }))).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(flags(selectCells({ harm: h, bins }, { rule: 'hotspots', minConfidence: 90 }))).toEqual([1, 1, 1, 0, 0, 0, 1]);
  });

  it('leaves masked cells out of the selection and of the total', () => {
    const mask = Uint8Array.of(1, 1, 1, 1, 0);
    // Without cell 4 the total is 45; 50 % = 22.5 → the 30 alone.
    expect(flags(selectCells({ harm, mask }, { rule: 'top-harm-share', percent: 50 }))).toEqual([0, 0, 1, 0, 0]);
    const bins = Int8Array.of(3, 3, 3, 3, 3);
    expect(flags(selectCells({ harm, bins, mask }, { rule: 'hotspots' }))).toEqual([1, 1, 1, 1, 0]);
  });

  it('selects nothing when there is no harm', () => {
    expect(flags(selectCells({ harm: new Float64Array(3) }, { rule: 'top-harm-share', percent: 50 }))).toEqual([0, 0, 0]);
  });

  it('rejects bad rules and inputs with exact messages', () => {
    expect(() => selectCells({ harm }, { rule: 'hotspots' })).toThrow("selectCells: rule 'hotspots' needs Gi* confidence bins");
    expect(() => selectCells({ harm, bins: new Int8Array(5) }, { rule: 'hotspots', minConfidence: 80 as 90 })).toThrow(
      'selectCells: minConfidence must be 90, 95 or 99, got 80',
    );
    expect(() => selectCells({ harm }, { rule: 'top-harm-share', percent: 0 })).toThrow('selectCells: percent must be in (0, 100], got 0');
    expect(() => selectCells({ harm }, { rule: 'top-cells', k: 1.5 })).toThrow('selectCells: k must be an integer ≥ 0, got 1.5');
    expect(() => selectCells({ harm: Float64Array.of(1, -1) }, { rule: 'top-cells', k: 1 })).toThrow(
      'selectCells: harm at cell 1 must be finite and ≥ 0, got -1',
    );
    expect(() => selectCells({ harm, mask: new Uint8Array(4) }, { rule: 'top-cells', k: 1 })).toThrow('selectCells: mask has 4 cells, harm has 5');
  });
});
