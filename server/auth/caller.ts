import type { Context } from 'hono';
import type { Role } from '../../db/schema';

/**
 * Who sent a request, as resolved by the auth middleware. `via` says how: a browser session, a
 * personal API token, the shared IMPORT_TOKEN fallback (acts as an analyst), or nobody.
 */
export type Caller =
  | { kind: 'user'; via: 'session' | 'token'; userId: number; name: string; role: Role; districts: string[]; tokenId?: number }
  | { kind: 'import-token'; role: 'analyst' }
  | { kind: 'anonymous' };

const CALLER = 'caller';
const ADDRESS = 'clientAddress';

export function setCaller(c: Context, caller: Caller, address: string): void {
  c.set(CALLER as never, caller as never);
  c.set(ADDRESS as never, address as never);
}

/** The caller of this request (anonymous outside the auth middleware, e.g. in unit tests of a sub-app). */
export function callerOf(c: Context): Caller {
  return (c.get(CALLER as never) as Caller | undefined) ?? { kind: 'anonymous' };
}

export function clientAddressOf(c: Context): string {
  return (c.get(ADDRESS as never) as string | undefined) ?? 'unknown';
}

/** The part of a Caller that names it and scopes it to districts (what the plan rules read). */
export type CallerScope =
  | { kind: 'user'; name: string; role: Role; districts: readonly string[] }
  | { kind: 'import-token' }
  | { kind: 'anonymous' };

/** The name the audit log records for the caller. */
export function actorName(caller: CallerScope): string {
  if (caller.kind === 'user') return caller.name;
  if (caller.kind === 'import-token') return 'import-token';
  // The name audit rows have carried for open use since before accounts.
  return 'unauthenticated';
}

/** The audit actor and address of this request, for `appendAudit` / `writeAudit`. */
export function auditSource(c: Context): { actor: string; address: string } {
  return { actor: actorName(callerOf(c)), address: clientAddressOf(c) };
}

/**
 * Whether the caller may edit plans of `districtCode`: admins everywhere, editors in their
 * districts. Routes ruled `editor-of-district` let any editor through and call this once they
 * know the district the request touches (from the body, or the stored plan).
 */
export function canEditDistrict(caller: CallerScope, districtCode: string): boolean {
  if (caller.kind !== 'user') return false;
  return caller.role === 'admin' || (caller.role === 'editor' && caller.districts.includes(districtCode));
}
