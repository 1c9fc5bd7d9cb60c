import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { bngToLonLat } from '../geodata/bng';
import { AnalysisLoader } from './analysis-loader';
import { createDetails } from './details';
import { takeSetup } from './early-requests';
import { composeExport, downloadCanvas } from './export-png';
import { chooseBasemap } from './map/basemap';
import { type LayerData, STREET_ZOOM, buildLayers } from './map/build-layers';
import { cellCentre } from './map/cell-grid';
import { wireMapInteraction } from './map/map-interaction';
import { PointsLoader } from './map/points-loader';
import { renderControls } from './panels/controls';
import { renderDataPage } from './panels/data-page';
import { renderDataSummary } from './panels/data-panel';
import { renderLegend } from './panels/legend';
import { filtersLabel, legendModel, whatLabel } from './panels/legend-model';
import { renderPatrolPanel } from './panels/patrol-panel';
import { renderTabs } from './panels/tabs';
import { renderTopCells } from './panels/top-cells';
import { showBanner, showNotice } from './notices';
import { Store } from './state/store';
import { analysisKey, monthsBetween } from './state/view-state';

maplibregl.setWorkerUrl(workerUrl);
// Start MapLibre's workers now, while the page fetches its setup, not when the map is created.
maplibregl.prewarm();

const SOURCES_ATTRIBUTION =
  'Crime data: <a href="https://data.police.uk/">data.police.uk</a>; boundaries and population: ' +
  '<a href="https://geoportal.statistics.gov.uk/">ONS</a>, both under the ' +
  '<a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">Open Government Licence v3.0</a>; ' +
  'contains OS data © Crown copyright and database right';

/** Leave room for the legend box over the map's left edge on screens wide enough for both. */
const fitPadding = () => (window.innerWidth > 900 ? { top: 24, bottom: 24, right: 24, left: 320 } : 24);

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * The page's state for tests and screenshots: 'loading' → 'ready' (the current analysis drawn)
 * or 'error'. `data-layer-rendered` counts the analysis results drawn so far.
 */
function setAppState(state: 'loading' | 'ready' | 'error'): void {
  document.body.dataset.appState = state;
}

