import { Hono } from 'hono';
import { z } from 'zod';
import { appendAudit } from '../../db/audit-log';
import { anyUserExists } from '../../db/users';
import { revokeSession } from '../../db/sessions';
import { callerOf, clientAddressOf } from '../auth/caller';
import { PASSWORD_MAX_LENGTH } from '../auth/passwords';
import { authProblems } from '../auth/problems';
import { secretHash } from '../auth/secrets';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../auth/session-cookie';
import { signIn } from '../auth/sign-in';
import type { AppDeps } from '../deps';
import { ProblemException } from '../problem';
import { validate } from '../validation';

const signInBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(64, 'at most 64 characters'),
  password: z.string().min(1, 'must not be empty').max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`),
});

/**
 * The browser session: POST signs in with { name, password } and sets the session cookie,
 * DELETE signs out (the session is revoked on the server, not just forgotten by the browser),
 * GET says who is signed in and whether reading needs it.
 */
export function sessionRoutes({ database, config }: AppDeps) {
  const db = database.db;
  return new Hono()
    .get('/', async (c) => {
      const caller = callerOf(c);
      const accounts = await anyUserExists(db);
      const readAccess = config.readAccess ?? (accounts ? 'authenticated' : 'public');
      const who = caller.kind === 'user'
        ? { signedIn: true as const, name: caller.name, role: caller.role, districts: caller.districts, via: caller.via }
        : caller.kind === 'import-token' ? { signedIn: true as const, name: 'import-token', role: caller.role, districts: [], via: 'import-token' as const }
          : { signedIn: false as const };
      return c.json({ ...who, readAccess }, 200, { 'cache-control': 'no-store' });
    })
    .post('/', validate('json', signInBody), async (c) => {
      const { name, password } = c.req.valid('json');
      const result = await signIn(db, config, { name, password, address: clientAddressOf(c) });
      if (result.ok) {
        writeSessionCookie(c, config, result.secret);
        return c.json({ signedIn: true as const, ...result.user }, 200, { 'cache-control': 'no-store' });
      }
      if (result.reason === 'locked') {
        c.header('retry-after', String(result.retryAfterSeconds));
        throw new ProblemException({
          type: 'https://hotspot-atlas.invalid/problems/sign-in-locked', title: 'Too many failed sign-ins', status: 429,
          detail: `Too many failed sign-ins: try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes.`,
        });
      }
      throw authProblems.unauthenticated('Wrong name or password.');
    })
    .delete('/', async (c) => {
      const caller = callerOf(c);
      const cookie = readSessionCookie(c, config);
      if (cookie !== undefined && caller.kind === 'user' && caller.via === 'session') {
        await revokeSession(db, secretHash(cookie));
        await appendAudit(db, { actor: caller.name, action: 'session.sign-out', details: {}, address: clientAddressOf(c) });
      }
      clearSessionCookie(c, config);
      return c.body(null, 204);
    });
}
