import { describe, expect, it } from 'vitest';
import type { IncidentPoints } from '../types';
import { pointAt, pointSearchRadius } from './point-at';

const points = {
  locations: 3,
  lon: [0, 50, 50.5],
  lat: [0, 0, 0],
  count: [1, 16, 1],
} as unknown as IncidentPoints;
// 1 degree = 1 pixel, for a readable test.
const project = (lon: number, lat: number) => ({ x: lon, y: lat });

describe('snap-point marker under the pointer', () => {
  it('finds the marker whose circle holds the position, nearest centre first', () => {
    // Radii: 4 px for one incident, 4 + 2.5·log2(16) = 14 px for sixteen (plus 1.5 px of outline).
    expect(pointAt(points, project, 0, 5)).toBe(0);
    expect(pointAt(points, project, 0, 6)).toBe(-1);
    expect(pointAt(points, project, 50, 15)).toBe(1);
    expect(pointAt(points, project, 50, 16)).toBe(-1);
    expect(pointAt(points, project, 50.4, 0)).toBe(2);
    expect(pointAt(points, project, 25, 0)).toBe(-1);
  });

  it('skips, unprojected, markers outside the search box, and finds the same marker inside it', () => {
    const projected: number[] = [];
    const counting = (lon: number, lat: number) => (projected.push(lon), project(lon, lat));
    const r = pointSearchRadius(points);
    expect(r).toBe(15.5);
    expect(pointAt(points, counting, 50, 15, [50 - r, 15 - r, 50 + r, 15 + r])).toBe(1);
    expect(projected).toEqual([50, 50.5]);
    expect(pointAt(points, counting, 0, 5, [0 - r, 5 - r, 0 + r, 5 + r])).toBe(0);
  });
});
