import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../grid';
import { buildZones } from './build-zones';
import { exportFileName, zonesToCsv, zonesToGeoJson, zonesToKml, type ExportMetadata, type ExportZone } from './export-formats';
import { zoneOutline } from './zone-outline';

// A stand-in for the server's ST_Transform: affine BNG → lon/lat near Burnley, with long decimals
// so that rounding is exercised. Enough for format tests; reprojection itself is PostGIS's job.
const toLonLat = ([x, y]: number[]) => [-2.25 + (x - 380000) / 66_123.4567, 53.78 + (y - 430000) / 111_234.5678];

const spec: GridSpec = { originX: 380000, originY: 430000, cellSize: 250, cols: 6, rows: 5 };
// Rows top (north) to bottom: a ring with a hole, two corner-touching cells (queen), a single cell.
const PICTURE = ['###...', '#.#..#', '###.#.', '......', '.#....'];

function fixtureZones(): ExportZone[] {
  const selection = new Uint8Array(spec.cols * spec.rows);
  PICTURE.forEach((line, k) => [...line].forEach((ch, c) => ch === '#' && (selection[(spec.rows - 1 - k) * spec.cols + c] = 1)));
  const counts = Float64Array.from(selection, (s, i) => s * (1 + (i % 4)));
  const { zones } = buildZones(spec, selection, { counts, harm: counts.map((c) => c * 30) }, { connectivity: 'queen' });
  return zones.map((z, k) => {
    const outline = zoneOutline(spec, z.cells);
    const geometry: ExportZone['geometry'] =
      outline.type === 'Polygon'
        ? { type: 'Polygon', coordinates: outline.coordinates.map((r) => r.map(toLonLat)) }
        : { type: 'MultiPolygon', coordinates: outline.coordinates.map((p) => p.map((r) => r.map(toLonLat))) };
    return {
      id: z.id, rank: z.rank,
      districts: k === 0 ? [{ code: 'E07000117', name: 'Burnley' }, { code: 'E07000122', name: 'Pendle' }] : [{ code: 'E07000117', name: 'Burnley' }],
      incidents: z.incidents, incidentsByCategory: { 'violent-crime': z.incidents - 1, 'anti-social-behaviour': 1 },
      harm: z.harm, areaM2: z.areaM2, cells: z.cells.length, centroid: toLonLat(z.centroid) as [number, number], geometry,
    };
  });
}

const META: ExportMetadata = {
  area: 'Burnley', period: { from: '2025-01', to: '2025-12' },
  parameters: { rule: { rule: 'hotspots', minConfidence: 95 }, cellSize: 250, categories: ['violent-crime', 'anti-social-behaviour'] },
  source: 'police.uk street-level crime, Open Government Licence v3.0',
};
const area2 = (r: number[][]) => r.slice(1).reduce((a, p, k) => a + (r[k][0] - p[0]) * (r[k][1] + p[1]), 0);

