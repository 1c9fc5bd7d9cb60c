import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { insertSession } from '../../db/sessions';
import type { Config } from '../config';
import { newSecret, secretHash } from './secrets';

/**
 * Starts a server-side session for a user: the secret goes in the cookie, only its hash in the
 * database. The session ends at the absolute limit, after the idle limit without requests, or at
 * sign-out. An identity provider sign-in (OpenID Connect) would end the same way: verify the
 * provider's answer, map it to a user, call this: routes only ever see the resulting caller.
 */
export async function startSession(db: Kysely<Database>, config: Config, userId: number): Promise<{ secret: string; expiresAt: Date }> {
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + config.sessionMaxSeconds * 1000);
  await insertSession(db, secretHash(secret), userId, expiresAt);
  return { secret, expiresAt };
}
