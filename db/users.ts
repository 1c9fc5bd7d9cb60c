import { type Kysely, type Transaction, sql } from 'kysely';
import { forgetCredentials } from './credential-cache';
import type { Database, Role, User } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewUser {
  name: string;
  role: Role;
  districts: string[];
  passwordHash: string | null;
}

export interface UserSummary {
  id: number;
  name: string;
  role: Role;
  districts: string[];
  disabledAt: Date | null;
  createdAt: Date;
  hasPassword: boolean;
  activeTokens: number;
}

export async function anyUserExists(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function findUser(db: Db, name: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts the user; undefined when the name is taken (the unique index decides, not a prior read). */
export async function insertUser(db: Db, user: NewUser): Promise<User | undefined> {
  return db
    .insertInto('users')
    .values({ name: user.name, role: user.role, districts: user.districts, password_hash: user.passwordHash })
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db
    .selectFrom('users as u')
    .select((eb) => [
      'u.id', 'u.name', 'u.role', 'u.districts', 'u.disabled_at', 'u.created_at',
      sql<boolean>`u.password_hash is not null`.as('has_password'),
      eb.selectFrom('api_tokens as t').whereRef('t.user_id', '=', 'u.id').where('t.revoked_at', 'is', null)
        .select(sql<number>`count(*)::int`.as('n')).as('active_tokens'),
    ])
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({
    id: r.id, name: r.name, role: r.role, districts: r.districts, disabledAt: r.disabled_at, createdAt: r.created_at,
    hasPassword: r.has_password, activeTokens: r.active_tokens ?? 0,
  }));
}

/** Marks the user disabled (once) and revokes their sessions; false when there is no such user. */
export async function disableUser(db: Db, name: string): Promise<boolean> {
  const row = await db
    .updateTable('users')
    .set({ disabled_at: sql`coalesce(disabled_at, now())` })
    .where('name', '=', name)
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('user_id', '=', row.id).where('revoked_at', 'is', null).execute();
  forgetCredentials();
  return true;
}

export async function setRole(db: Db, name: string, role: Role, districts: string[]): Promise<boolean> {
  const row = await db.updateTable('users').set({ role, districts }).where('name', '=', name).returning('id').executeTakeFirst();
  forgetCredentials();
  return row !== undefined;
}

export async function setPasswordHash(db: Db, name: string, passwordHash: string): Promise<boolean> {
  const row = await db.updateTable('users').set({ password_hash: passwordHash }).where('name', '=', name).returning('id').executeTakeFirst();
  return row !== undefined;
}
