import { type Kysely, type Transaction, sql } from 'kysely';
import { forgetCredentials, tokenOwners } from './credential-cache';
import type { Database, Role } from './schema';
import type { CredentialOwner } from './sessions';

type Db = Kysely<Database> | Transaction<Database>;

export interface TokenSummary {
  id: number;
  user: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function insertToken(db: Db, userId: number, tokenHash: string, label: string): Promise<number> {
  const row = await db.insertInto('api_tokens').values({ user_id: userId, token_hash: tokenHash, label }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The owner of an unrevoked token of an enabled user; last_used_at is touched at most once a
 * minute, and a live owner is remembered for a few seconds (db/credential-cache.ts).
 */
export async function liveToken(db: Db, tokenHash: string): Promise<(CredentialOwner & { tokenId: number }) | undefined> {
  const cached = tokenOwners.get(tokenHash);
  if (cached) return cached;
  const { rows } = await sql<{ token_id: number; id: number; name: string; role: Role; districts: string[]; stale: boolean }>`
    select t.id as token_id, u.id, u.name, u.role, u.districts,
           t.last_used_at is null or t.last_used_at < now() - interval '1 minute' as stale
    from api_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${tokenHash} and t.revoked_at is null and u.disabled_at is null`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  if (row.stale) await db.updateTable('api_tokens').set({ last_used_at: sql`now()` }).where('id', '=', row.token_id).execute();
  const owner = { tokenId: row.token_id, userId: row.id, name: row.name, role: row.role, districts: row.districts };
  tokenOwners.set(tokenHash, owner);
  return owner;
}

export async function listTokens(db: Db, userName?: string): Promise<TokenSummary[]> {
  let query = db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 'u.name', 't.label', 't.created_at', 't.last_used_at', 't.revoked_at'])
    .orderBy('t.id');
  if (userName !== undefined) query = query.where('u.name', '=', userName);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, user: r.name, label: r.label, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

/** Revokes one token; undefined when there is no such token, else its owner and whether it was live. */
export async function revokeToken(db: Db, id: number): Promise<{ user: string; wasLive: boolean } | undefined> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['u.name', 't.revoked_at'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.revoked_at === null) await db.updateTable('api_tokens').set({ revoked_at: sql`now()` }).where('id', '=', id).execute();
  forgetCredentials();
  return { user: row.name, wasLive: row.revoked_at === null };
}

/** Revokes every live token of a user; the ids revoked. */
export async function revokeUserTokens(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  forgetCredentials();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
