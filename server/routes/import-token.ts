import { timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../config';
import { ProblemException, problemType } from '../problem';

export const importProblem = (status: number, slug: string, title: string, detail: string) =>
  new ProblemException({ type: problemType(slug), title, status, detail });

/**
 * Imports are analyst-only until accounts exist: a bearer token configured in IMPORT_TOKEN,
 * compared in constant time; without it every import route is disabled (403).
 */
export function requireImportToken(config: Config) {
  return createMiddleware(async (c, next) => {
    const token = config.importToken;
    if (!token) throw importProblem(403, 'uploads-disabled', 'Uploads disabled', 'Uploads are disabled: set IMPORT_TOKEN on the server to allow analysts to upload.');
    const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (given.length !== token.length || !timingSafeEqual(Buffer.from(given), Buffer.from(token))) {
      throw importProblem(401, 'unauthorised', 'Unauthorised', 'Send the analyst import token as "Authorization: Bearer <token>".');
    }
    await next();
  });
}
