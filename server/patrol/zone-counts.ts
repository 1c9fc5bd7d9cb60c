import type { CellTally } from '../../db/cell-counts';
import type { ZoneEdgeTally } from '../../db/zone-edge-counts';

/**
 * Filtered incidents per zone and category inside each zone's exported polygon, exactly as
 * PostGIS counts them (ST_Intersects on the stored WGS84 points: the boundary counts as inside):
 *
 *   count = Σ over the zone's cells of the cell counts
 *         + Σ over incidents tested at its edge of ([inside the polygon] − [binned in its cells])
 *
 * An incident left untested is more than the margin from the exported boundary and not in a cell
 * the polygon fails to cover (db/zone-edge-counts.ts), so for it "binned in one of the zone's
 * cells" and "inside the polygon" agree; for a tested one the second term replaces the first by
 * the exact answer.
 */
export function zoneCategoryCounts(
  zones: ReadonlyArray<{ id: string; cells: ArrayLike<number> }>,
  tally: CellTally,
  edge: ZoneEdgeTally,
): Map<string, Record<string, number>> {
  if (tally.categories.length === 0 && tally.n.length > 0) throw new Error('zone counts need a tally split by category');
  // Zones never share a cell.
  const zoneOfCell = new Map<number, string>();
  for (const z of zones) for (const c of Array.from(z.cells)) zoneOfCell.set(c, z.id);
  const counts = new Map<string, Map<string, number>>(zones.map((z) => [z.id, new Map()]));
  const add = (zone: string, category: string, n: number) => {
    const byCategory = counts.get(zone)!;
    byCategory.set(category, (byCategory.get(category) ?? 0) + n);
  };
  for (let k = 0; k < tally.n.length; k++) {
    const zone = zoneOfCell.get(tally.bin[k]!);
    if (zone !== undefined) add(zone, tally.categories[tally.category[k]!]!, tally.n[k]!);
  }
  for (const r of edge) {
    if (r.inside) add(r.zone, r.category, r.n);
    if (zoneOfCell.get(r.cell) === r.zone) add(r.zone, r.category, -r.n);
  }
  const out = new Map<string, Record<string, number>>();
  for (const [zone, byCategory] of counts) {
    const record: Record<string, number> = {};
    for (const category of [...byCategory.keys()].sort()) {
      const n = byCategory.get(category)!;
      // A negative count means the cell tally and the edge test disagree on some incident: a bug,
      // never something to export.
      if (n < 0) throw new Error(`zone ${zone}: ${category} counted ${n}; cell and edge counts disagree`);
      if (n > 0) record[category] = n;
    }
    out.set(zone, record);
  }
  return out;
}
