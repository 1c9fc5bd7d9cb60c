import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { forgetCredentials } from '../../db/credential-cache';
import { ADDRESS_FAILURE_LIMIT, NAME_FAILURE_LIMIT } from '../../server/auth/sign-in';
import { secretHash } from '../../server/auth/secrets';
import { describeBackends } from '../setup/backends';
import { PASSWORD, addUser, appWith, sessionCookie } from './accounts-fixture';

const json = (body: unknown, extra: Record<string, string> = {}) => ({
  method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body: JSON.stringify(body),
});
const cookieOf = (res: Response) => /hotspot_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

describeBackends('sign-in, sessions and CSRF', (ctx) => {
  let server: ReturnType<typeof appWith>;
  let analystId: number;
  beforeAll(async () => {
    server = appWith(ctx);
    analystId = await addUser(ctx.database.db, 'anna', 'analyst');
    await addUser(ctx.database.db, 'vic', 'viewer');
  });

  it('signs in with an HttpOnly SameSite=Lax cookie, says who is signed in, and signs out for good', async () => {
    const res = await server.request('/api/session', json({ name: 'Anna', password: PASSWORD }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/argon2|password/i);
    expect(JSON.parse(text)).toMatchObject({ signedIn: true, name: 'anna', role: 'analyst' });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = `hotspot_session=${cookieOf(res)}`;
    const me = await (await server.request('/api/session', { headers: { cookie } })).json();
    expect(me).toMatchObject({ signedIn: true, name: 'anna', role: 'analyst', via: 'session', readAccess: 'authenticated' });
    expect((await server.request('/api/districts', { headers: { cookie } })).status).toBe(200);

    const out = await server.request('/api/session', { method: 'DELETE', headers: { cookie, origin: 'http://localhost' } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    // The old cookie is dead on the server, not only forgotten by this browser.
    expect((await server.request('/api/districts', { headers: { cookie } })).status).toBe(401);
    const { rows } = await sql<{ action: string; actor: string }>`select action, actor from audit_log where action like 'session.%' order by id`.execute(ctx.database.db);
    expect(rows).toEqual([{ action: 'session.sign-in', actor: 'anna' }, { action: 'session.sign-out', actor: 'anna' }]);
  });

  it('marks the cookie Secure with the __Host- prefix when COOKIE_SECURE=true', async () => {
    const secure = appWith(ctx, { COOKIE_SECURE: 'true' });
    const res = await secure.request('/api/session', json({ name: 'vic', password: PASSWORD }));
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-hotspot_session=.*; Secure/);
  });

  it('ends sessions after the idle limit and at the absolute limit', async () => {
    const db = ctx.database.db;
    const idle = await sessionCookie(db, server.config, analystId);
    const absolute = await sessionCookie(db, server.config, analystId);
    const hash = (cookie: string) => secretHash(cookie.split('=')[1]!);
    expect((await server.request('/api/districts', { headers: { cookie: idle } })).status).toBe(200);
    await sql`update sessions set last_seen_at = now() - interval '61 minutes' where id_hash = ${hash(idle)}`.execute(db);
    await sql`update sessions set expires_at = now() - interval '1 second' where id_hash = ${hash(absolute)}`.execute(db);
    // The updates stand for an hour passing, which also outlives the few seconds a live session is remembered.
    forgetCredentials();
    for (const cookie of [idle, absolute]) {
      const res = await server.request('/api/districts', { headers: { cookie } });
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toMatch(/hotspot_session=;.*Max-Age=0/);
    }
  });

  it('refuses a cookie-authenticated JSON write without a same-origin Origin, and accepts it with one', async () => {
    const cookie = await sessionCookie(ctx.database.db, server.config, analystId);
    const write = (headers: Record<string, string>) => server.request('/api/imports/police-api', json({}, { cookie, ...headers }));
    for (const headers of [{}, { origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }] as Array<Record<string, string>>) {
      const res = await write(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).type).toMatch(/cross-origin-write$/);
    }
    // Through the CSRF check to validation of the (empty) body.
    expect((await write({ origin: 'http://localhost' })).status).toBe(400);
    expect((await write({ 'sec-fetch-site': 'same-origin' })).status).toBe(400);
    // A token is not sent by browsers on their own: no Origin needed.
    const { addToken } = await import('./accounts-fixture');
    const { token } = await addToken(ctx.database.db, analystId);
    expect((await server.request('/api/imports/police-api', json({}, { authorization: `Bearer ${token}` }))).status).toBe(400);
  });

  it('locks a name after repeated failures, the same for names that do not exist, then unlocks', async () => {
    const db = ctx.database.db;
    const { rows: [mark] } = await sql<{ id: string }>`select coalesce(max(id), 0) as id from audit_log`.execute(db);
    for (const name of ['vic', 'nobody-here']) {
      for (let i = 0; i < NAME_FAILURE_LIMIT; i++) {
        const res = await server.request('/api/session', json({ name, password: 'wrong password!!' }), `198.51.100.${i}`);
        expect(res.status).toBe(401);
        expect((await res.json()).detail).toBe('Wrong name or password.');
      }
      // Even the right password is refused while locked.
      const locked = await server.request('/api/session', json({ name, password: PASSWORD }), '198.51.100.99');
      expect(locked.status, name).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    }
    await sql`update sign_in_attempts set at = at - interval '16 minutes' where name = 'vic'`.execute(db);
    expect((await server.request('/api/session', json({ name: 'vic', password: PASSWORD }), '198.51.100.99')).status).toBe(200);
    const { rows } = await sql<{ action: string; n: number }>`
      select action, count(*)::int as n from audit_log where actor in ('vic', 'nobody-here') and id > ${mark!.id} group by action order by action`.execute(db);
    expect(rows).toEqual([
      { action: 'session.locked', n: 2 },
      { action: 'session.refused-locked', n: 2 },
      { action: 'session.sign-in', n: 1 },
      { action: 'session.sign-in-failed', n: 2 * NAME_FAILURE_LIMIT },
    ]);
  });

  it('limits failures per address across names', async () => {
    const address = '203.0.113.7';
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) {
      expect((await server.request('/api/session', json({ name: `guess-${i}`, password: 'wrong password!!' }), address)).status).toBe(401);
    }
    expect((await server.request('/api/session', json({ name: 'anna', password: PASSWORD }), address)).status).toBe(429);
    expect((await server.request('/api/session', json({ name: 'anna', password: PASSWORD }), '203.0.113.8')).status).toBe(200);
  });

  it('takes the same time for unknown names as for wrong passwords (within noise)', async () => {
    const time = async (name: string, i: number) => {
      const t0 = performance.now();
      await server.request('/api/session', json({ name, password: 'not the password' }), `192.0.2.${100 + i}`);
      return performance.now() - t0;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, fresh names and addresses each time, so no lockout and no drift favours either.
    for (let i = 0; i < 8; i++) {
      await sql`delete from sign_in_attempts`.execute(ctx.database.db);
      known.push(await time('anna', i));
      unknown.push(await time(`ghost-${i}`, i));
    }
    const [k, u] = [median(known), median(unknown)];
    expect(Math.abs(k - u) / Math.max(k, u)).toBeLessThan(0.35);
  });

  it('answers a bad sign-in body with problem+json naming the field', async () => {
    const res = await server.request('/api/session', json({ name: 'anna' }));
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].pointer).toBe('#/password');
  });
});

