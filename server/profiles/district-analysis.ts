import type { Kysely } from 'kysely';
import { type CellLocationCount, cellLocationCounts } from '../../db/district-profile';
import type { Database } from '../../db/schema';
import { districtStudyArea } from '../../db/study-area';
import { bngToLonLat } from '../../geodata/bng';
import { crimeConcentration } from '../../geodata/concentration';
import { getisOrdGiStarWithWindows } from '../../geodata/gistar';
import { type GridSpec, defaultCellSize, gridForBbox } from '../../geodata/grid';
import { rasterizeMask } from '../../geodata/rasterize-mask';
import { classifyHotspots } from '../../geodata/significance';
import { MAX_CELLS } from '../analysis/params';
import { invalidParameters } from '../problem';
import type { ProfileConcentration, TopHotspot } from './types';

/** How many hot-spot cells a profile lists. */
export const TOP_HOTSPOTS = 5;

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** One district's hot-spot analysis: its grid and mask, cell counts, Gi* z and bins. */
export interface DistrictGiStar {
  grid: GridSpec;
  mask: Uint8Array;
  count: Float64Array;
  z: Float64Array;
  bin: Int8Array;
}

/** One district's analysis grid at its default (or the requested) cell size, and its mask. */
export interface DistrictGrid {
  grid: GridSpec;
  mask: Uint8Array;
}

/**
 * The grid and mask /api/analysis/hotspots builds for `districts=<code>` (cells=intersects): every
 * cell the district overlaps, so none of its incidents is dropped. Throws 400 when the district
 * has no boundary or the grid would pass MAX_CELLS.
 */
export async function districtGrid(db: Kysely<Database>, code: string, requestedCellSize: number | undefined): Promise<DistrictGrid> {
  const area = await districtStudyArea(db, [code]);
  if (!area.extent) throw invalidParameters([{ parameter: 'districts', detail: `district ${code} has no boundary loaded` }]);
  const cellSize = requestedCellSize ?? defaultCellSize(area.extent);
  const grid = gridForBbox(area.extent, cellSize);
  if (grid.cols * grid.rows > MAX_CELLS) {
    throw invalidParameters([{ parameter: 'cellSize', detail: `${cellSize} m cells need ${(grid.cols * grid.rows).toLocaleString('en-GB')} cells over ${code}; the limit is ${MAX_CELLS.toLocaleString('en-GB')}` }]);
  }
  return { grid, mask: rasterizeMask(area.polygons, grid, 'intersects') };
}

/**
 * Queen Gi* (self included) with FDR over a district's cell counts, as the analyses run it: for
 * callers that count the cells in a scan they need anyway (profiles with the cells' labels, plan
 * coverage with the priority areas).
 */
export function districtGiStarFromCounts({ grid, mask }: DistrictGrid, count: Float64Array): DistrictGiStar {
  const { z, windowSize } = getisOrdGiStarWithWindows(count, grid.cols, grid.rows, { neighbourhood: 'queen', cellSize: grid.cellSize, mask, includeSelf: true });
  const { bin } = classifyHotspots(z, { adjustment: 'fdr', windowSize });
  return { grid, mask, count, z, bin };
}

/**
 * The district's Gi*, then the concentration figures and the top hot-spot cells of a profile. The
 * cell counts and the hot cells' labels come from one scan of the district (cellLocationCounts):
 * its counts summed over labels are the ones tallyCells gives.
 */
export async function districtAnalysis(
  db: Kysely<Database>,
  code: string,
  filter: { from: string; to: string; categories: string[] },
  requestedCellSize: number | undefined,
): Promise<{ concentration: ProfileConcentration; topHotspots: TopHotspot[] }> {
  const { grid, mask } = await districtGrid(db, code, requestedCellSize);
  const rows = await cellLocationCounts(db, { ...filter, districts: [code] }, grid);
  const count = new Float64Array(grid.cols * grid.rows);
  for (const r of rows) count[r.cell]! += r.n;
  const { z, bin } = districtGiStarFromCounts({ grid, mask }, count);
  const { cellSize } = grid;

  const kept: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) kept.push(i);
  const c = crimeConcentration(Float64Array.from(kept, (i) => count[i]!));
  const concentration: ProfileConcentration = {
    cellSize,
    cells: c.cells,
    top5Share: finiteOrNull(c.top5),
    gini: finiteOrNull(c.gini),
    cellsFor50: finiteOrNull(c.cellsFor50),
    cellShareFor50: finiteOrNull(c.cellShareFor50),
  };

  const top = kept.filter((i) => bin[i] === 3).sort((a, b) => z[b]! - z[a]! || a - b).slice(0, TOP_HOTSPOTS);
  const topCells = new Set(top);
  const labels = mostFrequentLabels(rows.filter((r) => topCells.has(r.cell)));
  const topHotspots = top.map((i): TopHotspot => {
    const easting = grid.originX + (i % grid.cols) * cellSize;
    const northing = grid.originY + Math.floor(i / grid.cols) * cellSize;
    const [lon, lat] = bngToLonLat(easting + cellSize / 2, northing + cellSize / 2);
    return { easting, northing, cellSize, lon: round6(lon), lat: round6(lat), incidents: count[i]!, z: round6(z[i]!), label: labels.get(i) ?? null };
  });
  return { concentration, topHotspots };
}

/** Per cell, the label seen most often (ties: the first alphabetically, so answers are repeatable); unlabelled incidents do not vote. */
function mostFrequentLabels(rows: ReadonlyArray<CellLocationCount>): Map<number, string> {
  const best = new Map<number, { location: string; n: number }>();
  for (const r of rows) {
    if (r.location === null) continue;
    const b = best.get(r.cell);
    if (!b || r.n > b.n || (r.n === b.n && r.location < b.location)) best.set(r.cell, { location: r.location, n: r.n });
  }
  return new Map([...best].map(([cell, b]) => [cell, b.location]));
}
