import { crimeConcentration } from '../../geodata/concentration';
import { type PreparedAnalysis, prepareAnalysis } from '../map/analysis-data';
import type { LayerData } from '../map/build-layers';
import type { AnalysisResponse, DensityResponse, DistrictCollection, EmergingResponse, HotspotResponse, IncidentPoints, PatrolZoneCollection } from '../types';

// Small, hand-written answers of the API for the client's unit tests: shapes as the server sends
// them (docs/api.md), values chosen so every expected layer and legend entry can be worked out by hand.

/** A 3 × 2 grid of 250 m cells at 530 000 E, 180 000 N; cell index = row·3 + col. */
const GRID = { crs: 'EPSG:27700' as const, originX: 530000, originY: 180000, cellSize: 250, cols: 3, rows: 2 };

const base = {
  grid: GRID,
  period: { from: '2024-01', to: '2024-06', months: 6, loadedMonths: 6 },
  studyArea: { districts: [{ code: 'E07000117', name: 'Burnley' }] },
  warnings: [],
  dataVersion: 1,
};

/** The filter parameters every analysis states: one district, 250 m cells, counts. */
const filters = {
  preset: null,
  from: '2024-01',
  to: '2024-06',
  districts: ['E07000117'],
  bbox: null,
  cellSize: 250,
  cellSizeRule: 'requested',
  cells: 'intersects' as const,
  weighting: 'counts' as const,
  weights: null,
  weightsBasis: null,
};
const giStar = { neighbourhood: 'queen' as const, adjustment: 'fdr' as const, includeSelf: true as const, weightsStyle: 'binary' as const };

/** Gi* hot spots: cells 0 and 4 hot (bins 3 and 1), cell 5 cold (bin −2), the others not significant. */
export function hotspotsResponse(parameters: Partial<HotspotResponse['parameters']> = {}): HotspotResponse {
  return {
    ...base,
    analysis: 'hotspots',
    parameters: { ...filters, ...giStar, categories: ['burglary'], ...parameters },
    cells: {
      index: [0, 1, 2, 3, 4, 5], count: [9, 1, 0, 2, 5, 0], value: [9, 1, 0, 2, 5, 0],
      z: [3.4, 0.2, -0.5, 0.9, 1.7, -2.1], p: [0.0007, 0.84, 0.62, 0.37, 0.09, 0.036], pAdjusted: [0.004, 0.84, 0.74, 0.55, 0.09, 0.04], bin: [3, 0, 0, 0, 1, -2],
    },
    summary: { incidents: 17, incidentsOutsideStudyArea: 0, cellsInStudyArea: 6, binCounts: { '3': 1, '1': 1, '-2': 1 }, concentration: crimeConcentration([9, 1, 0, 2, 5, 0]) },
  };
}

/** Density (classed cells): four cells with incidents, so four quantile classes (breaks 16, 32, 48, 64 per km²). */
export function densityResponse(parameters: Partial<DensityResponse['parameters']> = {}): DensityResponse {
  return {
    ...base,
    analysis: 'density',
    parameters: { ...filters, categories: ['burglary', 'robbery'], smoothing: 'none', ...parameters } as DensityResponse['parameters'],
    cells: { index: [0, 1, 2, 3, 4, 5], count: [1, 0, 2, 3, 4, 0], value: [1, 0, 2, 3, 4, 0], density: [16, 0, 32, 48, 64, 0] },
    summary: { incidents: 10, incidentsOutsideStudyArea: 0, cellsInStudyArea: 6, densityUnit: 'incidents per km²', densityMax: 64, concentration: crimeConcentration([1, 0, 2, 3, 4, 0]) },
  };
}

/** Emerging hot spots: one new hot spot (code 1) and one persistent hot spot (code 4) in the summary and the cells. */
export function emergingResponse(): EmergingResponse {
  return {
    ...base,
    analysis: 'emerging',
    parameters: { ...filters, ...giStar, categories: [], timeSteps: 1, timeStepInterval: '1 month', binAlpha: 0.1, trendAlpha: 0.05, persistenceShare: 0.9 },
    cells: { index: [0, 1, 2, 3, 4, 5], count: [4, 1, 0, 0, 7, 0], value: [4, 1, 0, 0, 7, 0], category: [1, 0, 0, 0, 4, 0], trendZ: [2.5, 0, 0, 0, 0.4, 0], trendP: [0.01, 1, 1, 1, 0.69, 1] },
    summary: { incidents: 12, cellsInStudyArea: 6, categoryCounts: { '0': 4, '1': 1, '4': 1 }, months: ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'] },
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
    parameters: { preset: null, categories: ['burglary'], from: null, to: null, districts: [] },
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
