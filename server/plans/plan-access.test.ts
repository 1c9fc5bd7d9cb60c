import { describe, expect, it } from 'vitest';
import { type PlanCaller, canReadPlan, canWritePlan } from './plan-access';

const user = (role: 'viewer' | 'analyst' | 'editor' | 'admin', districts: string[] = []): PlanCaller => ({ kind: 'user', name: role, role, districts });
const D = 'E07000117';
const callers: Array<[string, PlanCaller, boolean]> = [
  ['anonymous', { kind: 'anonymous' }, false],
  ['import token', { kind: 'import-token', role: 'analyst' }, false],
  ['viewer', user('viewer', [D]), false],
  ['analyst', user('analyst', [D]), false],
  ['editor of another district', user('editor', ['E07000118']), false],
  ['editor of the district', user('editor', [D]), true],
  ['admin', user('admin'), true],
];

describe('plan permissions (issue 13)', () => {
  it.each(callers)('%s: writes %s', (_name, caller, writes) => {
    expect(canWritePlan(caller, D)).toBe(writes);
  });

  it.each(callers)('%s: sees published plans always, drafts only when it may write them', (_name, caller, writes) => {
    expect(canReadPlan(caller, { status: 'published', districtCode: D })).toBe(true);
    expect(canReadPlan(caller, { status: 'draft', districtCode: D })).toBe(writes);
  });
});
