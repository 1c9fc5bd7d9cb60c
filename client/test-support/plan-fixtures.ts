import type { PlanFeature, PlanWithFeatures } from '../plans/plan-api';

/** A feature as GET /api/plans/:id answers it, for the unit tests. */
export function feature(id: number, kind: PlanFeature['kind'], geometry: PlanFeature['geometry'], change: Partial<PlanFeature> = {}): PlanFeature {
  return {
    id, planId: 1, kind, name: `Feature ${id}`, description: '', leadPartner: null, funding: null, properties: {}, geometry,
    createdAt: '2026-12-01T10:00:00.000Z', createdBy: 'ed', updatedAt: '2026-12-01T10:00:00.000Z', updatedBy: 'ed', ...change,
  };
}

export const AREA = feature(1, 'priority-area', { type: 'Polygon', coordinates: [[[-2.25, 53.78], [-2.24, 53.78], [-2.24, 53.79], [-2.25, 53.78]]] }, { name: 'Town centre', leadPartner: 'CSP', funding: { amount: 25000, currency: 'GBP', fund: 'PCC Safer Streets' } });
export const SITE = feature(2, 'intervention-site', { type: 'Point', coordinates: [-2.245, 53.785] }, { name: 'Youth hub' });
export const ROUTE = feature(3, 'route', { type: 'LineString', coordinates: [[-2.25, 53.78], [-2.24, 53.79]] }, { name: 'Safe route home' });

export function plan(change: Partial<PlanWithFeatures> = {}): PlanWithFeatures {
  return {
    id: 1, districtCode: 'E07000117', title: 'Burnley SV plan', periodStart: '2025-04', periodEnd: '2026-03', status: 'draft', summary: '', priorities: ['Night-time economy'],
    ownerContact: 'csp@example.org', version: 3, createdAt: '2026-12-01T10:00:00.000Z', createdBy: 'ed', updatedAt: '2026-12-01T10:00:00.000Z', updatedBy: 'ed',
    features: [AREA, SITE, ROUTE], ...change,
  };
}
