import type { IncidentPoints } from '../types';
import { pointRadius } from './build-layers';

/**
 * The snap-point marker under a screen position: the one whose centre is nearest among those
 * whose drawn circle (plus a pixel of its outline) contains the position; −1 if none.
 * `project` maps lon/lat to the same screen pixels as `x`, `y`.
 */
export function pointAt(points: IncidentPoints, project: (lon: number, lat: number) => { x: number; y: number }, x: number, y: number): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < points.locations; i++) {
    const p = project(points.lon[i]!, points.lat[i]!);
    const d = Math.hypot(p.x - x, p.y - y);
    if (d <= pointRadius(points.count[i]!) + 1.5 && d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}
