import { describe, expect, it } from 'vitest';
import type { ForceAreaRecord } from '../../db/police-force-areas';
import { rankOf } from './build-force-position';
import { COVERAGE_TOLERANCE, forcePopulation } from './force-population';

const area = (over: Partial<ForceAreaRecord>): ForceAreaRecord => ({
  code: 'E23000003', name: 'Lancashire', forceId: 'lancashire', areaKm2: 3066.38, mostSimilar: [],
  districtPopulation: 1_531_186, districtPopulationYears: [2021], districtAreaKm2: 3066.65, districtCount: 14, districtsWithoutPopulation: 0,
  ...over,
});

describe('forcePopulation', () => {
  it('sums the districts when they cover the area and share one year', () => {
    expect(forcePopulation(area({}))).toEqual({ population: 1_531_186, year: 2021, districts: 14 });
  });

  it('gives none, with the reason, when districts are missing, unpopulated, of mixed years or absent', () => {
    // Without Ribble Valley (583 km² of Lancashire's 3,066): 81 % covered.
    expect(forcePopulation(area({ districtAreaKm2: 3066.65 - 583.3, districtCount: 13 }))).toMatchObject({ population: null, reason: expect.stringContaining('cover 81.0 % of its area') });
    expect(forcePopulation(area({ districtsWithoutPopulation: 2 }))).toMatchObject({ population: null, reason: expect.stringContaining('2 of the local authority districts') });
    expect(forcePopulation(area({ districtPopulationYears: [2021, 2023] }))).toMatchObject({ population: null, reason: expect.stringContaining('2021, 2023') });
    expect(forcePopulation(area({ districtAreaKm2: 0, districtCount: 0, districtPopulation: null, districtPopulationYears: [] }))).toMatchObject({ population: null, reason: expect.stringContaining('no local authority districts') });
  });

  it('accepts a gap up to the tolerance and no more', () => {
    expect(forcePopulation(area({ areaKm2: 1000, districtAreaKm2: 1000 * (1 - COVERAGE_TOLERANCE) })).population).toBe(1_531_186);
    expect(forcePopulation(area({ areaKm2: 1000, districtAreaKm2: 1000 * (1 - 2 * COVERAGE_TOLERANCE) })).population).toBeNull();
  });
});

describe('rankOf', () => {
  it('ranks 1 for the highest, shares ties, skips nulls among the others and gives null for its own null', () => {
    expect(rankOf(5, [3, 4])).toBe(1);
    expect(rankOf(3, [5, 4])).toBe(3);
    expect(rankOf(4, [4, 5, null])).toBe(2);
    expect(rankOf(null, [1])).toBeNull();
  });
});
