import { bngToLonLat } from '../../geodata/bng';
import { type GridSpec, cellCentre, cellIndexAt } from '../../geodata/grid';

export { type GridSpec, cellCentre, cellIndexAt };

/**
 * The lon/lat of every corner node of a BNG grid: (cols+1)×(rows+1) nodes, row-major from the
 * south-west, [lon, lat] interleaved. One transform per node instead of four per cell, and
 * neighbouring cells share exact corners, so no hairline gaps appear between quads.
 */
export function cornerLattice(grid: GridSpec): Float64Array {
  const nodesX = grid.cols + 1;
  const nodesY = grid.rows + 1;
  const out = new Float64Array(nodesX * nodesY * 2);
  for (let j = 0; j < nodesY; j++) {
    const y = grid.originY + j * grid.cellSize;
    for (let i = 0; i < nodesX; i++) {
      const [lon, lat] = bngToLonLat(grid.originX + i * grid.cellSize, y);
      const n = (j * nodesX + i) * 2;
      out[n] = lon;
      out[n + 1] = lat;
    }
  }
  return out;
}

/** The lattice's lon/lat at cell corner (i, j): the south-west corner of cell (col i, row j). */
export function latticeNode(lattice: Float64Array, grid: GridSpec, i: number, j: number): [number, number] {
  const n = (j * (grid.cols + 1) + i) * 2;
  return [lattice[n]!, lattice[n + 1]!];
}

/** The closed ring [SW, SE, NE, NW, SW] of the cell at grid index `row·cols + col`. */
export function cellRing(lattice: Float64Array, grid: GridSpec, index: number): Array<[number, number]> {
  const col = index % grid.cols;
  const row = Math.floor(index / grid.cols);
  const node = (i: number, j: number) => latticeNode(lattice, grid, i, j);
  const sw = node(col, row);
  return [sw, node(col + 1, row), node(col + 1, row + 1), node(col, row + 1), sw];
}
