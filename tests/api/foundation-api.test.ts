import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { describeBackends } from '../setup/backends';
import { loadTinyCounty } from '../fixtures/tiny-county';

const config = loadConfig({});

describeBackends('foundation API', (ctx) => {
  const request = (path: string) => createApp({ database: ctx.database, config }).request(path);

  describe('on an empty database', () => {
    it('reports health with no data', async () => {
      const res = await request('/api/health');
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ status: 'ok', database: ctx.kind, incidents: 0, months: null, synthetic: false });
      expect(body.postgis).toMatch(/^3\.\d+/);
    });

    it('serves an empty FeatureCollection without a bbox', async () => {
      const res = await request('/api/districts');
      expect(res.headers.get('content-type')).toContain('application/geo+json');
      expect(await res.json()).toEqual({ type: 'FeatureCollection', features: [] });
    });
  });

  describe('with the tiny county loaded', () => {
    beforeAll(async () => {
      await loadTinyCounty(ctx.database.db);
    });

    it('reports the months and count', async () => {
      const body = await (await request('/api/health')).json();
      expect(body).toMatchObject({ incidents: 8, months: ['2025-01', '2025-02'], synthetic: false });
    });

    it('serves districts as RFC 7946 GeoJSON in WGS84 with areas and populations', async () => {
      const fc = await (await request('/api/districts')).json();
      expect(fc.features.map((f: { id: string }) => f.id)).toEqual(['X07000001', 'X07000002']);
      const west = fc.features[0];
      expect(west.geometry.type).toBe('MultiPolygon');
      expect(west.properties).toMatchObject({ code: 'X07000001', name: 'Westvale', population: 1000, areaM2: 1_000_000 });
      const [lon, lat] = west.geometry.coordinates[0][0][0];
      expect(lon).toBeGreaterThan(-2.8);
      expect(lon).toBeLessThan(-2.7);
      expect(lat).toBeGreaterThan(53.7);
      expect(lat).toBeLessThan(53.8);
      // At most 6 decimals.
      expect(String(lon).split('.')[1]!.length).toBeLessThanOrEqual(6);
      expect(fc.bbox).toHaveLength(4);
      expect(fc.bbox[0]).toBeLessThan(fc.bbox[2]);
    });

    it('summarises all incidents, keeping those without a location apart', async () => {
      const body = await (await request('/api/incidents/summary')).json();
      expect(body).toEqual({
        total: 7,
        withoutLocation: 1,
        byCategory: { 'anti-social-behaviour': 3, burglary: 1, 'violent-crime': 2, robbery: 1 },
        byMonth: { '2025-01': 6, '2025-02': 1 },
      });
    });

    it('filters by month, category and district', async () => {
      const jan = await (await request('/api/incidents/summary?from=2025-01&to=2025-01&categories=anti-social-behaviour')).json();
      expect(jan).toMatchObject({ total: 3, withoutLocation: 1 });
      const east = await (await request('/api/incidents/summary?districts=X07000002')).json();
      expect(east).toMatchObject({ total: 3, withoutLocation: 0, byCategory: { 'violent-crime': 2, robbery: 1 } });
      const both = await (await request('/api/incidents/summary?districts=X07000001,X07000002&categories=burglary,robbery')).json();
      expect(both).toMatchObject({ total: 2, byMonth: { '2025-01': 1, '2025-02': 1 } });
    });

    it.each([
      ['from=2025-13', 'from', /YYYY-MM/],
      ['to=jan', 'to', /YYYY-MM/],
      ['from=2025-03&to=2025-01', 'from', /after "to"/],
      ['categories=burglary,teleportation', 'categories', /unknown category "teleportation"/],
      ['districts=E0700011', 'districts', /district code/],
      ['districts=E07000117', 'districts', /unknown district "E07000117"/],
    ])('rejects %s with a 400 problem naming %s', async (query, parameter, detail) => {
      const res = await request(`/api/incidents/summary?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem = await res.json();
      expect(problem).toMatchObject({ status: 400, title: 'Invalid request parameter', instance: '/api/incidents/summary' });
      expect(problem.errors[0].parameter).toBe(parameter);
      expect(problem.errors[0].detail).toMatch(detail);
    });

    it('answers unknown API routes with a 404 problem', async () => {
      const res = await request('/api/nothing-here');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    });
  });
});
