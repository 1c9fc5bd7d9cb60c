import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../grid';
import { zoneOutline, type OutlineGeometry, type Position } from './zone-outline';

const spec = (cols: number, rows: number, cellSize = 100): GridSpec => ({ originX: 0, originY: 0, cellSize, cols, rows });

/** Cells from a picture: '#' selected, top line = northernmost row. */
function picture(rows: string[]): { grid: GridSpec; cells: number[] } {
  const grid = spec(rows[0].length, rows.length);
  const cells: number[] = [];
  rows.forEach((line, k) => [...line].forEach((ch, c) => ch === '#' && cells.push((rows.length - 1 - k) * grid.cols + c)));
  return { grid, cells };
}

const polygonsOf = (g: OutlineGeometry) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
const area2 = (r: Position[]) => r.slice(1).reduce((a, p, k) => a + (r[k][0] - p[0]) * (r[k][1] + p[1]), 0);

function inside(r: Position[], x: number, y: number): boolean {
  let c = false;
  for (let k = 1; k < r.length; k++) {
    const [x1, y1] = r[k - 1], [x2, y2] = r[k];
    if (y1 > y !== y2 > y && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) c = !c;
  }
  return c;
}

/**
 * Independent checks of an outline: rings closed, axis-parallel, no collinear or repeated vertex
 * (walked in unit steps, no lattice point twice: simple rings), outer rings anticlockwise, holes
 * clockwise, and every cell centre of the grid inside exactly one polygon iff the cell is selected.
 */
function checkOutline(grid: GridSpec, cells: number[], g: OutlineGeometry): void {
  // Plain throws in the loops: thousands of expect() calls would dominate the random test.
  const ok = (condition: boolean, what: string) => {
    if (!condition) throw new Error(`${what} in ${JSON.stringify(g)}`);
  };
  const s = grid.cellSize;
  const polygons = polygonsOf(g);
  expect(g.type).toBe(polygons.length === 1 ? 'Polygon' : 'MultiPolygon');
  let total = 0;
  for (const polygon of polygons) {
    polygon.forEach((ring, k) => {
      ok(ring.length >= 5, 'ring with fewer than 5 positions');
      ok(ring[ring.length - 1][0] === ring[0][0] && ring[ring.length - 1][1] === ring[0][1], 'open ring');
      const a = area2(ring);
      ok(k === 0 ? a > 0 : a < 0, 'wrong orientation');
      total += a / 2;
      const visited = new Set<string>();
      for (let j = 1; j < ring.length; j++) {
        const [x0, y0] = ring[j - 1], [x1, y1] = ring[j];
        ok(x0 === x1 || y0 === y1, 'diagonal segment');
        const next = ring[j === ring.length - 1 ? 1 : j + 1];
        ok(!((x0 === x1 && x1 === next[0]) || (y0 === y1 && y1 === next[1])), 'collinear vertex');
        const steps = (Math.abs(x1 - x0) + Math.abs(y1 - y0)) / s;
        for (let t = 0; t < steps; t++) {
          const key = `${x0 + (Math.sign(x1 - x0) * t * s)},${y0 + (Math.sign(y1 - y0) * t * s)}`;
          ok(!visited.has(key), `ring visits ${key} twice`);
          visited.add(key);
        }
      }
    });
  }
  expect(total).toBe(new Set(cells).size * s * s);
  const selected = new Set(cells);
  for (let i = 0; i < grid.cols * grid.rows; i++) {
    const x = (i % grid.cols + 0.5) * s, y = (Math.floor(i / grid.cols) + 0.5) * s;
    const hits = polygons.filter((p) => inside(p[0], x, y) && !p.slice(1).some((h) => inside(h, x, y))).length;
    ok(hits === (selected.has(i) ? 1 : 0), `cell ${i} covered ${hits} times`);
  }
}

