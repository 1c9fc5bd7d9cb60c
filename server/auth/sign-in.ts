import type { Kysely } from 'kysely';
import { appendAudit } from '../../db/audit-log';
import type { Database, Role } from '../../db/schema';
import { recentFailures, recordAttempt } from '../../db/sign-in-attempts';
import { findUser } from '../../db/users';
import type { Config } from '../config';
import { verifyPassword } from './passwords';
import { startSession } from './sessions';

/** Failures (since the last success) after which a name is locked for LOCK_SECONDS. */
export const NAME_FAILURE_LIMIT = 5;
/** Failures from one address, any names, within the window, after which it is refused. */
export const ADDRESS_FAILURE_LIMIT = 20;
export const FAILURE_WINDOW_SECONDS = 15 * 60;
export const LOCK_SECONDS = 15 * 60;

export type SignInResult =
  | { ok: true; secret: string; user: { name: string; role: Role; districts: string[] } }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

/** Names are compared in lower case everywhere (the CLI stores them so). */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Password sign-in. The password is verified before anything else is decided (against a dummy
 * hash for unknown names), so every answer takes one argon2 verification: success, wrong name,
 * wrong password, disabled account and lockout are not told apart by timing, and the lockout
 * applies to names whether or not they exist.
 */
export async function signIn(db: Kysely<Database>, config: Config, input: { name: string; password: string; address: string }): Promise<SignInResult> {
  const name = normaliseName(input.name);
  const { address } = input;
  const [user, failures] = await Promise.all([findUser(db, name), recentFailures(db, name, address, FAILURE_WINDOW_SECONDS)]);
  const passwordOk = await verifyPassword(user?.password_hash, input.password);

  const lockedUntil = (count: number, limit: number, last: Date | null) => (count >= limit && last ? last.getTime() + LOCK_SECONDS * 1000 : 0);
  const until = Math.max(
    lockedUntil(failures.byName, NAME_FAILURE_LIMIT, failures.lastNameFailure),
    lockedUntil(failures.byAddress, ADDRESS_FAILURE_LIMIT, failures.lastAddressFailure),
  );
  if (until > Date.now()) {
    // Not recorded as a failure: a locked name unlocks on time even while someone keeps trying.
    await appendAudit(db, { actor: name, action: 'session.refused-locked', details: { name, byName: failures.byName, byAddress: failures.byAddress }, address });
    return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil((until - Date.now()) / 1000) };
  }

  if (!user || !passwordOk || user.disabled_at !== null) {
    const why = !user ? 'unknown name' : user.disabled_at !== null ? 'account disabled' : 'wrong password';
    await db.transaction().execute(async (trx) => {
      await recordAttempt(trx, name, address, false);
      await appendAudit(trx, { actor: name, action: 'session.sign-in-failed', details: { name, reason: why }, address });
      if (failures.byName + 1 === NAME_FAILURE_LIMIT || failures.byAddress + 1 === ADDRESS_FAILURE_LIMIT) {
        await appendAudit(trx, { actor: name, action: 'session.locked', details: { name, byName: failures.byName + 1, byAddress: failures.byAddress + 1, seconds: LOCK_SECONDS }, address });
      }
    });
    return { ok: false, reason: 'wrong' };
  }

  const session = await startSession(db, config, user.id);
  await recordAttempt(db, name, address, true);
  await appendAudit(db, { actor: name, action: 'session.sign-in', details: { name }, address });
  return { ok: true, secret: session.secret, user: { name: user.name, role: user.role, districts: user.districts } };
}
