import type { Kysely } from 'kysely';
import { type CellCounts, cellTotals, distinctLocations, tallyCells } from '../../db/cell-counts';
import { monthExtent } from '../../db/dataset';
import type { IncidentFilter } from '../../db/incident-filter';
import type { Database } from '../../db/schema';
import { bboxToBng, districtStudyArea } from '../../db/study-area';
import { crimeConcentration } from '../../geodata/concentration';
import { emergingHotSpots } from '../../geodata/emerging';
import { getisOrdGiStarWithWindows } from '../../geodata/gistar';
import { type GridSpec, defaultCellSize, gridForBbox, snapPointWarning } from '../../geodata/grid';
import { HARM_WEIGHT_BASIS, resolveHarmWeights } from '../../geodata/harm';
import { defaultBandwidth, kernelDensity } from '../../geodata/kde';
import { twoSidedP } from '../../geodata/normal';
import { rasterizeMask } from '../../geodata/rasterize-mask';
import { classifyHotspots } from '../../geodata/significance';
import { spaceTimeGiStar } from '../../geodata/space-time-gistar';
import { invalidParameters, unknownDistricts } from '../problem';
import { type AnalysisQuery, MAX_CELLS, MAX_CUBE_BINS, MIN_EMERGING_MONTHS, categoriesOf } from './params';
import { monthsBetween } from '../../geodata/months';

export type AnalysisKind = 'density' | 'hotspots' | 'emerging';

export interface Warning {
  code: string;
  message: string;
}

/** Per-cell results as parallel arrays over the study area's cells (see docs/api.md). */
export type CellColumns = Record<string, Array<number | null>>;

export interface AnalysisResult {
  analysis: AnalysisKind;
  parameters: Record<string, unknown>;
  grid: GridSpec & { crs: 'EPSG:27700' };
  period: { from: string | null; to: string | null; months: number };
  studyArea: { districts: Array<{ code: string; name: string }> } | { bbox: [number, number, number, number] };
  cells: CellColumns;
  summary: Record<string, unknown>;
  warnings: Warning[];
  timings: { sqlMs: number; statsMs: number };
}

const round6 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);
const sig4 = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : null);

/** What an analysis (or a patrol-zone build) runs on: grid, study-area mask, filters. */
export interface Prepared {
  grid: GridSpec;
  mask: Uint8Array;
  kept: Int32Array;
  filter: IncidentFilter;
  weights: Record<string, number>;
  period: { from: string | null; to: string | null };
  studyArea: AnalysisResult['studyArea'];
  parameters: Record<string, unknown>;
  warnings: Warning[];
  /** Time spent waiting for the database while preparing, ms. */
  sqlMs: number;
}

/** The parameters that define the grid, study area and filters (no output options). */
export type GridQuery = Omit<AnalysisQuery, 'format' | 'smoothing' | 'bandwidth'>;

