import type { StyleSpecification } from 'maplibre-gl';
import * as maplibregl from 'maplibre-gl';

/** OpenStreetMap data, as in every Protomaps basemap build (ODbL). */
export const LOCAL_BASEMAP_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

let protocolAdded = false;

/**
 * The style of a basemap served by the app itself from a PMTiles archive (BASEMAP_PMTILES): for
 * deployments whose network blocks outside tile hosts, as police networks often do. The archive
 * is in the Protomaps basemap schema (what `pmtiles extract` cuts from a Protomaps build, see
 * docs/offline-basemap.md) and is drawn with Protomaps' own light style. Label layers are left
 * out: they need glyph files from a font server, which such a network cannot reach; streets,
 * water, parks and buildings still give the street context a patrol plan needs.
 *
 * The pmtiles reader and the style are loaded only when an archive is configured.
 */
export async function localBasemapStyle(archiveUrl: string): Promise<StyleSpecification> {
  const [{ Protocol }, { localBasemapLayers }] = await Promise.all([import('pmtiles'), import('./local-basemap-layers')]);
  if (!protocolAdded) {
    maplibregl.addProtocol('pmtiles', new Protocol().tile);
    protocolAdded = true;
  }
  const absolute = new URL(archiveUrl, window.location.href).href;
  return {
    version: 8,
    name: 'hotspot-atlas local basemap',
    sources: { protomaps: { type: 'vector', url: `pmtiles://${absolute}`, attribution: LOCAL_BASEMAP_ATTRIBUTION } },
    layers: localBasemapLayers(),
  };
}
