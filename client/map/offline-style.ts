import type { StyleSpecification } from 'maplibre-gl';

/**
 * The style used when the configured basemap cannot be loaded (offline, blocked by a council
 * firewall): a plain land colour under our own layers, so the analysis still reads.
 */
export const OFFLINE_BACKGROUND: [number, number, number] = [242, 239, 233];

export const offlineStyle: StyleSpecification = {
  version: 8,
  name: 'hotspot-atlas offline',
  sources: {},
  layers: [
    {
      id: 'background',
      type: 'background',
      paint: { 'background-color': `rgb(${OFFLINE_BACKGROUND.join(',')})` },
    },
  ],
};
