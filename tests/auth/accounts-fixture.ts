import { type Kysely, sql } from 'kysely';
import { insertToken, revokeToken } from '../../db/api-tokens';
import type { Database, Role } from '../../db/schema';
import { insertUser } from '../../db/users';
import { createApp } from '../../server/app';
import { hashPassword } from '../../server/auth/passwords';
import { TOKEN_PREFIX, newSecret, secretHash } from '../../server/auth/secrets';
import { startSession } from '../../server/auth/sessions';
import { type Config, loadConfig } from '../../server/config';
import type { BackendContext } from '../setup/backends';

export const PASSWORD = 'correct horse battery staple';

/** Creates a user straight in the database (the CLI has its own tests) with PASSWORD. */
export async function addUser(db: Kysely<Database>, name: string, role: Role, districts: string[] = []): Promise<number> {
  const user = await insertUser(db, { name, role, districts, passwordHash: await hashPassword(PASSWORD) });
  if (!user) throw new Error(`user ${name} exists`);
  return user.id;
}

export async function addToken(db: Kysely<Database>, userId: number): Promise<{ id: number; token: string }> {
  const token = newSecret(TOKEN_PREFIX);
  return { id: await insertToken(db, userId, secretHash(token), 'test'), token };
}

export async function revokedToken(db: Kysely<Database>, userId: number): Promise<string> {
  const { id, token } = await addToken(db, userId);
  await revokeToken(db, id);
  return token;
}

/** A session cookie header for the user (a fresh session). */
export async function sessionCookie(db: Kysely<Database>, config: Config, userId: number): Promise<string> {
  const { secret } = await startSession(db, config, userId);
  return `hotspot_session=${secret}`;
}

/** A session past its absolute expiry. */
export async function expiredSessionCookie(db: Kysely<Database>, config: Config, userId: number): Promise<string> {
  const { secret } = await startSession(db, config, userId);
  await sql`update sessions set expires_at = now() - interval '1 second' where id_hash = ${secretHash(secret)}`.execute(db);
  return `hotspot_session=${secret}`;
}

/** An app over the test database, and `request` that passes a client address (app.request has no socket). */
export function appWith(ctx: BackendContext, env: Record<string, string> = {}) {
  const config = loadConfig(env);
  const app = createApp({ database: ctx.database, config });
  const request = (path: string, init: RequestInit = {}, address = '192.0.2.1') =>
    app.request(path, init, { incoming: { socket: { remoteAddress: address } } });
  return { app, config, request };
}
