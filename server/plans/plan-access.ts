import type { Context } from 'hono';
import { callerOf } from '../auth/caller';

/**
 * Who sent a request, as far as plans care: the part of the auth middleware's Caller
 * (server/auth/caller.ts) the rules below read, so tests can state callers briefly.
 */
export type PlanCaller =
  | { kind: 'user'; name: string; role: 'viewer' | 'analyst' | 'editor' | 'admin'; districts: string[] }
  | { kind: 'import-token'; role: 'analyst' }
  | { kind: 'anonymous' };

/** The caller of this request; anonymous when no auth middleware ran. */
export function planCallerOf(c: Context): PlanCaller {
  return callerOf(c);
}

/** The name the audit log records for the caller. */
export function planActor(caller: PlanCaller): string {
  if (caller.kind === 'user') return caller.name;
  return caller.kind === 'import-token' ? 'import-token' : 'unauthenticated';
}

/** Editors of the plan's district and admins write; nobody else (issue 13, from the accounts rules). */
export function canWritePlan(caller: PlanCaller, districtCode: string): boolean {
  if (caller.kind !== 'user') return false;
  return caller.role === 'admin' || (caller.role === 'editor' && caller.districts.includes(districtCode));
}

/**
 * Published plans are for every viewer (whoever the route table lets read); drafts only for
 * those who may write them.
 */
export function canReadPlan(caller: PlanCaller, plan: { status: 'draft' | 'published'; districtCode: string }): boolean {
  return plan.status === 'published' || canWritePlan(caller, plan.districtCode);
}
