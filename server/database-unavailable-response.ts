import type { Context } from 'hono';
import { type DatabaseUnavailableReason, RETRY_AFTER_SECONDS, databaseUnavailableProblem } from './database-errors';

/** 503 problem+json with Retry-After, for a request the database could not answer (see database-errors.ts). */
export function databaseUnavailableResponse(c: Context, reason: DatabaseUnavailableReason, timeoutMs?: number): Response {
  const problem = { ...databaseUnavailableProblem(reason, timeoutMs), instance: c.req.path };
  return c.body(JSON.stringify(problem), 503, {
    'content-type': 'application/problem+json',
    'retry-after': String(RETRY_AFTER_SECONDS[reason]),
    'cache-control': 'no-store',
  });
}
