/**
 * Reads an uploaded plan file: a GeoJSON FeatureCollection, one Feature, one bare geometry or a
 * GeometryCollection of bare geometries, in EPSG:4326 (RFC 7946) or with a legacy `crs` member
 * naming EPSG:27700 (British National Grid metres). Checks the structure PostGIS cannot report
 * helpfully (ring closure, 2-D positions, coordinate ranges, lon/lat order); PostGIS's
 * ST_IsValidReason judges the rest afterwards.
 *
 * @example parsePlanImport({ type: 'Point', coordinates: [-2.7, 53.76] })
 *   // → { ok: true, srid: 4326, features: [{ index: 0, geometry: {…}, properties: {} }] }
 */

export type PlanGeometryType = 'Point' | 'LineString' | 'Polygon' | 'MultiPolygon';
export const PLAN_GEOMETRY_TYPES: readonly PlanGeometryType[] = ['Point', 'LineString', 'Polygon', 'MultiPolygon'];

export interface ImportIssue {
  /** Index of the feature in the file (0-based); null for a problem of the whole file. */
  index: number | null;
  reason: string;
}

export interface ImportedFeature {
  index: number;
  geometry: { type: PlanGeometryType; coordinates: unknown };
  properties: Record<string, unknown>;
}

export type ParsedImport =
  | { ok: true; srid: 4326 | 27700; features: ImportedFeature[] }
  | { ok: false; issues: ImportIssue[] };

/** Where WGS84 input must lie to be in the area the BNG covers (degrees, generous). */
const GB_LON: [number, number] = [-9, 2.5];
const GB_LAT: [number, number] = [49, 61.5];
/** The BNG's false-origin extent (metres). */
const BNG_X: [number, number] = [0, 700_000];
const BNG_Y: [number, number] = [0, 1_300_000];

export function parsePlanImport(body: unknown): ParsedImport {
  if (!isObject(body) || typeof body.type !== 'string') return fail(null, 'not GeoJSON: expected an object with a "type"');
  const srid = crsOf(body.crs);
  if (typeof srid === 'string') return fail(null, srid);

  const raw: Array<{ geometry: unknown; properties: unknown }> = [];
  if (body.type === 'FeatureCollection') {
    if (!Array.isArray(body.features)) return fail(null, 'a FeatureCollection needs a "features" array');
    for (const f of body.features) raw.push(isObject(f) && f.type === 'Feature' ? { geometry: f.geometry, properties: f.properties } : { geometry: undefined, properties: 'not-a-feature' });
  } else if (body.type === 'Feature') {
    raw.push({ geometry: body.geometry, properties: body.properties });
  } else if (body.type === 'GeometryCollection') {
    if (!Array.isArray(body.geometries)) return fail(null, 'a GeometryCollection needs a "geometries" array');
    for (const g of body.geometries) raw.push({ geometry: g, properties: {} });
  } else {
    raw.push({ geometry: body, properties: {} });
  }
  if (raw.length === 0) return fail(null, 'the file holds no features: nothing to import');

  const issues: ImportIssue[] = [];
  const features: ImportedFeature[] = [];
  raw.forEach((f, index) => {
    if (f.properties === 'not-a-feature') return issues.push({ index, reason: 'not a GeoJSON Feature' });
    if (f.properties !== null && f.properties !== undefined && !isObject(f.properties)) return issues.push({ index, reason: 'properties must be an object or null' });
    const reason = geometryIssue(f.geometry, srid);
    if (reason) return issues.push({ index, reason });
    features.push({ index, geometry: f.geometry as ImportedFeature['geometry'], properties: (f.properties ?? {}) as Record<string, unknown> });
  });
  return issues.length ? { ok: false, issues } : { ok: true, srid, features };
}

