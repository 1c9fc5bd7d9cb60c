import { type PreparedAnalysis, prepareAnalysis } from '../map/analysis-data';
import type { LayerData } from '../map/build-layers';
import type { AnalysisResponse, DistrictCollection, IncidentPoints, PatrolZoneCollection } from '../types';

// Small, hand-written answers of the API for the client's unit tests: shapes as the server sends
// them (docs/api.md), values chosen so every expected layer and legend entry can be worked out by hand.

/** A 3 × 2 grid of 250 m cells at 530 000 E, 180 000 N; cell index = row·3 + col. */
const GRID = { crs: 'EPSG:27700' as const, originX: 530000, originY: 180000, cellSize: 250, cols: 3, rows: 2 };

const base = {
  grid: GRID,
  period: { from: '2024-01', to: '2024-06', months: 6 },
  studyArea: { districts: [{ code: 'E07000117', name: 'Burnley' }] },
  warnings: [],
  dataVersion: 1,
};

/** Gi* hot spots: cells 0 and 4 hot (bins 3 and 1), cell 5 cold (bin −2), the others not significant. */
export function hotspotsResponse(parameters: Record<string, unknown> = {}): AnalysisResponse {
  return {
    ...base,
    analysis: 'hotspots',
    parameters: { preset: null, categories: ['burglary'], weighting: 'counts', adjustment: 'fdr', cellSize: 250, ...parameters },
    cells: { index: [0, 1, 2, 3, 4, 5], count: [9, 1, 0, 2, 5, 0], z: [3.4, 0.2, -0.5, 0.9, 1.7, -2.1], bin: [3, 0, 0, 0, 1, -2] },
    summary: {},
  };
}

/** Density (classed cells): four cells with incidents, so four quantile classes (breaks 16, 32, 48, 64 per km²). */
export function densityResponse(parameters: Record<string, unknown> = {}): AnalysisResponse {
  return {
    ...base,
    analysis: 'density',
    parameters: { preset: null, categories: ['burglary', 'robbery'], weighting: 'counts', smoothing: 'none', cellSize: 250, ...parameters },
    cells: { index: [0, 1, 2, 3, 4, 5], count: [1, 0, 2, 3, 4, 0], density: [16, 0, 32, 48, 64, 0] },
    summary: {},
  };
}

/** Emerging hot spots: one new hot spot (code 1) and one persistent hot spot (code 4) in the summary and the cells. */
export function emergingResponse(): AnalysisResponse {
  return {
    ...base,
    analysis: 'emerging',
    parameters: { preset: null, categories: [], weighting: 'counts', cellSize: 250 },
    cells: { index: [0, 1, 2, 3, 4, 5], value: [4, 1, 0, 0, 7, 0], category: [1, 0, 0, 0, 4, 0] },
    summary: { categoryCounts: { '0': 4, '1': 1, '4': 1 } },
  };
}

export const prepared = (response: AnalysisResponse): PreparedAnalysis => prepareAnalysis(response);

const district = (code: string, name: string, population: number | null, west: number) => ({
  type: 'Feature' as const,
  id: code,
  geometry: { type: 'MultiPolygon' as const, coordinates: [[[[west, 51.4], [west + 0.05, 51.4], [west + 0.05, 51.45], [west, 51.45], [west, 51.4]]]] },
  properties: { code, name, kind: 'LAD', population, populationYear: population === null ? null : 2021, areaM2: 19_500_000, labelPoint: [west + 0.025, 51.425] as [number, number] },
});

/** Two districts side by side, one square each. */
export const DISTRICTS: DistrictCollection = {
  type: 'FeatureCollection',
  bbox: [-0.1, 51.4, 0, 51.45],
  features: [district('E07000117', 'Burnley', 95000, -0.1), district('E07000120', 'Hyndburn', null, -0.05)],
};

/** Three snap points holding 1, 4 and 2 incidents. */
export function incidentPoints(truncated = false): IncidentPoints {
  return {
    bbox: [-0.1, 51.4, 0, 51.5],
    locations: 3,
    truncated,
    lon: [-0.09, -0.08, -0.07],
    lat: [51.41, 51.42, 51.43],
    easting: [530100, 530300, 530600],
    northing: [180100, 180200, 180300],
    count: [1, 4, 2],
    location: ['On or near High Street', 'On or near Park Road', null],
    byCategory: { burglary: [1, 4, 2] },
    total: 7,
    parameters: { preset: null, categories: ['burglary'], from: null, to: null, districts: [], limit: 5000 },
    caveat: 'police.uk locations are anonymised snap points.',
  };
}

const zone = (id: string, rank: number) => ({
  type: 'Feature' as const,
  geometry: { type: 'MultiPolygon' as const, coordinates: [[[[-0.09, 51.41], [-0.08, 51.41], [-0.08, 51.42], [-0.09, 51.41]]]] as Array<Array<Array<[number, number]>>> },
  properties: { id, rank, districts: [{ code: 'E07000117', name: 'Burnley' }], incidents: 10 - rank, incidents_by_category: { burglary: 10 - rank }, harm: 100, area_m2: 62500, cells: 1, centroid: [-0.085, 51.415] as [number, number] },
});

/** Two previewed patrol zones, ranked by harm per km². */
export const PATROL_ZONES: PatrolZoneCollection = {
  type: 'FeatureCollection',
  metadata: { area: 'Burnley', period: { from: '2024-01', to: '2024-06' }, parameters: { rankBy: 'harm per km²' }, zones: 2 },
  features: [zone('z1', 1), zone('z2', 2)],
};

/** Layer data with nothing loaded but the districts (ready to draw), overridden by `change`. */
export const layerData = (change: Partial<LayerData> = {}): LayerData => ({ districts: DISTRICTS, analysis: null, points: null, patrol: null, districtsReady: true, ...change });
