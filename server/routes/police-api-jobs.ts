import { Hono } from 'hono';
import { z } from 'zod';
import { FORCE_ID_PATTERN, FROM_AFTER_TO_RULE, monthsInOrder } from '../../common/filter-rules';
import { districtCodesAndNames } from '../../db/population';
import type { AppDeps } from '../deps';
import { requireDemoConsent } from '../import/demo-consent';
import { JobBusy, PoliceApiJobs } from '../import/import-jobs';
import { invalidParameters } from '../problem';
import { districtCodeParam, monthParam, validate } from '../validation';
import { importProblem } from './import-token';

const policeApiRequest = z
  .object({
    force: z.string().regex(FORCE_ID_PATTERN, 'must be a police.uk force id such as lancashire or metropolitan'),
    from: monthParam,
    to: monthParam,
    district: districtCodeParam.optional(),
    replaceDemo: z.boolean().optional(),
  })
  .refine((b) => monthsInOrder(b.from, b.to), { path: ['from'], error: FROM_AFTER_TO_RULE });

const jobParam = z.object({ id: z.string().regex(/^[0-9a-f]{12}$/, 'must be a job id as answered by POST /api/imports/police-api') });

/**
 * The police.uk API import as a background job for the browser: POST /police-api starts it (202,
 * one at a time: 409 while another runs), GET /jobs/:id reports its progress and, once finished,
 * the month reports; POST /jobs/:id/cancel stops it at its next request. Analysts only (route table).
 */
export function policeApiJobRoutes({ database, config }: AppDeps) {
  const jobs = new PoliceApiJobs(database.db, { baseUrl: config.policeApiUrl });
  const notFound = (id: string) => importProblem(404, 'not-found', 'Not found', `No import job ${id} (jobs are kept in memory until the server restarts).`);
  return new Hono()
    .post('/police-api', validate('json', policeApiRequest), async (c) => {
      const request = c.req.valid('json');
      const districts = await districtCodesAndNames(database.db);
      if (districts.length === 0) {
        throw importProblem(409, 'no-districts', 'No districts loaded', 'The police.uk API is queried by district polygon: load boundaries first.');
      }
      if (request.district && !districts.some((d) => d.code === request.district)) {
        throw invalidParameters([{ pointer: '#/district', detail: `no district ${request.district} is loaded` }]);
      }
      await requireDemoConsent(database.db, request.replaceDemo);
      try {
        const job = jobs.start(request);
        return c.json(job, 202, { location: `/api/imports/jobs/${job.id}` });
      } catch (error) {
        if (!(error instanceof JobBusy)) throw error;
        const r = error.running;
        throw importProblem(409, 'job-running', 'An import job is running',
          `police.uk API job ${r.id} (${r.request.force} ${r.request.from} – ${r.request.to}) is still running: wait for it or cancel it.`);
      }
    })
    .get('/jobs', (c) => c.json({ jobs: jobs.list() }, 200, { 'cache-control': 'no-store' }))
    .get('/jobs/:id', validate('param', jobParam), (c) => {
      const { id } = c.req.valid('param');
      const job = jobs.get(id);
      if (!job) throw notFound(id);
      return c.json(job, 200, { 'cache-control': 'no-store' });
    })
    .post('/jobs/:id/cancel', validate('param', jobParam), (c) => {
      const { id } = c.req.valid('param');
      const job = jobs.cancel(id);
      if (!job) throw notFound(id);
      return c.json(job, 202);
    });
}
