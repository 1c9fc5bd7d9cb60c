import { describe, expect, it } from 'vitest';
import { parsePlanImport } from './plan-geojson-import';

const point = { type: 'Point', coordinates: [-2.7, 53.76] };

describe('parsePlanImport', () => {
  it('accepts a bare geometry, a Feature and a FeatureCollection in WGS84', () => {
    expect(parsePlanImport(point)).toEqual({ ok: true, srid: 4326, features: [{ index: 0, geometry: point, properties: {} }] });
    expect(parsePlanImport({ type: 'Feature', geometry: point, properties: { name: 'a' } })).toMatchObject({ ok: true, features: [{ properties: { name: 'a' } }] });
    expect(parsePlanImport({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: point, properties: null }] })).toMatchObject({ ok: true, features: [{ properties: {} }] });
  });

  it('reads a crs naming EPSG:27700 and checks BNG ranges', () => {
    const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };
    expect(parsePlanImport({ type: 'Point', crs, coordinates: [354000, 429000] })).toMatchObject({ ok: true, srid: 27700 });
    // Degrees labelled as BNG metres: caught by the range check, not stored near the grid origin.
    expect(parsePlanImport({ type: 'Point', crs, coordinates: [-2.7, 53.76] })).toMatchObject({ ok: false, issues: [{ index: 0 }] });
    expect(parsePlanImport({ type: 'Point', crs, coordinates: [-354000, 429000] })).toMatchObject({ ok: false, issues: [{ index: 0, reason: expect.stringMatching(/outside the British National Grid/) }] });
    expect(parsePlanImport({ type: 'Point', crs: { type: 'name', properties: { name: 'EPSG:3857' } }, coordinates: [0, 0] })).toMatchObject({ ok: false, issues: [{ index: null }] });
  });

  it('names the feature index and reason for each structural fault', () => {
    const fc = (geometry: unknown) => ({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: point, properties: {} }, { type: 'Feature', geometry, properties: {} }] });
    const reason = (geometry: unknown) => {
      const r = parsePlanImport(fc(geometry));
      expect(r.ok).toBe(false);
      if (r.ok) return '';
      expect(r.issues[0]!.index).toBe(1);
      return r.issues[0]!.reason;
    };
    expect(reason({ type: 'Polygon', coordinates: [[[-2.7, 53.7], [-2.6, 53.7], [-2.6, 53.8], [-2.7, 53.8]]] })).toMatch(/ring 0 is not closed/);
    expect(reason({ type: 'Point', coordinates: [53.76, -2.7] })).toMatch(/longitude and latitude look swapped/);
    expect(reason({ type: 'Point', coordinates: [-2.7, 53.76, 10] })).toMatch(/only 2-D positions/);
    expect(reason({ type: 'Point', coordinates: [-200, 53.76] })).toMatch(/outside WGS84 ranges/);
    expect(reason({ type: 'MultiPoint', coordinates: [[-2.7, 53.76]] })).toMatch(/MultiPoint is not accepted/);
    expect(reason(null)).toMatch(/missing geometry/);
  });

  it('refuses an empty collection and non-GeoJSON as a whole-file problem', () => {
    expect(parsePlanImport({ type: 'FeatureCollection', features: [] })).toEqual({ ok: false, issues: [{ index: null, reason: expect.stringMatching(/no features/) }] });
    expect(parsePlanImport([1, 2])).toMatchObject({ ok: false, issues: [{ index: null }] });
  });
});
