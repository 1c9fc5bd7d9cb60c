import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../grid';
import { buildZones } from './build-zones';
import { selectCells } from './select-cells';
import { zoneId } from './zone-id';

const grid = (cols: number, rows: number, cellSize = 250): GridSpec => ({ originX: 380000, originY: 430000, cellSize, cols, rows });
const f64 = (xs: number[]) => Float64Array.from(xs);

describe('buildZones', () => {
  it('merges adjacent cells and ranks by harm density (module example)', () => {
    const spec = grid(4, 1);
    const { zones, candidates } = buildZones(spec, Uint8Array.of(1, 1, 0, 1), { counts: f64([2, 4, 0, 5]), harm: f64([20, 40, 0, 25]) });
    expect(candidates).toBe(2);
    expect(zones.map((z) => ({ rank: z.rank, cells: [...z.cells], incidents: z.incidents, harm: z.harm, areaM2: z.areaM2, harmPerKm2: z.harmPerKm2 })))
      .toEqual([
        { rank: 1, cells: [0, 1], incidents: 6, harm: 60, areaM2: 125000, harmPerKm2: 480 },
        { rank: 2, cells: [3], incidents: 5, harm: 25, areaM2: 62500, harmPerKm2: 400 },
      ]);
    expect(zones[0].centroid).toEqual([380250, 430125]);
    expect(zones[0].id).toBe(zoneId(spec, [0, 1]));
  });

  it('ranks by incident density when asked', () => {
    const { zones } = buildZones(grid(4, 1), Uint8Array.of(1, 1, 0, 1), { counts: f64([2, 4, 0, 5]), harm: f64([20, 40, 0, 25]) }, { rankBy: 'incident-density' });
    expect(zones.map((z) => [...z.cells])).toEqual([[3], [0, 1]]); // 80 vs 48 per km²
  });

  it('joins corner-touching cells only with queen connectivity', () => {
    const spec = grid(2, 2);
    const values = { counts: f64([1, 0, 0, 1]), harm: f64([1, 0, 0, 1]) };
    expect(buildZones(spec, Uint8Array.of(1, 0, 0, 1), values).zones).toHaveLength(2);
    expect(buildZones(spec, Uint8Array.of(1, 0, 0, 1), values, { connectivity: 'queen' }).zones.map((z) => [...z.cells])).toEqual([[0, 3]]);
  });

  it('breaks density ties by the bigger zone, then the lowest cell', () => {
    const spec = grid(7, 1);
    const harm = f64([5, 5, 0, 5, 0, 5, 0]);
    const { zones } = buildZones(spec, Uint8Array.of(1, 1, 0, 1, 0, 1, 0), { counts: harm, harm });
    expect(zones.map((z) => [...z.cells])).toEqual([[0, 1], [3], [5]]);
  });

  it('keeps the best maxZones and reports how many there were', () => {
    const harm = f64([9, 0, 3, 0, 7, 0, 1]);
    const { zones, candidates } = buildZones(grid(7, 1), Uint8Array.of(1, 0, 1, 0, 1, 0, 1), { counts: harm, harm }, { maxZones: 2 });
    expect(candidates).toBe(4);
    expect(zones.map((z) => [z.rank, z.cells[0]])).toEqual([[1, 0], [2, 4]]);
  });

  it('splits a zone over the maximum area into compact parts within it', () => {
    // 40 × 4 cells of 250 m = 10 km²; 0.5 km² = 8 cells → twenty 1000 m × 500 m blocks.
    const spec = grid(40, 4);
    const n = 160;
    const { zones, maxCells } = buildZones(spec, new Uint8Array(n).fill(1), { counts: new Float64Array(n).fill(1), harm: new Float64Array(n).fill(1) });
    expect(maxCells).toBe(8);
    expect(zones).toHaveLength(20);
    for (const z of zones) {
      expect(z.areaM2).toBe(500_000);
      const cols = [...z.cells].map((i) => i % 40), rows = [...z.cells].map((i) => Math.floor(i / 40));
      expect([Math.max(...cols) - Math.min(...cols) + 1, Math.max(...rows) - Math.min(...rows) + 1]).toEqual([2, 4]);
    }
  });

  it('makes every cell its own zone when a cell is larger than the maximum area', () => {
    const { zones, maxCells } = buildZones(grid(3, 1, 1000), Uint8Array.of(1, 1, 1), { counts: f64([1, 2, 3]), harm: f64([1, 2, 3]) });
    expect(maxCells).toBe(1);
    expect(zones.map((z) => [...z.cells])).toEqual([[2], [1], [0]]);
  });

  it('gives an empty result for an empty selection', () => {
    expect(buildZones(grid(2, 2), new Uint8Array(4), { counts: new Float64Array(4), harm: new Float64Array(4) })).toEqual({ zones: [], candidates: 0, maxCells: 8 });
  });

  it('rejects mismatched arrays and bad options', () => {
    const v = { counts: new Float64Array(4), harm: new Float64Array(4) };
    expect(() => buildZones(grid(2, 2), new Uint8Array(3), v)).toThrow('buildZones: selection has 3 cells, the grid has 4');
    expect(() => buildZones(grid(2, 2), new Uint8Array(4), v, { maxAreaM2: 0 })).toThrow('buildZones: maxAreaM2 must be a positive number of m², got 0');
    expect(() => buildZones(grid(2, 2), new Uint8Array(4), v, { maxZones: -1 })).toThrow('buildZones: maxZones must be an integer ≥ 0, got -1');
  });
});

