import { zonesToCsv } from '../../geodata/patrol-zones/export-csv';
import { zonesToGeoJson } from '../../geodata/patrol-zones/export-geojson';
import { zonesToKml } from '../../geodata/patrol-zones/export-kml';
import type { PatrolBuild } from './build';

export type DownloadFormat = 'geojson' | 'csv' | 'kml';

export const CONTENT_TYPES: Record<DownloadFormat, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
  kml: 'application/vnd.google-earth.kml+xml',
};

export function renderZones(build: PatrolBuild, format: DownloadFormat): string {
  if (format === 'csv') return zonesToCsv(build.zones, { wkt: false });
  if (format === 'kml') return zonesToKml(build.zones, build.metadata);
  return zonesToGeoJson(build.zones, build.metadata);
}

export function downloadHeaders(fileStem: string, format: DownloadFormat): Record<string, string> {
  return {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="${fileStem}.${format}"`,
    'cache-control': 'no-store',
  };
}
