import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { buildForceComparison } from '../forces/build-force-position';
import { forceCompareQuerySchema } from '../forces/params';
import type { ForceCompareResponse } from '../forces/types';
import { validate } from '../validation';

/** GET /api/forces/compare (docs/forces-api.md). */
export function forceRoutes({ database }: AppDeps) {
  return new Hono().get('/compare', validate('query', forceCompareQuerySchema), async (c) => {
    return c.json<ForceCompareResponse>(await buildForceComparison(database.db, c.req.valid('query')));
  });
}
