import { Hono } from 'hono';
import { unknownDistrictCodes } from '../../db/districts';
import { incidentSummary } from '../../db/incident-summary';
import type { AppDeps } from '../deps';
import { invalidParameters } from '../problem';
import { incidentFilterSchema, validate } from '../validation';

export function incidentRoutes({ database }: AppDeps) {
  return new Hono().get('/summary', validate('query', incidentFilterSchema), async (c) => {
    const filter = c.req.valid('query');
    const unknown = await unknownDistrictCodes(database.db, filter.districts ?? []);
    if (unknown.length > 0) {
      throw invalidParameters([{ parameter: 'districts', detail: `unknown district ${unknown.map((u) => `"${u}"`).join(', ')}` }]);
    }
    return c.json(await incidentSummary(database.db, filter));
  });
}
