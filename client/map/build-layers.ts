import type { Layer } from '@deck.gl/core';
import { BitmapLayer, GeoJsonLayer, PathLayer, ScatterplotLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import { type PatrolPreview, zonesInDrawOrder } from '../state/patrol-state';
import type { ViewState } from '../state/view-state';
import type { DistrictCollection, IncidentPoints, PatrolZoneFeature } from '../types';
import type { PreparedAnalysis } from './analysis-data';
import { classOf } from './analysis-data';
import { cellRing } from './cell-grid';
import { districtLayers } from './district-layers';
import { type PlanOverlay, planLayers } from '../plans/plan-layers';
import { CELL_ALPHA, CELL_EDGE_MIN_PIXELS, CELL_EDGE_PX, STREET_CELL_ALPHA, STREET_CELL_OUTLINE_PX, STREET_CELL_PIXELS, DENSITY_COLOURS, EMERGING_COLOURS, HOTSPOT_COLOURS, PATROL_COLOUR, PATROL_FILL_ALPHA, PATROL_LINE_PX, PATROL_SELECTED_CASING, PATROL_SELECTED_CASING_PX, PATROL_SELECTED_LINE, PATROL_SELECTED_LINE_PX, POINT_COLOUR, type Rgb, edgeColour } from './palettes';
import type { CellEdge } from './analysis-data';

/** Incidents aggregated per snap point (from the snap-point tiles, client/map/snap-point-tiles.ts), shown at street-level zoom. */
export type PointData = IncidentPoints;

export interface LayerData {
  districts: DistrictCollection;
  analysis: PreparedAnalysis | null;
  points: PointData | null;
  /**
   * False until the first analysis is drawn (or has had its chance): district outlines and names
   * wait, because each new layer type compiles shaders, ~0.3–0.6 s each under software WebGL.
   */
  districtsReady?: boolean;
  /** Previewed patrol zones, drawn over the analysis; null when none are previewed. */
  patrol: PatrolPreview | null;
  /** Plans whose overlays are shown (the Plans page); absent or empty: none. */
  plans?: PlanOverlay[];
}

/** Stable layer ids, bottom to top: fills (or the heat surface), points, boundaries, patrol zones, then labels over them. */
export const LAYER_IDS = { cells: 'analysis-cells', cellOutlines: 'analysis-cell-outlines', cellEdges: 'analysis-cell-edges', heat: 'analysis-heat', points: 'incident-points', pointCounts: 'incident-point-counts', districts: 'districts', patrol: 'patrol-zones', patrolSelectedCasing: 'patrol-zone-selected-casing', labels: 'district-labels' } as const;

/** Street level: from this zoom in, incidents are drawn at their snap points; further out, only the analysis. */
export const STREET_ZOOM = 14;

/** Marker radius in pixels for a snap point holding `count` incidents: grows with log2, capped. */
export const pointRadius = (count: number) => 4 + Math.min(10, 2.5 * Math.log2(count));

const NONE: [number, number, number, number] = [0, 0, 0, 0];

/** How the map is seen, for what depends on scale rather than on data. */
export interface MapView {
  /** Metres of ground per screen pixel at the map's centre. */
  metresPerPixel: number;
}

/** MapLibre's ground resolution (512-pixel tiles on a sphere of the WGS84 equatorial radius). */
export function metresPerPixel(zoom: number, latitude: number): number {
  return (40_075_016.686 * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/** Street level for cells: each analysis cell wider on screen than STREET_CELL_PIXELS. */
export function cellsAtStreetLevel(analysis: PreparedAnalysis | null, view: MapView | undefined): boolean {
  return !!analysis && !!view && analysis.grid.cellSize / view.metresPerPixel > STREET_CELL_PIXELS;
}

/** The colour class of the cell at position k of an analysis response, undefined if not drawn. */
function cellRgb(analysis: PreparedAnalysis, k: number): Rgb | undefined {
  const r = analysis.response;
  let rgb: Rgb | undefined;
  if (r.analysis === 'density') {
    const c = classOf(r.cells.density[k], analysis.breaks);
    rgb = c >= 0 ? DENSITY_COLOURS[DENSITY_COLOURS.length - analysis.breaks.length + c] : undefined;
  } else if (r.analysis === 'hotspots') {
    rgb = HOTSPOT_COLOURS[r.cells.bin[k] ?? 0];
  } else {
    rgb = EMERGING_COLOURS[r.cells.category[k] ?? 0];
  }
  return rgb;
}

/**
 * How cells are drawn at this scale: 'street' (tint and outlines), 'edged' (opaque, with edges
 * where they meet the basemap) or 'plain' (too small for edges, or the scale not yet known).
 * The page redraws when a zoom changes it.
 */
export function cellDrawing(analysis: PreparedAnalysis | null, view: MapView | undefined): 'plain' | 'edged' | 'street' {
  if (!analysis || !view) return 'plain';
  if (cellsAtStreetLevel(analysis, view)) return 'street';
  return analysis.grid.cellSize / view.metresPerPixel >= CELL_EDGE_MIN_PIXELS ? 'edged' : 'plain';
}

/** The fill colour of the cell at position k of an analysis response, transparent if not drawn. */
export function cellColour(analysis: PreparedAnalysis, k: number, alpha = CELL_ALPHA): [number, number, number, number] {
  const rgb = cellRgb(analysis, k);
  return rgb ? [...rgb, alpha] : NONE;
}

/** The outline colour of the cell at position k: its hue, dark enough for 3:1 on the basemap. */
export function cellEdgeColour(analysis: PreparedAnalysis, k: number): [number, number, number, number] {
  const rgb = cellRgb(analysis, k);
  return rgb ? [...edgeColour(rgb), 255] : NONE;
}

/** Snap-point markers sized by count, with the count printed on those holding more than one. */
function pointLayers(points: PointData, visible: boolean): Layer[] {
  const indices = Array.from({ length: points.locations }, (_, i) => i);
  return [
    new ScatterplotLayer<number>({
      id: LAYER_IDS.points,
      data: indices,
      visible,
      getPosition: (i) => [points.lon[i]!, points.lat[i]!],
      getRadius: (i) => pointRadius(points.count[i]!),
      radiusUnits: 'pixels',
      getFillColor: [...POINT_COLOUR, 230],
      getLineColor: [255, 255, 255, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      stroked: true,
      // Hover and click find markers by screen distance (map/point-at.ts): no GPU picking pass.
      pickable: false,
    }),
    new TextLayer<number>({
      id: LAYER_IDS.pointCounts,
      data: indices.filter((i) => points.count[i]! > 1),
      visible,
      getPosition: (i) => [points.lon[i]!, points.lat[i]!],
      getText: (i) => String(points.count[i]),
      getSize: 11,
      getColor: [255, 255, 255, 255],
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      fontWeight: 700,
      characterSet: '0123456789',
      pickable: false,
    }),
  ];
}

/** Pure: the deck.gl layers for a view and its data (`view`: the map's scale, when known). */
export function buildLayers(state: ViewState, data: LayerData, view?: MapView): Layer[] {
  const layers: Layer[] = [];
  const analysis = data.analysis;
  const analysisVisible = !state.hidden.includes('analysis') && analysis !== null;
  const streetLevel = cellsAtStreetLevel(analysis, view);
  const ring = (k: number) => cellRing(analysis!.lattice, analysis!.grid, analysis!.response.cells.index![k]!);
  layers.push(
    new SolidPolygonLayer<number>({
      id: LAYER_IDS.cells,
      data: analysis ? analysis.drawn : [],
      // While a new analysis loads the previous one stays drawn: never a blank map.
      visible: analysisVisible && !analysis?.heat,
      getPolygon: ring,
      getFillColor: (k) => cellColour(analysis!, k, streetLevel ? STREET_CELL_ALPHA : CELL_ALPHA),
      updateTriggers: { getFillColor: streetLevel },
      filled: true,
      extruded: false,
      pickable: false,
    }),
  );
  // Created only at street level: a path layer compiles its own shaders.
  if (streetLevel && !analysis!.heat) {
    layers.push(
      new PathLayer<number>({
        id: LAYER_IDS.cellOutlines,
        data: analysis!.drawn,
        visible: analysisVisible,
        getPath: ring,
        getColor: (k) => cellEdgeColour(analysis!, k),
        widthUnits: 'pixels',
        getWidth: STREET_CELL_OUTLINE_PX,
        jointRounded: false,
        pickable: false,
      }),
    );
  }
  // Further out, where the cells meet the basemap, while a cell is wide enough for an edge to read
  // as one. Not before the district outlines are ready: their strokes compile the path shaders
  // this layer shares, so the first draw waits for none.
  if (cellDrawing(analysis, view) === 'edged' && analysis && !analysis.heat && data.districtsReady !== false) {
    layers.push(
      new PathLayer<CellEdge>({
        id: LAYER_IDS.cellEdges,
        data: analysis.edges,
        visible: analysisVisible,
        getPath: (e) => e.path,
        getColor: (e) => cellEdgeColour(analysis, e.k),
        widthUnits: 'pixels',
        getWidth: CELL_EDGE_PX,
        jointRounded: false,
        pickable: false,
      }),
    );
  }
  for (const tile of analysis?.heat?.tiles ?? []) {
    layers.push(
      new BitmapLayer({
        id: `${LAYER_IDS.heat}-${analysis!.serial}-${tile.id}`,
        image: tile.image,
        bounds: tile.bounds,
        visible: analysisVisible,
        pickable: false,
      }),
    );
  }
  // Only created with points to draw: each layer type compiles its shaders on creation, which
  // costs hundreds of milliseconds under software WebGL, before the first analysis is drawn.
  if (data.points) layers.push(...pointLayers(data.points, !state.hidden.includes('points')));
  const districtsVisible = !state.hidden.includes('districts');
  // Not created at all until ready: a hidden layer still compiles its shaders.
  const districtsCreated = data.districtsReady !== false;
  const [boundaries, labels] = districtLayers(data.districts, state.districts);
  if (districtsCreated) layers.push(boundaries.clone({ visible: districtsVisible }));
  // Plans over the boundaries and under the patrol zones; created only when shown (own shaders).
  layers.push(...planLayers(data.plans ?? []));
  // The zone selected in the ranked table is drawn last, with a wider amber outline.
  const selectedZone = data.patrol?.selectedZoneId ?? null;
  const isSelected = (f: unknown) => selectedZone !== null && (f as PatrolZoneFeature).properties.id === selectedZone;
  const selectedFeature = data.patrol?.features.find(isSelected);
  // A dark casing under the selected zone's amber outline: amber alone lacks 3:1 on the basemap.
  if (selectedFeature) {
    layers.push(
      new GeoJsonLayer({
        id: LAYER_IDS.patrolSelectedCasing,
        data: { type: 'FeatureCollection', features: [selectedFeature] },
        filled: false,
        stroked: true,
        getLineColor: [...PATROL_SELECTED_CASING, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: PATROL_SELECTED_CASING_PX,
        lineJointRounded: true,
        pickable: false,
      }),
    );
  }
  layers.push(
    new GeoJsonLayer({
      id: LAYER_IDS.patrol,
      data: data.patrol ? zonesInDrawOrder(data.patrol) : { type: 'FeatureCollection', features: [] },
      visible: data.patrol !== null,
      filled: true,
      stroked: true,
      getFillColor: [...PATROL_COLOUR, PATROL_FILL_ALPHA],
      getLineColor: (f) => (isSelected(f) ? [...PATROL_SELECTED_LINE, 255] : [...PATROL_COLOUR, 255]),
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => (isSelected(f) ? PATROL_SELECTED_LINE_PX : PATROL_LINE_PX),
      updateTriggers: { getLineColor: selectedZone, getLineWidth: selectedZone },
      lineJointRounded: true,
      pickable: false,
    }),
  );
  if (districtsCreated) layers.push(labels.clone({ visible: districtsVisible }));
  return layers;
}
