import { Hono } from 'hono';
import { incidentSummary } from '../../db/incident-summary';
import type { AppDeps } from '../deps';
import { assertKnownDistricts, incidentFilterSchema, validate } from '../validation';

export function incidentRoutes({ database }: AppDeps) {
  return new Hono().get('/summary', validate('query', incidentFilterSchema), async (c) => {
    const filter = c.req.valid('query');
    await assertKnownDistricts(database.db, filter.districts);
    return c.json(await incidentSummary(database.db, filter));
  });
}
