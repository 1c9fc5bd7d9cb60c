import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { DatabaseHandle } from '../../db/connect';
import { insertToken, listTokens, revokeToken, revokeUserTokens } from '../../db/api-tokens';
import { appendAudit } from '../../db/audit-log';
import { forgetCredentials } from '../../db/credential-cache';
import { disableUser, findUser, insertUser, listUsers, setPasswordHash, setRole } from '../../db/users';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { TOKEN_PREFIX, newSecret, secretHash } from '../auth/secrets';
import { ROLES, accountName, districtsFor, role } from './account-args';
import { CliError } from './cli-error';
import type { ReadPassword } from './password-input';

export const ACCOUNT_USAGE = `  user add <name> --role ${ROLES.join('|')} [--districts A,B] [--password-stdin | --token-only]
                       Create an account (the first admin is made this way). The password is asked
                       on the terminal, or read from standard input; --token-only: API tokens only.
  user list            Accounts with role, districts, state and live tokens.
  user disable <name>  Ends the account's sessions; its tokens stop working.
  user set-role <name> <role> [--districts A,B]
  user set-password <name> [--password-stdin]
  token create <name> [--label TEXT]
                       A personal API token (Authorization: Bearer …), printed once, on the last line.
  token list [<name>]  Tokens (never their values) with last use and revocation.
  token revoke <id> | token revoke --user <name>`;

export interface AccountCommandContext {
  withDatabase: <T>(fn: (database: DatabaseHandle) => Promise<T>) => Promise<T>;
  print: (line: string) => void;
  readPassword: ReadPassword;
}

const cliActor = () => `cli (${userInfo().username})`;
const date = (d: Date | string | null) => (d === null ? '-' : new Date(d).toISOString().slice(0, 16).replace('T', ' '));

async function newPassword(ctx: AccountCommandContext, fromStdin: boolean, name: string): Promise<string> {
  const password = await ctx.readPassword(fromStdin ? 'stdin' : 'prompt', `Password for ${name}: `);
  const problem = passwordProblem(password);
  if (problem) throw new CliError(`The password ${problem}: nothing was changed.`);
  return hashPassword(password);
}

/**
 * `user add | list | disable | set-role | set-password`. One switch over the subcommands, each a
 * few lines that parse, check and write, so the whole command reads top to bottom in one place.
 */
export async function runUserCommand(args: string[], ctx: AccountCommandContext): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true,
    options: { role: { type: 'string' }, districts: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false }, 'token-only': { type: 'boolean', default: false } },
  });
  const one = (what: string) => {
    if (positionals.length !== 1) throw new CliError(`Usage: user ${sub} ${what}`);
    return accountName(positionals[0]);
  };
  switch (sub) {
    case 'add': {
      const name = one('<name> --role <role>');
      const r = role(values.role);
      if (values['token-only'] && values['password-stdin']) throw new CliError('--token-only and --password-stdin exclude each other.');
      await ctx.withDatabase(async ({ db }) => {
        const districts = await districtsFor(db, r, values.districts);
        if (await findUser(db, name)) throw new CliError(`A user named "${name}" already exists.`);
        const passwordHash = values['token-only'] ? null : await newPassword(ctx, values['password-stdin'], name);
        await db.transaction().execute(async (trx) => {
          // The unique name decides a race with another add, not the read above.
          if (!(await insertUser(trx, { name, role: r, districts, passwordHash }))) throw new CliError(`A user named "${name}" already exists.`);
          await appendAudit(trx, { actor: cliActor(), action: 'user.add', details: { name, role: r, districts, password: passwordHash !== null } });
        });
      });
      ctx.print(`Added ${r} ${name}${r === 'editor' ? ` (districts ${values.districts})` : ''}.`);
      return;
    }
    case 'list': {
      if (positionals.length) throw new CliError('Usage: user list');
      const users = await ctx.withDatabase(({ db }) => listUsers(db));
      if (users.length === 0) ctx.print('No accounts yet: add the first admin with `user add <name> --role admin`.');
      for (const u of users) {
        const state = u.disabledAt ? `disabled ${date(u.disabledAt)}` : 'active';
        ctx.print(`${u.name}\t${u.role}${u.districts.length ? ` [${u.districts.join(',')}]` : ''}\t${state}\t${u.hasPassword ? 'password' : 'token-only'}, ${u.activeTokens} live token(s)\tcreated ${date(u.createdAt)}`);
      }
      return;
    }
    case 'disable': {
      const name = one('<name>');
      await ctx.withDatabase(({ db }) =>
        db.transaction().execute(async (trx) => {
          if (!(await disableUser(trx, name))) throw new CliError(`No user named "${name}".`);
          await appendAudit(trx, { actor: cliActor(), action: 'user.disable', details: { name } });
        }),
      );
      forgetCredentials();
      ctx.print(`Disabled ${name}: their sessions are ended and their tokens no longer work.`);
      return;
    }
    case 'set-role': {
      if (positionals.length !== 2) throw new CliError('Usage: user set-role <name> <role> [--districts A,B]');
      const name = accountName(positionals[0]);
      const r = role(positionals[1]);
      await ctx.withDatabase(async ({ db }) => {
        const districts = await districtsFor(db, r, values.districts);
        const before = await findUser(db, name);
        if (!before) throw new CliError(`No user named "${name}".`);
        await db.transaction().execute(async (trx) => {
          await setRole(trx, name, r, districts);
          await appendAudit(trx, { actor: cliActor(), action: 'user.set-role', details: { name, before: { role: before.role, districts: before.districts }, after: { role: r, districts } } });
        });
      });
      forgetCredentials();
      ctx.print(`${name} is now ${r}${districts(values.districts, r)}.`);
      return;
    }
    case 'set-password': {
      const name = one('<name> [--password-stdin]');
      await ctx.withDatabase(async ({ db }) => {
        if (!(await findUser(db, name))) throw new CliError(`No user named "${name}".`);
        const hash = await newPassword(ctx, values['password-stdin'], name);
        await db.transaction().execute(async (trx) => {
          await setPasswordHash(trx, name, hash);
          await appendAudit(trx, { actor: cliActor(), action: 'user.set-password', details: { name } });
        });
      });
      ctx.print(`Set a new password for ${name}.`);
      return;
    }
    default:
      throw new CliError(`Unknown user command "${sub ?? ''}".\n\n${ACCOUNT_USAGE}`);
  }
}