describe('buildZones properties (random grids, seeded)', () => {
  let seed = 4242;
  const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);

  it('keeps every selected cell in exactly one zone, and zone incidents sum to the selected cells', () => {
    for (let t = 0; t < 60; t++) {
      const cols = 5 + Math.floor(rnd() * 40), rows = 5 + Math.floor(rnd() * 40);
      const cellSize = [100, 150, 250, 500][t % 4];
      const spec = grid(cols, rows, cellSize);
      const counts = Float64Array.from({ length: cols * rows }, () => (rnd() < 0.5 ? 0 : Math.floor(rnd() * 20)));
      const harm = counts.map((c) => c * (1 + Math.floor(rnd() * 100)));
      const selection = selectCells({ harm }, { rule: 'top-harm-share', percent: 20 + rnd() * 80 });
      const options = { connectivity: t % 3 ? 'rook' : 'queen', maxAreaM2: 100_000 + rnd() * 900_000 } as const;
      const { zones, maxCells } = buildZones(spec, selection, { counts, harm }, options);

      const seen = new Uint8Array(cols * rows);
      for (const z of zones) {
        expect(z.cells.length).toBeLessThanOrEqual(maxCells);
        for (const i of z.cells) seen[i]++;
      }
      expect([...seen]).toEqual([...selection]);
      const selectedIncidents = counts.reduce((a, c, i) => a + (selection[i] ? c : 0), 0);
      expect(zones.reduce((a, z) => a + z.incidents, 0)).toBe(selectedIncidents);
      expect(zones.map((z) => z.rank)).toEqual(zones.map((_, k) => k + 1));
      expect(new Set(zones.map((z) => z.id)).size).toBe(zones.length);
    }
  });

  it('gives the same zones and ids on a grid built for a larger bbox (input re-indexed)', () => {
    for (let t = 0; t < 20; t++) {
      const cols = 10 + Math.floor(rnd() * 20), rows = 10 + Math.floor(rnd() * 20);
      const spec = grid(cols, rows);
      const counts = Float64Array.from({ length: cols * rows }, () => Math.floor(rnd() * 5));
      const selection = selectCells({ harm: counts }, { rule: 'top-cells', k: Math.floor(cols * rows * 0.4) });
      // The same data, embedded 3 columns east and 2 rows north in a bigger grid.
      const big: GridSpec = { ...spec, originX: spec.originX - 750, originY: spec.originY - 500, cols: cols + 5, rows: rows + 4 };
      const move = (i: number) => (Math.floor(i / cols) + 2) * big.cols + (i % cols) + 3;
      const bigCounts = new Float64Array(big.cols * big.rows);
      const bigSelection = new Uint8Array(big.cols * big.rows);
      counts.forEach((c, i) => ((bigCounts[move(i)] = c), (bigSelection[move(i)] = selection[i])));
      const a = buildZones(spec, selection, { counts, harm: counts });
      const b = buildZones(big, bigSelection, { counts: bigCounts, harm: bigCounts });
      expect(b.zones.map((z) => z.id)).toEqual(a.zones.map((z) => z.id));
      expect(b.zones.map((z) => [...z.cells])).toEqual(a.zones.map((z) => [...z.cells].map(move)));
      expect(b.zones.map((z) => z.centroid)).toEqual(a.zones.map((z) => z.centroid));
    }
  });
});
