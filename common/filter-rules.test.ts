import { describe, expect, it } from 'vitest';
import { DISTRICT_CODE_PATTERN, MONTH_PATTERN, isCellSize, monthsInOrder } from './filter-rules';
import { boxAreaKm2 } from './points-area';

describe('shared filter rules', () => {
  it('accepts months as YYYY-MM only', () => {
    expect(['2025-01', '2025-12'].every((m) => MONTH_PATTERN.test(m))).toBe(true);
    expect(['2025-00', '2025-13', '2025-1', '25-01', '2025-01-01'].some((m) => MONTH_PATTERN.test(m))).toBe(false);
  });

  it('accepts GSS-shaped district codes only', () => {
    expect(DISTRICT_CODE_PATTERN.test('E07000117')).toBe(true);
    expect(['e07000117', 'E0700011', 'E070001170', 'EE7000117'].some((c) => DISTRICT_CODE_PATTERN.test(c))).toBe(false);
  });

  it('takes whole cell sizes from 50 to 5000 m', () => {
    expect([50, 250, 5000].map(isCellSize)).toEqual([true, true, true]);
    expect([49, 5001, 100.5, Number.NaN].map(isCellSize)).toEqual([false, false, false, false]);
  });

  it('orders a period, open ends allowed', () => {
    expect(monthsInOrder('2025-01', '2025-01')).toBe(true);
    expect(monthsInOrder('2025-02', '2025-01')).toBe(false);
    expect(monthsInOrder(null, '2025-01')).toBe(true);
    expect(monthsInOrder('2025-02', undefined)).toBe(true);
  });

  it('measures a 0.1° × 0.1° box at 54° N as about 72 km² (hand computed: 11.132 cos 54° × 11.0574)', () => {
    expect(boxAreaKm2([-2.05, 53.95, -1.95, 54.05])).toBeCloseTo(11.132 * Math.cos((54 * Math.PI) / 180) * 11.0574, 6);
  });
});
