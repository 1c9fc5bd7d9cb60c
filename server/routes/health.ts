import { Hono } from 'hono';
import { type DatasetOverview, datasetOverview } from '../../db/dataset';
import { loadedMonthsByForce } from '../../db/loaded-months';
import { dataVersion } from '../../db/study-area';
import { monthCoverage } from '../../geodata/month-coverage';
import { monthsBetween } from '../../geodata/months';
import type { AppDeps } from '../deps';

export function healthRoutes({ database }: AppDeps) {
  // The overview counts every incident (~100 ms at a million rows) and the client waits for it
  // before its first draw, so it is kept until the next import bumps the data version.
  let cached: (DatasetOverview & { missingMonths: string[] }) | undefined;
  return new Hono().get('/', async (c) => {
    if (!cached || cached.dataVersion !== (await dataVersion(database.db))) {
      const [overview, monthsByForce] = await Promise.all([datasetOverview(database.db), loadedMonthsByForce(database.db)]);
      // The months of the span some force has no data for: the client's period picker marks them.
      const missingMonths = overview.months ? monthCoverage(monthsBetween(...overview.months), monthsByForce).missingMonths : [];
      cached = { ...overview, missingMonths };
    }
    const o = cached;
    return c.json({
      status: 'ok' as const,
      database: database.kind,
      postgis: o.postgis,
      incidents: o.incidents,
      months: o.months,
      missingMonths: o.missingMonths,
      synthetic: o.synthetic,
      dataVersion: o.dataVersion,
    });
  });
}
