import type { PreparedAnalysis } from './analysis-data';
import { latticeNode } from './cell-grid';
import { heatAlpha, heatColour } from './palettes';

/** One image of the surface and its four corners ([lon, lat]: bottom-left, top-left, top-right, bottom-right). */
export interface HeatTile {
  id: string;
  /** RGBA texels, uploaded as they are: a canvas would premultiply and lose the colour of transparent texels. */
  image: ImageData;
  bounds: [[number, number], [number, number], [number, number], [number, number]];
}

/** A tile spans at most this many metres, so its straight-edged quad stays within metres of the BNG grid. */
const TILE_METRES = 8000;

/**
 * The upper end of the colour domain: the surface's maximum. A kernel surface has no isolated
 * spikes to clip (unlike raw cell counts), and a percentile cap saturated whole town centres.
 * Fixed per result: never rescaled on zoom or pan.
 */
export function heatDomainMax(values: ArrayLike<number | null>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && v > max) max = v;
  }
  return max;
}

/**
 * The kernel-density surface as images, one texel per BNG cell, drawn with linear filtering so
 * colours vary smoothly between cell centres. The grid is cut into tiles of at most 8 km, each
 * pinned at its own four lattice corners, because BNG cells are not aligned with Web Mercator.
 */
export function heatTiles(analysis: PreparedAnalysis, domainMax: number): HeatTile[] {
  const { grid, response, lookup } = analysis;
  const density = response.analysis === 'density' ? response.cells.density : [];
  const { lattice } = analysis;
  const size = Math.max(4, Math.floor(TILE_METRES / grid.cellSize));
  const tiles: HeatTile[] = [];
  const node = (i: number, j: number) => latticeNode(lattice, grid, i, j);
  // Empty texels carry the ramp's lowest colour at zero alpha, so filtering fades, never darkens.
  const [r0, g0, b0] = heatColour(0);
  for (let row0 = 0; row0 < grid.rows; row0 += size) {
    for (let col0 = 0; col0 < grid.cols; col0 += size) {
      const w = Math.min(size, grid.cols - col0);
      const h = Math.min(size, grid.rows - row0);
      const pixels = new Uint8ClampedArray(w * h * 4);
      let drawn = false;
      for (let j = 0; j < h; j++) {
        for (let i = 0; i < w; i++) {
          const k = lookup[(row0 + j) * grid.cols + col0 + i]!;
          const value = k >= 0 ? (density[k] ?? 0) : 0;
          const t = domainMax > 0 ? value / domainMax : 0;
          // Image rows run north to south; grid rows south to north.
          const p = ((h - 1 - j) * w + i) * 4;
          const alpha = heatAlpha(t);
          const [r, g, b] = alpha > 0 ? heatColour(t) : [r0, g0, b0];
          pixels[p] = r;
          pixels[p + 1] = g;
          pixels[p + 2] = b;
          pixels[p + 3] = alpha;
          if (alpha > 0) drawn = true;
        }
      }
      if (!drawn) continue;
      tiles.push({
        id: `${row0}-${col0}`,
        image: new ImageData(pixels, w, h),
        bounds: [node(col0, row0), node(col0, row0 + h), node(col0 + w, row0 + h), node(col0 + w, row0)],
      });
    }
  }
  return tiles;
}
