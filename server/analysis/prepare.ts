import type { Kysely } from 'kysely';
import { type CellCounts, cellTotals, tallyCells } from '../../db/cell-counts';
import type { IncidentFilter } from '../../db/incident-filter';
import type { Database } from '../../db/schema';
import { bboxToBng, districtStudyArea } from '../../db/study-area';
import { type GridSpec, defaultCellSize, gridForBbox } from '../../geodata/grid';
import { HARM_WEIGHT_BASIS, resolveHarmWeights } from '../../geodata/harm';
import { loadedMonthsByForce } from '../../db/loaded-months';
import { type CoverageArea, areaForceMonths } from './area-coverage';
import { type MonthCoverage, latestGapFreeRun, monthCoverage } from '../../geodata/month-coverage';
import { monthsBetween } from '../../geodata/months';
import { rasterizeMask } from '../../geodata/rasterize-mask';
import { describeMonths } from '../profiles/windows';
import { invalidParameters, unknownDistricts } from '../problem';
import { type AnalysisQuery, MAX_CELLS, categoriesOf } from './params';
import type { FilterParameters, GiStarParameters, StudyArea, Warning } from './result';

export const round6 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);
export const sig4 = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : null);

/** What an analysis (or a patrol-zone build) runs on: grid, study-area mask, filters. */
export interface Prepared {
  grid: GridSpec;
  mask: Uint8Array;
  kept: Int32Array;
  filter: IncidentFilter;
  weights: Record<string, number>;
  period: { from: string | null; to: string | null };
  /** The period's months and which of them have data for every force whose data covers the study area. */
  coverage: MonthCoverage;
  /** The months each of those forces has data for, as read for the coverage (emerging suggests a run from it). */
  monthsByForce: ReadonlyMap<string, ReadonlySet<string>>;
  /** Count incidents in no district apart (cells=intersects over districts): see CellTallyOptions. */
  outsideApart: boolean;
  studyArea: StudyArea;
  parameters: FilterParameters;
  warnings: Warning[];
  /** Time spent waiting for the database while preparing, ms. */
  sqlMs: number;
}

/** The parameters that define the grid, study area and filters (no output options). */
export type GridQuery = Omit<AnalysisQuery, 'format' | 'smoothing' | 'bandwidth'>;

/** Resolves defaults, the study area, grid and mask; refuses requests over the cell limit. */
export async function prepare(db: Kysely<Database>, q: GridQuery): Promise<Prepared> {
  const categories = categoriesOf(q);
  const warnings: Warning[] = [];
  const t0 = performance.now();
  // Independent: the months each force has loaded, and the study area.
  const [loaded, resolved] = await Promise.all([loadedMonthsByForce(db), resolveArea(db, q)]);
  const { extent, polygons, studyArea, districtFilter } = resolved;

  const cellSize = q.cellSize ?? defaultCellSize(extent);
  const grid = gridForBbox(extent, cellSize);
  const cells = grid.cols * grid.rows;
  if (cells > MAX_CELLS) {
    const area = (extent[2] - extent[0]) * (extent[3] - extent[1]);
    const smallest = Math.ceil(Math.sqrt(area / MAX_CELLS) / 50) * 50;
    throw invalidParameters([{ parameter: 'cellSize', detail: `${cellSize} m cells need ${cells.toLocaleString('en-GB')} cells over this area; the limit is ${MAX_CELLS.toLocaleString('en-GB')}: use cellSize ≥ ${smallest} or a smaller area` }]);
  }

  // Coverage over the forces whose data the analysis reads (area-coverage.ts): chosen districts
  // read their own incidents, a bbox every incident in its grid, the whole area every incident.
  const coverageArea: CoverageArea = districtFilter.length
    ? { districts: districtFilter }
    : q.bbox ? { rectangle: [grid.originX, grid.originY, grid.originX + grid.cols * cellSize, grid.originY + grid.rows * cellSize] } : 'everywhere';
  const monthsByForce = await areaForceMonths(db, coverageArea, loaded);
  const { from, to } = defaultPeriod(q, monthsByForce);
  const coverage = monthCoverage(from && to ? monthsBetween(from, to) : [], monthsByForce);
  if (coverage.missingMonths.length) warnings.push(monthsMissingWarning(coverage));
  const sqlMs = performance.now() - t0;

  const mask = polygons ? rasterizeMask(polygons, grid, q.cells) : new Uint8Array(cells).fill(1);
  const keptList: number[] = [];
  for (let i = 0; i < cells; i++) if (mask[i]) keptList.push(i);

  const weights = resolveHarmWeights(q.weights ?? {});
  const filter: IncidentFilter = { from: from ?? undefined, to: to ?? undefined, categories, districts: districtFilter };
  const parameters: FilterParameters = {
    categories,
    preset: q.preset ?? null,
    from,
    to,
    districts: districtFilter.length ? districtFilter : null,
    bbox: q.bbox ?? null,
    cellSize,
    cellSizeRule: q.cellSize ? 'requested' : 'default: about 50 cells across the shorter side of the study area, rounded down to 100 m (sfhotspot)',
    cells: q.cells,
    weighting: q.weighting,
    weights: q.weighting === 'harm' ? { ...weights } : null,
    weightsBasis: q.weighting === 'harm' ? HARM_WEIGHT_BASIS : null,
  };
  // Over all districts with cells=intersects, what lies in no district is counted apart, not in
  // the edge cells it may share with the districts (a chosen district's filter already does that).
  const outsideApart = polygons !== null && q.cells === 'intersects' && districtFilter.length === 0;
  return { grid, mask, kept: Int32Array.from(keptList), filter, weights, period: { from, to }, coverage, monthsByForce, outsideApart, studyArea, parameters, warnings, sqlMs };
}

