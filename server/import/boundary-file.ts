import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { ImportError } from './errors';

export interface BoundaryFeature {
  code: string;
  name: string;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

export interface ParsedBoundaries {
  format: 'GeoJSON' | 'TopoJSON';
  srid: 4326 | 27700;
  /** How the CRS was decided, in words, e.g. 'from the coordinate ranges (x -3.08..-2.02, y 53.48..54.24)'. */
  crsEvidence: string;
  features: BoundaryFeature[];
}

export interface BoundaryFileOptions {
  label: string;
  codeField: string;
  nameField: string;
  /** TopoJSON: which object to read when it has several. */
  layer?: string;
}

type Position = number[];

/**
 * Reads district polygons from GeoJSON (FeatureCollection or Feature) or TopoJSON text. Checks that
 * every feature has a Polygon/MultiPolygon with rings of at least 4 positions and the code and name
 * properties; decides between EPSG:4326 and EPSG:27700 from the `crs` member if any and from the
 * coordinate ranges, which must agree. Throws an ImportError naming the feature at fault.
 */
export function parseBoundaryFile(text: string, options: BoundaryFileOptions): ParsedBoundaries {
  const { label } = options;
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportError(`${label}: not GeoJSON: the file is not valid JSON (${(error as Error).message})`);
  }
  const root = json as { type?: unknown; features?: unknown; crs?: unknown; objects?: Record<string, unknown> };
  let format: ParsedBoundaries['format'] = 'GeoJSON';
  let features: unknown[];
  if (root?.type === 'Topology' && root.objects && typeof root.objects === 'object') {
    format = 'TopoJSON';
    const names = Object.keys(root.objects);
    const layer = options.layer ?? (names.length === 1 ? names[0] : undefined);
    if (!layer || !(layer in root.objects)) {
      throw new ImportError(`${label}: the TopoJSON has ${names.length} objects (${names.join(', ')}): choose one with --layer`);
    }
    features = decodeTopology(json as Topology, root.objects[layer], label, layer);
  } else if (root?.type === 'FeatureCollection' && Array.isArray(root.features)) {
    features = root.features;
  } else if (root?.type === 'Feature') {
    features = [root];
  } else {
    throw new ImportError(
      `${label}: not GeoJSON: expected a FeatureCollection (or a TopoJSON Topology), found ${describe(root)}`,
    );
  }
  if (features.length === 0) throw new ImportError(`${label}: the file holds no features`);

  const out: BoundaryFeature[] = [];
  const codes = new Map<string, number>();
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const [index, raw] of features.entries()) {
    const where = `feature ${index + 1}`;
    const f = raw as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: { type?: unknown; coordinates?: unknown } | null };
    if (f?.type !== 'Feature') throw new ImportError(`${label}: not GeoJSON: ${where} is ${describe(f)}, not a Feature`);
    const props = f.properties ?? {};
    const code = fieldText(props, options.codeField);
    if (code === undefined) {
      const available = Object.keys(props).join(', ') || 'none';
      throw new ImportError(`${label}: ${where} has no code field "${options.codeField}" (its properties: ${available}); choose one with --code-field`);
    }
    const name = fieldText(props, options.nameField);
    if (name === undefined) {
      const available = Object.keys(props).join(', ') || 'none';
      throw new ImportError(`${label}: ${where} (${code}) has no name field "${options.nameField}" (its properties: ${available}); choose one with --name-field`);
    }
    const previous = codes.get(code);
    if (previous !== undefined) throw new ImportError(`${label}: code ${code} appears twice (features ${previous} and ${index + 1})`);
    codes.set(code, index + 1);
    const geometry = f.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
      throw new ImportError(`${label}: ${where} (${code}) has ${geometry ? `a ${String(geometry.type)}` : 'no geometry'}; districts must be Polygon or MultiPolygon`);
    }
    const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as unknown;
    checkPolygons(polygons, `${label}: ${where} (${code})`, box);
    out.push({ code, name, geometry: { type: geometry.type, coordinates: geometry.coordinates } });
  }
  const { srid, crsEvidence } = detectCrs(root.crs, box, label);
  return { format, srid, crsEvidence, features: out };
}

function fieldText(props: Record<string, unknown>, field: string): string | undefined {
  const value = props[field];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.trim();
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const type = (value as { type?: unknown }).type;
  return type === undefined ? 'an object without "type"' : `type ${JSON.stringify(type)}`;
}

