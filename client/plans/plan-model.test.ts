import { describe, expect, it } from 'vitest';
import { AREA, ROUTE, SITE, plan } from '../test-support/plan-fixtures';
import { canEditDistrict, coverageFacts, featureFacts, fundingLabel, planChanges, plansByDistrict, toggleOverlay } from './plan-model';

describe('plan model', () => {
  it('lets admins and the district\'s editors edit, nobody else', () => {
    expect(canEditDistrict({ signedIn: true, role: 'admin', districts: [] }, 'E07000117')).toBe(true);
    expect(canEditDistrict({ signedIn: true, role: 'editor', districts: ['E07000117'] }, 'E07000117')).toBe(true);
    expect(canEditDistrict({ signedIn: true, role: 'editor', districts: ['E07000120'] }, 'E07000117')).toBe(false);
    expect(canEditDistrict({ signedIn: true, role: 'analyst', districts: ['E07000117'] }, 'E07000117')).toBe(false);
    expect(canEditDistrict({ signedIn: false }, 'E07000117')).toBe(false);
    expect(canEditDistrict(null, 'E07000117')).toBe(false);
  });

  it('says a feature\'s kind, partner and funding in pounds with its fund', () => {
    expect(fundingLabel({ amount: 25000, currency: 'GBP', fund: 'PCC Safer Streets' })).toBe('£25,000 from PCC Safer Streets');
    expect(featureFacts(AREA)).toEqual([['Kind', 'Priority area'], ['Name', 'Town centre'], ['Lead partner', 'CSP'], ['Funding', '£25,000 from PCC Safer Streets']]);
    expect(featureFacts(SITE)).toContainEqual(['Funding', 'none']);
  });

  it('groups plans by district name and keeps overlay ids sorted and unique', () => {
    const a = plan({ id: 1, districtCode: 'E07000120' });
    const b = plan({ id: 2, districtCode: 'E07000117' });
    const c = plan({ id: 3, districtCode: 'E07000120' });
    const names = new Map([['E07000117', 'Burnley'], ['E07000120', 'Hyndburn']]);
    expect(plansByDistrict([a, b, c], names).map((g) => [g.name, g.plans.map((p) => p.id)])).toEqual([['Burnley', [2]], ['Hyndburn', [1, 3]]]);
    expect(toggleOverlay([5, 2], 3, true)).toEqual([2, 3, 5]);
    expect(toggleOverlay([2, 3], 3, true)).toEqual([2, 3]);
    expect(toggleOverlay([2, 3], 2, false)).toEqual([3]);
  });

  it('says what another writer changed: plan fields, and features added, removed or changed', () => {
    const read = plan();
    const current = plan({
      version: 5, updatedBy: 'kim', title: 'Burnley plan 2025', priorities: ['Night-time economy', 'Knife crime'],
      features: [{ ...AREA, updatedAt: '2026-12-01T11:00:00.000Z' }, SITE, { ...ROUTE, id: 7, name: 'New route' }],
    });
    expect(planChanges(read, current)).toEqual([
      'Now version 5, last changed by kim:',
      'Title: “Burnley SV plan” → “Burnley plan 2025”',
      'Priorities: “Night-time economy” → “Night-time economy; Knife crime”',
      'Route “New route” added',
      'Route “Safe route home” removed',
      'Priority area “Town centre” changed',
    ]);
  });

  it('gives the coverage shares as percentages with their counts', () => {
    const facts = coverageFacts({
      period: { from: '2025-10', to: '2026-09' }, categories: [], cellSize: 200, warnings: [],
      hotCells: { total: 41, covered: 9, share: 0.219512 }, incidents: { total: 5120, covered: 1034, share: 0.201953 },
      harm: { total: 81234.5, covered: 17301.2, share: 0.212982 }, uncoveredHotCells: [],
    });
    expect(facts).toEqual([
      ['Period', 'Oct 2025 – Sept 2026'],
      ['Hot cells (Gi* 99 %) covered', '22% (9 of 41)'],
      ['Incidents covered', '20.2% (1,034 of 5,120)'],
      ['Harm covered', '21.3% (17,301 of 81,235 days)'],
    ]);
  });
});
