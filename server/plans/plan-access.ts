import type { Context } from 'hono';
import { actorName, callerOf, canEditDistrict } from '../auth/caller';

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

/** The name the audit log records for the caller (the accounts rule). */
export const planActor = (caller: PlanCaller): string => actorName(caller);

/** Editors of the plan's district and admins write; nobody else (the accounts rule, canEditDistrict). */
export const canWritePlan = (caller: PlanCaller, districtCode: string): boolean => canEditDistrict(caller, districtCode);

/**
 * Published plans are for every viewer (whoever the route table lets read); drafts only for
 * those who may write them.
 */
export function canReadPlan(caller: PlanCaller, plan: { status: 'draft' | 'published'; districtCode: string }): boolean {
  return plan.status === 'published' || canWritePlan(caller, plan.districtCode);
}
