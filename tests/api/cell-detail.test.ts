import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { describeBackends } from '../setup/backends';
import { loadTinyCounty } from '../fixtures/tiny-county';

describeBackends('cell detail API', (ctx) => {
  const request = (path: string) => createApp({ database: ctx.database, config: loadConfig({}) }).request(path);

  describe('with the tiny county loaded', () => {
    beforeAll(async () => {
      await loadTinyCounty(ctx.database.db);
    });

    it('counts the incidents in a rectangle by category and month (half-open bounds)', async () => {
      // 350000–350400 × 430000–430400 holds ASB at 100, 200, 300; burglary at 400 is on the open edge.
      const res = await request('/api/cell-detail?minX=350000&minY=430000&maxX=350400&maxY=430400');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ total: 3, byCategory: { 'anti-social-behaviour': 3 }, byMonth: { '2025-01': 3 } });
    });

    it('applies the month and category filters', async () => {
      const all = await (await request('/api/cell-detail?minX=351000&minY=430000&maxX=352000&maxY=431000')).json();
      expect(all).toEqual({ total: 3, byCategory: { 'violent-crime': 2, robbery: 1 }, byMonth: { '2025-01': 2, '2025-02': 1 } });
      const feb = await (await request('/api/cell-detail?minX=351000&minY=430000&maxX=352000&maxY=431000&from=2025-02&categories=robbery,burglary')).json();
      expect(feb).toEqual({ total: 1, byCategory: { robbery: 1 }, byMonth: { '2025-02': 1 } });
    });

    it('refuses an empty rectangle with a problem naming the parameter', async () => {
      const res = await request('/api/cell-detail?minX=351000&minY=430000&maxX=351000&maxY=431000');
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = await res.json();
      expect(problem.errors).toContainEqual(expect.objectContaining({ parameter: 'maxX' }));
    });
  });
});
