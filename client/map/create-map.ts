import * as maplibregl from 'maplibre-gl';
import { showNotice } from '../notices';
import { isNarrow } from '../panels/panel-sheet';
import type { DistrictCollection } from '../types';
import { chooseBasemap } from './basemap';

const SOURCES_ATTRIBUTION =
  'Crime data: <a href="https://data.police.uk/">data.police.uk</a>; boundaries and population: ' +
  '<a href="https://geoportal.statistics.gov.uk/">ONS</a>, both under the ' +
  '<a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">Open Government Licence v3.0</a>; ' +
  'contains OS data © Crown copyright and database right';

/** Leave room for the legend box over the map's left edge on screens wide enough for both. */
export const fitPadding = () => (window.innerWidth > 900 ? { top: 24, bottom: 24, right: 24, left: 320 } : 24);

/**
 * The MapLibre map on the chosen basemap (the app's own PMTiles archive when configured, else the
 * online style, else the offline style when that does not answer in time), framed on the districts, with attribution, zoom buttons and a scale. `loaded`
 * resolves on the map's first 'load'; the caller sets up its panels meanwhile.
 */
export async function createMap(config: { basemapStyleUrl: string; basemapTimeoutMs: number; basemapPmtilesUrl: string | null }, districts: DistrictCollection): Promise<{ map: maplibregl.Map; loaded: Promise<void> }> {
  const basemap = await chooseBasemap(config.basemapStyleUrl, config.basemapTimeoutMs, config.basemapPmtilesUrl);
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
  // On tablets and phones the attribution wraps across the map's width: the scale bar goes in the
  // same corner, where MapLibre stacks it above the attribution instead of under it.
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), isNarrow() ? 'bottom-right' : 'bottom-left');
  const loaded = new Promise<void>((resolve) => map.once('load', () => resolve()));
  return { map, loaded };
}
