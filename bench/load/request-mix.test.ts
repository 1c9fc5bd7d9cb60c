import { describe, expect, it } from 'vitest';
import { requestMix } from './request-mix';

const spots = [{ code: 'X07000001', lon: -2.7, lat: 53.76 }, { code: 'X07000002', lon: -3.05, lat: 53.82 }];

describe('requestMix', () => {
  it('draws the same sequence for the same seed, over every kind, with repeats for a cache', () => {
    const draw = (seed: number) => {
      const next = requestMix({ spots, lastMonth: '2026-09', months: 24, seed });
      return Array.from({ length: 2000 }, () => next());
    };
    const a = draw(3);
    expect(draw(3)).toEqual(a);
    expect(draw(4)).not.toEqual(a);
    expect(new Set(a.map((r) => r.kind))).toEqual(new Set(['density', 'hotspots', 'points', 'tiles', 'profile']));
    const distinct = new Set(a.map((r) => r.path)).size;
    expect(distinct).toBeGreaterThan(100);
    expect(distinct).toBeLessThan(a.length / 2);
  });

  it('asks only for periods inside the loaded months, and routes the API has', () => {
    const next = requestMix({ spots, lastMonth: '2026-09', months: 24 });
    for (let k = 0; k < 500; k++) {
      const { kind, path } = next();
      const url = new URL(path, 'http://x');
      const from = url.searchParams.get('from')!;
      const to = url.searchParams.get('to')!;
      expect(from >= '2024-10' && to <= '2026-09' && from <= to).toBe(true);
      const route = { density: /^\/api\/analysis\/density$/, hotspots: /^\/api\/analysis\/hotspots$/, points: /^\/api\/incidents\/points$/, tiles: /^\/api\/tiles\/incidents\/1[345]\/\d+\/\d+\.mvt$/, profile: /^\/api\/districts\/X0700000[12]\/profile$/ }[kind];
      expect(url.pathname).toMatch(route);
    }
  });
});
