import { describe, expect, it } from 'vitest';
import { CREDENTIAL_CACHE_MS, forgetCredentials, sessionOwners, tokenOwners } from './credential-cache';

const owner = { userId: 1, name: 'ada', role: 'admin' as const, districts: [] };

describe('credential cache', () => {
  it('keeps an owner at most CREDENTIAL_CACHE_MS, and never past the end it is given', () => {
    const now = 1_000_000;
    sessionOwners.set('long', owner, Number.POSITIVE_INFINITY, now);
    sessionOwners.set('ending', owner, now + 1_000, now);
    expect(sessionOwners.get('long', now + CREDENTIAL_CACHE_MS - 1)).toEqual(owner);
    expect(sessionOwners.get('long', now + CREDENTIAL_CACHE_MS)).toBeUndefined();
    expect(sessionOwners.get('ending', now + 999)).toEqual(owner);
    expect(sessionOwners.get('ending', now + 1_000)).toBeUndefined();
    sessionOwners.set('over', owner, now - 1, now);
    expect(sessionOwners.get('over', now)).toBeUndefined();
  });

  it('forgets one session, or every session and token at once', () => {
    sessionOwners.set('a', owner);
    sessionOwners.set('b', owner);
    tokenOwners.set('t', { ...owner, tokenId: 7 });
    sessionOwners.delete('a');
    expect(sessionOwners.get('a')).toBeUndefined();
    expect(sessionOwners.get('b')).toEqual(owner);
    forgetCredentials();
    expect(sessionOwners.get('b')).toBeUndefined();
    expect(tokenOwners.get('t')).toBeUndefined();
  });
});
