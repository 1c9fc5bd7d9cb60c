import { describe, expect, it } from 'vitest';
import { comparisonOf, interleaveRuns, pairedRatios, stats } from './harness';

describe('interleaveRuns', () => {
  it('warms every side up, then rotates the order round by round, preparing each run first', async () => {
    const calls: string[] = [];
    const side = (name: string) => ({ prepare: () => calls.push(`prep ${name}`), run: () => calls.push(name) });
    const samples = await interleaveRuns({ a: side('a'), b: side('b'), c: () => calls.push('c') }, { warmup: 1, runs: 3 });
    expect(calls).toEqual([
      'prep a', 'a', 'prep b', 'b', 'c', // warm-up
      'prep a', 'a', 'prep b', 'b', 'c',
      'prep b', 'b', 'c', 'prep a', 'a',
      'c', 'prep a', 'a', 'prep b', 'b',
    ]);
    expect(Object.values(samples).map((s) => s.length)).toEqual([3, 3, 3]);
  });

  it('in random order runs every side once per round, the same order for the same seed', async () => {
    const orders = async (seed: number) => {
      const calls: string[] = [];
      await interleaveRuns({ a: () => calls.push('a'), b: () => calls.push('b'), c: () => calls.push('c') }, { warmup: 0, runs: 12, order: 'random', seed });
      return calls;
    };
    const first = await orders(7);
    for (let r = 0; r < 12; r++) expect([...first.slice(3 * r, 3 * r + 3)].sort()).toEqual(['a', 'b', 'c']);
    expect(await orders(7)).toEqual(first);
    expect(new Set(Array.from({ length: 12 }, (_, r) => first.slice(3 * r, 3 * r + 3).join(''))).size).toBeGreaterThan(1);
  });
});

describe('ratios', () => {
  it('reports the ratio of medians and the spread of the per-pair ratios', () => {
    const ours = [10, 20, 30, 40];
    const baseline = [5, 5, 10, 40];
    const c = comparisonOf(ours, baseline);
    expect(c.ratio.ofMedians).toBe(20 / 5);
    expect(c.ratio.spread).toEqual({ p25: 1, p75: 3, min: 1, max: 4, pairs: 4 });
    expect(pairedRatios([2, 9], [1, 3])).toEqual({ p25: 2, p75: 3, min: 2, max: 3, pairs: 2 });
    expect(() => pairedRatios([1], [1, 2])).toThrow();
  });

  it('takes nearest-rank percentiles', () => {
    const s = stats(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect([s.min, s.p25, s.p50, s.p75, s.p95, s.p99, s.max]).toEqual([1, 25, 50, 75, 95, 99, 100]);
  });
});
