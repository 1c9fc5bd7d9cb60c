import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { appendAudit } from '../../db/audit-log';
import { describeBackends } from '../setup/backends';
import { addToken, addUser, appWith, sessionCookie } from './accounts-fixture';

describeBackends('the audit log', (ctx) => {
  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const db = ctx.database.db;
    await appendAudit(db, { actor: 'tester', action: 'test.append', details: { n: 1 }, address: '192.0.2.9' });
    const before = await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db);
    await expect(sql`update audit_log set actor = 'someone else'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const after = await sql<{ n: number; actor: string }>`select count(*)::int as n, min(actor) as actor from audit_log`.execute(db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    expect(after.rows[0]!.actor).toBe('tester');
  });

  it('is read by admins as JSON, paged, and as spreadsheet-safe CSV', async () => {
    const db = ctx.database.db;
    const server = appWith(ctx);
    const admin = await addUser(db, 'audrey', 'admin');
    await appendAudit(db, { actor: '=HYPERLINK("x")', action: 'test.formula', details: { note: 'a, "quoted" value' } });
    const cookie = await sessionCookie(db, server.config, admin);
    const page = await (await server.request('/api/audit-log?limit=2', { headers: { cookie } })).json();
    expect(page.entries.map((e: { action: string }) => e.action)).toEqual(['test.formula', 'test.append']);
    const older = await (await server.request(`/api/audit-log?limit=5&before=${page.entries[1].id}`, { headers: { cookie } })).json();
    expect(older.entries.every((e: { id: string }) => Number(e.id) < Number(page.entries[1].id))).toBe(true);
    const csv = await server.request('/api/audit-log?format=csv&action=test.', { headers: { cookie } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,address,details');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^\d+,[^,]+,"'=HYPERLINK\(""x""\)",test\.formula,,"\{""note"":""a, \\""quoted\\"" value""\}"$/);
    expect((await server.request('/api/audit-log?limit=0', { headers: { cookie } })).status).toBe(400);
  });

  it('filters by actor and by days (UTC, both ends included), and names a bad filter', async () => {
    const db = ctx.database.db;
    const server = appWith(ctx);
    const cookie = await sessionCookie(db, server.config, await addUser(db, 'ada', 'admin'));
    const get = async (query: string) => {
      const res = await server.request(`/api/audit-log?${query}`, { headers: { cookie } });
      expect(res.status, query).toBe(200);
      return ((await res.json()) as { entries: Array<{ actor: string; at: string }> }).entries;
    };
    await appendAudit(db, { actor: 'filter-me', action: 'test.filter', details: {} });
    const { rows } = await sql<{ day: string }>`select to_char(max(at) at time zone 'UTC', 'YYYY-MM-DD') as day from audit_log`.execute(db);
    const today = rows[0]!.day;
    const mine = await get('actor=filter-me');
    expect(mine.map((e) => e.actor)).toEqual(['filter-me']);
    expect((await get(`actor=filter-me&from=${today}&to=${today}`)).length).toBe(1);
    expect(await get('actor=filter-me&to=2000-01-01')).toEqual([]);
    expect(await get('actor=filter-me&from=2999-01-01')).toEqual([]);
    expect((await get(`from=${today}`)).every((e) => e.at.startsWith(today))).toBe(true);
    for (const [query, name] of [['from=2026-02-30', 'from'], ['to=yesterday', 'to'], ['from=2026-05-02&to=2026-05-01', 'from'], ['actor=', 'actor']]) {
      const res = await server.request(`/api/audit-log?${query}`, { headers: { cookie } });
      expect(res.status, query).toBe(400);
      expect(await res.text(), query).toContain(name);
    }
  });
});

describeBackends('patrol zone exports and saves are audited under the real caller', (ctx) => {
  let server: ReturnType<typeof appWith>;
  let analyst: number;
  beforeAll(async () => {
    server = appWith(ctx);
    analyst = await addUser(ctx.database.db, 'pat', 'analyst');
  }, 120_000);

  it('records the signed-in user and address for an export, a save and a saved-set download', async () => {
    const db = ctx.database.db;
    const cookie = await sessionCookie(db, server.config, analyst);
    const { token } = await addToken(db, analyst);
    const q = 'preset=serious-violence&cellSize=250&format=csv';
    expect((await server.request(`/api/patrol-zones?${q}`, { headers: { cookie } }, '192.0.2.50')).status).toBe(200);
    const saved = await server.request('/api/patrol-zone-sets?preset=serious-violence&cellSize=250', {
      method: 'POST', headers: { cookie, origin: 'http://localhost', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Night plan' }),
    }, '192.0.2.51');
    expect(saved.status).toBe(201);
    const { id, createdBy } = await saved.json();
    expect(createdBy).toBe('pat');
    expect((await server.request(`/api/patrol-zone-sets/${id}?format=kml`, { headers: { authorization: `Bearer ${token}` } }, '192.0.2.52')).status).toBe(200);
    const { rows } = await sql<{ actor: string; action: string; address: string }>`
      select actor, action, address from audit_log where action like 'patrol-zone%' order by id`.execute(db);
    expect(rows).toEqual([
      { actor: 'pat', action: 'patrol-zones.export', address: '192.0.2.50' },
      { actor: 'pat', action: 'patrol-zone-set.save', address: '192.0.2.51' },
      { actor: 'pat', action: 'patrol-zone-set.export', address: '192.0.2.52' },
    ]);
  });
}, { demo: true });
