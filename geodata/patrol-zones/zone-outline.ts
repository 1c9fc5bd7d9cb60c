/**
 * The exact outline of a set of grid cells as GeoJSON Polygon / MultiPolygon coordinates in
 * British National Grid metres (EPSG:27700), by boundary tracing on the grid.
 *
 * Every side of a selected cell whose neighbour across it is not selected is a boundary edge,
 * directed with the cell on its left (so each cell's own sides run anticlockwise). Edges are
 * chained head to tail into rings. With the interior always on the left, outer rings come out
 * anticlockwise and holes clockwise, as RFC 7946 §3.1.6 asks. Vertices where the direction does
 * not change are dropped, and each ring starts at its lowest, then westernmost, vertex.
 *
 * Pinch points. Where two selected cells touch only at a corner (and the other two cells there
 * are not selected), two edges enter the vertex and two leave, and the chaining has to choose.
 * The rule, which keeps every ring simple (no vertex visited twice; OGC-valid):
 *  - if the two corner-touching cells are NOT joined by a chain of edge-adjacent selected cells,
 *    turn left: the rings hug each cell and the two groups of cells become separate polygons of a
 *    MultiPolygon that touch at that one point (this happens only in 'queen' zones);
 *  - if they ARE joined elsewhere, turn right: the rings hug the two unselected cells, so the
 *    unselected side becomes two rings (two holes, or a hole and the outer ring) touching at the
 *    point, which OGC allows, instead of one ring that touches itself.
 * Edge-connected groups of cells are polygons (outer ring + its holes), ordered by their lowest
 * cell index; holes within a polygon by their first vertex. One group gives a Polygon, more a
 * MultiPolygon.
 *
 * Units: coordinates in metres, EPSG:27700; the area enclosed equals cells · cellSize² m².
 *
 * @example
 * const spec = { originX: 0, originY: 0, cellSize: 100, cols: 3, rows: 2 };
 * zoneOutline(spec, [0, 1, 4]);
 * // → { type: 'Polygon', coordinates: [[[0, 0], [200, 0], [200, 200], [100, 200],
 * //        [100, 100], [0, 100], [0, 0]]] }
 */

import type { GridSpec } from '../grid';

export type Position = [number, number];

export type OutlineGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

/** Directions: 0 east, 1 north, 2 west, 3 south; a left turn is +1 (mod 4). */
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/** Labels of edge-connected (rook) groups of the selected local cells, −1 where unselected. */
function rookLabels(sel: Uint8Array, w: number, h: number): Int32Array {
  const label = new Int32Array(w * h).fill(-1);
  let next = 0;
  const stack: number[] = [];
  for (let start = 0; start < sel.length; start++) {
    if (!sel[start] || label[start] >= 0) continue;
    label[start] = next;
    stack.push(start);
    while (stack.length > 0) {
      const l = stack.pop()!;
      const c = l % w;
      const around = [c > 0 ? l - 1 : -1, c < w - 1 ? l + 1 : -1, l >= w ? l - w : -1, l + w < sel.length ? l + w : -1];
      for (const m of around) {
        if (m >= 0 && sel[m] && label[m] < 0) {
          label[m] = next;
          stack.push(m);
        }
      }
    }
    next++;
  }
  return label;
}

