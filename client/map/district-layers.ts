import { GeoJsonLayer, TextLayer } from '@deck.gl/layers';
import type { DistrictCollection } from '../types';

/** Boundary colour; the browser test looks for these pixels. */
export const DISTRICT_LINE: [number, number, number] = [31, 78, 121];
/** Faint fill of a district in the study area, over the analysis cells (RGBA). */
export const DISTRICT_FILL: [number, number, number, number] = [...DISTRICT_LINE, 12];

/**
 * District outlines and name labels, drawn over the analysis fills. Pure: data in, layers out.
 * Districts outside a district filter are outlined faintly.
 */
export function districtLayers(districts: DistrictCollection, selected: readonly string[] = []) {
  const isSelected = (code: string) => selected.length === 0 || selected.includes(code);
  return [
    new GeoJsonLayer({
      id: 'districts',
      data: districts,
      stroked: true,
      filled: true,
      getFillColor: (f: { properties: { code: string } }) => (isSelected(f.properties.code) ? DISTRICT_FILL : [80, 80, 80, 40]),
      getLineColor: [...DISTRICT_LINE, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      lineWidthMinPixels: 2,
      pickable: false,
      updateTriggers: { getFillColor: selected.join(',') },
    }),
    new TextLayer({
      id: 'district-labels',
      data: districts.features,
      getPosition: (f) => f.properties.labelPoint,
      getText: (f) => f.properties.name,
      getSize: 13,
      getColor: [27, 31, 36, 255],
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      fontWeight: 600,
      fontSettings: { sdf: true },
      outlineWidth: 3,
      outlineColor: [255, 255, 255, 230],
      characterSet: 'auto',
    }),
  ];
}
