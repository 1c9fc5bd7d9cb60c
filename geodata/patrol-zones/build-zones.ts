/**
 * Patrol zones from selected grid cells: merge adjacent cells, split oversized zones into compact
 * parts, rank, keep the best N, and give each a stable id.
 *
 *  1. Components: selected cells joined by union-find (Int32Array parents, path halving, union by
 *     lower root) over 'rook' (shared edge) or 'queen' (edge or corner) adjacency.
 *  2. Size limit: a component of more than maxCells = max(1, ⌊maxAreaM2 / cellSize²⌋) cells is cut
 *     into compact contiguous parts by ./split-zone (recursive bisection across the principal
 *     axis, by ordered region growing). A cell is the smallest part, so with cells larger than
 *     maxAreaM2 every zone is a single cell.
 *  3. Ranking: by harm density (Σ harm / area in km²) or incident density (Σ counts / km²),
 *     descending; ties by the larger total of the same measure (the bigger zone), then the other
 *     density, then the zone's lowest cell index, so the order is total and deterministic.
 *     Rank 1 is the densest.
 *  4. Limit: only the first maxZones zones are kept (ranks 1..N); `candidates` says how many
 *     there were before the cut.
 *  5. Ids: ./zone-id (FNV-1a of the cells' absolute BNG positions): same squares, same id.
 *
 * Units: cellSize metres (EPSG:27700); areaM2 square metres (cells · cellSize²); densities per km²;
 * counts incidents; harm as given (Cambridge Crime Harm Index days, ../harm); centroid BNG metres (the
 * mean of the cell centres, i.e. the area centroid of the cells, which can lie outside a concave
 * zone). Zones hold grid cells before any clipping to district boundaries.
 *
 * @example
 * const spec = { originX: 380000, originY: 430000, cellSize: 250, cols: 4, rows: 1 };
 * const { zones } = buildZones(spec, Uint8Array.of(1, 1, 0, 1), {
 *   counts: Float64Array.of(2, 4, 0, 5), harm: Float64Array.of(20, 40, 0, 25) });
 * // zones[0]: cells [0, 1], incidents 6, harm 60, areaM2 125000, harmPerKm2 480, rank 1
 * // zones[1]: cells [3],    incidents 5, harm 25, areaM2 62500,  harmPerKm2 400, rank 2
 * // then zoneOutline(spec, zone.cells) (./zone-outline) gives each zone's polygon.
 */

import type { GridSpec } from '../grid';
import { splitCompact, type Connectivity } from './split-zone';
import { zoneId } from './zone-id';

export type { Connectivity } from './split-zone';

export type RankBy = 'harm-density' | 'incident-density';

export interface BuildZonesOptions {
  /** Default 'rook'. */
  connectivity?: Connectivity;
  /** Largest zone area in m²; default 500,000 (0.5 km²). */
  maxAreaM2?: number;
  /** Keep the best N zones; default all. */
  maxZones?: number;
  /** Default 'harm-density'. */
  rankBy?: RankBy;
}

export interface PatrolZone {
  id: string;
  /** 1 = densest. */
  rank: number;
  /** Grid cell indices, ascending. */
  cells: Int32Array;
  incidents: number;
  harm: number;
  areaM2: number;
  harmPerKm2: number;
  incidentsPerKm2: number;
  /** [easting, northing], EPSG:27700 metres. */
  centroid: [number, number];
}

export interface BuildZonesResult {
  zones: PatrolZone[];
  /** Zones before the maxZones cut. */
  candidates: number;
  /** The size limit actually applied, in cells. */
  maxCells: number;
}

export const DEFAULT_MAX_AREA_M2 = 500_000;

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}

