import { GeoJsonLayer, TextLayer } from '@deck.gl/layers';
import type { DistrictCollection } from '../types';

/** Boundary colour; the browser test looks for these pixels. */
export const DISTRICT_LINE: [number, number, number] = [31, 78, 121];

/** District outlines and name labels, drawn over the analysis fills. Pure: data in, layers out. */
export function districtLayers(districts: DistrictCollection) {
  return [
    new GeoJsonLayer({
      id: 'districts',
      data: districts as never,
      stroked: true,
      filled: true,
      getFillColor: [31, 78, 121, 12],
      getLineColor: [...DISTRICT_LINE, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      lineWidthMinPixels: 2,
      pickable: true,
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
