/**
 * A few seconds' memory of live sessions and tokens, so a signed-in map (dozens of requests a
 * second) does not pay a database round trip per request for the same answer. Only live owners
 * are kept (an unknown or dead credential is always looked up), never longer than the session's
 * own absolute or idle end. Revocation in this process is immediate: sign-out, disabling a user,
 * changing a role and revoking tokens go through db/ functions that forget the affected entries.
 * Another process (the CLI beside a running server, a second server) cannot reach this memory: its
 * changes take effect here within CREDENTIAL_CACHE_MS at most.
 */
import type { CredentialOwner } from './sessions';

export const CREDENTIAL_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  until: number;
}

class CredentialCache<T> {
  readonly #entries = new Map<string, Entry<T>>();

  get(key: string, now = Date.now()): T | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > now) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Keeps `value` until `until` (ms since the epoch), capped at CREDENTIAL_CACHE_MS from now. */
  set(key: string, value: T, until = Number.POSITIVE_INFINITY, now = Date.now()): void {
    const end = Math.min(until, now + CREDENTIAL_CACHE_MS);
    if (end <= now) return;
    // Oldest first: a flood of distinct credentials can only push out the oldest entries.
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, until: end });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** Keyed by the stored hash (sha256 of 256 random bits): unique across databases in one process. */
export const sessionOwners = new CredentialCache<CredentialOwner>();
export const tokenOwners = new CredentialCache<CredentialOwner & { tokenId: number }>();

/**
 * Forgets every cached session and token. Called by the db/ functions that change who may do
 * what, and again by callers after a transaction holding such a change commits (a lookup between
 * the change and the commit still sees, and could cache, the old row).
 */
export function forgetCredentials(): void {
  sessionOwners.clear();
  tokenOwners.clear();
}
