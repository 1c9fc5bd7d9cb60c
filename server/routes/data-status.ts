import { Hono } from 'hono';
import { z } from 'zod';
import { dataStatus, recentImports } from '../../db/data-status';
import type { AppDeps } from '../deps';
import { numberParam, validate } from '../validation';

const statusQuery = z.object({
  imports: numberParam(z.number().int().min(0, 'must be 0 or more').max(100, 'must be at most 100')).default(10),
});

/**
 * GET /api/data-status: what is loaded (incidents by force and month, by district, the synthetic
 * flag) and the latest import audit rows with their reports, for the client's Data page.
 */
export function dataStatusRoutes({ database }: AppDeps) {
  return new Hono().get('/', validate('query', statusQuery), async (c) => {
    const { imports } = c.req.valid('query');
    const [status, rows] = await Promise.all([dataStatus(database.db), imports > 0 ? recentImports(database.db, imports) : []]);
    return c.json({ ...status, imports: rows }, 200, { 'cache-control': 'no-store' });
  });
}
