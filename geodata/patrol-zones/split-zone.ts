/**
 * Splits a contiguous set of grid cells that is too large for one patrol zone into compact,
 * contiguous parts of at most maxCells cells each.
 *
 * Method: recursive bisection by ordered region growing.
 *  1. A set of n > maxCells cells needs k = ⌈n / maxCells⌉ parts. It is cut in two: a first part
 *     of n₁ = ⌈n · ⌊k/2⌋ / k⌉ cells (at most ⌊k/2⌋·maxCells) and the rest (at most ⌈k/2⌉·maxCells).
 *  2. The cut follows the set's principal axis: the eigenvector of the largest eigenvalue of the
 *     covariance of the cell centres (θ = ½·atan2(2·s_xy, s_xx − s_yy), computed from integer
 *     moments; the x axis when the moments are symmetric). The first part grows from the cell
 *     with the lowest projection on that axis, always adding the adjacent cell with the lowest
 *     projection (ties: lowest perpendicular coordinate, then lowest index). That is a straight
 *     cut across the long axis wherever the shape allows it, and connected by construction.
 *  3. The rest can fall apart into pieces where the cut crosses a concave shape. Pockets (every
 *     piece but the largest) touch only the first part, so they join it while it stays within
 *     ⌊k/2⌋·maxCells; any other piece is handled on its own (step 1 again). Every part is
 *     therefore contiguous.
 *  4. Pieces of fewer than maxCells/2 cells left by step 3 are merged into their smallest
 *     adjacent part when the union still fits in maxCells (smallest pieces first), so concave
 *     shapes do not leave one-cell slivers where a neighbour has room.
 * Adjacency is the zone's connectivity: 'rook' (shared edge) or 'queen' (edge or corner).
 * Cutting across the longer axis each time keeps parts near-square: a 4 × 40 strip with
 * maxCells 8 gives twenty 4 × 2 blocks (aspect 2).
 *
 * Units: cell indices of a grid with `cols` columns (index = row·cols + col); sizes in cells.
 *
 * @example
 * // a 1-row strip of 10 cells, at most 4 a part: k = 3, n₁ = ⌈10·1/3⌉ = 4, then the 6 left: 3 + 3
 * splitCompact(Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 10, 4, 'rook');
 * // → [Int32Array [0, 1, 2, 3], Int32Array [4, 5, 6], Int32Array [7, 8, 9]]
 */

export type Connectivity = 'rook' | 'queen';

const ROOK: readonly (readonly [number, number])[] = [[1, 0], [-1, 0], [0, 1], [0, -1]];
const QUEEN: readonly (readonly [number, number])[] = [...ROOK, [1, 1], [1, -1], [-1, 1], [-1, -1]];

/**
 * Working state over the set's cells numbered 0..n−1 in ascending grid order (so comparing local
 * numbers compares grid indices). Sets are stamp arrays: x ∈ S ⇔ mark[x] === the stamp of S,
 * which avoids allocating a Set per step of the recursion.
 */
interface Ctx {
  maxCells: number;
  col: Int32Array;
  row: Int32Array;
  /** Neighbours of local cell x: adj[adjStart[x] .. adjStart[x+1]). */
  adjStart: Int32Array;
  adj: Int32Array;
  member: Int32Array;
  queued: Int32Array;
  grown: Int32Array;
  seen: Int32Array;
  stamp: number;
  key0: Float64Array;
  key1: Float64Array;
  heap: Int32Array;
}

function context(cells: Int32Array, cols: number, maxCells: number, connectivity: Connectivity): Ctx {
  const n = cells.length;
  const local = new Map<number, number>();
  cells.forEach((g, x) => local.set(g, x));
  const col = new Int32Array(n);
  const row = new Int32Array(n);
  const adjStart = new Int32Array(n + 1);
  const adjList: number[] = [];
  for (let x = 0; x < n; x++) {
    col[x] = cells[x] % cols;
    row[x] = (cells[x] - col[x]) / cols;
    for (const [dc, dr] of connectivity === 'rook' ? ROOK : QUEEN) {
      const c = col[x] + dc;
      const y = c >= 0 && c < cols ? local.get(cells[x] + dr * cols + dc) : undefined;
      if (y !== undefined) adjList.push(y);
    }
    adjStart[x + 1] = adjList.length;
  }
  // Coordinates relative to the set's south-west corner: the same cells on a grid built for
  // another bbox then give bit-identical projections, so the same split and the same zone ids.
  let minCol = Infinity;
  for (const c of col) minCol = Math.min(minCol, c);
  const minRow = row[0];
  for (let x = 0; x < n; x++) {
    col[x] -= minCol;
    row[x] -= minRow;
  }
  const z = () => new Int32Array(n);
  return {
    maxCells, col, row, adjStart, adj: Int32Array.from(adjList),
    member: z(), queued: z(), grown: z(), seen: z(), stamp: 0,
    key0: new Float64Array(n), key1: new Float64Array(n), heap: z(),
  };
}