describe('zonesToGeoJson', () => {
  const zones = fixtureZones();
  const text = zonesToGeoJson(zones, META);
  const fc = JSON.parse(text);

  it('writes valid RFC 7946 polygons: closed rings of ≥ 4 positions, outer anticlockwise, holes clockwise', () => {
    expect(fc.type).toBe('FeatureCollection');
    expect(fc).not.toHaveProperty('crs');
    // One geometry type for the layer; the queen zone of two corner-touching cells has two polygons.
    expect(fc.features.map((f: { geometry: { type: string } }) => f.geometry.type)).toEqual(['MultiPolygon', 'MultiPolygon', 'MultiPolygon']);
    expect(fc.features.map((f: { geometry: { coordinates: unknown[] } }) => f.geometry.coordinates.length).sort()).toEqual([1, 1, 2]);
    let holes = 0;
    for (const f of fc.features) {
      const polygons = f.geometry.coordinates;
      for (const polygon of polygons) {
        polygon.forEach((ring: number[][], k: number) => {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[ring.length - 1]).toEqual(ring[0]);
          expect(k === 0 ? area2(ring) > 0 : area2(ring) < 0).toBe(true);
          holes += k > 0 ? 1 : 0;
        });
      }
      const xs = polygons.flat(2).map((p: number[]) => p[0]), ys = polygons.flat(2).map((p: number[]) => p[1]);
      expect(f.bbox).toEqual([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
    }
    expect(holes).toBe(1);
  });

  it('writes no number with more than 6 decimals, in exponent notation, or as -0', () => {
    const numbers = text.replace(/"(?:[^"\\]|\\.)*"/g, '""'); // strings out: ids are hex
    expect(numbers).toMatch(/\d\.\d{6}\b/);
    expect(numbers).not.toMatch(/\d\.\d{7,}/);
    expect(numbers).not.toMatch(/\d[eE][+-]?\d/);
    expect(numbers).not.toMatch(/-0(?![.\d])/);
  });

  it('writes properties in the fixed order, ranks 1..N and the metadata foreign member', () => {
    expect(Object.keys(fc.features[0].properties)).toEqual(['id', 'rank', 'districts', 'incidents', 'incidents_by_category', 'harm', 'area_m2', 'cells', 'centroid']);
    expect(fc.features.map((f: { properties: { rank: number } }) => f.properties.rank)).toEqual([1, 2, 3]);
    expect(Object.keys(fc.features[0].properties.incidents_by_category)).toEqual(['anti-social-behaviour', 'violent-crime']);
    expect(fc.features[0].properties.districts).toEqual([{ code: 'E07000117', name: 'Burnley' }, { code: 'E07000122', name: 'Pendle' }]);
    expect(Object.keys(fc)).toEqual(['type', 'metadata', 'bbox', 'features']);
    expect(fc.metadata).toEqual({ ...META, parameters: META.parameters, zones: 3 });
    expect(text).toContain('"parameters":{"categories":["violent-crime","anti-social-behaviour"],"cellSize":250,"rule":{"minConfidence":95,"rule":"hotspots"}}');
    expect(fc.bbox).toEqual([0, 1, 2, 3].map((k) => (k < 2 ? Math.min : Math.max)(...fc.features.map((f: { bbox: number[] }) => f.bbox[k]))));
  });

  it('is byte-identical across runs and whatever order the zones come in', () => {
    expect(zonesToGeoJson(fixtureZones(), META)).toBe(text);
    expect(zonesToGeoJson([...zones].reverse(), META)).toBe(text);
  });

  it('writes an empty result as a valid empty collection with a message', () => {
    const empty = JSON.parse(zonesToGeoJson([], META));
    expect(empty.features).toEqual([]);
    expect(empty).not.toHaveProperty('bbox');
    expect(empty.metadata.zones).toBe(0);
    expect(empty.metadata.message).toBe('No patrol zones: no cells met the selection rule for this area, period and filters.');
  });

  it('adds visits_per_week and the dosage rule only when a budget was given', () => {
    const withVisits = zones.map((z, k) => ({ ...z, visitsPerWeek: 3 - k }));
    const fc2 = JSON.parse(zonesToGeoJson(withVisits, { ...META, dosageRule: '6 visits of 15 minutes per week' }));
    expect(fc2.features.map((f: { properties: { visits_per_week: number } }) => f.properties.visits_per_week)).toEqual([3, 2, 1]);
    expect(Object.keys(fc2.features[0].properties).at(-1)).toBe('visits_per_week');
    expect(fc2.metadata.dosage_rule).toBe('6 visits of 15 minutes per week');
    expect(() => zonesToGeoJson([withVisits[0], zones[1]], META)).toThrow('export: visitsPerWeek must be given for every zone or for none');
  });

  it('rounds, drops repeated positions, re-closes, reorients and drops degenerate rings', () => {
    const zone: ExportZone = {
      ...zones[0], centroid: [-0.00000001, 53.1], harm: 1e-7, incidents: 1e20,
      geometry: {
        type: 'Polygon',
        coordinates: [
          // clockwise, unclosed, with a point that rounds onto its neighbour
          [[-2.1, 53.7], [-2.1, 53.8], [-2.0000001, 53.8], [-2, 53.8], [-2, 53.7]],
          // a hole given anticlockwise
          [[-2.08, 53.72], [-2.02, 53.72], [-2.02, 53.78], [-2.08, 53.72]],
          // a hole that collapses to a point at 6 decimals
          [[-2.05, 53.75], [-2.0500001, 53.75], [-2.05, 53.7500001], [-2.05, 53.75]],
        ],
      },
    };
    const f = JSON.parse(zonesToGeoJson([zone], META)).features[0];
    expect(f.geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [[
        [[-2.1, 53.7], [-2, 53.7], [-2, 53.8], [-2.1, 53.8], [-2.1, 53.7]],
        [[-2.08, 53.72], [-2.02, 53.78], [-2.02, 53.72], [-2.08, 53.72]],
      ]],
    });
    const raw = zonesToGeoJson([zone], META);
    expect(raw).toContain('"centroid":[0,53.1]');
    expect(raw).toContain('"harm":0,');
    expect(raw).toContain('"incidents":100000000000000000000,');
  });

  it('rejects positions that are not lon/lat and zones with nothing left', () => {
    const bng: ExportZone = { ...zones[0], geometry: { type: 'Polygon', coordinates: [[[380000, 430000], [380250, 430000], [380250, 430250], [380000, 430000]]] } };
    expect(() => zonesToGeoJson([bng], META)).toThrow(`export: zone ${zones[0].id} has position [380000, 430000], not WGS84 lon/lat`);
    const dot: ExportZone = { ...zones[0], geometry: { type: 'Polygon', coordinates: [[[-2, 53], [-2.0000001, 53], [-2, 53.0000001], [-2, 53]]] } };
    expect(() => zonesToGeoJson([dot], META)).toThrow(`export: zone ${zones[0].id} has no valid polygon after rounding to 6 decimals`);
  });
});