/** Resolves defaults, the study area, grid and mask; refuses requests over the cell limit. */
export async function prepare(db: Kysely<Database>, kind: AnalysisKind, q: GridQuery): Promise<Prepared> {
  const categories = categoriesOf(q);
  const warnings: Warning[] = [];
  const t0 = performance.now();
  // min/max use the month index; a distinct list of months would scan every row.
  const loaded = await monthExtent(db);
  const from = q.from ?? loaded.first;
  const to = q.to ?? loaded.last;

  let extent: [number, number, number, number];
  let polygons: number[][][][] | null = null;
  let studyArea: AnalysisResult['studyArea'];
  const districtFilter: string[] = [];
  if (q.bbox) {
    extent = await bboxToBng(db, q.bbox);
    studyArea = { bbox: q.bbox };
  } else {
    const area = await districtStudyArea(db, q.districts ?? []);
    const unknown = (q.districts ?? []).filter((code) => !area.codes.includes(code));
    if (unknown.length) throw unknownDistricts(unknown);
    if (!area.extent) throw invalidParameters([{ parameter: 'districts', detail: 'no district boundaries are loaded: import boundaries, or pass bbox' }]);
    extent = area.extent;
    polygons = area.polygons;
    studyArea = { districts: area.codes.map((code, i) => ({ code, name: area.names[i]! })) };
    if (q.districts?.length) districtFilter.push(...area.codes);
  }
  const sqlMs = performance.now() - t0;

  const cellSize = q.cellSize ?? defaultCellSize(extent);
  const grid = gridForBbox(extent, cellSize);
  const cells = grid.cols * grid.rows;
  if (cells > MAX_CELLS) {
    const area = (extent[2] - extent[0]) * (extent[3] - extent[1]);
    const smallest = Math.ceil(Math.sqrt(area / MAX_CELLS) / 50) * 50;
    throw invalidParameters([{ parameter: 'cellSize', detail: `${cellSize} m cells need ${cells.toLocaleString('en-GB')} cells over this area; the limit is ${MAX_CELLS.toLocaleString('en-GB')}: use cellSize ≥ ${smallest} or a smaller area` }]);
  }
  const mask = polygons ? rasterizeMask(polygons, grid) : new Uint8Array(cells).fill(1);
  const keptList: number[] = [];
  for (let i = 0; i < cells; i++) if (mask[i]) keptList.push(i);

  const weights = resolveHarmWeights(q.weights ?? {});
  const filter: IncidentFilter = { from: from ?? undefined, to: to ?? undefined, categories, districts: districtFilter };
  const parameters: Record<string, unknown> = {
    categories,
    preset: q.preset ?? null,
    from,
    to,
    districts: districtFilter.length ? districtFilter : null,
    bbox: q.bbox ?? null,
    cellSize,
    cellSizeRule: q.cellSize ? 'requested' : 'default: about 50 cells across the shorter side of the study area, rounded down to 100 m (sfhotspot)',
    weighting: q.weighting,
    weights: q.weighting === 'harm' ? { ...weights } : null,
    weightsBasis: q.weighting === 'harm' ? HARM_WEIGHT_BASIS : null,
  };
  if (kind !== 'density') Object.assign(parameters, { neighbourhood: q.neighbourhood, adjustment: q.adjustment, includeSelf: true, weightsStyle: 'binary' });
  if (kind === 'emerging') Object.assign(parameters, { timeSteps: q.timeSteps, timeStepInterval: '1 month', binAlpha: 0.1, trendAlpha: 0.05, persistenceShare: 0.9 });
  return { grid, mask, kept: Int32Array.from(keptList), filter, weights, period: { from, to }, studyArea, parameters, warnings, sqlMs };
}

/**
 * Filtered incidents (and harm, when weighting by it) per cell of the prepared grid, or per
 * (month, cell) when `months` are given. Harm needs counts by category, a costlier query, so it
 * is asked for only when used.
 */
export async function countCells(db: Kysely<Database>, p: Prepared, withHarm: boolean, months?: readonly string[]): Promise<CellCounts> {
  const tally = await tallyCells(db, { filter: p.filter, grid: p.grid, months, byCategory: withHarm });
  return cellTotals(tally, p.grid.cols * p.grid.rows * (months?.length ?? 1), withHarm ? p.weights : undefined);
}

export function valuesOf(counts: CellCounts, q: Pick<AnalysisQuery, 'weighting'>): Float64Array {
  return q.weighting === 'harm' ? counts.harm : counts.count;
}

function pick(values: ArrayLike<number>, kept: Int32Array, format: (x: number) => number | null = (x) => x): Array<number | null> {
  return Array.from(kept, (i) => format(values[i]!));
}

