/**
 * What the export writers take (zones already clipped to districts and reprojected to WGS84
 * longitude/latitude by the server), and the canonical form every writer puts them in first, so
 * GeoJSON, CSV (WKT) and KML carry the same coordinates.
 *
 * Geometry, ring by ring:
 *  1. each position is rounded to 6 decimals (≈ 0.11 m of latitude; RFC 7946 §11.2 advises 6)
 *     and cut to [lon, lat];
 *  2. repeated consecutive positions left by the rounding are dropped, and the ring re-closed;
 *  3. a ring with fewer than 4 positions, or zero area, is dropped (a polygon whose outer ring is
 *     dropped goes with its holes); a zone left with no polygon is an error;
 *  4. orientation is enforced by the signed (shoelace) area in the lon/lat plane: outer rings
 *     anticlockwise (area > 0), holes clockwise (RFC 7946 §3.1.6).
 * Zones are written in rank order (then id), whatever order they arrive in.
 *
 * Numbers are written by formatDecimal: fixed-point (never exponent notation), at most the given
 * decimals, no trailing zeros, and never "-0", so identical input gives identical bytes.
 *
 * Units: lon/lat in decimal degrees (EPSG:4326 axis order lon, lat as RFC 7946); areaM2 square
 * metres; harm as ../../harm; counts incidents.
 *
 * @example
 * normalizeGeometry({ type: 'Polygon', coordinates: [[[-2.2, 53.7], [-2.2, 53.8], [-2.1, 53.7], [-2.2, 53.7]]] }, 'PZ-1');
 * // → { type: 'Polygon', polygons: [[[[-2.2, 53.7], [-2.1, 53.7], [-2.2, 53.8], [-2.2, 53.7]]]],
 * //     bbox: [-2.2, 53.7, -2.1, 53.8] }   (the clockwise outer ring reversed)
 */

export type Ring = readonly (readonly number[])[];

export type ExportGeometry =
  | { type: 'Polygon'; coordinates: readonly Ring[] }
  | { type: 'MultiPolygon'; coordinates: readonly (readonly Ring[])[] };

export interface ExportZone {
  id: string;
  /** 1..N. */
  rank: number;
  districts: readonly { code: string; name: string }[];
  incidents: number;
  /** Incidents per category slug. */
  incidentsByCategory: Readonly<Record<string, number>>;
  harm: number;
  /** Ground area after clipping, m². */
  areaM2: number;
  /** Grid cells the zone was built from. */
  cells: number;
  /** [lon, lat], degrees. */
  centroid: readonly [number, number];
  /** Present on every zone when a patrol budget was given, on none otherwise. */
  visitsPerWeek?: number;
  /** WGS84 lon/lat. */
  geometry: ExportGeometry;
}

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

export interface ExportMetadata {
  /** Area label, e.g. "Burnley". */
  area: string;
  /** Data period, "YYYY-MM" (or "YYYY-MM-DD"). */
  period: { from: string; to: string };
  /** The run's parameters (filters, selection rule, limits), written with keys sorted. */
  parameters: { readonly [key: string]: JsonValue | undefined };
  /** patrolDosage().rule, when a budget was given. */
  dosageRule?: string;
  /** Data source and licence line. */
  source?: string;
  /** Shown instead of the default when there are no zones. */
  message?: string;
}

export const COORDINATE_DECIMALS = 6;

export const EMPTY_MESSAGE = 'No patrol zones: no cells met the selection rule for this area, period and filters.';

/** x in fixed-point with at most `decimals` decimals, no trailing zeros, no "-0". */
export function formatDecimal(x: number, decimals: number): string {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) throw new RangeError(`formatDecimal: cannot write ${x} in fixed-point`);
  let s = x.toFixed(decimals);
  if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

function round(x: number): number {
  const v = Number(x.toFixed(COORDINATE_DECIMALS));
  return v === 0 ? 0 : v;
}

/** A number as the export writers print it: fixed-point, coordinate precision by default. */
export const num = (x: number, decimals = COORDINATE_DECIMALS): string => formatDecimal(x, decimals);

/** Twice the signed area of a closed ring (> 0 anticlockwise). */
export function ringArea2(ring: Ring): number {
  let a = 0;
  for (let k = 1; k < ring.length; k++) a += (ring[k - 1][0] - ring[k][0]) * (ring[k - 1][1] + ring[k][1]);
  return a;
}

function normalizeRing(ring: Ring, outer: boolean, zoneId: string): [number, number][] | null {
  const pts: [number, number][] = [];
  for (const p of ring) {
    const [lon, lat] = p;
    if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
      throw new RangeError(`export: zone ${zoneId} has position [${p.join(', ')}], not WGS84 lon/lat`);
    }
    const q: [number, number] = [round(lon), round(lat)];
    const last = pts[pts.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q);
  }
  while (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
  if (pts.length < 3) return null;
  pts.push([pts[0][0], pts[0][1]]);
  const area = ringArea2(pts);
  if (area === 0) return null;
  return (area > 0) === outer ? pts : pts.reverse();
}

export interface NormalizedGeometry {
  type: 'Polygon' | 'MultiPolygon';
  /** Polygons (outer ring, then holes), even for a Polygon. */
  polygons: [number, number][][][];
  bbox: [number, number, number, number];
}

/** The canonical geometry of a zone (module doc). Throws when nothing valid is left. */
export function normalizeGeometry(geometry: ExportGeometry, zoneId: string): NormalizedGeometry {
  const input = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : null;
  if (!input) throw new RangeError(`export: zone ${zoneId} geometry must be a Polygon or MultiPolygon`);
  const polygons: [number, number][][][] = [];
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of input) {
    const outer = rings.length > 0 ? normalizeRing(rings[0], true, zoneId) : null;
    if (!outer) continue;
    const polygon = [outer];
    for (const hole of rings.slice(1)) {
      const ring = normalizeRing(hole, false, zoneId);
      if (ring) polygon.push(ring);
    }
    for (const [lon, lat] of outer) {
      bbox[0] = Math.min(bbox[0], lon); bbox[1] = Math.min(bbox[1], lat);
      bbox[2] = Math.max(bbox[2], lon); bbox[3] = Math.max(bbox[3], lat);
    }
    polygons.push(polygon);
  }
  if (polygons.length === 0) throw new RangeError(`export: zone ${zoneId} has no valid polygon after rounding to ${COORDINATE_DECIMALS} decimals`);
  return { type: geometry.type, polygons, bbox };
}

/** Zones in rank order, then id; checks the fields every writer relies on. */
export function orderedZones(zones: readonly ExportZone[]): ExportZone[] {
  const withVisits = zones.filter((z) => z.visitsPerWeek !== undefined).length;
  if (withVisits !== 0 && withVisits !== zones.length) {
    throw new RangeError('export: visitsPerWeek must be given for every zone or for none');
  }
  for (const z of zones) {
    if (typeof z.id !== 'string' || z.id === '') throw new RangeError('export: every zone needs a non-empty id');
    if (!(Number.isInteger(z.rank) && z.rank >= 1)) throw new RangeError(`export: zone ${z.id} rank must be an integer ≥ 1, got ${z.rank}`);
  }
  return [...zones].sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
