/**
 * Patrol zones as an RFC 7946 GeoJSON FeatureCollection (https://www.rfc-editor.org/rfc/rfc7946).
 *
 * - WGS84 lon/lat, at most 6 decimals, rings closed and oriented (outer anticlockwise, holes
 *   clockwise), degenerate rings dropped: see ./export-zone. No `crs` member (§4).
 * - Every geometry is a MultiPolygon (one polygon for most zones), so the layer has one geometry
 *   type: GDAL reports "Multi Polygon" and QGIS loads one layer instead of offering Polygon and
 *   MultiPolygon sublayers, which it does for a file that mixes the two.
 * - `bbox` (§5) on the collection and on every feature, from the written coordinates. An empty
 *   collection has no bbox (it has no extent), and `metadata.message` says why it is empty.
 * - Properties in this fixed order: id, rank, districts ([{code, name}]), incidents,
 *   incidents_by_category (keys sorted), harm, area_m2, cells, centroid ([lon, lat]),
 *   visits_per_week (only when a budget was given).
 * - `metadata` is a foreign member (§6.1) at the top: area, period {from, to}, parameters (keys
 *   sorted, recursively), zones (count), then dosage_rule, source and message when present.
 * - Bytes are a function of the input alone: fixed key order, fixed-point numbers (no exponent,
 *   no -0; coordinates, centroid, harm and counts 6 decimals, area_m2 2), features in rank order,
 *   one feature per line, a final newline, no dates.
 * The feature has no top-level "id" member: GDAL would expose it as a second "id" field.
 *
 * Units: degrees (lon, lat); area_m2 square metres; harm in Cambridge Crime Harm Index days (../../harm).
 *
 * @example
 * zonesToGeoJson([], { area: 'Burnley', period: { from: '2025-01', to: '2025-12' }, parameters: {} });
 * // '{"type":"FeatureCollection","metadata":{"area":"Burnley","period":{"from":"2025-01","to":"2025-12"},
 * //   "parameters":{},"zones":0,"message":"No patrol zones: …"},"features":[]}\n'
 */

import {
  EMPTY_MESSAGE,
  normalizeGeometry,
  orderedZones,
  type ExportMetadata,
  type ExportZone,
  type JsonValue,
  num,
} from './export-zone';

const str = (s: string) => JSON.stringify(s);
const obj = (members: [string, string][]) => `{${members.map(([k, v]) => `${str(k)}:${v}`).join(',')}}`;
const bboxJson = (b: readonly number[]) => `[${b.map((x) => num(x)).join(',')}]`;

/** Any JSON value with object keys sorted (code-unit order) and numbers by formatDecimal. */
export function canonicalJson(value: JsonValue | undefined, path = 'metadata'): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return num(value);
  if (typeof value === 'string') return str(value);
  if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v === undefined ? null : v, `${path}[${i}]`)).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return obj(keys.map((k) => [k, canonicalJson((value as Record<string, JsonValue>)[k], `${path}.${k}`)]));
  }
  throw new TypeError(`export: ${path} is not a JSON value`);
}

function metadataJson(metadata: ExportMetadata, zoneCount: number): string {
  const members: [string, string][] = [
    ['area', str(metadata.area)],
    ['period', obj([['from', str(metadata.period.from)], ['to', str(metadata.period.to)]])],
    ['parameters', canonicalJson(metadata.parameters, 'metadata.parameters')],
    ['zones', String(zoneCount)],
  ];
  if (metadata.dosageRule !== undefined) members.push(['dosage_rule', str(metadata.dosageRule)]);
  if (metadata.source !== undefined) members.push(['source', str(metadata.source)]);
  const message = metadata.message ?? (zoneCount === 0 ? EMPTY_MESSAGE : undefined);
  if (message !== undefined) members.push(['message', str(message)]);
  return obj(members);
}

function featureJson(zone: ExportZone): { json: string; bbox: number[] } {
  const g = normalizeGeometry(zone.geometry, zone.id);
  const ring = (r: [number, number][]) => `[${r.map(([x, y]) => `[${num(x)},${num(y)}]`).join(',')}]`;
  const polygon = (p: [number, number][][]) => `[${p.map(ring).join(',')}]`;
  const coordinates = `[${g.polygons.map(polygon).join(',')}]`;
  const byCategory = Object.keys(zone.incidentsByCategory).sort().map((k): [string, string] => [k, num(zone.incidentsByCategory[k])]);
  const properties: [string, string][] = [
    ['id', str(zone.id)],
    ['rank', String(zone.rank)],
    ['districts', `[${zone.districts.map((d) => obj([['code', str(d.code)], ['name', str(d.name)]])).join(',')}]`],
    ['incidents', num(zone.incidents)],
    ['incidents_by_category', obj(byCategory)],
    ['harm', num(zone.harm)],
    ['area_m2', num(zone.areaM2, 2)],
    ['cells', num(zone.cells)],
    ['centroid', `[${num(zone.centroid[0])},${num(zone.centroid[1])}]`],
  ];
  if (zone.visitsPerWeek !== undefined) properties.push(['visits_per_week', num(zone.visitsPerWeek)]);
  const json = obj([
    ['type', '"Feature"'],
    ['bbox', bboxJson(g.bbox)],
    ['properties', obj(properties)],
    ['geometry', obj([['type', '"MultiPolygon"'], ['coordinates', coordinates]])],
  ]);
  return { json, bbox: g.bbox };
}

/** The FeatureCollection as a string (module doc). */
export function zonesToGeoJson(zones: readonly ExportZone[], metadata: ExportMetadata): string {
  const features = orderedZones(zones).map(featureJson);
  const members: [string, string][] = [
    ['type', '"FeatureCollection"'],
    ['metadata', metadataJson(metadata, features.length)],
  ];
  if (features.length > 0) {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const f of features) {
      b[0] = Math.min(b[0], f.bbox[0]); b[1] = Math.min(b[1], f.bbox[1]);
      b[2] = Math.max(b[2], f.bbox[2]); b[3] = Math.max(b[3], f.bbox[3]);
    }
    members.push(['bbox', bboxJson(b)]);
  }
  const body = features.length === 0 ? '[]' : `[\n${features.map((f) => f.json).join(',\n')}\n]`;
  members.push(['features', body]);
  return obj(members) + '\n';
}
