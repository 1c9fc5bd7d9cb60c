import { describe, expect, it } from 'vitest';
import { gapFreeRuns, latestGapFreeRun, longestGapFreeRun, monthCoverage } from './month-coverage';
import { monthsBetween } from './months';

// Lancashire as loaded for this project: January–April 2024 and all of 2025.
const lancashire = ['lancashire', new Set([...monthsBetween('2024-01', '2024-04'), ...monthsBetween('2025-01', '2025-12')])] as const;
const loaded = (...forces: Array<readonly [string, Set<string>]>) => new Map(forces);

describe('monthCoverage', () => {
  it('finds the eight months never loaded between April 2024 and January 2025', () => {
    const period = monthsBetween('2024-01', '2025-12');
    const coverage = monthCoverage(period, loaded(lancashire));
    expect(coverage.missingMonths).toEqual(monthsBetween('2024-05', '2024-12'));
    expect(coverage.loadedMonths).toHaveLength(16);
    expect(coverage.missing).toEqual([{ force: 'lancashire', months: monthsBetween('2024-05', '2024-12') }]);
  });

  it('counts a month as missing when one force of several lacks it, and names that force alone', () => {
    const cumbria = ['cumbria', new Set(['2025-12'])] as const;
    const coverage = monthCoverage(monthsBetween('2025-11', '2025-12'), loaded(lancashire, cumbria));
    expect(coverage.missingMonths).toEqual(['2025-11']);
    expect(coverage.loadedMonths).toEqual(['2025-12']);
    expect(coverage.missing).toEqual([{ force: 'cumbria', months: ['2025-11'] }]);
  });

  it('reports nothing for a period that every force covers, and ignores forces with no rows', () => {
    const coverage = monthCoverage(monthsBetween('2025-01', '2025-06'), loaded(lancashire, ['empty', new Set()]));
    expect(coverage.missingMonths).toEqual([]);
    expect(coverage.missing).toEqual([]);
    expect(coverage.loadedMonths).toEqual(monthsBetween('2025-01', '2025-06'));
  });
});

describe('gap-free runs', () => {
  it('splits the loaded span at each gap', () => {
    expect(gapFreeRuns(loaded(lancashire))).toEqual([
      { from: '2024-01', to: '2024-04', months: 4 },
      { from: '2025-01', to: '2025-12', months: 12 },
    ]);
  });

  it('gives the latest and the longest run', () => {
    const gappy = loaded(['x', new Set(['2023-01', '2023-02', '2023-03', '2023-05', '2023-07', '2023-08'])]);
    expect(latestGapFreeRun(gappy)).toEqual({ from: '2023-07', to: '2023-08', months: 2 });
    expect(longestGapFreeRun(gappy)).toEqual({ from: '2023-01', to: '2023-03', months: 3 });
    expect(latestGapFreeRun(loaded(lancashire))).toEqual({ from: '2025-01', to: '2025-12', months: 12 });
  });

  it('has no run when nothing is loaded, and one run of one month for a single month', () => {
    expect(latestGapFreeRun(new Map())).toBeNull();
    expect(longestGapFreeRun(loaded(['x', new Set(['2025-12'])]))).toEqual({ from: '2025-12', to: '2025-12', months: 1 });
  });
});