describe('zoneOutline', () => {
  it('outlines one cell as an anticlockwise square', () => {
    const grid: GridSpec = { originX: 530000, originY: 180000, cellSize: 250, cols: 4, rows: 4 };
    expect(zoneOutline(grid, [5])).toEqual({
      type: 'Polygon',
      coordinates: [[[530250, 180250], [530500, 180250], [530500, 180500], [530250, 180500], [530250, 180250]]],
    });
  });

  it('drops collinear vertices and starts at the lowest, westernmost corner (module example)', () => {
    expect(zoneOutline(spec(3, 2), [4, 1, 0])).toEqual({
      type: 'Polygon',
      coordinates: [[[0, 0], [200, 0], [200, 200], [100, 200], [100, 100], [0, 100], [0, 0]]],
    });
  });

  it('gives a ring of cells a clockwise hole', () => {
    const { grid, cells } = picture(['###', '#.#', '###']);
    const g = zoneOutline(grid, cells);
    expect(g).toEqual({
      type: 'Polygon',
      coordinates: [
        [[0, 0], [300, 0], [300, 300], [0, 300], [0, 0]],
        [[100, 100], [100, 200], [200, 200], [200, 100], [100, 100]],
      ],
    });
    checkOutline(grid, cells, g);
  });

  it('splits cells touching only at a corner into polygons of a MultiPolygon', () => {
    const { grid, cells } = picture(['.#', '#.']);
    const g = zoneOutline(grid, cells);
    expect(g).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [[[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]],
        [[[100, 100], [200, 100], [200, 200], [100, 200], [100, 100]]],
      ],
    });
    checkOutline(grid, cells, g);
  });

  it('keeps a hole that touches the outside at a corner as its own ring', () => {
    // The centre hole meets the empty north-east corner at (200, 200); the cells are edge-connected
    // around, so the rule turns right there and the hole is a separate ring touching the outer one.
    const { grid, cells } = picture(['##.', '#.#', '###']);
    const g = zoneOutline(grid, cells);
    expect(g.type).toBe('Polygon');
    expect(g.coordinates).toEqual([
      [[0, 0], [300, 0], [300, 200], [200, 200], [200, 300], [0, 300], [0, 0]],
      [[100, 100], [100, 200], [200, 200], [200, 100], [100, 100]],
    ]);
    checkOutline(grid, cells, g);
  });

  it('keeps two holes that touch at a corner as two rings', () => {
    const { grid, cells } = picture(['####', '##.#', '#.##', '####']);
    const g = zoneOutline(grid, cells);
    expect(g.type).toBe('Polygon');
    expect(polygonsOf(g)[0]).toHaveLength(3);
    checkOutline(grid, cells, g);
  });

  it('outlines a queen-only checkerboard as five squares', () => {
    const { grid, cells } = picture(['#.#', '.#.', '#.#']);
    const g = zoneOutline(grid, cells);
    expect(g.type).toBe('MultiPolygon');
    expect(polygonsOf(g)).toHaveLength(5);
    checkOutline(grid, cells, g);
  });

  it('puts a cell group inside another group\'s hole as a separate polygon', () => {
    const { grid, cells } = picture(['#####', '#...#', '#.#.#', '#...#', '#####']);
    const g = zoneOutline(grid, cells);
    expect(polygonsOf(g).map((p) => p.length)).toEqual([2, 1]);
    checkOutline(grid, cells, g);
  });

  it('gives valid, exact outlines for 300 random cell sets (pinch points included)', () => {
    let seed = 20250101;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let t = 0; t < 300; t++) {
      const grid = spec(3 + Math.floor(rnd() * 10), 3 + Math.floor(rnd() * 10), 50);
      const density = 0.3 + rnd() * 0.5;
      const cells: number[] = [];
      for (let i = 0; i < grid.cols * grid.rows; i++) if (rnd() < density) cells.push(i);
      if (cells.length === 0) continue;
      checkOutline(grid, cells, zoneOutline(grid, cells));
    }
  });

  it('does not depend on the order of the cells', () => {
    const { grid, cells } = picture(['##.#', '#.##', '.###']);
    expect(zoneOutline(grid, [...cells].reverse())).toEqual(zoneOutline(grid, cells));
  });

  it('rejects no cells and cells outside the grid', () => {
    expect(() => zoneOutline(spec(2, 2), [])).toThrow('zoneOutline: no cells');
    expect(() => zoneOutline(spec(2, 2), [4])).toThrow('zoneOutline: cell 4 is outside the grid');
  });
});
