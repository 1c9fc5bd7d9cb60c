import { Hono } from 'hono';
import { z } from 'zod';
import { cellDetail } from '../../db/cell-detail';
import { checkFilterParameters } from '../analysis/params';
import type { AppDeps } from '../deps';
import { categoryParam, commaList, monthParam, numberParam, validate } from '../validation';

const metres = numberParam(z.number().min(-100_000).max(1_400_000));

const cellDetailQuery = z
  .object({
    minX: metres,
    minY: metres,
    maxX: metres,
    maxY: metres,
    from: monthParam.optional(),
    to: monthParam.optional(),
    categories: commaList(categoryParam).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.maxX <= q.minX) ctx.addIssue({ code: 'custom', path: ['maxX'], message: 'must be greater than minX' });
    if (q.maxY <= q.minY) ctx.addIssue({ code: 'custom', path: ['maxY'], message: 'must be greater than minY' });
    if ((q.maxX - q.minX) * (q.maxY - q.minY) > 100e6) ctx.addIssue({ code: 'custom', path: ['maxX'], message: 'the rectangle may cover at most 100 km²' });
    checkFilterParameters(q, ctx);
  });

/**
 * GET /api/cell-detail?minX&minY&maxX&maxY (EPSG:27700 metres, half-open like the analysis
 * grid)&from&to&categories: counts by category and by month inside one cell, for click details.
 */
export function cellDetailRoutes({ database }: AppDeps) {
  return new Hono().get('/', validate('query', cellDetailQuery), async (c) => {
    const q = c.req.valid('query');
    const detail = await cellDetail(database.db, { from: q.from, to: q.to, categories: q.categories }, q);
    return c.json(detail);
  });
}
