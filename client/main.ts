import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { api, readJson } from './api';
import { chooseBasemap } from './map/basemap';
import { districtLayers } from './map/district-layers';
import { renderDataSummary, renderDistrictList } from './panels/data-panel';
import { showBanner, showNotice } from './notices';
import type { DistrictCollection } from './types';

maplibregl.setWorkerUrl(workerUrl);

const SOURCES_ATTRIBUTION =
  'Crime data: <a href="https://data.police.uk/">data.police.uk</a>; boundaries and population: ' +
  '<a href="https://geoportal.statistics.gov.uk/">ONS</a>, both under the ' +
  '<a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">Open Government Licence v3.0</a>; ' +
  'contains OS data © Crown copyright and database right';

/** The page's state for tests and screenshots: 'loading' → 'ready' (layers drawn) or 'error'. */
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
  if (health.synthetic) {
    showBanner(
      'Synthetic demo data: a fictional county with invented incidents, for trying the tool. ' +
        'It is not real crime data. Load police.uk data to replace it.',
    );
  }
  renderDataSummary(health);
  renderDistrictList(districts);

  const basemap = await chooseBasemap(config.basemapStyleUrl, config.basemapTimeoutMs);
  if (basemap.kind === 'offline') {
    showNotice(`Basemap unavailable (${basemap.reason}): showing the offline map. Analysis layers are unaffected.`);
  }
  document.body.dataset.basemap = basemap.kind;
  const map = new maplibregl.Map({
    container: 'map',
    style: basemap.style,
    bounds: districts.bbox as [number, number, number, number] | undefined,
    fitBoundsOptions: { padding: 24 },
    hash: 'map',
    attributionControl: false,
    canvasContextAttributes: { antialias: true, preserveDrawingBuffer: true },
  });
  map.addControl(new maplibregl.AttributionControl({ compact: false, customAttribution: SOURCES_ATTRIBUTION }));
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');

  await new Promise<void>((resolve) => map.once('load', () => resolve()));
  addOverlay(map, districts);
}

function addOverlay(map: maplibregl.Map, districts: DistrictCollection): void {
  let drawn = false;
  const overlay = new MapLibreOverlay({
    interleaved: true,
    layers: districtLayers(districts),
    onAfterRender: () => {
      if (drawn || !overlay) return;
      // Wait until the layers have their data on the GPU, then tell tests the map is ready.
      if (districts.features.length === 0 || map.isStyleLoaded()) {
        drawn = true;
        requestAnimationFrame(() => setAppState('ready'));
      }
    },
  });
  map.addControl(overlay);
}

start().catch((error: unknown) => {
  setAppState('error');
  const message = error instanceof Error ? error.message : String(error);
  showNotice(`The map could not be loaded: ${message}`, { error: true, retry: () => location.reload() });
});