/** 4326 or 27700 from a legacy `crs` member (absent: RFC 7946's WGS84), or why not. */
function crsOf(crs: unknown): 4326 | 27700 | string {
  if (crs === undefined || crs === null) return 4326;
  const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : undefined;
  if (typeof name !== 'string') return 'crs must be { "type": "name", "properties": { "name": "EPSG:27700" } }';
  if (/(^|[:/])CRS84$/i.test(name) || /EPSG:*:*4326$/i.test(name)) return 4326;
  if (/EPSG:*:*27700$/i.test(name)) return 27700;
  return `crs "${name}" is not supported: send EPSG:4326 (WGS84) or EPSG:27700 (British National Grid)`;
}

/** Why a geometry cannot be stored as a plan feature, or null when its structure is sound. */
export function geometryIssue(geometry: unknown, srid: 4326 | 27700): string | null {
  if (!isObject(geometry)) return 'missing geometry';
  const type = geometry.type as PlanGeometryType;
  if (!PLAN_GEOMETRY_TYPES.includes(type)) return `geometry type ${String(geometry.type)} is not accepted: use ${PLAN_GEOMETRY_TYPES.join(', ')}`;
  const c = geometry.coordinates;
  const positions: unknown[] = [];
  const ringIssue = (ring: unknown, where: string): string | null => {
    if (!Array.isArray(ring) || ring.length < 4) return `${where} needs at least 4 positions (a closed ring)`;
    positions.push(...ring);
    const [a, b] = [ring[0], ring[ring.length - 1]];
    if (!Array.isArray(a) || !Array.isArray(b) || a[0] !== b[0] || a[1] !== b[1]) return `${where} is not closed: its last position must repeat its first`;
    return null;
  };
  const polygonIssue = (poly: unknown, where: string): string | null => {
    if (!Array.isArray(poly) || poly.length === 0) return `${where} has no rings`;
    for (let i = 0; i < poly.length; i++) {
      const r = ringIssue(poly[i], `${where} ring ${i}`);
      if (r) return r;
    }
    return null;
  };
  let issue: string | null = null;
  if (type === 'Point') positions.push(c);
  else if (type === 'LineString') {
    if (!Array.isArray(c) || c.length < 2) issue = 'a LineString needs at least 2 positions';
    else positions.push(...c);
  } else if (type === 'Polygon') issue = polygonIssue(c, 'polygon');
  else if (!Array.isArray(c) || c.length === 0) issue = 'a MultiPolygon needs at least one polygon';
  else for (let i = 0; i < c.length && !issue; i++) issue = polygonIssue(c[i], `polygon ${i}`);
  if (issue) return issue;
  for (const p of positions) {
    const r = positionIssue(p, srid);
    if (r) return r;
  }
  return null;
}

function positionIssue(p: unknown, srid: 4326 | 27700): string | null {
  if (!Array.isArray(p) || p.some((v) => typeof v !== 'number' || !Number.isFinite(v))) return `position ${JSON.stringify(p)} is not an array of numbers`;
  if (p.length !== 2) return `position ${JSON.stringify(p)} has ${p.length} values: only 2-D positions are accepted (no heights)`;
  const [x, y] = p as [number, number];
  if (srid === 27700) {
    if (x < BNG_X[0] || x > BNG_X[1] || y < BNG_Y[0] || y > BNG_Y[1]) return `position [${x}, ${y}] is outside the British National Grid (easting 0–700000, northing 0–1300000 m)`;
    return null;
  }
  if (x < -180 || x > 180 || y < -90 || y > 90) return `position [${x}, ${y}] is outside WGS84 ranges (longitude −180…180, latitude −90…90)`;
  if (x < GB_LON[0] || x > GB_LON[1] || y < GB_LAT[0] || y > GB_LAT[1]) {
    const swapped = y >= GB_LON[0] && y <= GB_LON[1] && x >= GB_LAT[0] && x <= GB_LAT[1];
    return `position [${x}, ${y}] is outside Great Britain (longitude −9…2.5, latitude 49…61.5)${swapped ? ': longitude and latitude look swapped (GeoJSON is [longitude, latitude])' : ''}`;
  }
  return null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (index: number | null, reason: string): ParsedImport => ({ ok: false, issues: [{ index, reason }] });
