import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { compress } from 'hono/compress';
import { databaseUnavailable } from './database-errors';
import { databaseUnavailableResponse } from './database-unavailable-response';
import { authenticate } from './auth/authenticate';
import type { AppDeps } from './deps';
import { DemoPresentError } from './import/errors';
import { type Problem, ProblemException, DEMO_PRESENT_PROBLEM, problemResponse, problemTypes } from './problem';
import { analysisRoutes } from './routes/analysis';
import { auditLogRoutes } from './routes/audit-log';
import { cellDetailRoutes } from './routes/cell-detail';
import { clientConfigRoutes } from './routes/client-config';
import { compareRoutes } from './routes/compare';
import { dataStatusRoutes } from './routes/data-status';
import { districtProfileRoutes } from './routes/district-profile';
import { districtRoutes } from './routes/districts';
import { forceRoutes } from './routes/forces';
import { healthRoutes } from './routes/health';
import { importRoutes } from './routes/imports';
import { incidentPointRoutes } from './routes/incident-points';
import { incidentRoutes } from './routes/incidents';
import { patrolZoneSetRoutes } from './routes/patrol-zone-sets';
import { patrolZoneRoutes } from './routes/patrol-zones';
import { tileRoutes } from './routes/tiles';
import { sessionRoutes } from './routes/session';
import { planRoutes } from './routes/plans';
import { basemapRoutes } from './basemap';
import { corsIfConfigured, jsonBodyLimit, securityHeaders } from './security';
import { staticRoutes } from './static';

function apiRoutes(deps: AppDeps) {
  return new Hono()
    .route('/health', healthRoutes(deps))
    .route('/config', clientConfigRoutes(deps))
    .route('/districts', districtRoutes(deps))
    .route('/districts', districtProfileRoutes(deps))
    .route('/compare', compareRoutes(deps))
    .route('/forces', forceRoutes(deps))
    .route('/incidents', incidentRoutes(deps))
    .route('/incidents/points', incidentPointRoutes(deps))
    .route('/imports', importRoutes(deps))
    .route('/data-status', dataStatusRoutes(deps))
    .route('/analysis', analysisRoutes(deps))
    .route('/cell-detail', cellDetailRoutes(deps))
    .route('/patrol-zones', patrolZoneRoutes(deps))
    .route('/patrol-zone-sets', patrolZoneSetRoutes(deps))
    .route('/tiles', tileRoutes(deps))
    .route('/session', sessionRoutes(deps))
    .route('/audit-log', auditLogRoutes(deps))
    .route('/plans', planRoutes(deps));
}

/** The whole HTTP app: the API under /api, the built client everywhere else. */
export function createApp(deps: AppDeps) {
  const api = apiRoutes(deps);
  const app = new Hono();
  app.use('*', securityHeaders(deps.config));
  app.use('/api/*', corsIfConfigured(deps.config));
  app.use('/api/*', jsonBodyLimit());
  // Analysis grids are tens of thousands of numbers: gzip shrinks them ~5×.
  app.use('/api/*', compress());
  // Every API request: who is calling, and may they (server/auth/route-rules.ts).
  app.use('/api/*', authenticate(deps));
  app.route('/api', api);
  app.all('/api/*', (c) =>
    problemResponse(c, { ...problemTypes.notFound, status: 404, detail: `No API route ${c.req.method} ${c.req.path}` }),
  );
  if (deps.config.basemapPmtiles) app.route('/', basemapRoutes(deps.config.basemapPmtiles));
  if (deps.clientDir) app.route('/', staticRoutes(deps.clientDir));
  app.onError((error, c) => {
    if (error instanceof ProblemException) return problemResponse(c, error.problem as Problem);
    if (error instanceof DemoPresentError) return problemResponse(c, DEMO_PRESENT_PROBLEM);
    if (error instanceof HTTPException) {
      return problemResponse(c, { type: 'about:blank', title: error.message || 'HTTP error', status: error.status, detail: error.message });
    }
    // The database down, restarting or over the statement timeout is not a bug: 503, retry later.
    const unavailable = databaseUnavailable(error);
    if (unavailable) {
      console.warn(`${c.req.method} ${c.req.path}: database ${unavailable} (${error instanceof Error ? error.message : String(error)})`);
      return databaseUnavailableResponse(c, unavailable, deps.config.statementTimeoutMs);
    }
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return problemResponse(c, { ...problemTypes.internal, status: 500, detail: 'The server failed to answer this request; the error is in its log.' });
  });
  return app;
}

/** The API's type, for hono's typed `hc` client in the browser. */
export type AppType = ReturnType<typeof apiRoutes>;
