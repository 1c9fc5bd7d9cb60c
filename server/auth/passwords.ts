import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's minimum (Password Storage Cheat Sheet): 19 MiB memory, 2 passes, 1 lane.
 * ~90 ms on one core here; the PHC string stores the parameters, so raising them later still
 * verifies old hashes.
 */
// Algorithm is an ambient const enum (not importable as a value here): 2 is its Argon2id.
const ARGON2ID = { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Why a password is refused, or null. Length only, as NCSC and NIST SP 800-63B advise. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

let dummy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown user, token-only account) it
 * verifies against a dummy hash all the same, so the answer takes as long either way and
 * timing does not tell which names exist.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword('dummy password for timing');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
