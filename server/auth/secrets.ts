import { createHash, randomBytes } from 'node:crypto';

/** A new session id or API token: 32 random bytes, base64url; `prefix` makes tokens recognisable in leaks and logs. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * What is stored for a session id or token: its sha256 (hex). The secrets are 256-bit random,
 * so a fast hash suffices (no dictionary to guess from), and lookups stay an index probe.
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export const TOKEN_PREFIX = 'hsa_';
