import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import { liveToken } from '../../db/api-tokens';
import type { Database } from '../../db/schema';
import { liveSession } from '../../db/sessions';
import { anyUserExists } from '../../db/users';
import type { AppDeps } from '../deps';
import { ProblemException, problemTypes } from '../problem';
import { type Caller, setCaller } from './caller';
import { clientAddress } from './client-address';
import { fromOtherOrigin, fromSameOrigin, isWrite } from './csrf';
import { authProblems } from './problems';
import { type RouteRule, ruleFor } from './route-rules';
import { secretHash } from './secrets';
import { clearSessionCookie, readSessionCookie } from './session-cookie';

interface Resolved {
  caller: Caller;
  /** A bearer credential was sent and is not valid (revoked, unknown, of a disabled user). */
  badToken: boolean;
  /** A session cookie was sent that is no longer live: the response clears it. */
  staleCookie: boolean;
}

/** Once an account exists it stays (users are disabled, never deleted): only "none yet" is re-checked. */
function accountPresence(db: Kysely<Database>) {
  let seen = false;
  return async () => (seen ||= await anyUserExists(db));
}

async function resolveCaller(c: Context, { database, config }: AppDeps): Promise<Resolved> {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? '';
    const importToken = config.importToken;
    if (importToken && given.length === importToken.length && timingSafeEqual(Buffer.from(given), Buffer.from(importToken))) {
      return { caller: { kind: 'import-token', role: 'analyst' }, badToken: false, staleCookie: false };
    }
    const owner = given ? await liveToken(database.db, secretHash(given)) : undefined;
    if (owner) return { caller: { kind: 'user', via: 'token', ...owner }, badToken: false, staleCookie: false };
    return { caller: { kind: 'anonymous' }, badToken: true, staleCookie: false };
  }
  const cookie = readSessionCookie(c, config);
  if (cookie === undefined) return { caller: { kind: 'anonymous' }, badToken: false, staleCookie: false };
  const owner = await liveSession(database.db, secretHash(cookie), config.sessionIdleSeconds);
  if (!owner) return { caller: { kind: 'anonymous' }, badToken: false, staleCookie: true };
  return { caller: { kind: 'user', via: 'session', ...owner }, badToken: false, staleCookie: false };
}

function roleAllows(caller: Caller, rule: RouteRule): boolean {
  if (caller.kind === 'anonymous') return false;
  const role = caller.role;
  switch (rule.access) {
    case 'public':
    case 'viewer':
      return true;
    case 'analyst':
      return role === 'analyst' || role === 'admin';
    case 'editor-of-district':
      return role === 'editor' || role === 'admin';
    case 'admin':
      return role === 'admin';
  }
}

/**
 * Resolves the caller of every /api request (personal token or IMPORT_TOKEN in `Authorization:
 * Bearer`, else the session cookie), refuses cookie-authenticated writes from other origins, and
 * enforces the route table: 404 for a route without a rule, 401 for no or bad credentials, 403
 * for a role that is not enough. Handlers read the caller with `callerOf(c)`.
 */
export function authenticate(deps: AppDeps) {
  const { config } = deps;
  const accountsExist = accountPresence(deps.database.db);
  return createMiddleware(async (c, next) => {
    const rule = ruleFor(c.req.method, c.req.path);
    if (!rule) throw new ProblemException({ ...problemTypes.notFound, status: 404, detail: `No API route ${c.req.method} ${c.req.path}` });
    const { caller, badToken, staleCookie } = await resolveCaller(c, deps);
    setCaller(c, caller, clientAddress(c, config.trustProxy));
    if (staleCookie) clearSessionCookie(c, config);

    if (isWrite(c.req.method)) {
      const viaCookie = caller.kind === 'user' && caller.via === 'session';
      if (viaCookie ? !fromSameOrigin(c, config.trustProxy) : fromOtherOrigin(c, config.trustProxy)) throw authProblems.crossOrigin();
    }
    if (rule.access === 'public') return next();

    const noAccounts = !(await accountsExist());
    const readPublic = config.readAccess === 'public' || (config.readAccess === undefined && noAccounts);
    const openRoute = (rule.access === 'viewer' && readPublic) || (rule.openBeforeAccounts === true && noAccounts && config.readAccess !== 'authenticated');
    if (!badToken && (openRoute || roleAllows(caller, rule))) return next();

    if (caller.kind === 'anonymous') {
      // Nothing could succeed: say how to enable it rather than ask for credentials that cannot exist.
      if (noAccounts && !config.importToken && rule.access !== 'viewer') throw authProblems.noCredentials();
      if (badToken) throw authProblems.unauthenticated('The bearer token is not valid: it may have been revoked, or its account disabled.');
      throw authProblems.unauthenticated('Sign in (POST /api/session) or send a personal API token as "Authorization: Bearer <token>".');
    }
    throw authProblems.forbidden(`${c.req.method} ${rule.path} needs the ${rule.access} role; you are signed in as ${caller.kind === 'user' ? `${caller.name} (${caller.role})` : 'the import token (analyst)'}.`);
  });
}