const districts = (raw: string | undefined, r: string) => (r === 'editor' && raw ? ` of ${raw}` : '');

export async function runTokenCommand(args: string[], ctx: AccountCommandContext): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { label: { type: 'string', default: '' }, user: { type: 'string' } } });
  switch (sub) {
    case 'create': {
      if (positionals.length !== 1) throw new CliError('Usage: token create <name> [--label TEXT]');
      const name = accountName(positionals[0]);
      const token = newSecret(TOKEN_PREFIX);
      const id = await ctx.withDatabase(async ({ db }) => {
        const user = await findUser(db, name);
        if (!user) throw new CliError(`No user named "${name}".`);
        if (user.disabled_at) throw new CliError(`${name} is disabled: a token would not work.`);
        return db.transaction().execute(async (trx) => {
          const tokenId = await insertToken(trx, user.id, secretHash(token), values.label);
          await appendAudit(trx, { actor: cliActor(), action: 'token.create', details: { id: tokenId, name, label: values.label } });
          return tokenId;
        });
      });
      ctx.print(`Token ${id} for ${name} (${values.label || 'no label'}): it is shown only now; send it as "Authorization: Bearer <token>".`);
      ctx.print(token);
      return;
    }
    case 'list': {
      if (positionals.length > 1) throw new CliError('Usage: token list [<name>]');
      const name = positionals[0] === undefined ? undefined : accountName(positionals[0]);
      const tokens = await ctx.withDatabase(async ({ db }) => {
        if (name !== undefined && !(await findUser(db, name))) throw new CliError(`No user named "${name}".`);
        return listTokens(db, name);
      });
      if (tokens.length === 0) ctx.print(name ? `${name} has no tokens.` : 'No tokens.');
      for (const t of tokens) {
        ctx.print(`${t.id}\t${t.user}\t${t.label || '-'}\tcreated ${date(t.createdAt)}\tlast used ${date(t.lastUsedAt)}\t${t.revokedAt ? `revoked ${date(t.revokedAt)}` : 'live'}`);
      }
      return;
    }
    case 'revoke': {
      if (values.user !== undefined) {
        if (positionals.length) throw new CliError('Usage: token revoke <id> | token revoke --user <name>');
        const name = accountName(values.user);
        const ids = await ctx.withDatabase(async ({ db }) => {
          const user = await findUser(db, name);
          if (!user) throw new CliError(`No user named "${name}".`);
          return db.transaction().execute(async (trx) => {
            const revoked = await revokeUserTokens(trx, user.id);
            await appendAudit(trx, { actor: cliActor(), action: 'token.revoke-user', details: { name, ids: revoked } });
            return revoked;
          });
        });
        forgetCredentials();
        ctx.print(ids.length ? `Revoked ${ids.length} token(s) of ${name}: ${ids.join(', ')}.` : `${name} had no live tokens.`);
        return;
      }
      if (positionals.length !== 1 || !/^[1-9]\d{0,9}$/.test(positionals[0]!)) {
        throw new CliError('Usage: token revoke <id> | token revoke --user <name> (the id is the number `token list` shows).');
      }
      const id = Number(positionals[0]);
      const result = await ctx.withDatabase(({ db }) =>
        db.transaction().execute(async (trx) => {
          const revoked = await revokeToken(trx, id);
          if (!revoked) throw new CliError(`No token ${id}.`);
          if (revoked.wasLive) await appendAudit(trx, { actor: cliActor(), action: 'token.revoke', details: { id, name: revoked.user } });
          return revoked;
        }),
      );
      forgetCredentials();
      ctx.print(result.wasLive ? `Revoked token ${id} of ${result.user}.` : `Token ${id} of ${result.user} was already revoked.`);
      return;
    }
    default:
      throw new CliError(`Unknown token command "${sub ?? ''}".\n\n${ACCOUNT_USAGE}`);
  }
}