/** Runs one analysis end to end: SQL counts, then the statistics in geodata/. */
export async function runAnalysis(db: Kysely<Database>, kind: AnalysisKind, q: AnalysisQuery): Promise<AnalysisResult> {
  const p = await prepare(db, kind, q);
  const { grid, mask, kept } = p;
  const cellAreaKm2 = (grid.cellSize * grid.cellSize) / 1e6;
  const t0 = performance.now();
  let sqlMs = p.sqlMs;
  const months = p.period.from && p.period.to ? monthsBetween(p.period.from, p.period.to) : [];
  const result: AnalysisResult = {
    analysis: kind,
    parameters: p.parameters,
    grid: { crs: 'EPSG:27700', ...grid },
    period: { ...p.period, months: months.length },
    studyArea: p.studyArea,
    cells: { index: Array.from(kept) },
    summary: {},
    warnings: p.warnings,
    timings: { sqlMs: 0, statsMs: 0 },
  };

  if (kind === 'emerging') {
    if (q.adjustment === 'local') throw invalidParameters([{ parameter: 'adjustment', detail: 'local adjustment is not available for emerging hot spots: use fdr or none' }]);
    if (months.length < MIN_EMERGING_MONTHS) {
      throw invalidParameters([{ parameter: 'from', detail: `emerging hot spots need at least ${MIN_EMERGING_MONTHS} months for a trend test; the period has ${months.length}` }]);
    }
    if (months.length * kept.length > MAX_CUBE_BINS) {
      throw invalidParameters([{ parameter: 'cellSize', detail: `${kept.length.toLocaleString('en-GB')} cells × ${months.length} months exceed the limit of ${MAX_CUBE_BINS.toLocaleString('en-GB')} bins: use larger cells, fewer districts or a shorter period` }]);
    }
    if (months.length < 10) p.warnings.push({ code: 'short-series', message: `${months.length} time steps: ArcGIS recommends at least 10 for emerging hot spot trends.` });
    const cube = await countCells(db, p, q.weighting === 'harm', months);
    sqlMs += performance.now() - t0;
    const s0 = performance.now();
    const values = valuesOf(cube, q);
    const z = spaceTimeGiStar(values, months.length, grid.cols, grid.rows, { neighbourhood: q.neighbourhood, cellSize: grid.cellSize, mask, timeSteps: q.timeSteps, includeSelf: true });
    const pRaw = new Float64Array(z.length);
    for (let i = 0; i < z.length; i++) pRaw[i] = Number.isNaN(z[i]!) ? NaN : twoSidedP(z[i]!);
    const pUsed = q.adjustment === 'fdr' ? classifyHotspots(z, { adjustment: 'fdr' }).pAdjusted : pRaw;
    const emerging = emergingHotSpots({ z, p: pUsed, steps: months.length, cells: grid.cols * grid.rows, mask });
    const cells = grid.cols * grid.rows;
    const total = new Float64Array(cells);
    const count = new Float64Array(cells);
    for (let t = 0; t < months.length; t++) {
      for (let c = 0; c < cells; c++) {
        total[c]! += values[t * cells + c]!;
        count[c]! += cube.count[t * cells + c]!;
      }
    }
    result.cells.count = pick(count, kept);
    result.cells.value = pick(total, kept, round6);
    result.cells.category = pick(emerging.category, kept);
    result.cells.trendZ = pick(emerging.trendZ, kept, round6);
    result.cells.trendP = pick(emerging.trendP, kept, sig4);
    const byCategory: Record<string, number> = {};
    for (const i of kept) byCategory[String(emerging.category[i])] = (byCategory[String(emerging.category[i])] ?? 0) + 1;
    result.summary = { incidents: sum(count, kept), cellsInStudyArea: kept.length, categoryCounts: byCategory, months };
    result.timings = { sqlMs, statsMs: performance.now() - s0 };
    return result;
  }

  const counts = await countCells(db, p, q.weighting === 'harm');
  if (grid.cellSize <= 200) {
    let nonEmptyCells = 0;
    for (const i of kept) if (counts.count[i]! > 0) nonEmptyCells++;
    const warning = snapPointWarning(grid.cellSize, { distinctLocations: await distinctLocations(db, p.filter, grid), nonEmptyCells });
    if (warning) p.warnings.push(warning);
  }
  sqlMs += performance.now() - t0;
  const s0 = performance.now();
  const values = valuesOf(counts, q);
  const incidents = sum(counts.count, kept);
  // Incidents in the grid but in cells whose centres fall outside the study area (edge cells,
  // or beyond the chosen districts) are not analysed: say how many, so totals reconcile.
  const incidentsOutsideStudyArea = counts.count.reduce((a, b) => a + b, 0) - incidents;
  if (incidents === 0) p.warnings.push({ code: 'no-incidents', message: 'No incidents match these filters in the study area.' });
  result.cells.count = pick(counts.count, kept);
  result.cells.value = pick(values, kept, round6);
  const keptValues = Float64Array.from(kept, (i) => values[i]!);
  const concentration = crimeConcentration(keptValues);

  if (kind === 'density') {
    let density: Float64Array;
    if (q.smoothing === 'kde') {
      // Binned KDE: each non-empty cell's total at its centre. The binning error is small while
      // cells are well below the bandwidth, which the default rule ensures for typical data.
      const xs: number[] = [];
      const ys: number[] = [];
      const ws: number[] = [];
      for (const i of kept) {
        if (values[i]! <= 0) continue;
        xs.push(grid.originX + ((i % grid.cols) + 0.5) * grid.cellSize);
        ys.push(grid.originY + (Math.floor(i / grid.cols) + 0.5) * grid.cellSize);
        ws.push(values[i]!);
      }
      const x = Float64Array.from(xs);
      const y = Float64Array.from(ys);
      const w = Float64Array.from(ws);
      const bandwidth = q.bandwidth ?? (x.length > 1 ? Math.max(grid.cellSize, defaultBandwidth(x, y, w)) : grid.cellSize * 2);
      density = x.length ? kernelDensity(x, y, grid, { bandwidth, weights: w }) : new Float64Array(grid.cols * grid.rows);
      Object.assign(result.parameters, { smoothing: 'kde', kernel: 'quartic', bandwidth: Math.round(bandwidth), bandwidthRule: q.bandwidth ? 'requested' : 'ArcGIS spatial variant of Silverman’s rule of thumb, at least one cell' });
    } else {
      density = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) density[i] = values[i]! / cellAreaKm2;
      Object.assign(result.parameters, { smoothing: 'none' });
    }
    result.cells.density = pick(density, kept, round6);
    let max = 0;
    for (const i of kept) max = Math.max(max, density[i]!);
    result.summary = { incidents, incidentsOutsideStudyArea, cellsInStudyArea: kept.length, densityUnit: q.weighting === 'harm' ? 'harm per km²' : 'incidents per km²', densityMax: round6(max), concentration };
  } else {
    const { z, windowSize } = getisOrdGiStarWithWindows(values, grid.cols, grid.rows, { neighbourhood: q.neighbourhood, cellSize: grid.cellSize, mask, includeSelf: true });
    const classes = classifyHotspots(z, { adjustment: q.adjustment, windowSize });
    result.cells.z = pick(z, kept, round6);
    result.cells.p = pick(classes.p, kept, sig4);
    result.cells.pAdjusted = pick(classes.pAdjusted, kept, sig4);
    result.cells.bin = pick(classes.bin, kept);
    const bins: Record<string, number> = {};
    for (const i of kept) if (classes.bin[i]) bins[String(classes.bin[i])] = (bins[String(classes.bin[i])] ?? 0) + 1;
    result.summary = { incidents, incidentsOutsideStudyArea, cellsInStudyArea: kept.length, binCounts: bins, concentration };
  }
  result.timings = { sqlMs, statsMs: performance.now() - s0 };
  return result;
}

function sum(values: ArrayLike<number>, kept: Int32Array): number {
  let s = 0;
  for (const i of kept) s += values[i]!;
  return s;
}