describeBackends('read access before and after the first account', (ctx) => {
  it('is public with no account (the demo shows a map), authenticated once one exists, unless READ_ACCESS says otherwise', async () => {
    const server = appWith(ctx);
    expect((await server.request('/api/districts')).status).toBe(200);
    expect((await (await server.request('/api/session')).json()).readAccess).toBe('public');
    // Patrol tools stay open on a fresh install, as before accounts existed.
    expect((await server.request('/api/patrol-zone-sets/1')).status).toBe(404);
    expect((await appWith(ctx, { READ_ACCESS: 'authenticated' }).request('/api/districts')).status).toBe(401);

    await addUser(ctx.database.db, 'first-admin', 'admin');
    expect((await server.request('/api/districts')).status).toBe(401);
    expect((await server.request('/api/patrol-zone-sets/1')).status).toBe(401);
    const open = appWith(ctx, { READ_ACCESS: 'public' });
    expect((await open.request('/api/districts')).status).toBe(200);
    expect((await open.request('/api/patrol-zone-sets/1')).status).toBe(401);
  });

  it('keeps IMPORT_TOKEN working as an analyst credential', async () => {
    const token = 'an-import-token-0123456789';
    const server = appWith(ctx, { IMPORT_TOKEN: token });
    const me = await (await server.request('/api/session', { headers: { authorization: `Bearer ${token}` } })).json();
    expect(me).toMatchObject({ signedIn: true, name: 'import-token', role: 'analyst' });
    expect((await server.request('/api/imports/jobs', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await server.request('/api/imports/jobs', { headers: { authorization: 'Bearer not-the-import-token-0123' } })).status).toBe(401);
  });
});
