/**
 * Square analysis cells on the British National Grid (EPSG:27700, metres).
 *
 * Cell (row, col) covers the half-open square
 *   [originX + col·cellSize, originX + (col+1)·cellSize) × [originY + row·cellSize, originY + (row+1)·cellSize)
 * and has index = row·cols + col; row 0 is the southernmost row, col 0 the westernmost.
 * The origin (south-west corner, metres) is snapped down to a multiple of cellSize, so the same
 * cell always has the same corners whatever bbox a query asks for; that keeps counts and cached
 * results comparable between requests.
 *
 * Default cell size follows sfhotspot (Ashby, R package; `set_cell_size()`, used by
 * `hotspot_gistar()` and the other hotspot_* functions): 1/50 of the shorter side of the bbox,
 * rounded down to a multiple of 100 m. Where that rounds to 0 (shorter side < 5 km) sfhotspot keeps
 * the unrounded side/50; we round that down to a multiple of 10 m instead so cells stay whole
 * numbers, and clamp everything to the 50–5000 m range the app accepts.
 *
 * @example
 * const spec = gridForBbox([530012, 180040, 534990, 183000], 250);
 * // spec = { originX: 530000, originY: 180000, cellSize: 250, cols: 20, rows: 13 }
 * cellCentre(spec, 0); // [530125, 180125]
 */

/** A square grid in EPSG:27700. All lengths and coordinates in metres. */
export interface GridSpec {
  /** Easting of the south-west corner, a multiple of cellSize. */
  originX: number;
  /** Northing of the south-west corner, a multiple of cellSize. */
  originY: number;
  cellSize: number;
  cols: number;
  rows: number;
}

/** [minX, minY, maxX, maxY] in EPSG:27700 metres. */
export type Bbox = readonly [number, number, number, number];

export const MIN_CELL_SIZE = 50;
export const MAX_CELL_SIZE = 5000;

/** Throws a RangeError unless 50 ≤ cellSize ≤ 5000 (metres). */
export function assertCellSize(cellSize: number): void {
  if (!(cellSize >= MIN_CELL_SIZE && cellSize <= MAX_CELL_SIZE)) {
    throw new RangeError(
      `cellSize must be between ${MIN_CELL_SIZE} and ${MAX_CELL_SIZE} metres, got ${cellSize}`,
    );
  }
}

function assertBbox(bbox: Bbox): void {
  const [minX, minY, maxX, maxY] = bbox;
  if (![minX, minY, maxX, maxY].every(Number.isFinite) || minX > maxX || minY > maxY) {
    throw new RangeError(`bbox must be finite [minX, minY, maxX, maxY] with min <= max, got [${bbox.join(', ')}]`);
  }
}

/**
 * The grid of cellSize-metre squares covering bbox, origin snapped down to a multiple of
 * cellSize. Every point of the closed bbox falls in a cell (cells are half-open, so a point on
 * maxX gets its own column).
 */
export function gridForBbox(bbox: Bbox, cellSize: number): GridSpec {
  assertCellSize(cellSize);
  assertBbox(bbox);
  const [minX, minY, maxX, maxY] = bbox;
  const originX = Math.floor(minX / cellSize) * cellSize;
  const originY = Math.floor(minY / cellSize) * cellSize;
  const cols = Math.floor((maxX - originX) / cellSize) + 1;
  const rows = Math.floor((maxY - originY) / cellSize) + 1;
  return { originX, originY, cellSize, cols, rows };
}

/** sfhotspot's automatic cell size (see module doc), in metres, within 50–5000 m. */
export function defaultCellSize(bbox: Bbox): number {
  assertBbox(bbox);
  const shorter = Math.min(bbox[2] - bbox[0], bbox[3] - bbox[1]);
  const raw = shorter / 50;
  const rounded = raw >= 100 ? Math.floor(raw / 100) * 100 : Math.floor(raw / 10) * 10;
  return Math.min(MAX_CELL_SIZE, Math.max(MIN_CELL_SIZE, rounded));
}

