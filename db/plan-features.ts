import { type Kysely, type RawBuilder, type Transaction, sql } from 'kysely';
import { jsonb } from './json-param';
import type { Database, PlanFeatureKind } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

/** EPSG codes a plan geometry may arrive in. */
export type InputSrid = 4326 | 27700;

export interface Funding { amount: number; currency: 'GBP'; fund: string }

export interface PlanFeatureFields {
  kind: PlanFeatureKind;
  name: string;
  description: string;
  leadPartner: string | null;
  funding: Funding | null;
  properties: Record<string, unknown>;
}

export interface PlanFeatureRow extends PlanFeatureFields {
  id: number;
  planId: number;
  /** GeoJSON geometry in WGS84, 6 decimals, exterior rings counter-clockwise (RFC 7946). */
  geometry: { type: string; coordinates: unknown };
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** A GeoJSON geometry (2-D, structurally checked by the caller) as WGS84 PostGIS geometry. */
function geometryExpr(geometry: unknown, srid: InputSrid, repair: boolean): RawBuilder<unknown> {
  const g = sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}::text), ${sql.lit(srid)})`;
  const wgs84 = srid === 4326 ? g : sql`ST_Transform(${g}, 4326)`;
  return repair ? sql`ST_MakeValid(${wgs84})` : wgs84;
}

export interface GeometryCheck {
  valid: boolean;
  /** ST_IsValidReason's words. */
  reason: string;
  /** The GeoJSON type ST_MakeValid would make of an invalid geometry (a repair may change it); null when valid. */
  repairedType: string | null;
}

/** PostGIS's verdict on a geometry, before anything is stored. */
export async function checkGeometry(db: Db, geometry: unknown, srid: InputSrid): Promise<GeometryCheck> {
  const { rows } = await sql<{ valid: boolean; reason: string; repaired: string | null }>`
    select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason,
           case when ST_IsValid(g) then null else ST_AsGeoJSON(ST_MakeValid(g), 0)::json->>'type' end as repaired
    from (select ${geometryExpr(geometry, srid, false)} as g) s`.execute(db);
  const r = rows[0]!;
  return { valid: r.valid, reason: r.reason, repairedType: r.repaired };
}

// PostGIS 3.3's ST_ForcePolygonCCW reverses a LineString too (3.6's does not): only polygons go through it.
const SELECT = sql`select id, plan_id, kind, name, description, lead_partner, funding, properties,
    ST_AsGeoJSON(case when ST_Dimension(geom) = 2 then ST_ForcePolygonCCW(geom) else geom end, 6) as geojson,
    created_at, created_by, updated_at, updated_by
  from plan_features`;

type Raw = { id: number; plan_id: number; kind: PlanFeatureKind; name: string; description: string; lead_partner: string | null; funding: unknown; properties: unknown; geojson: string; created_at: Date; created_by: string; updated_at: Date; updated_by: string };

/** A plan's features in id order (the export's order). */
export async function listPlanFeatures(db: Db, planId: number): Promise<PlanFeatureRow[]> {
  const { rows } = await sql<Raw>`${SELECT} where plan_id = ${planId} order by id`.execute(db);
  return rows.map(toRow);
}

export async function getPlanFeature(db: Db, planId: number, id: number): Promise<PlanFeatureRow | undefined> {
  const { rows } = await sql<Raw>`${SELECT} where plan_id = ${planId} and id = ${id}`.execute(db);
  return rows[0] && toRow(rows[0]);
}

export interface GeometryInput { geometry: unknown; srid: InputSrid; repair: boolean }

export async function insertPlanFeature(db: Db, planId: number, f: PlanFeatureFields, g: GeometryInput, actor: string): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    insert into plan_features (plan_id, kind, name, description, lead_partner, funding, properties, geom, geom_bng, created_by, updated_by)
    select ${planId}, ${f.kind}, ${f.name}, ${f.description}, ${f.leadPartner}, ${f.funding === null ? null : jsonb(f.funding)},
           ${jsonb(f.properties)}, g, ST_Transform(g, 27700), ${actor}, ${actor}
    from (select ${geometryExpr(g.geometry, g.srid, g.repair)} as g) s
    returning id`.execute(db);
  return rows[0]!.id;
}

export async function updatePlanFeature(db: Db, planId: number, id: number, f: Partial<PlanFeatureFields>, g: GeometryInput | undefined, actor: string): Promise<void> {
  const sets = [sql`updated_at = now()`, sql`updated_by = ${actor}`];
  if (f.kind !== undefined) sets.push(sql`kind = ${f.kind}`);
  if (f.name !== undefined) sets.push(sql`name = ${f.name}`);
  if (f.description !== undefined) sets.push(sql`description = ${f.description}`);
  if (f.leadPartner !== undefined) sets.push(sql`lead_partner = ${f.leadPartner}`);
  if (f.funding !== undefined) sets.push(sql`funding = ${f.funding === null ? null : jsonb(f.funding)}`);
  if (f.properties !== undefined) sets.push(sql`properties = ${jsonb(f.properties)}`);
  if (g) {
    const geom = geometryExpr(g.geometry, g.srid, g.repair);
    sets.push(sql`geom = ${geom}`, sql`geom_bng = ST_Transform(${geom}, 27700)`);
  }
  await sql`update plan_features set ${sql.join(sets)} where plan_id = ${planId} and id = ${id}`.execute(db);
}

export async function deletePlanFeature(db: Db, planId: number, id: number): Promise<void> {
  await sql`delete from plan_features where plan_id = ${planId} and id = ${id}`.execute(db);
}

/**
 * Of the given features, those reaching more than `metres` outside the district's boundary,
 * with how far their farthest vertex lies from it (metres, BNG, rounded).
 */
export async function featuresOutsideDistrict(db: Db, districtCode: string, ids: readonly number[], metres: number): Promise<Array<{ id: number; distance: number }>> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: number; distance: number }>`
    select f.id, round((select max(ST_Distance((p).geom, d.geom_bng)) from ST_DumpPoints(f.geom_bng) p)::numeric)::float8 as distance
    from plan_features f, districts d
    where d.code = ${districtCode} and f.id in (${sql.join([...ids])})
      and not ST_Covers(ST_Buffer(d.geom_bng, ${metres}::float8), f.geom_bng)
    order by f.id`.execute(db);
  return rows;
}

function toRow(r: Raw): PlanFeatureRow {
  return {
    id: r.id, planId: r.plan_id, kind: r.kind, name: r.name, description: r.description, leadPartner: r.lead_partner,
    funding: (r.funding ?? null) as Funding | null, properties: (r.properties ?? {}) as Record<string, unknown>,
    geometry: JSON.parse(r.geojson), createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by,
    updatedAt: new Date(r.updated_at).toISOString(), updatedBy: r.updated_by,
  };
}
