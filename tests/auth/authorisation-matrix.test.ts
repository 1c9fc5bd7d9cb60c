import { beforeAll, expect, it } from 'vitest';
import { type Access, ROUTE_RULES } from '../../server/auth/route-rules';
import { canEditDistrict } from '../../server/auth/caller';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { addToken, addUser, appWith, expiredSessionCookie, revokedToken, sessionCookie } from './accounts-fixture';

type Who = 'anonymous' | 'viewer' | 'analyst' | 'editor of this district' | 'editor of another district' | 'admin' | 'revoked token' | 'expired session';
const WHO: Who[] = ['anonymous', 'viewer', 'analyst', 'editor of this district', 'editor of another district', 'admin', 'revoked token', 'expired session'];

/**
 * What each caller gets, written out from the role definitions (not from the middleware):
 * 'through' means the request reaches its handler (any status but 401/403).
 */
function expected(access: Access, who: Who): 'through' | 401 | 403 {
  if (access === 'public') return 'through';
  if (who === 'anonymous' || who === 'expired session' || who === 'revoked token') return 401;
  if (who === 'admin') return 'through';
  if (access === 'viewer') return 'through';
  if (access === 'analyst') return who === 'analyst' ? 'through' : 403;
  if (access === 'editor-of-district') return who.startsWith('editor') ? 'through' : 403;
  return 403; // admin-only
}

describeBackends('authorisation matrix: every route × every kind of caller', (ctx) => {
  let ids: Record<'viewer' | 'analyst' | 'editorHere' | 'editorThere' | 'admin', number>;
  let dead: string;
  let server: ReturnType<typeof appWith>;

  beforeAll(async () => {
    const db = ctx.database.db;
    server = appWith(ctx);
    await loadTinyCounty(db);
    ids = {
      viewer: await addUser(db, 'vera', 'viewer'),
      analyst: await addUser(db, 'anil', 'analyst'),
      editorHere: await addUser(db, 'ed-west', 'editor', ['X07000001']),
      editorThere: await addUser(db, 'ed-east', 'editor', ['X07000002']),
      admin: await addUser(db, 'ada', 'admin'),
    };
    dead = await revokedToken(db, ids.analyst);
  });

  /** Credentials of each caller: role holders sign in by session (fresh per request) or token. */
  async function headers(who: Who, variant: 'session' | 'token'): Promise<Record<string, string>> {
    const db = ctx.database.db;
    const user = { viewer: ids.viewer, analyst: ids.analyst, 'editor of this district': ids.editorHere, 'editor of another district': ids.editorThere, admin: ids.admin }[who as 'viewer'];
    if (who === 'anonymous') return {};
    if (who === 'revoked token') return { authorization: `Bearer ${dead}` };
    if (who === 'expired session') return { cookie: await expiredSessionCookie(db, server.config, ids.admin) };
    if (variant === 'token') return { authorization: `Bearer ${(await addToken(db, user)).token}` };
    return { cookie: await sessionCookie(db, server.config, user) };
  }

  for (const variant of ['session', 'token'] as const) {
    it(`enforces every rule (role holders by ${variant})`, async () => {
      const wrong: string[] = [];
      for (const rule of ROUTE_RULES) {
        const path = rule.path.replace(/:[a-z]+/g, '1');
        for (const who of WHO) {
          const init: RequestInit = { method: rule.method, headers: { ...(await headers(who, variant)) } };
          if (rule.method !== 'GET') {
            // Same-origin, as the browser sends it, so only the role decides; bodies are empty (400s are fine).
            init.headers = { ...init.headers, origin: 'http://localhost', 'content-type': 'application/json' };
            init.body = '{}';
          }
          const res = await server.request(path, init);
          const want = expected(rule.access, who);
          const got = res.status === 401 || res.status === 403 ? res.status : res.status >= 500 ? `${res.status}` : 'through';
          if (got !== want) wrong.push(`${rule.method} ${rule.path} as ${who}: expected ${want}, got ${res.status} ${await res.text()}`);
          else if (typeof want === 'number') expect(res.headers.get('content-type')).toBe('application/problem+json');
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('keeps the sensitive routes at the roles the issue gives them', () => {
    // The matrix follows the table; this pins the table itself for routes whose loosening would leak.
    const access = (method: string, path: string) => ROUTE_RULES.find((r) => r.method === method && r.path === path)?.access;
    expect(access('GET', '/api/audit-log')).toBe('admin');
    for (const [method, path] of [['POST', '/api/imports'], ['POST', '/api/imports/police-api'], ['GET', '/api/patrol-zones'], ['POST', '/api/patrol-zone-sets'], ['GET', '/api/patrol-zone-sets/:id']]) {
      expect(access(method!, path!), `${method} ${path}`).toBe('analyst');
    }
    expect(ROUTE_RULES.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      ['DELETE /api/session', 'GET /api/config', 'GET /api/health', 'GET /api/session', 'POST /api/session'],
    );
  });

  it('scopes editors to their districts; admins edit every district', () => {
    const editor = { kind: 'user' as const, via: 'session' as const, userId: 1, name: 'ed-west', role: 'editor' as const, districts: ['X07000001'] };
    expect(canEditDistrict(editor, 'X07000001')).toBe(true);
    expect(canEditDistrict(editor, 'X07000002')).toBe(false);
    expect(canEditDistrict({ ...editor, role: 'admin', districts: [] }, 'X07000002')).toBe(true);
    expect(canEditDistrict({ ...editor, role: 'analyst', districts: [] }, 'X07000001')).toBe(false);
    expect(canEditDistrict({ kind: 'anonymous' }, 'X07000001')).toBe(false);
  });
});
