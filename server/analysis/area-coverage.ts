import type { Kysely } from 'kysely';
import { forcesInDistricts, forcesInRectangle } from '../../db/area-forces';
import type { Database } from '../../db/schema';
import type { ForceMonths } from '../../geodata/month-coverage';

/**
 * Where an analysis reads incidents, as far as month coverage cares: chosen districts (their
 * incidents only), a BNG rectangle (the grid of a bbox request: every incident in it), or the
 * whole area (every incident).
 */
export type CoverageArea = { districts: readonly string[] } | { rectangle: readonly [number, number, number, number] } | 'everywhere';

/**
 * The loaded months of the forces whose data covers the area, so coverage and the default period
 * follow the area and not every force in the data set (docs/scaling.md): a force's months stay
 * force-wide, since police.uk publishes whole force-months and a small area may well have a month
 * without a single incident of a force that was loaded.
 *
 * - districts: the forces with incidents in them (db/area-forces.ts);
 * - a rectangle: the forces of the districts it intersects, or every force when some incident in it
 *   lies in no district;
 * - everywhere: every force, as each of them is read.
 *
 * A force with fewer incidents in the area than it has months loaded (under one a month on average)
 * is a stray, not a force whose data covers the area: police.uk snaps each crime to a nearby map
 * point, and a few points near a force border land in the neighbour's districts (the national
 * bench's west-midlands held 4 incidents of 3 neighbouring forces over 36 months). A month missing
 * from such a force changes the area's counts by a fraction of an incident, so it neither refuses
 * an emerging run nor shortens the default period. British Transport Police in a city, with
 * hundreds a year, stays in.
 *
 * An area with no incidents at all has no force to judge by and keeps every force, so its default
 * period is still the data set's and a gap anywhere is still said.
 */
export async function areaForceMonths(db: Kysely<Database>, area: CoverageArea, loaded: ForceMonths): Promise<ForceMonths> {
  if (area === 'everywhere') return loaded;
  const forces = 'districts' in area ? await forcesInDistricts(db, area.districts) : await forcesInRectangle(db, area.rectangle);
  if (!forces?.length) return loaded;
  const covering = forces.filter((f) => loaded.has(f.force) && f.incidents >= loaded.get(f.force)!.size);
  // Only strays (a handful of incidents in an area otherwise empty): judge by all of them.
  const judged = covering.length > 0 ? covering : forces.filter((f) => loaded.has(f.force));
  return new Map(judged.map((f) => [f.force, loaded.get(f.force)!] as const));
}
