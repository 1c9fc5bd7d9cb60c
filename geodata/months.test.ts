import { describe, expect, it } from 'vitest';
import { monthsBetween } from './months';

describe('monthsBetween', () => {
  it('steps across a year end, inclusive of both ends', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
  it('gives one month when from = to, and none when from is after to', () => {
    expect(monthsBetween('2025-06', '2025-06')).toEqual(['2025-06']);
    expect(monthsBetween('2025-07', '2025-06')).toEqual([]);
  });
});
