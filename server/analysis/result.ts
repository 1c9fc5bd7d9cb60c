import type { CategorySlug, PresetName } from '../../geodata/categories';
import type { ConcentrationFigures } from '../../geodata/concentration';
import type { Neighbourhood } from '../../geodata/gistar';
import type { GridSpec } from '../../geodata/grid';

// The answers of /api/analysis/{density,hotspots,emerging}: one discriminated union on
// `analysis`, so hono's typed client (client/api.ts) sees each kind's columns and summary.

export type AnalysisKind = 'density' | 'hotspots' | 'emerging';

export type Warning = {
  code: string;
  message: string;
  /** months-missing: the period's months some force has no data for, and which force lacks which. */
  months?: string[];
  forces?: Array<{ force: string; months: string[] }>;
}

export type StudyArea = { districts: Array<{ code: string; name: string }> } | { bbox: [number, number, number, number] };

/** What every analysis states about its filters and grid (resolved defaults included). */
export type FilterParameters = {
  categories: CategorySlug[];
  preset: PresetName | null;
  from: string | null;
  to: string | null;
  districts: string[] | null;
  bbox: [number, number, number, number] | null;
  /** Metres. */
  cellSize: number;
  cellSizeRule: string;
  /** intersects: every cell overlapping the districts; centre: cells whose centre is inside (sfhotspot). */
  cells: 'intersects' | 'centre';
  weighting: 'counts' | 'harm';
  weights: Record<string, number> | null;
  weightsBasis: Readonly<Record<string, string>> | null;
}

/** The Gi* spatial weights and p-value adjustment, for hot spots, emerging hot spots and patrol zones. */
export type GiStarParameters = {
  neighbourhood: Neighbourhood;
  adjustment: 'fdr' | 'local' | 'none';
  includeSelf: true;
  weightsStyle: 'binary';
}

/** Density only: per-cell counts per km² (none), or a kernel surface with its bandwidth in metres. */
export type SmoothingParameters = { smoothing: 'kde'; kernel: 'quartic'; bandwidth: number; bandwidthRule: string } | { smoothing: 'none' };

export type DensityParameters = FilterParameters & SmoothingParameters;

export type HotspotParameters = FilterParameters & GiStarParameters;

export type EmergingParameters = FilterParameters &
  GiStarParameters & { timeSteps: number; timeStepInterval: '1 month'; binAlpha: number; trendAlpha: number; persistenceShare: number };

/** Per-cell columns, parallel arrays over the study area's cells (`index` is the grid cell, row-major from the south-west). */
type BaseCells = {
  index: number[];
  count: number[];
  /** Counts, or harm when weighting=harm (6 decimals). */
  value: Array<number | null>;
}

export type DensityCells = BaseCells & {
  /** Per km² (6 decimals). */
  density: Array<number | null>;
}

export type HotspotCells = BaseCells & {
  z: Array<number | null>;
  p: Array<number | null>;
  pAdjusted: Array<number | null>;
  /** -3…3: cold/hot spot at 99/95/90 % confidence; 0 not significant. */
  bin: number[];
}

export type EmergingCells = BaseCells & {
  /** EMERGING_CATEGORIES code (geodata/emerging.ts). */
  category: number[];
  trendZ: Array<number | null>;
  trendP: Array<number | null>;
}

type CountSummary = {
  incidents: number;
  /**
   * Located incidents not analysed: with cells=intersects over districts, those in no district
   * (anywhere); otherwise those in the grid but in cells outside the study area.
   */
  incidentsOutsideStudyArea: number;
  cellsInStudyArea: number;
  concentration: ConcentrationFigures;
}

export type DensitySummary = CountSummary & {
  densityUnit: 'harm per km²' | 'incidents per km²';
  densityMax: number | null;
}

export type HotspotSummary = CountSummary & {
  /** Cells per non-zero bin, keyed by the bin as text. */
  binCounts: Record<string, number>;
}

export type EmergingSummary = {
  incidents: number;
  cellsInStudyArea: number;
  /** Cells per pattern code, keyed by the code as text. */
  categoryCounts: Record<string, number>;
  months: string[];
}

type ResultOf<K extends AnalysisKind, P, C, S> = {
  analysis: K;
  parameters: P;
  grid: GridSpec & { crs: 'EPSG:27700' };
  /** `months` calendar months, of which `loadedMonths` have data for every force (see warnings). */
  period: { from: string | null; to: string | null; months: number; loadedMonths: number };
  studyArea: StudyArea;
  cells: C;
  summary: S;
  warnings: Warning[];
  timings: { sqlMs: number; statsMs: number };
}

export type DensityResult = ResultOf<'density', DensityParameters, DensityCells, DensitySummary>;
export type HotspotResult = ResultOf<'hotspots', HotspotParameters, HotspotCells, HotspotSummary>;
export type EmergingResult = ResultOf<'emerging', EmergingParameters, EmergingCells, EmergingSummary>;
export type AnalysisResult = DensityResult | HotspotResult | EmergingResult;

/** The result of one kind, e.g. `AnalysisResultOf<'density'>` = DensityResult. */
export type AnalysisResultOf<K extends AnalysisKind> = Extract<AnalysisResult, { analysis: K }>;