/** The study area asked for: a bbox's BNG extent, or chosen (or all) districts with their polygons. */
async function resolveArea(db: Kysely<Database>, q: GridQuery) {
  if (q.bbox) {
    const extent = await bboxToBng(db, q.bbox);
    return { extent, polygons: null, studyArea: { bbox: q.bbox } as StudyArea, districtFilter: [] as string[] };
  }
  const area = await districtStudyArea(db, q.districts ?? []);
  const unknown = (q.districts ?? []).filter((code) => !area.codes.includes(code));
  if (unknown.length) throw unknownDistricts(unknown);
  if (!area.extent) throw invalidParameters([{ parameter: 'districts', detail: 'no district boundaries are loaded: import boundaries, or pass bbox' }]);
  const studyArea: StudyArea = { districts: area.codes.map((code, i) => ({ code, name: area.names[i]! })) };
  return { extent: area.extent, polygons: area.polygons, studyArea, districtFilter: q.districts?.length ? [...area.codes] : [] };
}

/**
 * The period asked for, or by default the latest gap-free run of loaded months (a map that opens
 * on a gap would average empty months in as months without crime). With one end given, the other
 * is the first or last month loaded. Months are those of `monthsByForce`: the study area's forces
 * (area-coverage.ts).
 */
export function defaultPeriod(q: Pick<GridQuery, 'from' | 'to'>, monthsByForce: ReadonlyMap<string, ReadonlySet<string>>): { from: string | null; to: string | null } {
  if (q.from && q.to) return { from: q.from, to: q.to };
  const all = [...monthsByForce.values()].flatMap((m) => [...m]).sort();
  if (q.from) return { from: q.from, to: all.at(-1) ?? null };
  if (q.to) return { from: all[0] ?? null, to: q.to };
  const run = latestGapFreeRun(monthsByForce);
  return { from: run?.from ?? null, to: run?.to ?? null };
}

export function monthsMissingWarning(coverage: MonthCoverage): Warning {
  const forces = coverage.missing.map((f) => `${f.force} (${describeMonths(f.months)})`).join('; ');
  return {
    code: 'months-missing',
    message: `No data is loaded for ${coverage.missingMonths.length} of the period's ${coverage.missingMonths.length + coverage.loadedMonths.length} months: ${forces}. Those months count as months without crime in this analysis; choose a period without gaps to avoid it.`,
    months: coverage.missingMonths,
    forces: coverage.missing,
  };
}

/**
 * Filtered incidents (and harm, when weighting by it) per cell of the prepared grid, or per
 * (month, cell) when `months` are given. Harm needs counts by category, a costlier query, so it
 * is asked for only when used.
 */
export async function countCells(db: Kysely<Database>, p: Prepared, withHarm: boolean, months?: readonly string[]): Promise<CellCounts> {
  const tally = await tallyCells(db, { filter: p.filter, grid: p.grid, months, byCategory: withHarm, outsideApart: p.outsideApart });
  return cellTotals(tally, p.grid.cols * p.grid.rows * (months?.length ?? 1), withHarm ? p.weights : undefined);
}

export function valuesOf(counts: CellCounts, q: Pick<AnalysisQuery, 'weighting'>): Float64Array {
  return q.weighting === 'harm' ? counts.harm : counts.count;
}

/** The Gi* parameters as stated in a result (hot spots, emerging hot spots, patrol zones). */
export function giStarParameters(q: Pick<AnalysisQuery, 'neighbourhood' | 'adjustment'>): GiStarParameters {
  return { neighbourhood: q.neighbourhood, adjustment: q.adjustment, includeSelf: true, weightsStyle: 'binary' };
}

/** The values of the study area's cells, in `kept` order. */
export function pick(values: ArrayLike<number>, kept: Int32Array): number[] {
  return Array.from(kept, (i) => values[i]!);
}

/** As pick, formatted (rounded), with null for a value that is not finite. */
export function pickFormatted(values: ArrayLike<number>, kept: Int32Array, format: (x: number) => number | null): Array<number | null> {
  return Array.from(kept, (i) => format(values[i]!));
}

export function sum(values: ArrayLike<number>, kept: Int32Array): number {
  let s = 0;
  for (const i of kept) s += values[i]!;
  return s;
}

/** The parts of a result every kind shares, before its cells and summary. */
export function resultFrame(p: Prepared) {
  const period = { ...p.period, months: p.coverage.loadedMonths.length + p.coverage.missingMonths.length, loadedMonths: p.coverage.loadedMonths.length };
  return { grid: { crs: 'EPSG:27700' as const, ...p.grid }, period, studyArea: p.studyArea, warnings: p.warnings };
}

