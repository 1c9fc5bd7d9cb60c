import type { AnalysisResponse } from '../types';
import { type GridSpec, cornerLattice, latticeNode } from './cell-grid';
import { type HeatTile, heatDomainMax, heatTiles } from './heat-surface';
import { DENSITY_COLOURS } from './palettes';

/**
 * An analysis response made ready to draw, computed once per response: the corner lattice, the
 * positions of the cells that get a colour, a grid-index → position lookup for tooltips, and
 * the density class breaks. Breaks come from the whole result, so colours never shift on zoom.
 */
export interface PreparedAnalysis {
  response: AnalysisResponse;
  grid: GridSpec;
  lattice: Float64Array;
  /** Positions (into response.cells arrays) of the cells drawn. */
  drawn: number[];
  /** Grid index → position in the cells arrays, −1 outside the study area. */
  lookup: Int32Array;
  /** Density only: upper bounds of the classes (per km²), ascending; the last is the maximum. */
  breaks: number[];
  /** A number that changes with each response, for the rendered signal. */
  serial: number;
  /**
   * The sides of drawn cells that meet the basemap (no drawn cell beyond them), each with the
   * position of its cell: where the analysis gets its edge (palettes.ts EDGE_LUMINANCE). Empty
   * for a kernel density surface, which fades out instead of ending at cell sides.
   */
  edges: CellEdge[];
  /** A kernel density result (smoothing=kde): the surface's images and colour domain (0…max, per km²). */
  heat: { domainMax: number; tiles: HeatTile[] } | null;
}

export interface CellEdge {
  /** Position of the cell in the response's cells arrays. */
  k: number;
  path: [[number, number], [number, number]];
}

let serial = 0;

/** The outer sides of the drawn cells: those whose neighbour across the side is not drawn. */
export function cellEdges(grid: GridSpec, lattice: Float64Array, index: ArrayLike<number>, drawn: readonly number[]): CellEdge[] {
  const { cols, rows } = grid;
  const isDrawn = new Uint8Array(cols * rows);
  for (const k of drawn) isDrawn[index[k]!] = 1;
  const node = (i: number, j: number) => latticeNode(lattice, grid, i, j);
  const edges: CellEdge[] = [];
  for (const k of drawn) {
    const g = index[k]!;
    const col = g % cols;
    const row = Math.floor(g / cols);
    if (row === 0 || !isDrawn[g - cols]) edges.push({ k, path: [node(col, row), node(col + 1, row)] });
    if (col === cols - 1 || !isDrawn[g + 1]) edges.push({ k, path: [node(col + 1, row), node(col + 1, row + 1)] });
    if (row === rows - 1 || !isDrawn[g + cols]) edges.push({ k, path: [node(col + 1, row + 1), node(col, row + 1)] });
    if (col === 0 || !isDrawn[g - 1]) edges.push({ k, path: [node(col, row + 1), node(col, row)] });
  }
  return edges;
}

/** Quantile class breaks of the positive values (duplicates merged), at most `classes` of them. */
export function quantileBreaks(values: ArrayLike<number | null>, classes: number): number[] {
  const positive: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && v > 0) positive.push(v);
  }
  if (positive.length === 0) return [];
  positive.sort((a, b) => a - b);
  const breaks: number[] = [];
  for (let c = 1; c <= classes; c++) {
    const v = positive[Math.min(positive.length - 1, Math.ceil((c / classes) * positive.length) - 1)]!;
    if (breaks.at(-1) !== v) breaks.push(v);
  }
  return breaks;
}

/** Index of the class of a value (0…breaks.length−1), −1 for zero or missing. */
export function classOf(value: number | null | undefined, breaks: readonly number[]): number {
  if (value === null || value === undefined || !(value > 0)) return -1;
  for (let i = 0; i < breaks.length; i++) if (value <= breaks[i]!) return i;
  return breaks.length - 1;
}

export function prepareAnalysis(response: AnalysisResponse): PreparedAnalysis {
  const grid = response.grid;
  const cells = response.cells;
  const index = cells.index as number[];
  const lookup = new Int32Array(grid.cols * grid.rows).fill(-1);
  for (let k = 0; k < index.length; k++) lookup[index[k]!] = k;
  const drawn: number[] = [];
  let breaks: number[] = [];
  if (response.analysis === 'density') {
    const density = response.cells.density;
    breaks = quantileBreaks(density, DENSITY_COLOURS.length);
    for (let k = 0; k < index.length; k++) if ((density[k] ?? 0) > 0) drawn.push(k);
  } else if (response.analysis === 'hotspots') {
    const bin = response.cells.bin;
    for (let k = 0; k < index.length; k++) if (bin[k]) drawn.push(k);
  } else {
    const category = response.cells.category;
    for (let k = 0; k < index.length; k++) if (category[k]) drawn.push(k);
  }
  serial += 1;
  const lattice = cornerLattice(grid);
  const prepared: PreparedAnalysis = { response, grid, lattice, drawn, lookup, breaks, serial, edges: [], heat: null };
  if (response.analysis === 'density' && response.parameters.smoothing === 'kde') {
    const domainMax = heatDomainMax(response.cells.density);
    prepared.heat = { domainMax, tiles: heatTiles(prepared, domainMax) };
  } else prepared.edges = cellEdges(grid, lattice, index, drawn);
  return prepared;
}
