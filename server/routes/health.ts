import { Hono } from 'hono';
import { datasetOverview } from '../../db/dataset';
import type { AppDeps } from '../deps';

export function healthRoutes({ database }: AppDeps) {
  return new Hono().get('/', async (c) => {
    const o = await datasetOverview(database.db);
    return c.json({
      status: 'ok' as const,
      database: database.kind,
      postgis: o.postgis,
      incidents: o.incidents,
      months: o.months,
      synthetic: o.synthetic,
      dataVersion: o.dataVersion,
    });
  });
}
