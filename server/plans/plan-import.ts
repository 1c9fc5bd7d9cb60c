import type { Transaction } from 'kysely';
import { type InputSrid, type PlanFeatureFields, checkGeometry, featuresOutsideDistrict, insertPlanFeature } from '../../db/plan-features';
import type { Database, PlanFeatureKind } from '../../db/schema';
import type { ImportIssue, ImportedFeature, PlanGeometryType } from '../../geodata/plan-geojson-import';
import { RESERVED_PROPERTIES, importedProperties } from './plan-schemas';

/** How far outside its district a feature may reach before the answer warns about it (metres). */
export const OUTSIDE_DISTRICT_WARNING_M = 1000;

const KIND_GEOMETRIES: Record<PlanFeatureKind, readonly PlanGeometryType[] | null> = {
  // Coverage measures priority areas by area, so they must be polygons.
  'priority-area': ['Polygon', 'MultiPolygon'],
  'intervention-site': ['Point'],
  route: ['LineString'],
  other: null,
};

/** Why a geometry type does not suit a kind, or null. */
export function kindGeometryIssue(kind: PlanFeatureKind, type: string): string | null {
  const allowed = KIND_GEOMETRIES[kind];
  return allowed && !allowed.includes(type as PlanGeometryType) ? `a ${kind} needs a ${allowed.join(' or ')} geometry, not ${type}` : null;
}

/** A new feature's fields from an imported feature's properties, or why not. */
export function importedFields(f: ImportedFeature): { fields: PlanFeatureFields } | { issue: ImportIssue } {
  const parsed = importedProperties.safeParse(f.properties);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { issue: { index: f.index, reason: `properties.${i.path.join('.')}: ${i.message}` } };
  }
  const { kind, name, description, leadPartner, funding, ...rest } = parsed.data;
  const mismatch = kindGeometryIssue(kind, f.geometry.type);
  if (mismatch) return { issue: { index: f.index, reason: mismatch } };
  const properties = Object.fromEntries(Object.entries(rest).filter(([k]) => !(RESERVED_PROPERTIES as readonly string[]).includes(k)));
  return { fields: { kind, name: name ?? `Imported feature ${f.index + 1}`, description, leadPartner, funding, properties } };
}

export interface ImportOutcome {
  featureIds: number[];
  /** Features whose geometry PostGIS found invalid and ST_MakeValid repaired (only with repair=true). */
  repaired: Array<{ index: number; featureId: number; reason: string }>;
  warnings: Array<{ index: number; featureId: number; detail: string }>;
}

/**
 * Checks every geometry with PostGIS and stores them all, inside the caller's transaction: any
 * issue is returned before anything is written, and the caller rolls back on it.
 */
export async function storeImportedFeatures(
  trx: Transaction<Database>, plan: { id: number; districtCode: string }, features: ReadonlyArray<{ index: number; geometry: unknown; fields: PlanFeatureFields }>,
  srid: InputSrid, repair: boolean, actor: string,
): Promise<{ issues: ImportIssue[] } | ImportOutcome> {
  const issues: ImportIssue[] = [];
  const verdicts = [];
  for (const f of features) {
    const check = await checkGeometry(trx, f.geometry, srid);
    if (!check.valid && !repair) issues.push({ index: f.index, reason: `invalid geometry: ${check.reason} (send ?repair=true to have PostGIS repair it)` });
    const changed = !check.valid && repair ? kindGeometryIssue(f.fields.kind, check.repairedType ?? '') : null;
    if (changed) issues.push({ index: f.index, reason: `invalid geometry: ${check.reason}; repaired it would be a ${check.repairedType}: ${changed}` });
    verdicts.push(check);
  }
  if (issues.length) return { issues };
  const outcome: ImportOutcome = { featureIds: [], repaired: [], warnings: [] };
  for (const [k, f] of features.entries()) {
    const id = await insertPlanFeature(trx, plan.id, f.fields, { geometry: f.geometry, srid, repair: !verdicts[k]!.valid }, actor);
    outcome.featureIds.push(id);
    if (!verdicts[k]!.valid) outcome.repaired.push({ index: f.index, featureId: id, reason: verdicts[k]!.reason });
  }
  const indexOf = new Map(outcome.featureIds.map((id, k) => [id, features[k]!.index]));
  for (const o of await featuresOutsideDistrict(trx, plan.districtCode, outcome.featureIds, OUTSIDE_DISTRICT_WARNING_M)) {
    outcome.warnings.push({ index: indexOf.get(o.id)!, featureId: o.id, detail: `reaches ${o.distance} m outside district ${plan.districtCode}` });
  }
  return outcome;
}

