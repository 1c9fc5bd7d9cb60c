import { createHash } from 'node:crypto';
import { type Context, Hono, type TypedResponse } from 'hono';
import { dataVersion } from '../../db/study-area';
import { ResponseCache } from '../analysis/cache';
import { analysisToGeoJson } from '../analysis/geojson';
import { type AnalysisQuery, analysisQuerySchema } from '../analysis/params';
import type { AnalysisKind, AnalysisResultOf } from '../analysis/result';
import { runAnalysis } from '../analysis/run';
import type { AppDeps } from '../deps';
import { validate } from '../validation';

/**
 * GET /api/analysis/{density,hotspots,emerging}: the same filters, one engine. Responses carry
 * an ETag of (data version, analysis, resolved query): identical requests are answered from
 * memory, or with 304, until an import changes the data.
 */
export function analysisRoutes({ database, config }: AppDeps) {
  const cache = new ResponseCache(config.analysisCacheEntries);

  const answer = <K extends AnalysisKind>(kind: K) => async (c: Context, q: AnalysisQuery) => {
    const version = await dataVersion(database.db);
    const key = `${version}:${kind}:${JSON.stringify(q)}`;
    const etag = `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
    const headers: Record<string, string> = {
      etag,
      'cache-control': 'private, no-cache',
      'content-type': q.format === 'geojson' ? 'application/geo+json' : 'application/json',
    };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    let body = cache.get(key);
    if (body === undefined) {
      const result = await runAnalysis(database.db, kind, q);
      const s0 = performance.now();
      const { timings, ...payload } = result;
      body = q.format === 'geojson' ? analysisToGeoJson(result) : JSON.stringify({ ...payload, dataVersion: version });
      const serializeMs = performance.now() - s0;
      headers['server-timing'] = `sql;dur=${timings.sqlMs.toFixed(1)}, stats;dur=${timings.statsMs.toFixed(1)}, serialize;dur=${serializeMs.toFixed(1)}`;
      cache.set(key, body);
    } else {
      headers['server-timing'] = 'cache;desc="hit"';
    }
    // The body is pre-serialised (cached as text); its type is still the result, for hc clients.
    return c.body(body, 200, headers) as unknown as Response & TypedResponse<Omit<AnalysisResultOf<K>, 'timings'> & { dataVersion: number }, 200, 'json'>;
  };

  return new Hono()
    .get('/density', validate('query', analysisQuerySchema), (c) => answer('density')(c, c.req.valid('query')))
    .get('/hotspots', validate('query', analysisQuerySchema), (c) => answer('hotspots')(c, c.req.valid('query')))
    .get('/emerging', validate('query', analysisQuerySchema), (c) => answer('emerging')(c, c.req.valid('query')));
}
