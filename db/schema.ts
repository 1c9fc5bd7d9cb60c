import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The typed database. Geometry columns are opaque to TypeScript: they are written and read
 * only through PostGIS functions in the `sql` templates of the db/ modules (district-writer.ts,
 * incident-writer.ts, study-area.ts, …), never as raw values.
 */
export interface Database {
  districts: DistrictsTable;
  incidents: IncidentsTable;
  incident_counts: IncidentCountsTable;
  imports: ImportsTable;
  dataset_state: DatasetStateTable;
  police_api_progress: PoliceApiProgressTable;
  patrol_zone_sets: PatrolZoneSetsTable;
  audit_log: AuditLogTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  sign_in_attempts: SignInAttemptsTable;
  plans: PlansTable;
  plan_features: PlanFeaturesTable;
  police_force_areas: PoliceForceAreasTable;
}

type Geometry = ColumnType<never, never, never>;

/** Kinds of area a boundary file may load: local authority district, community safety partnership, ward, LSOA. */
export const DISTRICT_KINDS = ['lad', 'csp', 'ward', 'lsoa'] as const;
export type DistrictKind = (typeof DISTRICT_KINDS)[number];

/** Where an incident row came from. */
export type IncidentSource = 'police-csv' | 'police-api' | 'synthetic-demo';

/** What an imports row recorded: an incident source, or boundaries or populations. */
export type ImportSource = IncidentSource | 'boundaries' | 'population' | 'force-groups';

export type ImportStatus = 'running' | 'succeeded' | 'failed';

export interface DistrictsTable {
  code: string;
  name: string;
  kind: DistrictKind;
  geom: Geometry;
  geom_bng: Geometry;
  area_m2: number;
  population: number | null;
  population_year: number | null;
}

export interface IncidentsTable {
  id: Generated<string>;
  source: IncidentSource;
  /** police.uk Crime ID; null for anti-social behaviour rows, which police.uk publishes without one. */
  crime_id: string | null;
  /** First day of the month; police.uk publishes months, not dates. */
  month: ColumnType<Date, string, string>;
  category: string;
  force: string;
  location: string | null;
  lsoa_code: string | null;
  lsoa_name: string | null;
  outcome: string | null;
  geom: Geometry;
  geom_bng: Geometry;
  /** British National Grid metres, duplicated from geom_bng so grids bin on plain columns. */
  easting: number | null;
  northing: number | null;
  district_code: string | null;
  import_id: number | null;
}

/**
 * Located incidents per (district, month, category, force), kept equal to `incidents` by
 * statement-level triggers (migration 2026-12-02T1400-incident-counts): written only by them.
 */
export interface IncidentCountsTable {
  district_code: string;
  month: ColumnType<Date, never, never>;
  category: string;
  force: string;
  n: number;
}

export interface ImportsTable {
  id: Generated<number>;
  source: ImportSource;
  description: string;
  status: ImportStatus;
  started_at: Generated<Date>;
  finished_at: Date | null;
  rows_read: Generated<number>;
  rows_loaded: Generated<number>;
  rows_without_location: Generated<number>;
  rows_rejected: Generated<number>;
  report: ColumnType<unknown, string, string>;
}

/** A single row (id = 1): what is loaded, and a version every data change bumps (cache key). */
export interface DatasetStateTable {
  id: number;
  data_version: ColumnType<string, number | undefined, never>;
  synthetic: boolean;
  updated_at: Generated<Date>;
}

export type District = Selectable<DistrictsTable>;
export type NewImport = Insertable<ImportsTable>;

/** Areas fetched from the police.uk API and not yet loaded: lets an interrupted import resume. */
export interface PoliceApiProgressTable {
  /** force|district (or *) of the run. */
  run_key: string;
  month: string;
  /** The area's key: district code, then one quadrant digit (1–4) per subdivision; '*' marks a loaded month. */
  area_key: string;
  crimes: ColumnType<unknown, string, string>;
  fetched_at: Generated<Date>;
}

/** A saved patrol zone set: the exact files as exported, immutable (a trigger refuses updates). */
export interface PatrolZoneSetsTable {
  id: Generated<number>;
  name: string;
  created_by: string;
  created_at: Generated<Date>;
  /** The query string the zones were built from, as given to /api/patrol-zones. */
  query: string;
  zone_count: number;
  /** File name without extension, naming the area and period. */
  file_stem: string;
  geojson: string;
  csv: string;
  kml: string;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  actor: string;
  action: string;
  details: ColumnType<unknown, string, string>;
  /** The client address of the request that caused it; null for the CLI and older rows. */
  address: string | null;
}

export type Role = 'viewer' | 'analyst' | 'editor' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  /** Lower case; unique. */
  name: string;
  role: Role;
  /** District codes an editor edits the plans of; empty for every other role. */
  districts: ColumnType<string[], string[] | undefined, string[]>;
  /** argon2id PHC string; null: no password sign-in (tokens only). */
  password_hash: string | null;
  disabled_at: Date | null;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  /** sha256 (hex) of the cookie value. */
  id_hash: string;
  user_id: number;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  /** Absolute expiry; the idle limit is checked against last_seen_at. */
  expires_at: Date;
  revoked_at: Date | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  /** sha256 (hex) of the token. */
  token_hash: string;
  label: Generated<string>;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface SignInAttemptsTable {
  id: Generated<string>;
  at: Generated<Date>;
  /** The name as typed (lower case), whether or not such a user exists. */
  name: string;
  address: string;
  succeeded: boolean;
}

export type User = Selectable<UsersTable>;
export type PlanStatus = 'draft' | 'published';
export const PLAN_FEATURE_KINDS = ['priority-area', 'intervention-site', 'route', 'other'] as const;
export type PlanFeatureKind = (typeof PLAN_FEATURE_KINDS)[number];

/** A district's serious violence plan; `version` goes up by one on every change to it or its features. */
export interface PlansTable {
  id: Generated<number>;
  district_code: string;
  title: string;
  /** First and last month, YYYY-MM. */
  period_start: string;
  period_end: string;
  status: PlanStatus;
  summary: string;
  priorities: ColumnType<unknown, string, string>;
  owner_contact: string;
  version: Generated<number>;
  created_at: Generated<Date>;
  created_by: string;
  updated_at: Generated<Date>;
  updated_by: string;
}

/** A drawn or imported feature of a plan: geometry in WGS84 and the same in BNG. */
export interface PlanFeaturesTable {
  id: Generated<number>;
  plan_id: number;
  kind: PlanFeatureKind;
  name: string;
  description: string;
  lead_partner: string | null;
  /** `{ amount, currency: "GBP", fund }` or null. */
  funding: ColumnType<unknown, string | null, string | null>;
  properties: ColumnType<unknown, string, string>;
  geom: Geometry;
  geom_bng: Geometry;
  created_at: Generated<Date>;
  created_by: string;
  updated_at: Generated<Date>;
  updated_by: string;
}

/** An ONS police force area (PFA) boundary, kept apart from districts (no incident is assigned to it). */
export interface PoliceForceAreasTable {
  /** ONS PFA code, e.g. E23000003. */
  code: string;
  name: string;
  /** police.uk force id (incidents.force), e.g. lancashire; null where police.uk publishes no such force. */
  force_id: string | null;
  geom: Geometry;
  geom_bng: Geometry;
  area_m2: number;
  /** PFA codes of the Home Office "most similar group" the user loaded; empty until then. */
  most_similar: ColumnType<string[], string[] | undefined, string[]>;
}