/** Connected pieces of the cells of `list` with inside(x), each ascending, by first cell. */
function pieces(list: Int32Array, ctx: Ctx, inside: (x: number) => boolean): Int32Array[] {
  const member = ++ctx.stamp, seen = ++ctx.stamp;
  for (const x of list) ctx.member[x] = member;
  const out: Int32Array[] = [];
  const queue: number[] = [];
  for (const start of list) {
    if (ctx.seen[start] === seen || !inside(start)) continue;
    ctx.seen[start] = seen;
    queue.length = 0;
    queue.push(start);
    for (let q = 0; q < queue.length; q++) {
      for (let a = ctx.adjStart[queue[q]]; a < ctx.adjStart[queue[q] + 1]; a++) {
        const y = ctx.adj[a];
        if (ctx.member[y] === member && ctx.seen[y] !== seen && inside(y)) {
          ctx.seen[y] = seen;
          queue.push(y);
        }
      }
    }
    out.push(Int32Array.from(queue).sort());
  }
  return out;
}

/** Unit vector of the principal axis of the cell centres, from exact integer moments. */
function principalAxis(list: Int32Array, ctx: Ctx): [number, number] {
  let sc = 0, sr = 0, scc = 0, srr = 0, scr = 0;
  for (const x of list) {
    const c = ctx.col[x], r = ctx.row[x];
    sc += c; sr += r; scc += c * c; srr += r * r; scr += c * r;
  }
  const n = list.length;
  const sxx = n * scc - sc * sc;
  const syy = n * srr - sr * sr;
  const sxy = n * scr - sc * sr;
  if (sxy === 0) return sxx >= syy ? [1, 0] : [0, 1];
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return [Math.cos(theta), Math.sin(theta)];
}

/** Marks n₁ cells of `list` grown from the low end of its principal axis (step 2); returns the stamp. */
function growAlongAxis(list: Int32Array, n1: number, ctx: Ctx): number {
  const [ux, uy] = principalAxis(list, ctx);
  const { key0, key1, heap } = ctx;
  const member = ++ctx.stamp, queued = ++ctx.stamp, grown = ++ctx.stamp;
  for (const x of list) {
    ctx.member[x] = member;
    // Rounded so that cells level in exact arithmetic tie, and the tie-breaks decide.
    key0[x] = Math.round((ctx.col[x] * ux + ctx.row[x] * uy) * 1e9);
    key1[x] = Math.round((ctx.row[x] * ux - ctx.col[x] * uy) * 1e9);
  }
  const less = (a: number, b: number) => (key0[a] !== key0[b] ? key0[a] < key0[b] : key1[a] !== key1[b] ? key1[a] < key1[b] : a < b);
  let seed = list[0];
  for (const x of list) if (less(x, seed)) seed = x;

  ctx.queued[seed] = queued;
  heap[0] = seed;
  let size = 1;
  for (let count = 0; count < n1; count++) {
    const top = heap[0];
    heap[0] = heap[--size];
    for (let p = 0; ; ) {
      const l = 2 * p + 1, r = l + 1;
      let m = p;
      if (l < size && less(heap[l], heap[m])) m = l;
      if (r < size && less(heap[r], heap[m])) m = r;
      if (m === p) break;
      [heap[p], heap[m]] = [heap[m], heap[p]];
      p = m;
    }
    ctx.grown[top] = grown;
    for (let a = ctx.adjStart[top]; a < ctx.adjStart[top + 1]; a++) {
      const y = ctx.adj[a];
      if (ctx.member[y] !== member || ctx.queued[y] === queued) continue;
      ctx.queued[y] = queued;
      heap[size] = y;
      for (let p = size++; p > 0; ) {
        const parent = (p - 1) >> 1;
        if (!less(heap[p], heap[parent])) break;
        [heap[p], heap[parent]] = [heap[parent], heap[p]];
        p = parent;
      }
    }
  }
  return grown;
}

