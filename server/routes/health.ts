import { Hono } from 'hono';
import { type DatasetOverview, datasetOverview } from '../../db/dataset';
import { dataVersion } from '../../db/study-area';
import type { AppDeps } from '../deps';

export function healthRoutes({ database }: AppDeps) {
  // The overview counts every incident (~100 ms at a million rows) and the client waits for it
  // before its first draw, so it is kept until the next import bumps the data version.
  let cached: DatasetOverview | undefined;
  return new Hono().get('/', async (c) => {
    if (!cached || cached.dataVersion !== (await dataVersion(database.db))) cached = await datasetOverview(database.db);
    const o = cached;
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
