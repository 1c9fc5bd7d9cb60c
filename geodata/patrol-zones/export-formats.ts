/**
 * The patrol-zone export writers in one place, for the server's export route:
 * zonesToGeoJson (RFC 7946), zonesToCsv (RFC 4180, optional WKT), zonesToKml (KML 2.2) and
 * exportFileName. Each lives in its own module with its rules documented there; all share the
 * canonical geometry and number formatting of ./export-zone, so the three formats agree to the
 * last digit, and all are pure: the same zones and metadata give the same bytes.
 *
 * @example
 * const name = exportFileName({ areaLabel: 'Burnley', from: '2025-01', to: '2025-12', ext: 'geojson' });
 * const body = zonesToGeoJson(zones, { area: 'Burnley', period: { from: '2025-01', to: '2025-12' }, parameters });
 */

export { zonesToGeoJson, canonicalJson } from './export-geojson';
export { zonesToCsv, zoneWkt, csvField } from './export-csv';
export { zonesToKml, xmlEscape } from './export-kml';
export { exportFileName, areaSlug, type ExportExtension } from './export-file-name';
export {
  normalizeGeometry,
  formatDecimal,
  EMPTY_MESSAGE,
  COORDINATE_DECIMALS,
  type ExportZone,
  type ExportMetadata,
  type ExportGeometry,
  type JsonValue,
  type NormalizedGeometry,
} from './export-zone';