function bisect(list: Int32Array, ctx: Ctx, out: Int32Array[]): void {
  const n = list.length;
  if (n <= ctx.maxCells) {
    out.push(list);
    return;
  }
  const k = Math.ceil(n / ctx.maxCells);
  let firstSize = Math.ceil((n * Math.floor(k / 2)) / k);
  const grown = growAlongAxis(list, firstSize, ctx);
  const rest = pieces(list, ctx, (x) => ctx.grown[x] !== grown);
  // Pockets cut off from the main remainder touch only the first part; take them in while the
  // first part stays within its ⌊k/2⌋·maxCells (module doc, step 3).
  const main = rest.reduce((m, p, j) => (p.length > rest[m].length ? j : m), 0);
  const room = Math.floor(k / 2) * ctx.maxCells;
  const left: Int32Array[] = [];
  for (const [j, piece] of rest.entries()) {
    if (j !== main && firstSize + piece.length <= room) {
      for (const x of piece) ctx.grown[x] = grown;
      firstSize += piece.length;
    } else left.push(piece);
  }
  const first = list.filter((x) => ctx.grown[x] === grown);
  bisect(first, ctx, out);
  for (const piece of left) bisect(piece, ctx, out);
}

/** Step 4 of the module doc. */
function mergeFragments(parts: Int32Array[], ctx: Ctx): Int32Array[] {
  const partOf = new Int32Array(ctx.col.length);
  parts.forEach((p, k) => p.forEach((x) => (partOf[x] = k)));
  const alive = parts.map(() => true);
  const before = (a: Int32Array, b: Int32Array) => a.length < b.length || (a.length === b.length && a[0] < b[0]);
  for (;;) {
    let best = -1, into = -1;
    for (let k = 0; k < parts.length; k++) {
      if (!alive[k] || parts[k].length * 2 >= ctx.maxCells || (best >= 0 && before(parts[best], parts[k]))) continue;
      let target = -1;
      for (const x of parts[k]) {
        for (let a = ctx.adjStart[x]; a < ctx.adjStart[x + 1]; a++) {
          const t = partOf[ctx.adj[a]];
          if (t === k || parts[t].length + parts[k].length > ctx.maxCells) continue;
          if (target < 0 || before(parts[t], parts[target])) target = t;
        }
      }
      if (target >= 0) { best = k; into = target; }
    }
    if (best < 0) break;
    for (const x of parts[best]) partOf[x] = into;
    const merged = new Int32Array(parts[into].length + parts[best].length);
    merged.set(parts[into]);
    merged.set(parts[best], parts[into].length);
    parts[into] = merged.sort();
    alive[best] = false;
  }
  return parts.filter((_, k) => alive[k]);
}

/**
 * Compact contiguous parts of a contiguous set of cells (module doc), each of at most maxCells
 * cells, each ascending, ordered by first cell. A set of at most maxCells comes back whole.
 */
export function splitCompact(
  cells: ArrayLike<number>,
  cols: number,
  maxCells: number,
  connectivity: Connectivity,
): Int32Array[] {
  if (!(Number.isInteger(maxCells) && maxCells >= 1)) throw new RangeError(`splitCompact: maxCells must be an integer ≥ 1, got ${maxCells}`);
  if (connectivity !== 'rook' && connectivity !== 'queen') throw new RangeError(`splitCompact: connectivity must be 'rook' or 'queen', got ${String(connectivity)}`);
  const sorted = Int32Array.from(cells).sort();
  for (let j = 1; j < sorted.length; j++) if (sorted[j] === sorted[j - 1]) throw new RangeError(`splitCompact: cell ${sorted[j]} is listed twice`);
  if (sorted.length <= maxCells) return sorted.length === 0 ? [] : [sorted];
  const ctx = context(sorted, cols, maxCells, connectivity);
  const all = Int32Array.from(sorted.keys());
  if (pieces(all, ctx, () => true).length !== 1) throw new RangeError('splitCompact: the cells are not contiguous');
  const parts: Int32Array[] = [];
  bisect(all, ctx, parts);
  return mergeFragments(parts, ctx)
    .sort((a, b) => a[0] - b[0])
    .map((p) => p.map((x) => sorted[x]));
}
