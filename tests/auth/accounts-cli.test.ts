import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { appWith } from './accounts-fixture';

const PASSWORD = 'a long enough password';

describeBackends('accounts CLI', (ctx) => {
  /** Runs `npm run cli -- …` in-process; `password` is what stdin or the prompt would give. */
  async function cli(args: string[], password = PASSWORD) {
    const lines: string[] = [];
    const sources: string[] = [];
    try {
      await runCli(args, {
        database: ctx.database, print: (l) => lines.push(l), env: {},
        readPassword: async (source) => {
          sources.push(source);
          return password;
        },
      });
      return { ok: true, lines, sources, error: undefined };
    } catch (error) {
      return { ok: false, lines, sources, error: (error as Error).message };
    }
  }
  const users = async () =>
    (await sql<{ name: string; role: string; districts: string[]; disabled: boolean; hash: string | null }>`
      select name, role, districts, disabled_at is not null as disabled, password_hash as hash from users order by name`.execute(ctx.database.db)).rows;

  beforeAll(async () => {
    await loadTinyCounty(ctx.database.db);
  });

  it('adds users with hashed passwords from stdin or the prompt, and lists them', async () => {
    const admin = await cli(['user', 'add', 'Alice', '--role', 'admin', '--password-stdin']);
    expect(admin).toMatchObject({ ok: true, sources: ['stdin'] });
    expect(await cli(['user', 'add', 'ed', '--role', 'editor', '--districts', 'X07000001,X07000002'])).toMatchObject({ ok: true, sources: ['prompt'] });
    expect(await cli(['user', 'add', 'robot', '--role', 'analyst', '--token-only'])).toMatchObject({ ok: true, sources: [] });
    const rows = await users();
    expect(rows.map((r) => [r.name, r.role, r.districts])).toEqual([['alice', 'admin', []], ['ed', 'editor', ['X07000001', 'X07000002']], ['robot', 'analyst', []]]);
    expect(rows[0]!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rows[2]!.hash).toBeNull();
    const list = await cli(['user', 'list']);
    expect(list.lines.join('\n')).toMatch(/^alice\tadmin\tactive/m);
    expect(list.lines.join('\n')).toMatch(/^ed\teditor \[X07000001,X07000002\]/m);
    expect(list.lines.join('\n')).not.toContain(PASSWORD);
    expect(list.lines.join('\n')).not.toContain('argon2');
    // The password works for signing in.
    const server = appWith(ctx);
    const res = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'alice', password: PASSWORD }) });
    expect(res.status).toBe(200);
  });

  it('refuses bad input with a clear message, changing nothing', async () => {
    const before = await users();
    const cases: Array<[string[], RegExp, string?]> = [
      [['user', 'add', 'bob', '--role', 'superuser'], /Unknown role "superuser": expected viewer, analyst, editor, admin/],
      [['user', 'add', 'bob'], /Give the role/],
      [['user', 'add', 'bob', '--role', 'editor', '--districts', 'X07000001,E99999999'], /Unknown district code E99999999/],
      [['user', 'add', 'bob', '--role', 'editor'], /needs the districts/],
      [['user', 'add', 'bob', '--role', 'viewer', '--districts', 'X07000001'], /for editors only/],
      [['user', 'add', 'ALICE', '--role', 'viewer'], /already exists/],
      [['user', 'add', 'b', '--role', 'viewer'], /Invalid user name/],
      [['user', 'add', 'bob', '--role', 'viewer', '--password-stdin'], /at least 12 characters/, 'short'],
      [['user', 'disable', 'nobody'], /No user named "nobody"/],
      [['user', 'set-role', 'nobody', 'viewer'], /No user named "nobody"/],
      [['user', 'set-role', 'ed', 'editor', '--districts', 'E99999999'], /Unknown district code/],
      [['user', 'frobnicate'], /Unknown user command/],
      [['token', 'create', 'nobody'], /No user named "nobody"/],
      [['token', 'revoke', 'abc'], /Usage: token revoke/],
      [['token', 'revoke', '999999'], /No token 999999/],
      [['token', 'revoke', '--user', 'nobody'], /No user named "nobody"/],
    ];
    for (const [args, message, password] of cases) {
      const outcome = await cli(args, password);
      expect(outcome.ok, args.join(' ')).toBe(false);
      expect(outcome.error, args.join(' ')).toMatch(message);
    }
    expect(await users()).toEqual(before);
  });

  it('changes roles, creates tokens printed once on the last line, lists and revokes them', async () => {
    expect(await cli(['user', 'set-role', 'ed', 'analyst'])).toMatchObject({ ok: true });
    expect((await users()).find((u) => u.name === 'ed')).toMatchObject({ role: 'analyst', districts: [] });
    const server = appWith(ctx);
    const created = await cli(['token', 'create', 'robot', '--label', 'nightly import']);
    expect(created.ok).toBe(true);
    const token = created.lines.at(-1)!;
    expect(token).toMatch(/^hsa_[A-Za-z0-9_-]{43}$/);
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    expect((await server.request('/api/imports/jobs', bearer)).status).toBe(200);
    const second = (await cli(['token', 'create', 'robot'])).lines.at(-1)!;
    const list = await cli(['token', 'list', 'robot']);
    expect(list.lines).toHaveLength(2);
    expect(list.lines[0]).toMatch(/^\d+\trobot\tnightly import\tcreated .*\tlast used \d{4}-.*\tlive$/);
    expect(list.lines.join('\n')).not.toContain(token);
    const id = list.lines[0]!.split('\t')[0]!;
    expect((await cli(['token', 'revoke', id])).lines).toEqual([`Revoked token ${id} of robot.`]);
    expect((await server.request('/api/imports/jobs', bearer)).status).toBe(401);
    expect((await server.request('/api/imports/jobs', { headers: { authorization: `Bearer ${second}` } })).status).toBe(200);
    expect((await cli(['token', 'revoke', '--user', 'robot'])).lines[0]).toMatch(/^Revoked 1 token\(s\) of robot/);
    expect((await server.request('/api/imports/jobs', { headers: { authorization: `Bearer ${second}` } })).status).toBe(401);
  });

  it('disables a user: sessions end and tokens stop working', async () => {
    const server = appWith(ctx);
    const token = (await cli(['token', 'create', 'alice'])).lines.at(-1)!;
    const signIn = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'alice', password: PASSWORD }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect((await server.request('/api/districts', { headers: { cookie } })).status).toBe(200);
    expect(await cli(['user', 'disable', 'alice'])).toMatchObject({ ok: true });
    expect((await server.request('/api/districts', { headers: { cookie } })).status).toBe(401);
    expect((await server.request('/api/districts', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const again = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'alice', password: PASSWORD }) });
    expect(again.status).toBe(401);
  });

  it('audits every account change under the CLI user, never with a password or token', async () => {
    const { rows } = await sql<{ actor: string; action: string; details: unknown }>`
      select actor, action, details from audit_log where action like 'user.%' or action like 'token.%' order by id`.execute(ctx.database.db);
    expect(rows.map((r) => r.action)).toEqual([
      'user.add', 'user.add', 'user.add', 'user.set-role', 'token.create', 'token.create', 'token.revoke', 'token.revoke-user', 'token.create', 'user.disable',
    ]);
    expect(rows.every((r) => r.actor.startsWith('cli ('))).toBe(true);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toMatch(/hsa_|argon2/);
  });

  it('a role change applies at once to a session just used (not a remembered copy)', async () => {
    const server = appWith(ctx);
    expect(await cli(['user', 'add', 'rolf', '--role', 'analyst', '--password-stdin'], PASSWORD)).toMatchObject({ ok: true });
    const signIn = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'rolf', password: PASSWORD }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect((await server.request('/api/imports/jobs', { headers: { cookie } })).status).toBe(200);
    expect(await cli(['user', 'set-role', 'rolf', 'viewer'])).toMatchObject({ ok: true });
    expect((await server.request('/api/imports/jobs', { headers: { cookie } })).status).toBe(403);
  });
});
