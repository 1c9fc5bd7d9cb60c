import type { PlanFeatureRow } from '../../db/plan-features';
import type { PlanRow } from '../../db/plans';

/**
 * A plan as an RFC 7946 FeatureCollection: WGS84, 6 decimals and counter-clockwise exteriors
 * (both from PostGIS, see db/plan-features.ts), the plan's metadata in a top-level `plan` member
 * (RFC 7946 §6.1 foreign member). Built only from stored values in a fixed key order, so the same
 * version always gives the same bytes.
 */
export function planToGeoJson(plan: PlanRow, features: readonly PlanFeatureRow[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    plan: {
      id: plan.id, districtCode: plan.districtCode, title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd,
      status: plan.status, summary: plan.summary, priorities: plan.priorities, ownerContact: plan.ownerContact,
      version: plan.version, updatedAt: plan.updatedAt, updatedBy: plan.updatedBy,
    },
    features: features.map((f) => ({
      type: 'Feature',
      id: f.id,
      geometry: f.geometry,
      properties: { kind: f.kind, name: f.name, description: f.description, leadPartner: f.leadPartner, funding: f.funding, ...sortedKeys(f.properties) },
    })),
  });
}

/** jsonb does not keep key order the same on every backend: sort, so bytes do not depend on it. */
function sortedKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}