async function start(): Promise<void> {
  setAppState('loading');
  // The health answer is awaited before the map is built although the map does not need it: the
  // synthetic-data banner it may show would otherwise shift the drawn map down.
  const setup = takeSetup();
  const [config, health, districts] = await Promise.all([setup.config, setup.health, setup.districts]);
  performance.mark('setup-fetched');
  const syntheticNote = health.synthetic
    ? 'Synthetic demo data: a fictional county with invented incidents, for trying the tool. It is not real crime data.'
    : undefined;
  if (syntheticNote) showBanner(`${syntheticNote} Load police.uk data to replace it.`);
  renderDataSummary(health);
  const basemap = await chooseBasemap(config.basemapStyleUrl, config.basemapTimeoutMs);
  if (basemap.kind === 'offline') {
    showNotice(`Basemap unavailable (${basemap.reason}): showing the offline map. Analysis layers are unaffected.`);
  }
  document.body.dataset.basemap = basemap.kind;
  const map = new maplibregl.Map({
    container: 'map',
    style: basemap.style,
    bounds: districts.bbox as [number, number, number, number] | undefined,
    fitBoundsOptions: { padding: fitPadding() },
    hash: 'map',
    attributionControl: false,
    canvasContextAttributes: { antialias: true, preserveDrawingBuffer: true },
  });
  map.addControl(new maplibregl.AttributionControl({ compact: false, customAttribution: SOURCES_ATTRIBUTION }));
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  const mapLoaded = new Promise<void>((resolve) => map.once('load', () => resolve()));

  const store = new Store();
  const months = health.months ? monthsBetween(health.months[0], health.months[1]) : [];
  const syncControls = renderControls(byId<HTMLFormElement>('controls'), { store, months, districts });
  syncControls(store.get());
  const syncTabs = renderTabs(byId('tabs'), store);
  syncTabs(store.get());
  store.subscribe(syncTabs);
  // The Data page reads what is loaded when it is first opened, not on every start.
  const dataPage = renderDataPage(byId('data-page'));
  let dataPageLoaded = false;
  const openData = (state: { tab: string }) => {
    if (state.tab !== 'data' || dataPageLoaded) return;
    dataPageLoaded = true;
    void dataPage.refresh();
  };
  openData(store.get());
  store.subscribe(openData);

  await mapLoaded;
  performance.mark('map-loaded');

  const data: LayerData = { districts, analysis: null, points: null, patrol: null, districtsReady: false };
  let loading = false;
  let pendingSerial = 0;
  let renderedSerial = 0;
  const overlay = new MapLibreOverlay({
    interleaved: true,
    layers: buildLayers(store.get(), data),
    onAfterRender: () => {
      // The frame after setProps draws the new data (tessellation is synchronous): tell tests.
      if (pendingSerial === renderedSerial || !map.isStyleLoaded()) return;
      const serial = pendingSerial;
      requestAnimationFrame(() => {
        renderedSerial = serial;
        document.body.dataset.layerRendered = String(serial);
        // The bench reads this: time from navigation to the first analysis on screen.
        if (data.analysis && performance.getEntriesByName('analysis-rendered').length === 0) performance.mark('analysis-rendered');
        if (data.analysis) document.body.dataset.analysisMode = data.analysis.response.analysis;
        // Tests wait for this: how many snap-point markers are drawn ('none' when zoomed out).
        document.body.dataset.points = data.points ? String(data.points.locations) : 'none';
        // The analysis is on screen: now the district layers (ready only once they are drawn too).
        if (data.analysis && !data.districtsReady) return revealDistricts();
        if (!loading && document.body.dataset.appState !== 'error') setAppState('ready');
      });
    },
  });
  map.addControl(overlay);
  // For browser tests and the bench: project lon/lat to map pixels.
  Object.assign(window, { hotspotAtlas: { project: (lon: number, lat: number) => map.project([lon, lat]), map } });

  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const details = createDetails(byId('details-section'), byId('details'));
  wireMapInteraction({ map, store, data, tooltip: byId('tooltip'), details });
  // The keyboard path to the same details: the ranked cells as buttons in the panel.
  let topCellsOf = '';
  const showTopCells = () => {
    // Rebuilt only for a new analysis, so a focused button survives other redraws (points, patrol).
    const hidden = !data.analysis || store.get().hidden.includes('analysis');
    const key = `${data.analysis?.serial ?? 0}:${hidden}`;
    if (key === topCellsOf) return;
    topCellsOf = key;
    byId('top-cells-section').hidden = hidden;
    renderTopCells(byId<HTMLOListElement>('top-cells'), data.analysis, (index) => {
      const analysis = data.analysis;
      if (!analysis) return;
      const [x, y] = cellCentre(analysis.grid, index);
      const [lon, lat] = bngToLonLat(x, y);
      map.easeTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), STREET_ZOOM - 1), duration: reducedMotion ? 0 : 600 });
      void details.showCell(analysis, index);
    });
  };

  // District outlines and names follow the first analysis (their shaders would delay it), or
  // come on their own if the analysis is slow or fails.
  const revealDistricts = () => {
    if (data.districtsReady) return;
    data.districtsReady = true;
    render();
  };
  setTimeout(revealDistricts, 2000);

  const legendEl = byId('legend');
  const render = () => {
    const state = store.get();
    overlay.setProps({ layers: buildLayers(state, data) });
    renderLegend(legendEl, legendModel(state, data));
    showTopCells();
    pendingSerial += 1;
    map.triggerRepaint();
  };

  const syncPatrol = renderPatrolPanel(byId('patrol-panel'), {
    store,
    describeFilters: filtersLabel,
    onZones: (zones) => {
      data.patrol = zones;
      render();
    },
    onShow: (zone) => {
      const [w, s, e, n] = zone.bbox ?? [...zone.properties.centroid, ...zone.properties.centroid];
      map.fitBounds([w, s, e, n], { padding: fitPadding(), maxZoom: 15, duration: reducedMotion ? 0 : 800 });
      // Tests wait for this: the map has stopped on the zone and drawn it.
      map.once('idle', () => (document.body.dataset.patrolShown = zone.properties.id));
    },
  });
  syncPatrol(store.get());

  const errorBox = byId('analysis-error');
  const loader = new AnalysisLoader({
    onLoading: (on) => {
      byId('loading').hidden = !on;
      byId('map-area').setAttribute('aria-busy', String(on));
    },
    onResult: (analysis) => {
      loading = false;
      errorBox.hidden = true;
      if (performance.getEntriesByName('analysis-received').length === 0) performance.mark('analysis-received');
      data.analysis = analysis;
      renderWarnings(analysis.response.warnings);
      byId<HTMLButtonElement>('export-png').disabled = false;
      render();
    },
    onError: (message, retry) => {
      loading = false;
      revealDistricts();
      setAppState('error');
      const text = document.createElement('p');
      text.textContent = `The analysis could not be loaded: ${message}`;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Retry';
      button.addEventListener('click', () => {
        errorBox.hidden = true;
        loading = true;
        setAppState('loading');
        retry();
      });
      errorBox.replaceChildren(text, button);
      errorBox.hidden = false;
    },
  });
  const load = () => {
    loading = true;
    setAppState('loading');
    void loader.load(store.get());
  };

  store.subscribe((state, previous) => {
    syncControls(state);
    syncPatrol(state);
    if (analysisKey(state) !== analysisKey(previous)) load();
    else render();
    void points.update(state);
  });
  load();

  const points = new PointsLoader(map, {
    onPoints: (p) => {
      data.points = p;
      render();
    },
    onError: (message) => showNotice(`Incidents at snap points could not be loaded: ${message}`),
  });
  map.on('moveend', () => void points.update(store.get()));
  void points.update(store.get());

  byId('export-png').addEventListener('click', async () => {
    const state = store.get();
    const sections = legendModel(state, data);
    const r = data.analysis?.response;
    const title = r ? `${sections[0]?.title ?? 'hotspot-atlas'}: ${whatLabel(r.parameters)}` : 'hotspot-atlas';
    map.triggerRepaint();
    await new Promise<void>((resolve) => map.once('render', () => resolve()));
    const attribution = document.querySelector('.maplibregl-ctrl-attrib-inner')?.textContent ?? '';
    const canvas = composeExport({ mapCanvas: map.getCanvas(), title, sections, attribution, note: syntheticNote });
    const date = new Date().toISOString().slice(0, 10);
    await downloadCanvas(canvas, `hotspot-atlas-${state.mode}-${date}.png`);
  });
  byId('copy-link').addEventListener('click', async () => {
    const status = byId('copy-status');
    try {
      await navigator.clipboard.writeText(location.href);
      status.textContent = 'Link copied: it reopens this view.';
    } catch {
      status.textContent = `Copy this link: ${location.href}`;
    }
  });
}

function renderWarnings(warnings: Array<{ code: string; message: string }>): void {
  const section = byId('warnings-section');
  section.hidden = warnings.length === 0;
  byId('warnings').replaceChildren(
    ...warnings.map((w) => {
      const li = document.createElement('li');
      li.dataset.code = w.code;
      li.textContent = w.message;
      return li;
    }),
  );
}

start().catch((error: unknown) => {
  setAppState('error');
  const message = error instanceof Error ? error.message : String(error);
  showNotice(`The map could not be loaded: ${message}`, { error: true, retry: () => location.reload() });
});
