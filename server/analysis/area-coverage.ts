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
 * An area with no incidents at all has no force to judge by and keeps every force, so its default
 * period is still the data set's and a gap anywhere is still said.
 */
export async function areaForceMonths(db: Kysely<Database>, area: CoverageArea, loaded: ForceMonths): Promise<ForceMonths> {
  if (area === 'everywhere') return loaded;
  const forces = 'districts' in area ? await forcesInDistricts(db, area.districts) : await forcesInRectangle(db, area.rectangle);
  if (!forces?.length) return loaded;
  return new Map(forces.flatMap((f) => (loaded.has(f) ? [[f, loaded.get(f)!] as const] : [])));
}
