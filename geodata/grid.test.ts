import { describe, expect, it } from 'vitest';
import {
  assertCellSize,
  cellCentre,
  cellIndexAt,
  cellPolygon,
  defaultCellSize,
  gridForBbox,
  snapPointWarning,
  type GridSpec,
} from './grid';

describe('gridForBbox', () => {
  it('snaps the origin down to a multiple of the cell size (module example)', () => {
    expect(gridForBbox([530012, 180040, 534990, 183000], 250)).toEqual({
      originX: 530000,
      originY: 180000,
      cellSize: 250,
      cols: 20,
      rows: 13,
    });
  });

  it('covers the closed bbox: points on maxX / maxY fall in the last column / row', () => {
    const spec = gridForBbox([530000, 180000, 531000, 180500], 100);
    expect([spec.cols, spec.rows]).toEqual([11, 6]);
    expect(cellIndexAt(spec, 531000, 180500)).toBe(5 * 11 + 10);
    expect(cellIndexAt(spec, 530000, 180000)).toBe(0);
  });

  it('gives the same cell corners for the same place whatever bbox is asked for', () => {
    const a = gridForBbox([412_345, 287_654, 420_000, 295_000], 200);
    const b = gridForBbox([409_001, 281_999, 415_000, 290_000], 200);
    const [x, y] = [413_777, 288_123];
    expect(cellPolygon(a, cellIndexAt(a, x, y))).toEqual(cellPolygon(b, cellIndexAt(b, x, y)));
  });

  it('a degenerate bbox (one point) gives a single cell', () => {
    const spec = gridForBbox([530050, 180050, 530050, 180050], 100);
    expect([spec.originX, spec.originY, spec.cols, spec.rows]).toEqual([530000, 180000, 1, 1]);
  });

  it('rejects bad cell sizes and bboxes with RangeError', () => {
    expect(() => gridForBbox([0, 0, 1000, 1000], 49)).toThrow(
      new RangeError('cellSize must be between 50 and 5000 metres, got 49'),
    );
    expect(() => gridForBbox([0, 0, 1000, 1000], 5001)).toThrow(
      new RangeError('cellSize must be between 50 and 5000 metres, got 5001'),
    );
    expect(() => assertCellSize(NaN)).toThrow(new RangeError('cellSize must be between 50 and 5000 metres, got NaN'));
    expect(() => assertCellSize(50)).not.toThrow();
    expect(() => assertCellSize(5000)).not.toThrow();
    expect(() => gridForBbox([10, 0, 0, 10], 100)).toThrow(RangeError);
    expect(() => gridForBbox([0, 0, Infinity, 10], 100)).toThrow(RangeError);
  });
});

describe('cell geometry and orientation (row 0 south, col 0 west)', () => {
  const spec: GridSpec = { originX: 530000, originY: 180000, cellSize: 100, cols: 5, rows: 4 };

  it('cellCentre: index = row·cols + col', () => {
    expect(cellCentre(spec, 0)).toEqual([530050, 180050]);
    expect(cellCentre(spec, 4)).toEqual([530450, 180050]); // south-east
    expect(cellCentre(spec, 15)).toEqual([530050, 180350]); // north-west
    expect(cellCentre(spec, 7)).toEqual([530250, 180150]);
  });

  it('cellPolygon: closed anticlockwise ring of the cell square', () => {
    expect(cellPolygon(spec, 7)).toEqual([
      [530200, 180100],
      [530300, 180100],
      [530300, 180200],
      [530200, 180200],
      [530200, 180100],
    ]);
  });

  it('cellIndexAt inverts cellCentre and is -1 outside', () => {
    for (let i = 0; i < 20; i++) expect(cellIndexAt(spec, ...cellCentre(spec, i))).toBe(i);
    expect(cellIndexAt(spec, 529999, 180050)).toBe(-1);
    expect(cellIndexAt(spec, 530050, 180400)).toBe(-1);
  });

  it('rejects indices outside the grid', () => {
    expect(() => cellCentre(spec, 20)).toThrow(RangeError);
    expect(() => cellPolygon(spec, -1)).toThrow(RangeError);
    expect(() => cellCentre(spec, 1.5)).toThrow(RangeError);
  });
});

describe('defaultCellSize (sfhotspot set_cell_size: shorter side / 50, rounded down to 100 m)', () => {
  it.each([
    [[0, 0, 20_000, 12_000], 200], // 12 km / 50 = 240 → 200
    [[0, 0, 30_000, 40_000], 600], // 30 km / 50 = 600
    [[0, 0, 500_000, 400_000], 5000], // 8000 → clamped to 5000
    [[0, 0, 4_000, 9_000], 80], // 80 < 100: rounded down to 10 m instead (sfhotspot keeps 80)
    [[0, 0, 1_000, 1_000], 50], // 20 → clamped to 50
    [[0, 0, 0, 0], 50],
  ] as const)('%j → %i m', (bbox, size) => {
    expect(defaultCellSize(bbox)).toBe(size);
  });
});

describe('snapPointWarning', () => {
  it('warns below 100 m whatever the data', () => {
    expect(snapPointWarning(99)?.code).toBe('cell-below-snap-spacing');
    expect(snapPointWarning(50, { distinctLocations: 1000, nonEmptyCells: 10 })?.code).toBe('cell-below-snap-spacing');
    expect(snapPointWarning(100)).toBeNull();
  });

  it('warns when non-empty cells hold on average fewer than 1.5 distinct locations', () => {
    expect(snapPointWarning(250, { distinctLocations: 130, nonEmptyCells: 120 })?.code).toBe('cells-mostly-one-snap-point');
    expect(snapPointWarning(250, { distinctLocations: 180, nonEmptyCells: 120 })).toBeNull();
    expect(snapPointWarning(250, { distinctLocations: 0, nonEmptyCells: 0 })).toBeNull();
  });
});
