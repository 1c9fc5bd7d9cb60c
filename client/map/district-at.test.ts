import { describe, expect, it } from 'vitest';
import type { DistrictCollection } from '../types';
import { districtAt } from './district-at';

const square = (x0: number, y0: number, size: number) => [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];
const feature = (code: string, coordinates: number[][][][]) => ({
  type: 'Feature' as const, id: code,
  geometry: { type: 'MultiPolygon' as const, coordinates },
  properties: { code, name: code, kind: 'lad', population: null, populationYear: null, areaM2: 1, labelPoint: [0, 0] as [number, number] },
});

// A: the square (0,0)-(2,2) with a hole (0.5,0.5)-(1.5,1.5); B: the square (3,0)-(4,1) and its
// second part (5,0)-(6,1); C: a square over A's right half, of another kind.
const districts = {
  type: 'FeatureCollection',
  features: [
    feature('X07000002', [[square(0, 0, 2), square(0.5, 0.5, 1)]]),
    feature('X07000003', [[square(3, 0, 1)], [square(5, 0, 1)]]),
    feature('X07000001', [[square(1.8, 0, 1)]]),
  ],
} as unknown as DistrictCollection;

describe('districtAt', () => {
  it('finds the district around a point, in any part of a multipolygon', () => {
    expect(districtAt(districts, 0.25, 0.25)).toBe('X07000002');
    expect(districtAt(districts, 3.5, 0.5)).toBe('X07000003');
    expect(districtAt(districts, 5.5, 0.5)).toBe('X07000003');
  });

  it('leaves out holes and the space between districts', () => {
    expect(districtAt(districts, 1, 1)).toBeNull();
    expect(districtAt(districts, 4.5, 0.5)).toBeNull();
  });

  it('gives the lowest code where districts overlap, as the server assigns incidents', () => {
    expect(districtAt(districts, 1.9, 0.25)).toBe('X07000001');
  });
});
