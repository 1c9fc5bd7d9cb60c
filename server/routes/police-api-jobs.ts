import { Hono } from 'hono';
import { z } from 'zod';
import { syntheticDemoPresent } from '../../db/police-import';
import { districtCodesAndNames } from '../../db/population';
import type { AppDeps } from '../deps';
import { JobBusy, PoliceApiJobs } from '../import/import-jobs';
import { invalidParameters } from '../problem';
import { districtCodeParam, monthParam, validate } from '../validation';
import { importProblem } from './import-token';

const policeApiRequest = z
  .object({
    force: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a police.uk force id such as lancashire or metropolitan'),
    from: monthParam,
    to: monthParam,
    district: districtCodeParam.optional(),
    replaceDemo: z.boolean().optional(),
  })
  .refine((b) => b.from <= b.to, { path: ['from'], error: 'must not be after "to"' });

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
      if (!request.replaceDemo && (await syntheticDemoPresent(database.db))) {
        throw importProblem(409, 'synthetic-demo-loaded', 'The synthetic demo is loaded', 'Loading real data removes the synthetic demo: send replaceDemo: true to confirm.');
      }
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