describe('zonesToCsv', () => {
  const zones = fixtureZones();

  it('writes a header, one CRLF-terminated row per zone in rank order, category columns, no geometry', () => {
    const lines = zonesToCsv(zones).split('\r\n');
    expect(lines).toHaveLength(zones.length + 2);
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('id,rank,district_codes,district_names,incidents,harm,area_m2,cells,centroid_lon,centroid_lat,incidents_anti-social-behaviour,incidents_violent-crime');
    expect(lines[1].startsWith(`${zones[0].id},1,E07000117; E07000122,Burnley; Pendle,`)).toBe(true);
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    const odd = { ...zones[0], districts: [{ code: 'X1', name: 'Burnley, "North"\nWard' }] };
    expect(zonesToCsv([odd])).toContain(',X1,"Burnley, ""North""\nWard",');
  });

  it('adds a quoted WKT column on request, with the GeoJSON coordinates', () => {
    const csv = zonesToCsv(zones, { wkt: true });
    expect(csv.split('\r\n')[0].endsWith(',wkt')).toBe(true);
    const fc = JSON.parse(zonesToGeoJson(zones, META));
    const first = fc.features[0].geometry.coordinates.flat(3);
    expect(csv).toMatch(/,"MULTIPOLYGON \(\(\(/);
    expect(csv).toContain(`${first[0]} ${first[1]}, `);
  });

  it('writes only the header for no zones', () => {
    expect(zonesToCsv([])).toBe('id,rank,district_codes,district_names,incidents,harm,area_m2,cells,centroid_lon,centroid_lat\r\n');
  });
});

/** Well-formedness without an XML parser: balanced tags, no stray & or <, quoted attributes. */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos);)/g)) {
    if (!m[2]) return false;
    if (m[1]) { if (stack.pop() !== m[2]) return false; }
    else if (!m[4]) stack.push(m[2]);
  }
  return stack.length === 0;
}

describe('zonesToKml', () => {
  const zones = fixtureZones();

  it('writes well-formed KML 2.2 with one Placemark per zone, holes as innerBoundaryIs', () => {
    const kml = zonesToKml(zones, META);
    expect(wellFormed(kml)).toBe(true);
    expect(kml).toContain('<kml xmlns="http://www.opengis.net/kml/2.2">');
    expect(kml.match(/<Placemark /g)).toHaveLength(3);
    expect(kml.match(/<innerBoundaryIs>/g)).toHaveLength(1);
    expect(kml.match(/<MultiGeometry>/g)).toHaveLength(1);
    expect(kml).not.toMatch(/\d\.\d{7,}/);
    expect(zonesToKml([...zones].reverse(), META)).toBe(kml);
  });

  it('escapes names and drops characters XML forbids', () => {
    const odd = { ...zones[0], districts: [{ code: 'X<1>', name: 'Tom & Jerry\'s "Ward"\u0001' }] };
    const kml = zonesToKml([odd], { ...META, area: 'A & B <C>' });
    expect(wellFormed(kml)).toBe(true);
    expect(kml).toContain('<name>Patrol zones: A &amp; B &lt;C&gt;, 2025-01 to 2025-12</name>');
    expect(kml).toContain('Tom &amp; Jerry&apos;s &quot;Ward&quot; (X&lt;1&gt;)');
    expect(kml).not.toContain('\u0001');
    expect(wellFormed('<a><b></a></b>')).toBe(false);
    expect(wellFormed('<a>x & y</a>')).toBe(false);
  });

  it('writes an empty Document with the message for no zones', () => {
    const kml = zonesToKml([], META);
    expect(wellFormed(kml)).toBe(true);
    expect(kml).toContain('No patrol zones: no cells met the selection rule');
  });
});

describe('exportFileName', () => {
  it('names the area and the period with a safe slug', () => {
    expect(exportFileName({ areaLabel: 'Burnley', from: '2025-01', to: '2025-12', ext: 'geojson' })).toBe('patrol-zones_burnley_2025-01_2025-12.geojson');
    expect(exportFileName({ areaLabel: 'Ynys Môn / Isle of Anglesey', from: '2024-06', to: '2025-05', ext: 'csv' })).toBe('patrol-zones_ynys-mon-isle-of-anglesey_2024-06_2025-05.csv');
    expect(exportFileName({ areaLabel: '../../etc/passwd"; rm', from: '2025-01-01', to: '2025-01-31', ext: 'kml' })).toBe('patrol-zones_etc-passwd-rm_2025-01-01_2025-01-31.kml');
    expect(exportFileName({ areaLabel: '✨', from: '2025-01', to: '2025-01', ext: 'kml' })).toBe('patrol-zones_area_2025-01_2025-01.kml');
  });

  it('rejects malformed periods', () => {
    expect(() => exportFileName({ areaLabel: 'x', from: '2025-13', to: '2025-12', ext: 'csv' })).toThrow('exportFileName: from must be YYYY-MM or YYYY-MM-DD, got "2025-13"');
  });
});
