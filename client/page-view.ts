import type { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { bngToLonLat } from '../geodata/bng';
import type { PageView } from './controller/app-controller';
import type { PreparedAnalysis } from './map/analysis-data';
import type { Details } from './details';
import type { ViewState } from './state/view-state';
import { type LayerData, type MapView, STREET_ZOOM, buildLayers, cellDrawing, metresPerPixel } from './map/build-layers';
import { cellCentre } from './map/cell-grid';
import { analysisAnnouncement } from './panels/analysis-announcement';
import { renderAnalysisError, renderWarnings } from './panels/analysis-status';
import { renderLegend } from './panels/legend';
import { legendModel } from './panels/legend-model';
import { snapPointsSection } from './panels/snap-points';
import { topCellsSection } from './panels/top-cells';
import { markAnalysisReceived, signalAppState, signalDrawn } from './page-signals';

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export interface PageViewContext {
  map: MapLibreMap;
  overlay: MapLibreOverlay;
  details: Details;
  reducedMotion: boolean;
}

/** The page's DOM and map, as the controller drives them: layers, legend, top cells, loading and errors. */
export function createPageView({ map, overlay, details, reducedMotion }: PageViewContext): PageView {
  const legend = byId('legend');
  const errorBox = byId('analysis-error');
  // The keyboard path to the same details as a click on the map: the ranked cells as buttons.
  const showTopCells = topCellsSection(byId('top-cells-section'), byId<HTMLOListElement>('top-cells'), (analysis, index) => {
    const [lon, lat] = bngToLonLat(...cellCentre(analysis.grid, index));
    map.easeTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), STREET_ZOOM - 1), duration: reducedMotion ? 0 : 600 });
    void details.showCell(analysis, index);
  });
  const mapView = (): MapView => ({ metresPerPixel: metresPerPixel(map.getZoom(), map.getCenter().lat) });
  // Cells turn into outlines at street level and lose their edges when tiny: redraw when a zoom crosses either scale.
  let last: { state: ViewState; data: LayerData; drawing: ReturnType<typeof cellDrawing> } | null = null;
  map.on('zoomend', () => {
    if (last && cellDrawing(last.data.analysis, mapView()) !== last.drawing) view.draw(last.state, last.data);
  });
  // The markers' text alternative: the busiest snap points inside the map's current bounds.
  let analysisShown: PreparedAnalysis | null = null;
  const showSnapPoints = snapPointsSection(
    byId('snap-points-section'),
    byId<HTMLOListElement>('snap-points'),
    (lon, lat) => map.getBounds().contains([lon, lat]),
    (points, i) => void details.showPoint(points, i, analysisShown),
  );
  const view: PageView = {
    draw(state, data) {
      const scale = mapView();
      last = { state, data, drawing: cellDrawing(data.analysis, scale) };
      overlay.setProps({ layers: buildLayers(state, data, scale) });
      renderLegend(legend, legendModel(state, data));
      showTopCells(data.analysis, state.hidden.includes('analysis'));
      analysisShown = data.analysis;
      showSnapPoints(data.points);
      map.triggerRepaint();
    },
    drawn: signalDrawn,
    appState: signalAppState,
    busy(on) {
      byId('loading').hidden = !on;
      byId('map-area').setAttribute('aria-busy', String(on));
    },
    analysisLoaded(analysis) {
      errorBox.hidden = true;
      markAnalysisReceived();
      renderWarnings(byId('warnings-section'), byId('warnings'), analysis.response.warnings);
      // What the map shows in colour, in words for screen readers (a polite status region).
      byId('analysis-announcer').textContent = analysisAnnouncement(analysis.response);
      byId<HTMLButtonElement>('export-png').disabled = false;
    },
    analysisFailed(message, retry) {
      renderAnalysisError(errorBox, message, retry);
    },
  };
  return view;
}
