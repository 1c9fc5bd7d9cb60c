import { layers, namedFlavor } from '@protomaps/basemaps';
import type { LayerSpecification } from 'maplibre-gl';

/**
 * The local basemap's layers: Protomaps' own light style over the archive's `protomaps` source,
 * without labels (they need glyph files from a font server a closed network cannot reach).
 * Apart from local-basemap.ts so the contrast test reads the very layers the map draws.
 */
export function localBasemapLayers(): LayerSpecification[] {
  return withoutLabels(layers('protomaps', namedFlavor('light'), { lang: 'en' }));
}

export function withoutLabels(style: LayerSpecification[]): LayerSpecification[] {
  return style.filter((layer) => layer.type !== 'symbol');
}
