/**
 * Patrol zones as CSV, one row per zone, per RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180):
 * CRLF after every record (the last included), a header row, and a field in double quotes when it
 * holds a comma, a double quote (written twice), CR or LF.
 *
 * Columns, in this order: id, rank, district_codes, district_names (each joined by "; "),
 * incidents, harm, area_m2, cells, centroid_lon, centroid_lat, visits_per_week (only when a
 * budget was given), one incidents_<category> column per category found in any zone (sorted; 0
 * where a zone has none), and wkt (only with { wkt: true }): the zone's geometry as OGC WKT
 * MULTIPOLYGON in lon/lat, with the same rounded, oriented rings as the GeoJSON
 * (./export-zone). Rows are in rank order. Numbers are fixed-point as in the GeoJSON.
 *
 * Units: degrees (lon, lat); area_m2 square metres; harm in Cambridge Crime Harm Index days.
 *
 * @example
 * zonesToCsv([]);
 * // 'id,rank,district_codes,district_names,incidents,harm,area_m2,cells,centroid_lon,centroid_lat\r\n'
 */

import { normalizeGeometry, num, orderedZones, type ExportZone } from './export-zone';

/** One RFC 4180 field. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** OGC WKT of a zone's canonical geometry, always a MULTIPOLYGON as in the GeoJSON: "MULTIPOLYGON (((-2.1 53.7, …)))". */
export function zoneWkt(zone: ExportZone): string {
  const g = normalizeGeometry(zone.geometry, zone.id);
  const ring = (r: [number, number][]) => `(${r.map(([x, y]) => `${num(x)} ${num(y)}`).join(', ')})`;
  const polygon = (p: [number, number][][]) => `(${p.map(ring).join(', ')})`;
  return `MULTIPOLYGON (${g.polygons.map(polygon).join(', ')})`;
}

/** The CSV text (module doc). */
export function zonesToCsv(zones: readonly ExportZone[], options: { wkt?: boolean } = {}): string {
  const ordered = orderedZones(zones);
  const visits = ordered.length > 0 && ordered[0].visitsPerWeek !== undefined;
  const categories = [...new Set(ordered.flatMap((z) => Object.keys(z.incidentsByCategory)))].sort();
  const header = [
    'id', 'rank', 'district_codes', 'district_names', 'incidents', 'harm', 'area_m2', 'cells', 'centroid_lon', 'centroid_lat',
    ...(visits ? ['visits_per_week'] : []),
    ...categories.map((c) => `incidents_${c}`),
    ...(options.wkt ? ['wkt'] : []),
  ];
  const rows = ordered.map((z) => [
    z.id,
    String(z.rank),
    z.districts.map((d) => d.code).join('; '),
    z.districts.map((d) => d.name).join('; '),
    num(z.incidents),
    num(z.harm),
    num(z.areaM2, 2),
    num(z.cells),
    num(z.centroid[0]),
    num(z.centroid[1]),
    ...(visits ? [num(z.visitsPerWeek!)] : []),
    ...categories.map((c) => num(z.incidentsByCategory[c] ?? 0)),
    ...(options.wkt ? [zoneWkt(z)] : []),
  ]);
  return [header, ...rows].map((r) => r.map(csvField).join(',') + '\r\n').join('');
}
