import type { IncidentPoints } from '../types';
import { pointRadius } from './build-layers';

/** A lon/lat box: [west, south, east, north]. */
export type LonLatBounds = readonly [number, number, number, number];

/**
 * The snap-point marker under a screen position: the one whose centre is nearest among those
 * whose drawn circle (plus a pixel of its outline) contains the position; −1 if none.
 * `project` maps lon/lat to the same screen pixels as `x`, `y`. `near`, when given, must hold
 * every marker that could contain the position (see pointSearchRadius): the others are skipped
 * unprojected, as a view can hold 20,000 points and this runs on every mouse move.
 */
export function pointAt(
  points: IncidentPoints, project: (lon: number, lat: number) => { x: number; y: number }, x: number, y: number, near?: LonLatBounds,
): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < points.locations; i++) {
    const lon = points.lon[i]!;
    const lat = points.lat[i]!;
    if (near && (lon < near[0] || lat < near[1] || lon > near[2] || lat > near[3])) continue;
    const p = project(lon, lat);
    const d = Math.hypot(p.x - x, p.y - y);
    if (d <= hitRadius(points.count[i]!) && d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

/** Screen distance (px) within which some marker could contain a position: the largest hit radius. */
export function pointSearchRadius(points: IncidentPoints): number {
  let most = 0;
  for (let i = 0; i < points.locations; i++) most = Math.max(most, points.count[i]!);
  return hitRadius(most);
}

const hitRadius = (count: number) => pointRadius(count) + 1.5;