function checkPolygons(polygons: unknown, where: string, box: { minX: number; minY: number; maxX: number; maxY: number }): void {
  if (!Array.isArray(polygons) || polygons.length === 0) throw new ImportError(`${where}: the geometry has no coordinates`);
  for (const [p, rings] of polygons.entries()) {
    if (!Array.isArray(rings) || rings.length === 0) throw new ImportError(`${where}: polygon ${p + 1} has no rings`);
    for (const [r, ring] of rings.entries()) {
      if (!Array.isArray(ring) || ring.length < 4) {
        throw new ImportError(`${where}: polygon ${p + 1} ring ${r + 1} has ${Array.isArray(ring) ? ring.length : 0} positions; a ring needs at least 4 (3 corners and the closing one)`);
      }
      for (const pos of ring as Position[]) {
        if (!Array.isArray(pos) || pos.length < 2 || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
          throw new ImportError(`${where}: polygon ${p + 1} ring ${r + 1} has a position that is not two numbers: ${JSON.stringify(pos)}`);
        }
        box.minX = Math.min(box.minX, pos[0]!);
        box.maxX = Math.max(box.maxX, pos[0]!);
        box.minY = Math.min(box.minY, pos[1]!);
        box.maxY = Math.max(box.maxY, pos[1]!);
      }
      const first = ring[0] as Position;
      const last = ring[ring.length - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        throw new ImportError(`${where}: polygon ${p + 1} ring ${r + 1} is not closed (its last position differs from its first)`);
      }
    }
  }
}

/** EPSG:27700 covers Great Britain: eastings 0..700 km, northings 0..1300 km (with a margin). */
function detectCrs(crs: unknown, box: { minX: number; minY: number; maxX: number; maxY: number }, label: string): { srid: 4326 | 27700; crsEvidence: string } {
  const f = (v: number) => (Math.abs(v) < 1000 ? v.toFixed(2) : v.toFixed(0));
  const ranges = `x ${f(box.minX)}..${f(box.maxX)}, y ${f(box.minY)}..${f(box.maxY)}`;
  const degrees = box.minX >= -180 && box.maxX <= 180 && box.minY >= -90 && box.maxY <= 90;
  const metres = box.minX >= -100_000 && box.maxX <= 800_000 && box.minY >= -100_000 && box.maxY <= 1_400_000 && !degrees;
  const byRange: 4326 | 27700 | undefined = degrees ? 4326 : metres ? 27700 : undefined;
  const name = (crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  let byMember: 4326 | 27700 | undefined;
  if (typeof name === 'string') {
    if (/CRS84|EPSG:+4326$|EPSG::4326/i.test(name) || /4326$/.test(name)) byMember = 4326;
    else if (/27700$/.test(name)) byMember = 27700;
    else throw new ImportError(`${label}: its crs member says "${name}"; only EPSG:4326 (WGS84) and EPSG:27700 (British National Grid) are supported`);
  }
  if (byRange === undefined) {
    throw new ImportError(`${label}: the coordinates (${ranges}) are neither WGS84 degrees nor British National Grid metres`);
  }
  if (byMember !== undefined && byMember !== byRange) {
    throw new ImportError(`${label}: its crs member says EPSG:${byMember} but the coordinates (${ranges}) look like EPSG:${byRange}`);
  }
  const label4326 = 'EPSG:4326 (WGS84 longitude/latitude)';
  const label27700 = 'EPSG:27700 (British National Grid metres)';
  return {
    srid: byRange,
    crsEvidence: `${byRange === 4326 ? label4326 : label27700}, ${byMember ? `from its crs member "${String(name)}", matching` : 'detected from'} the coordinate ranges (${ranges})`,
  };
}

/**
 * topojson-client trusts its input: a malformed object or arc list throws a TypeError from inside
 * it. Wrapped so a damaged TopoJSON is the usual ImportError naming the file, not a crash.
 */
function decodeTopology(topology: Topology, object: unknown, label: string, layer: string): unknown[] {
  try {
    const decoded = topoFeature(topology, object as never) as unknown as { features?: unknown[] };
    return decoded.features ?? [decoded];
  } catch (error) {
    throw new ImportError(`${label}: not valid TopoJSON: object "${layer}" cannot be decoded (${(error as Error).message})`);
  }
}