/** Outline of the cells (module doc). Throws for no cells or an index outside the grid. */
export function zoneOutline(spec: GridSpec, cells: ArrayLike<number>): OutlineGeometry {
  if (cells.length === 0) throw new RangeError('zoneOutline: no cells');
  const n = spec.cols * spec.rows;
  let minC = Infinity, maxC = -Infinity, minR = Infinity, maxR = -Infinity;
  for (let j = 0; j < cells.length; j++) {
    const i = cells[j];
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`zoneOutline: cell ${i} is outside the grid`);
    const c = i % spec.cols;
    const r = (i - c) / spec.cols;
    minC = Math.min(minC, c); maxC = Math.max(maxC, c); minR = Math.min(minR, r); maxR = Math.max(maxR, r);
  }
  // Work in a local grid over the cells' bbox; lattice vertices are (vx, vy), 0 ≤ vx ≤ w, 0 ≤ vy ≤ h.
  const w = maxC - minC + 1;
  const h = maxR - minR + 1;
  const sel = new Uint8Array(w * h);
  for (let j = 0; j < cells.length; j++) {
    const c = cells[j] % spec.cols;
    sel[((cells[j] - c) / spec.cols - minR) * w + (c - minC)] = 1;
  }
  const label = rookLabels(sel, w, h);

  const vw = w + 1;
  const from: number[] = [], dir: number[] = [], left: number[] = [];
  const out = new Int32Array(vw * (h + 1) * 2).fill(-1);
  const addEdge = (vx: number, vy: number, d: number, cell: number) => {
    const v = vy * vw + vx;
    out[2 * v + (out[2 * v] < 0 ? 0 : 1)] = from.length;
    from.push(v); dir.push(d); left.push(cell);
  };
  for (let l = 0; l < sel.length; l++) {
    if (!sel[l]) continue;
    const c = l % w;
    const r = (l - c) / w;
    if (r === 0 || !sel[l - w]) addEdge(c, r, 0, l);
    if (c === w - 1 || !sel[l + 1]) addEdge(c + 1, r, 1, l);
    if (r === h - 1 || !sel[l + w]) addEdge(c + 1, r + 1, 2, l);
    if (c === 0 || !sel[l - 1]) addEdge(c, r + 1, 3, l);
  }

  const used = new Uint8Array(from.length);
  const polygons = new Map<number, { outer?: Position[]; holes: { key: number; ring: Position[] }[] }>();
  for (let e0 = 0; e0 < from.length; e0++) {
    if (used[e0]) continue;
    const verts: number[] = [];
    const dirs: number[] = [];
    for (let e = e0; !used[e]; ) {
      used[e] = 1;
      verts.push(from[e]);
      dirs.push(dir[e]);
      const d = dir[e];
      const v = from[e] + DX[d] + DY[d] * vw;
      const a = out[2 * v], b = out[2 * v + 1];
      if (b < 0) {
        e = a;
        continue;
      }
      // Pinch point: one way out turns left (hugs this edge's cell), the other turns right.
      const turnLeft = dir[a] === (d + 1) % 4 ? a : b;
      const turnRight = turnLeft === a ? b : a;
      e = label[left[e]] === label[left[turnRight]] ? turnRight : turnLeft;
    }
    const kept: number[] = [];
    for (let k = 0; k < verts.length; k++) if (dirs[k] !== dirs[(k + verts.length - 1) % verts.length]) kept.push(verts[k]);
    let start = 0;
    for (let k = 1; k < kept.length; k++) if (kept[k] < kept[start]) start = k;
    const ring: Position[] = [];
    let twiceArea = 0;
    for (let k = 0; k <= kept.length; k++) {
      const v = kept[(start + k) % kept.length];
      const vx = v % vw;
      const vy = (v - vx) / vw;
      ring.push([spec.originX + (minC + vx) * spec.cellSize, spec.originY + (minR + vy) * spec.cellSize]);
      if (k > 0) twiceArea += (ring[k - 1][0] - ring[k][0]) * (ring[k - 1][1] + ring[k][1]);
    }
    const group = label[left[e0]];
    let polygon = polygons.get(group);
    if (!polygon) polygons.set(group, (polygon = { holes: [] }));
    if (twiceArea > 0) polygon.outer = ring;
    else polygon.holes.push({ key: kept[start], ring });
  }

  const coordinates = [...polygons.keys()]
    .sort((a, b) => a - b)
    .map((g) => {
      const { outer, holes } = polygons.get(g)!;
      return [outer!, ...holes.sort((p, q) => p.key - q.key).map((x) => x.ring)];
    });
  return coordinates.length === 1
    ? { type: 'Polygon', coordinates: coordinates[0] }
    : { type: 'MultiPolygon', coordinates };
}
