import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { ProblemException, problemTypes } from '../problem';
import { buildProfile } from '../profiles/build-profile';
import { profilePathSchema, profileQuerySchema } from '../profiles/params';
import { profileCsvFileName, profilesToCsv } from '../profiles/profile-csv';
import type { DistrictProfile } from '../profiles/types';
import { validate } from '../validation';

/** GET /api/districts/:code/profile (docs/profiles-api.md). */
export function districtProfileRoutes({ database }: AppDeps) {
  return new Hono().get('/:code/profile', validate('param', profilePathSchema), validate('query', profileQuerySchema), async (c) => {
    const { code } = c.req.valid('param');
    const q = c.req.valid('query');
    const built = await buildProfile(database.db, code, q);
    if (!built) {
      throw new ProblemException({ ...problemTypes.notFound, status: 404, detail: `No district ${code} is loaded.`, errors: [{ parameter: 'code', detail: `unknown district "${code}"` }] });
    }
    const { profile, counts } = built;
    if (q.format === 'csv') {
      return c.body(profilesToCsv([profile], counts), 200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="${profileCsvFileName('profile', [code], profile.period.from, profile.period.to)}"`,
      });
    }
    return c.json<DistrictProfile>(profile);
  });
}
