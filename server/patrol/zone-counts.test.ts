import { describe, expect, it } from 'vitest';
import type { CellTally } from '../../db/cell-counts';
import type { ZoneEdgeTally } from '../../db/zone-edge-counts';
import { zoneCategoryCounts } from './zone-counts';

// A 4 × 1 grid. Zone A holds cells 0 and 1, zone B cell 3.
const tally: CellTally = {
  categories: ['burglary', 'violent-crime'],
  bin: Int32Array.of(0, 0, 1, 2, 3, 3),
  category: Int32Array.of(0, 1, 1, 1, 0, 1),
  n: Float64Array.of(4, 10, 7, 5, 2, 6),
  outside: 0,
};

describe('zoneCategoryCounts', () => {
  it('sums the cells and swaps edge incidents for their exact test (known answer by hand)', () => {
    const edge: ZoneEdgeTally = [
      // 2 violent crimes binned in cell 1 lie just outside A's exported edge: −2.
      { zone: 'A', category: 'violent-crime', cell: 1, inside: false, n: 2 },
      // 3 binned in cell 1 are on A's edge and inside: −3 + 3.
      { zone: 'A', category: 'violent-crime', cell: 1, inside: true, n: 3 },
      // 1 burglary binned in cell 2 (not A's) lies on A's boundary, inside: +1.
      { zone: 'A', category: 'burglary', cell: 2, inside: true, n: 1 },
      // B's cell was cut by clipping, so all its incidents were tested: 4 of 6 violent crimes and
      // neither burglary lie inside.
      { zone: 'B', category: 'violent-crime', cell: 3, inside: true, n: 4 },
      { zone: 'B', category: 'violent-crime', cell: 3, inside: false, n: 2 },
      { zone: 'B', category: 'burglary', cell: 3, inside: false, n: 2 },
      // Outside the grid (−1) yet inside B's polygon: +1.
      { zone: 'B', category: 'burglary', cell: -1, inside: true, n: 1 },
    ];
    const counts = zoneCategoryCounts([{ id: 'A', cells: [0, 1] }, { id: 'B', cells: [3] }], tally, edge);
    // A: burglary 4 (cell 0) + 1 = 5; violent crime 10 + 7 − 2 = 15.
    // B: burglary 2 − 2 + 1 = 1; violent crime 6 − 6 + 4 = 4.
    expect(counts.get('A')).toEqual({ burglary: 5, 'violent-crime': 15 });
    expect(counts.get('B')).toEqual({ burglary: 1, 'violent-crime': 4 });
    expect(Object.keys(counts.get('A')!)).toEqual(['burglary', 'violent-crime']);
  });

  it('leaves out categories that end at zero and gives an empty record to an empty zone', () => {
    const edge: ZoneEdgeTally = [{ zone: 'A', category: 'burglary', cell: 0, inside: false, n: 4 }];
    expect(zoneCategoryCounts([{ id: 'A', cells: [0] }, { id: 'C', cells: [] }], tally, edge)).toEqual(
      new Map([['A', { 'violent-crime': 10 }], ['C', {}]]),
    );
  });

  it('refuses to export a negative count (cell and edge counts disagreeing is a bug)', () => {
    const edge: ZoneEdgeTally = [{ zone: 'A', category: 'burglary', cell: 0, inside: false, n: 9 }];
    expect(() => zoneCategoryCounts([{ id: 'A', cells: [0] }], tally, edge)).toThrow(/burglary counted -5/);
  });

  it('needs a tally split by category', () => {
    const plain: CellTally = { categories: [], bin: Int32Array.of(0), category: Int32Array.of(0), n: Float64Array.of(1), outside: 0 };
    expect(() => zoneCategoryCounts([], plain, [])).toThrow(/split by category/);
  });
});
