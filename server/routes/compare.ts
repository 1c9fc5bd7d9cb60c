import { Hono } from 'hono';
import { districtRecords } from '../../db/district-profile';
import type { AppDeps } from '../deps';
import { unknownDistricts } from '../problem';
import { buildComparison } from '../profiles/build-profile';
import { compareQuerySchema } from '../profiles/params';
import { profileCsvFileName, profilesToCsv } from '../profiles/profile-csv';
import type { CompareResponse } from '../profiles/types';
import { validate } from '../validation';

/** GET /api/compare?districts=A,B[,C,D] (docs/profiles-api.md). */
export function compareRoutes({ database }: AppDeps) {
  return new Hono().get('/', validate('query', compareQuerySchema), async (c) => {
    const q = c.req.valid('query');
    const districts = await districtRecords(database.db, q.districts);
    if (districts.length < q.districts.length) throw unknownDistricts(q.districts.filter((code) => !districts.some((d) => d.code === code)));
    const { response, counts } = await buildComparison(database.db, districts, q);
    if (q.format === 'csv') {
      return c.body(profilesToCsv(response.profiles, counts), 200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="${profileCsvFileName('compare', q.districts, response.period.from, response.period.to)}"`,
      });
    }
    return c.json<CompareResponse>(response);
  });
}