/** Connected components of the selected cells, each ascending, ordered by first cell. */
export function components(spec: GridSpec, selection: Uint8Array, connectivity: Connectivity): number[][] {
  const { cols, rows } = spec;
  const parent = new Int32Array(cols * rows);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (!selection[i]) continue;
      if (c > 0 && selection[i - 1]) union(parent, i, i - 1);
      if (r > 0 && selection[i - cols]) union(parent, i, i - cols);
      if (connectivity === 'queen' && r > 0) {
        if (c > 0 && selection[i - cols - 1]) union(parent, i, i - cols - 1);
        if (c < cols - 1 && selection[i - cols + 1]) union(parent, i, i - cols + 1);
      }
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < parent.length; i++) {
    if (!selection[i]) continue;
    const root = find(parent, i);
    const list = byRoot.get(root);
    if (list) list.push(i);
    else byRoot.set(root, [i]);
  }
  // Roots are each component's lowest index (union by lower root) and Map keeps insertion order.
  return [...byRoot.values()];
}

/** Zones from a cell selection (module doc). counts and harm are per cell, row-major. */
export function buildZones(
  spec: GridSpec,
  selection: Uint8Array,
  values: { counts: Float64Array; harm: Float64Array },
  options: BuildZonesOptions = {},
): BuildZonesResult {
  const n = spec.cols * spec.rows;
  for (const [name, arr] of [['selection', selection], ['counts', values.counts], ['harm', values.harm]] as const) {
    if (arr.length !== n) throw new RangeError(`buildZones: ${name} has ${arr.length} cells, the grid has ${n}`);
  }
  const connectivity = options.connectivity ?? 'rook';
  const maxAreaM2 = options.maxAreaM2 ?? DEFAULT_MAX_AREA_M2;
  const maxZones = options.maxZones ?? Infinity;
  const rankBy = options.rankBy ?? 'harm-density';
  if (!(maxAreaM2 > 0 && Number.isFinite(maxAreaM2))) throw new RangeError(`buildZones: maxAreaM2 must be a positive number of m², got ${maxAreaM2}`);
  if (!(maxZones === Infinity || (Number.isInteger(maxZones) && maxZones >= 0))) throw new RangeError(`buildZones: maxZones must be an integer ≥ 0, got ${maxZones}`);
  if (rankBy !== 'harm-density' && rankBy !== 'incident-density') throw new RangeError(`buildZones: rankBy must be 'harm-density' or 'incident-density', got ${String(rankBy)}`);

  const cellArea = spec.cellSize * spec.cellSize;
  // The epsilon keeps 500,000 / 62,500 at 8 cells even if the division lands a hair under.
  const maxCells = Math.max(1, Math.floor(maxAreaM2 / cellArea + 1e-9));

  const built: Omit<PatrolZone, 'rank'>[] = [];
  for (const component of components(spec, selection, connectivity)) {
    for (const cells of splitCompact(component, spec.cols, maxCells, connectivity)) {
      let incidents = 0, harm = 0, sx = 0, sy = 0;
      for (const i of cells) {
        incidents += values.counts[i];
        harm += values.harm[i];
        const c = i % spec.cols;
        sx += c;
        sy += (i - c) / spec.cols;
      }
      const areaM2 = cells.length * cellArea;
      built.push({
        id: zoneId(spec, cells),
        cells,
        incidents,
        harm,
        areaM2,
        harmPerKm2: harm / (areaM2 / 1e6),
        incidentsPerKm2: incidents / (areaM2 / 1e6),
        centroid: [
          spec.originX + (sx / cells.length + 0.5) * spec.cellSize,
          spec.originY + (sy / cells.length + 0.5) * spec.cellSize,
        ],
      });
    }
  }

  const byHarm = rankBy === 'harm-density';
  built.sort((a, b) =>
    byHarm
      ? b.harmPerKm2 - a.harmPerKm2 || b.harm - a.harm || b.incidentsPerKm2 - a.incidentsPerKm2 || a.cells[0] - b.cells[0]
      : b.incidentsPerKm2 - a.incidentsPerKm2 || b.incidents - a.incidents || b.harmPerKm2 - a.harmPerKm2 || a.cells[0] - b.cells[0],
  );
  const zones = built.slice(0, maxZones).map(({ id, ...rest }, k) => ({ id, rank: k + 1, ...rest }));
  return { zones, candidates: built.length, maxCells };
}