function assertIndex(spec: GridSpec, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= spec.cols * spec.rows) {
    throw new RangeError(`cell index must be an integer in [0, ${spec.cols * spec.rows}), got ${index}`);
  }
}

/** Centre [easting, northing] of a cell, metres. */
export function cellCentre(spec: GridSpec, index: number): [number, number] {
  assertIndex(spec, index);
  const col = index % spec.cols;
  const row = (index - col) / spec.cols;
  return [spec.originX + (col + 0.5) * spec.cellSize, spec.originY + (row + 0.5) * spec.cellSize];
}

/** Closed exterior ring of a cell in EPSG:27700, anticlockwise (RFC 7946 right-hand rule). */
export function cellPolygon(spec: GridSpec, index: number): [number, number][] {
  assertIndex(spec, index);
  const col = index % spec.cols;
  const row = (index - col) / spec.cols;
  const x0 = spec.originX + col * spec.cellSize;
  const y0 = spec.originY + row * spec.cellSize;
  const x1 = x0 + spec.cellSize;
  const y1 = y0 + spec.cellSize;
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
}

/** Index of the cell containing (x, y) metres, or -1 outside the grid. */
export function cellIndexAt(spec: GridSpec, x: number, y: number): number {
  const col = Math.floor((x - spec.originX) / spec.cellSize);
  const row = Math.floor((y - spec.originY) / spec.cellSize);
  if (!(col >= 0 && col < spec.cols && row >= 0 && row < spec.rows)) return -1;
  return row * spec.cols + col;
}

export type SnapPointWarning =
  | { code: 'cell-below-snap-spacing'; message: string }
  | { code: 'cells-mostly-one-snap-point'; message: string };

export const SNAP_WARNING_CELL_SIZE = 100;
export const SNAP_WARNING_LOCATIONS_PER_CELL = 1.5;

/**
 * Warns when cells are too small for police.uk locations. police.uk publishes each crime at an
 * anonymous "snap point" (a street or public place covering at least 8 postal addresses;
 * https://data.police.uk/about/#anonymisation), not where it happened. At a dense urban 40
 * dwellings/ha, 8 addresses take 0.2 ha (about 45 m × 45 m), and most snap points cover many
 * more, so even in town centres they are rarely closer than ~50–100 m apart. Below 100 m most
 * non-empty cells would hold a single snap point, and a Gi* map would show where the snap points
 * are rather than where crime concentrates. Two thresholds:
 * - cellSize < 100 m: always ('cell-below-snap-spacing');
 * - otherwise, when the caller knows the data: non-empty cells averaging fewer than 1.5 distinct
 *   locations ('cells-mostly-one-snap-point'), i.e. incidents per non-empty cell is about
 *   incidents per snap point, which catches sparse rural areas where snap points are far apart.
 *
 * @example
 * snapPointWarning(250, { distinctLocations: 130, nonEmptyCells: 120 })?.code; // 'cells-mostly-one-snap-point'
 */
export function snapPointWarning(
  cellSize: number,
  locations?: { distinctLocations: number; nonEmptyCells: number },
): SnapPointWarning | null {
  if (cellSize < SNAP_WARNING_CELL_SIZE) {
    return {
      code: 'cell-below-snap-spacing',
      message:
        `Cells of ${cellSize} m are smaller than the spacing of police.uk's anonymised snap points ` +
        `(about ${SNAP_WARNING_CELL_SIZE} m in towns): the map will mostly show where snap points are.`,
    };
  }
  if (locations && locations.nonEmptyCells > 0) {
    const perCell = locations.distinctLocations / locations.nonEmptyCells;
    if (perCell < SNAP_WARNING_LOCATIONS_PER_CELL) {
      return {
        code: 'cells-mostly-one-snap-point',
        message:
          `Non-empty cells hold on average ${perCell.toFixed(2)} distinct police.uk locations: ` +
          `most cells show a single anonymised snap point. Consider a larger cell size.`,
      };
    }
  }
  return null;
}
