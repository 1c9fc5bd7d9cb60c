import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type { ViewState } from '../state/view-state';
import type { DistrictCollection, PatrolZoneCollection } from '../types';
import type { PreparedAnalysis } from './analysis-data';
import { classOf } from './analysis-data';
import { cellRing } from './cell-grid';
import { districtLayers } from './district-layers';
import { CELL_ALPHA, DENSITY_COLOURS, EMERGING_COLOURS, HOTSPOT_COLOURS, PATROL_COLOUR, PATROL_FILL_ALPHA, PATROL_LINE_PX, POINT_COLOUR, type Rgb } from './palettes';

/** Incidents aggregated per snap point, for street-level zoom. */
export interface PointData {
  points: Array<{ lon: number; lat: number; count: number; location: string | null }>;
}

export interface LayerData {
  districts: DistrictCollection;
  analysis: PreparedAnalysis | null;
  points: PointData | null;
  /** Previewed patrol zones, drawn over the analysis; null when none are previewed. */
  patrol: PatrolZoneCollection | null;
}

/** Stable layer ids, bottom to top: fills, points, boundaries, patrol zones, then labels over them. */
export const LAYER_IDS = { cells: 'analysis-cells', points: 'incident-points', districts: 'districts', patrol: 'patrol-zones', labels: 'district-labels' } as const;

const NONE: [number, number, number, number] = [0, 0, 0, 0];

/** The fill colour of the cell at position k of an analysis response, transparent if not drawn. */
export function cellColour(analysis: PreparedAnalysis, k: number): [number, number, number, number] {
  const cells = analysis.response.cells;
  let rgb: Rgb | undefined;
  if (analysis.response.analysis === 'density') {
    const c = classOf(cells.density?.[k], analysis.breaks);
    rgb = c >= 0 ? DENSITY_COLOURS[DENSITY_COLOURS.length - analysis.breaks.length + c] : undefined;
  } else if (analysis.response.analysis === 'hotspots') {
    rgb = HOTSPOT_COLOURS[cells.bin?.[k] ?? 0];
  } else {
    rgb = EMERGING_COLOURS[cells.category?.[k] ?? 0];
  }
  return rgb ? [...rgb, CELL_ALPHA] : NONE;
}

/** Pure: the deck.gl layers for a view and its data. */
export function buildLayers(state: ViewState, data: LayerData): Layer[] {
  const layers: Layer[] = [];
  const analysis = data.analysis;
  layers.push(
    new SolidPolygonLayer<number>({
      id: LAYER_IDS.cells,
      data: analysis ? analysis.drawn : [],
      // While a new analysis loads the previous one stays drawn: never a blank map.
      visible: !state.hidden.includes('analysis') && analysis !== null,
      getPolygon: (k) => cellRing(analysis!.lattice, analysis!.grid, analysis!.response.cells.index![k]!),
      getFillColor: (k) => cellColour(analysis!, k),
      filled: true,
      extruded: false,
      pickable: false,
    }),
  );
  layers.push(
    new ScatterplotLayer<PointData['points'][number]>({
      id: LAYER_IDS.points,
      data: data.points?.points ?? [],
      visible: !state.hidden.includes('points') && data.points !== null,
      getPosition: (p) => [p.lon, p.lat],
      getRadius: (p) => 4 + Math.min(10, 2.5 * Math.log2(p.count)),
      radiusUnits: 'pixels',
      getFillColor: [...POINT_COLOUR, 230],
      getLineColor: [255, 255, 255, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      stroked: true,
      pickable: false,
    }),
  );
  const districtsVisible = !state.hidden.includes('districts');
  const [boundaries, labels] = districtLayers(data.districts, state.districts);
  layers.push(boundaries.clone({ visible: districtsVisible }));
  layers.push(
    new GeoJsonLayer({
      id: LAYER_IDS.patrol,
      data: (data.patrol ?? { type: 'FeatureCollection', features: [] }) as never,
      visible: data.patrol !== null,
      filled: true,
      stroked: true,
      getFillColor: [...PATROL_COLOUR, PATROL_FILL_ALPHA],
      getLineColor: [...PATROL_COLOUR, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: PATROL_LINE_PX,
      lineJointRounded: true,
      pickable: false,
    }),
  );
  layers.push(labels.clone({ visible: districtsVisible }));
  return layers;
}
