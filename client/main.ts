import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { lonLatToBng } from '../geodata/bng';
import { AnalysisLoader } from './analysis-loader';
import { api, fetchCellDetail, readJson } from './api';
import { composeExport, downloadCanvas } from './export-png';
import { chooseBasemap } from './map/basemap';
import { type LayerData, buildLayers } from './map/build-layers';
import { cellFacts } from './map/cell-info';
import { cellIndexAt } from './map/cell-grid';
import { renderCellDetails } from './panels/cell-details';
import { renderControls } from './panels/controls';
import { renderDataPage } from './panels/data-page';
import { renderDataSummary } from './panels/data-panel';
import { renderLegend } from './panels/legend';
import { filtersLabel, legendModel, whatLabel } from './panels/legend-model';
import { renderPatrolPanel } from './panels/patrol-panel';
import { renderTabs } from './panels/tabs';
import { showBanner, showNotice } from './notices';
import { Store } from './state/store';
import { analysisKey, monthsBetween } from './state/view-state';

maplibregl.setWorkerUrl(workerUrl);

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
  const [config, health, districts] = await Promise.all([
    readJson(api.config.$get()),
    readJson(api.health.$get()),
    readJson(api.districts.$get()),
  ]);
  const syntheticNote = health.synthetic
    ? 'Synthetic demo data: a fictional county with invented incidents, for trying the tool. It is not real crime data.'
    : undefined;
  if (syntheticNote) showBanner(`${syntheticNote} Load police.uk data to replace it.`);
  renderDataSummary(health);

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
  await new Promise<void>((resolve) => map.once('load', () => resolve()));

  const data: LayerData = { districts, analysis: null, points: null, patrol: null };
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
        if (!loading && document.body.dataset.appState !== 'error') setAppState('ready');
      });
    },
  });
  map.addControl(overlay);
  // For browser tests and the bench: project lon/lat to map pixels.
  Object.assign(window, { hotspotAtlas: { project: (lon: number, lat: number) => map.project([lon, lat]), map } });

  const legendEl = byId('legend');
  const render = () => {
    const state = store.get();
    overlay.setProps({ layers: buildLayers(state, data) });
    renderLegend(legendEl, legendModel(state, data));
    pendingSerial += 1;
    map.triggerRepaint();
  };

  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
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
      data.analysis = analysis;
      renderWarnings(analysis.response.warnings);
      byId<HTMLButtonElement>('export-png').disabled = false;
      render();
    },
    onError: (message, retry) => {
      loading = false;
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
  });
  load();

  // Hover: the BNG cell under the pointer, found by arithmetic on the server's grid.
  const tooltip = byId('tooltip');
  map.on('mousemove', (e) => {
    const analysis = data.analysis;
    if (!analysis || store.get().hidden.includes('analysis')) return void (tooltip.hidden = true);
    const [x, y] = lonLatToBng(e.lngLat.lng, e.lngLat.lat);
    const index = cellIndexAt(analysis.grid, x, y);
    const k = index < 0 ? -1 : analysis.lookup[index]!;
    if (k < 0) return void (tooltip.hidden = true);
    const dl = document.createElement('dl');
    for (const [term, value] of cellFacts(analysis, k)) {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dl.append(dt, dd);
    }
    tooltip.replaceChildren(dl);
    tooltip.hidden = false;
    const { width, height } = map.getContainer().getBoundingClientRect();
    const left = Math.min(e.point.x + 14, width - tooltip.offsetWidth - 4);
    const top = Math.min(e.point.y + 14, height - tooltip.offsetHeight - 4);
    tooltip.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, top)}px)`;
  });
  map.getCanvas().addEventListener('mouseleave', () => (tooltip.hidden = true));

  // Click: the cell's details in the panel, with counts by category and month from the API.
  let detailRequest = 0;
  map.on('click', async (e) => {
    const analysis = data.analysis;
    if (!analysis) return;
    const [x, y] = lonLatToBng(e.lngLat.lng, e.lngLat.lat);
    const index = cellIndexAt(analysis.grid, x, y);
    const k = index < 0 ? -1 : analysis.lookup[index]!;
    if (k < 0) return;
    const { grid, response } = analysis;
    const minX = grid.originX + (index % grid.cols) * grid.cellSize;
    const minY = grid.originY + Math.floor(index / grid.cols) * grid.cellSize;
    const title = `${grid.cellSize} m cell at ${minX} E, ${minY} N (British National Grid)`;
    const facts = cellFacts(analysis, k);
    const period = response.period.from && response.period.to ? monthsBetween(response.period.from, response.period.to) : [];
    const container = byId('details');
    byId('details-section').hidden = false;
    renderCellDetails(container, title, facts, period, 'Loading counts…');
    const request = ++detailRequest;
    const query: Record<string, string> = { minX: String(minX), minY: String(minY), maxX: String(minX + grid.cellSize), maxY: String(minY + grid.cellSize) };
    if (response.period.from) query.from = response.period.from;
    if (response.period.to) query.to = response.period.to;
    query.categories = (response.parameters.categories as string[]).join(',');
    try {
      const detail = await fetchCellDetail(query);
      if (request === detailRequest) renderCellDetails(container, title, facts, period, detail);
    } catch (error) {
      if (request === detailRequest) renderCellDetails(container, title, facts, period, `Counts could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

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
