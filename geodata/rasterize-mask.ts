import type { GridSpec } from './grid';

/**
 * Which cells of a grid make up a study area:
 * - `'intersects'` (the default of the analyses): every cell whose interior overlaps the polygons'
 *   interior by any area, so no incident inside the study area falls in a dropped cell. At a coast
 *   or a county edge a cut cell is kept whatever share of it is land.
 * - `'centre'`: the cell's centre lies inside (see rasterizeMask), the rule of sfhotspot and of
 *   raster conversion; kept so results can be compared with them.
 */
export type CellRule = 'intersects' | 'centre';

/**
 * Study-area mask of a grid: 1 where the cell's centre lies inside the polygons, else 0.
 *
 * Rule: a cell belongs to the study area when its centre is inside (even-odd rule over all
 * rings, so holes are excluded). This is the "cell centre" convention of raster conversion
 * (GDAL's gdal_rasterize default, ArcGIS "Polygon to Raster" CELL_CENTER), which assigns every
 * cell to exactly one side of a shared district border, so adjacent districts' masks never
 * overlap or leave gaps.
 *
 * With `rule = 'intersects'` the cells the polygons' boundary passes through are kept too (see
 * CellRule): adjacent districts then share the cells their border cuts.
 *
 * Method: a scanline per grid row. Each polygon edge is visited once and its crossing with every
 * row centre line it spans is recorded; sorted crossings pair up into inside runs. Cost
 * O(edges + crossings + cells), with no point-in-polygon test per cell.
 *
 * Units: polygon coordinates in the grid's CRS (EPSG:27700 metres).
 *
 * @example
 * const grid = { originX: 0, originY: 0, cellSize: 100, cols: 4, rows: 4 };
 * const square = [[[[0, 0], [200, 0], [200, 200], [0, 200], [0, 0]]]];
 * rasterizeMask(square, grid); // 1 at indices 0, 1, 4, 5
 */
export function rasterizeMask(multiPolygons: number[][][][], grid: GridSpec, rule: CellRule = 'centre'): Uint8Array {
  const { originX, originY, cellSize, cols, rows } = grid;
  const mask = new Uint8Array(cols * rows);
  const crossings: number[][] = Array.from({ length: rows }, () => []);
  for (const polygon of multiPolygons) {
    for (const ring of polygon) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const [x1, y1] = ring[k]!;
        const [x2, y2] = ring[k + 1]!;
        if (y1 === y2) continue;
        const low = Math.min(y1!, y2!);
        const high = Math.max(y1!, y2!);
        // Rows whose centre line y_c satisfies low <= y_c < high (half-open: a vertex on a
        // centre line is counted once, by the edge that rises through it).
        const first = Math.max(0, Math.ceil((low - originY) / cellSize - 0.5));
        const last = Math.min(rows - 1, Math.ceil((high - originY) / cellSize - 0.5) - 1);
        for (let row = first; row <= last; row++) {
          const yc = originY + (row + 0.5) * cellSize;
          crossings[row]!.push(x1! + ((yc - y1!) * (x2! - x1!)) / (y2! - y1!));
        }
      }
    }
  }
  for (let row = 0; row < rows; row++) {
    const xs = crossings[row]!.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Columns whose centre x_c satisfies xs[k] <= x_c < xs[k+1].
      const from = Math.max(0, Math.ceil((xs[k]! - originX) / cellSize - 0.5));
      const to = Math.min(cols - 1, Math.ceil((xs[k + 1]! - originX) / cellSize - 0.5) - 1);
      mask.fill(1, row * cols + from, row * cols + to + 1);
    }
  }
  if (rule === 'intersects') markCellsCrossedByEdges(multiPolygons, grid, mask);
  return mask;
}

/**
 * Sets the cells whose open interior a ring edge passes through. With the centre rule's cells
 * this is exactly the cells overlapping the polygons by a positive area: such a cell either lies
 * wholly inside (its centre is inside) or the boundary crosses its interior, and an edge through
 * the interior has the polygon's interior on one side of it within the cell. Edges running along
 * a grid line cross no interior and add nothing.
 *
 * Method: each edge P→Q is cut at every grid line it crosses (parameters t in [0, 1]); the
 * midpoint of each piece lies in one cell, or on a grid line when the piece runs along one.
 * O(edges + crossings).
 */
function markCellsCrossedByEdges(multiPolygons: number[][][][], grid: GridSpec, mask: Uint8Array): void {
  const { originX, originY, cellSize, cols, rows } = grid;
  const cuts: number[] = [];
  for (const polygon of multiPolygons) {
    for (const ring of polygon) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const x1 = (ring[k]![0]! - originX) / cellSize;
        const y1 = (ring[k]![1]! - originY) / cellSize;
        const x2 = (ring[k + 1]![0]! - originX) / cellSize;
        const y2 = (ring[k + 1]![1]! - originY) / cellSize;
        cuts.length = 0;
        cuts.push(0, 1);
        gridLineCrossings(x1, x2, cuts);
        gridLineCrossings(y1, y2, cuts);
        cuts.sort((a, b) => a - b);
        for (let c = 0; c + 1 < cuts.length; c++) {
          if (cuts[c + 1]! - cuts[c]! <= 1e-12) continue;
          const t = (cuts[c]! + cuts[c + 1]!) / 2;
          const gx = x1 + t * (x2 - x1);
          const gy = y1 + t * (y2 - y1);
          // On a grid line: this piece runs along it and crosses no cell's interior.
          if (Number.isInteger(gx) || Number.isInteger(gy)) continue;
          const col = Math.floor(gx);
          const row = Math.floor(gy);
          if (col >= 0 && col < cols && row >= 0 && row < rows) mask[row * cols + col] = 1;
        }
      }
    }
  }
}

/** Parameters t in (0, 1) where a + t·(b − a) is a whole number (a grid line, in cell units). */
function gridLineCrossings(a: number, b: number, out: number[]): void {
  if (a === b) return;
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  for (let line = Math.floor(low) + 1; line < high; line++) out.push((line - a) / (b - a));
}
