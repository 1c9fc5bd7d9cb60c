import { describe, expect, it } from 'vitest';
import { patrolDosage } from './dosage';

describe('patrolDosage', () => {
  it('shares exact quotas exactly (module example)', () => {
    const d = patrolDosage([500, 300, 200], { budgetHoursPerWeek: 2.5 });
    expect(d.visitsPerWeek).toEqual([5, 3, 2]);
    expect(d.totalVisits).toBe(10);
    expect(d.rule).toBe(
      "10 visits of 15 minutes per week (2.5 h), shared in proportion to each zone's share of harm, " +
        'rounded by the largest-remainder (Hamilton) method; visit length after Koper (1995), "Just enough police presence".',
    );
  });

  it('gives the leftover visits to the largest remainders', () => {
    // By hand: T = 40, shares 7:5:3 → quotas 18.67, 13.33, 8 → floors 18, 13, 8 = 39 → +1 to zone 0.
    expect(patrolDosage([7, 5, 3], { budgetHoursPerWeek: 10 }).visitsPerWeek).toEqual([19, 13, 8]);
    // Quotas 4.4, 3.3, 2.2, 0.1 (T = 10): floors 4, 3, 2, 0 = 9 → +1 to the 0.4 remainder.
    expect(patrolDosage([44, 33, 22, 1], { budgetHoursPerWeek: 2.5 }).visitsPerWeek).toEqual([5, 3, 2, 0]);
  });

  it('breaks equal remainders by the larger share, then the earlier zone', () => {
    expect(patrolDosage([1, 1, 1], { budgetHoursPerWeek: 2.5 }).visitsPerWeek).toEqual([4, 3, 3]);
    // Quotas 1.5 and 1.5 (T = 3), equal shares → the earlier zone.
    expect(patrolDosage([2, 2], { budgetHoursPerWeek: 0.75 }).visitsPerWeek).toEqual([2, 1]);
    // Quotas 0.5 and 1.5 (T = 2): equal remainders, the larger share wins.
    expect(patrolDosage([1, 3], { budgetHoursPerWeek: 0.5 }).visitsPerWeek).toEqual([0, 2]);
  });

  it('floors the budget to whole visits and says so', () => {
    const d = patrolDosage([1, 3], { budgetHoursPerWeek: 2.6 });
    expect(d.totalVisits).toBe(10);
    expect(d.rule).toMatch(/^10 visits of 15 minutes per week \(2\.5 h of the 2\.6 h budget\)/);
  });

  it('honours another visit length and incidents as the share', () => {
    const d = patrolDosage([1, 1], { budgetHoursPerWeek: 1, visitMinutes: 10, shareOf: 'incidents' });
    expect(d.visitsPerWeek).toEqual([3, 3]);
    expect(d.rule).toContain("6 visits of 10 minutes per week (1 h), shared in proportion to each zone's share of incidents");
  });

  it('shares equally when every share is zero, and handles no zones', () => {
    expect(patrolDosage([0, 0, 0], { budgetHoursPerWeek: 1 }).visitsPerWeek).toEqual([2, 1, 1]);
    const none = patrolDosage([], { budgetHoursPerWeek: 10 });
    expect(none).toMatchObject({ visitsPerWeek: [], totalVisits: 0, rule: 'No zones, so no visits (budget 10 h per week).' });
  });

  it('always sums exactly to ⌊budget·60/15⌋ and keeps every zone within one visit of its quota', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let t = 0; t < 500; t++) {
      const shares = Array.from({ length: 1 + Math.floor(rnd() * 30) }, () => (rnd() < 0.2 ? 0 : rnd() * 1000));
      const budget = Math.round(rnd() * 4000) / 100;
      const d = patrolDosage(shares, { budgetHoursPerWeek: budget });
      const T = Math.floor((budget * 60) / 15 + 1e-9);
      const sum = shares.reduce((a, b) => a + b, 0);
      expect(d.visitsPerWeek.reduce((a, b) => a + b, 0)).toBe(T);
      // Hamilton's quota property: every zone gets its quota rounded down or up, |v − q| < 1.
      const worst = Math.max(...d.visitsPerWeek.map((v, i) => Math.abs(v - (sum > 0 ? (T * shares[i]) / sum : T / shares.length))));
      expect(worst).toBeLessThan(1);
    }
  });

  it('rejects bad budgets and shares', () => {
    expect(() => patrolDosage([1], { budgetHoursPerWeek: -1 })).toThrow('patrolDosage: budgetHoursPerWeek must be a finite number ≥ 0, got -1');
    expect(() => patrolDosage([1], { budgetHoursPerWeek: 1, visitMinutes: 0 })).toThrow('patrolDosage: visitMinutes must be a positive number, got 0');
    expect(() => patrolDosage([1, NaN], { budgetHoursPerWeek: 1 })).toThrow('patrolDosage: share 1 must be finite and ≥ 0, got NaN');
  });
});
