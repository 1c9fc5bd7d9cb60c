import { describe, expect, it } from 'vitest';
import { splitCompact, type Connectivity } from './split-zone';

const COLS = 100;
const rect = (c0: number, r0: number, w: number, h: number) => {
  const out: number[] = [];
  for (let r = r0; r < r0 + h; r++) for (let c = c0; c < c0 + w; c++) out.push(r * COLS + c);
  return out;
};

/** Bbox aspect ratio (longer side / shorter side, in cells) of a part. */
function aspect(part: Int32Array): number {
  const cs = [...part].map((i) => i % COLS), rs = [...part].map((i) => Math.floor(i / COLS));
  const w = Math.max(...cs) - Math.min(...cs) + 1, h = Math.max(...rs) - Math.min(...rs) + 1;
  return Math.max(w, h) / Math.min(w, h);
}

function contiguous(part: Int32Array, connectivity: Connectivity): boolean {
  const set = new Set(part);
  const seen = new Set([part[0]]);
  const queue = [part[0]];
  const steps = connectivity === 'rook' ? [[1, 0], [-1, 0], [0, 1], [0, -1]] : [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]];
  while (queue.length) {
    const i = queue.pop()!;
    for (const [dc, dr] of steps) {
      const c = (i % COLS) + dc, j = i + dr * COLS + dc;
      if (c >= 0 && c < COLS && set.has(j) && !seen.has(j)) seen.add(j), queue.push(j);
    }
  }
  return seen.size === set.size;
}

function checkParts(cells: number[], parts: Int32Array[], maxCells: number, connectivity: Connectivity): void {
  const all = parts.flatMap((p) => [...p]).sort((a, b) => a - b);
  expect(all).toEqual([...cells].sort((a, b) => a - b)); // every cell exactly once
  for (const p of parts) {
    expect(p.length).toBeLessThanOrEqual(maxCells);
    expect(contiguous(p, connectivity)).toBe(true);
  }
}

describe('splitCompact', () => {
  it('splits a strip across its length (module example)', () => {
    const parts = splitCompact(Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 10, 4, 'rook');
    expect(parts.map((p) => [...p])).toEqual([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  });

  it('returns a set within the limit whole', () => {
    expect(splitCompact([12, 11, 10], COLS, 8, 'rook').map((p) => [...p])).toEqual([[10, 11, 12]]);
  });

  it.each([
    ['a 40 × 4 strip', rect(5, 5, 40, 4)],
    ['a 4 × 40 strip', rect(5, 5, 4, 40)],
  ])('cuts %s into twenty 4 × 2 blocks, not slivers', (_, cells) => {
    const parts = splitCompact(cells, COLS, 8, 'rook');
    checkParts(cells, parts, 8, 'rook');
    expect(parts).toHaveLength(20);
    for (const p of parts) expect(aspect(p)).toBe(2);
  });

  it('keeps parts compact on a wide strip, a disc, an L and a U', () => {
    const disc = rect(0, 0, 40, 40).filter((i) => (i % COLS - 20) ** 2 + (Math.floor(i / COLS) - 20) ** 2 <= 144);
    const shapes: [number[], number, number][] = [
      [rect(0, 0, 100, 3), 8, 1.34],
      [disc, 8, 1.67],
      [disc, 50, 1.84],
      [[...rect(10, 10, 30, 4), ...rect(10, 14, 4, 26)], 8, 2],
      [[...rect(10, 10, 30, 4), ...rect(10, 14, 4, 20), ...rect(36, 14, 4, 20)], 8, 2],
    ];
    for (const [cells, maxCells, worstAspect] of shapes) {
      const parts = splitCompact(cells, COLS, maxCells, 'rook');
      checkParts(cells, parts, maxCells, 'rook');
      expect(parts).toHaveLength(Math.ceil(cells.length / maxCells)); // no more parts than needed
      expect(Math.max(...parts.map(aspect))).toBeLessThanOrEqual(worstAspect);
    }
  });

  it('keeps every cell once, parts within the limit and contiguous on random blobs', () => {
    let seed = 99;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let t = 0; t < 40; t++) {
      const connectivity: Connectivity = t % 2 ? 'queen' : 'rook';
      const steps = connectivity === 'rook' ? [1, -1, COLS, -COLS] : [1, -1, COLS, -COLS, COLS + 1, COLS - 1, -COLS + 1, -COLS - 1];
      const set = new Set([50 * COLS + 50]);
      const front = [50 * COLS + 50];
      const size = 20 + Math.floor(rnd() * 400);
      while (set.size < size) {
        const j = front[Math.floor(rnd() * front.length)] + steps[Math.floor(rnd() * steps.length)];
        if (!set.has(j)) set.add(j), front.push(j);
      }
      const cells = [...set];
      const maxCells = 1 + Math.floor(rnd() * 60);
      checkParts(cells, splitCompact(cells, COLS, maxCells, connectivity), maxCells, connectivity);
    }
  });

  it('is deterministic and independent of the input order', () => {
    const cells = [...rect(0, 0, 13, 7), ...rect(13, 3, 9, 2)];
    const a = splitCompact(cells, COLS, 8, 'rook');
    expect(splitCompact([...cells].reverse(), COLS, 8, 'rook')).toEqual(a);
  });

  it('rejects non-contiguous cells and bad limits', () => {
    expect(() => splitCompact([0, 2, 4, 6, 8, 10, 12, 14, 16], COLS, 8, 'rook')).toThrow('splitCompact: the cells are not contiguous');
    expect(() => splitCompact([0], COLS, 0, 'rook')).toThrow('splitCompact: maxCells must be an integer ≥ 1, got 0');
    expect(() => splitCompact([0, 0], COLS, 8, 'rook')).toThrow('splitCompact: cell 0 is listed twice');
  });
});
