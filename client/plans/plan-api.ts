import type { ClientResponse } from 'hono/client';
import { ApiError, api, problemMessage, readJson } from '../api';
import type { Funding, PlanFeatureFields, PlanFeatureRow } from '../../db/plan-features';
import type { PlanFields, PlanRow } from '../../db/plans';
import type { PlanCoverage } from '../../server/plans/plan-coverage';

export type Plan = PlanRow;
export type PlanFeature = PlanFeatureRow;
export type { Funding, PlanCoverage, PlanFeatureFields, PlanFields };
/** A plan as GET /api/plans/:id answers it: with its features. */
export type PlanWithFeatures = Plan & { features: PlanFeature[] };
export type Geometry = PlanFeature['geometry'];

/** Who is signed in, as GET /api/session says: what the panel may offer (the server decides again). */
export interface Session {
  signedIn: boolean;
  name?: string;
  role?: 'viewer' | 'analyst' | 'editor' | 'admin';
  districts?: string[];
}

/**
 * A write refused because the plan moved on (412, or 409): the current version, so the panel can
 * fetch it, say what changed and offer to reload.
 */
export class StalePlanError extends ApiError {
  constructor(message: string, status: number, readonly currentVersion: number | null) {
    super(message, status);
  }
}

/** A problem answer naming features of an uploaded file: its detail and each `errors` entry in words. */
export class ImportProblem extends ApiError {
  constructor(message: string, status: number, readonly errors: Array<{ pointer?: string; detail?: string }>) {
    super(message, status);
  }
}

const UNREACHABLE = 'The server could not be reached. Check that hotspot-atlas is running.';
const ifMatch = (etag: string) => ({ headers: { 'if-match': etag } });

/** A write's answer: its JSON (none for 204) and the plan's new ETag; a stale version becomes StalePlanError. */
async function written<T>(request: Promise<Response | ClientResponse<unknown>>): Promise<{ body: T; etag: string }> {
  let response: Response;
  try {
    response = (await request) as Response;
  } catch {
    throw new ApiError(UNREACHABLE, 0);
  }
  const json = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : null;
  if (!response.ok) {
    const detail = problemMessage(json ?? {}, `${response.status} ${response.statusText}`);
    if (response.status === 412 || response.status === 409) throw new StalePlanError(detail, response.status, json?.currentVersion ?? null);
    if (Array.isArray(json?.errors) && json.errors.some((e: { pointer?: string }) => e.pointer)) throw new ImportProblem(json.detail ?? detail, response.status, json.errors);
    throw new ApiError(detail, response.status);
  }
  return { body: json as T, etag: response.headers.get('etag') ?? '' };
}

export async function fetchSession(): Promise<Session> {
  return (await readJson(api.session.$get())) as Session;
}

export function listPlans(signal?: AbortSignal): Promise<Plan[]> {
  return readJson(api.plans.$get({ query: {} }, { init: { signal } })) as Promise<Plan[]>;
}

/** One plan with its features and its ETag (the version every write must name). */
export async function fetchPlan(id: number, signal?: AbortSignal): Promise<{ plan: PlanWithFeatures; etag: string }> {
  const { body, etag } = await written<PlanWithFeatures>(api.plans[':id'].$get({ param: { id: String(id) }, query: {} }, { init: { signal } }));
  return { plan: body, etag };
}

export function createPlan(fields: Pick<PlanFields, 'districtCode' | 'title' | 'periodStart' | 'periodEnd'>) {
  return written<Plan>(api.plans.$post({ json: fields }));
}

export function updatePlan(id: number, etag: string, changes: Partial<Omit<PlanFields, 'districtCode'>>) {
  return written<Plan>(api.plans[':id'].$patch({ param: { id: String(id) }, json: changes }, ifMatch(etag)));
}

export function deletePlan(id: number, etag: string) {
  return written<null>(api.plans[':id'].$delete({ param: { id: String(id) } }, ifMatch(etag)));
}

type FeatureWrite = { planVersion: number; feature: PlanFeature; repaired: string | null; warnings: Array<{ featureId: number; detail: string }> };

export function addFeature(planId: number, etag: string, fields: PlanFeatureFields & { geometry: Geometry }) {
  return written<FeatureWrite>(api.plans[':id'].features.$post({ param: { id: String(planId) }, query: {}, json: fields as never }, ifMatch(etag)));
}

export function updateFeature(planId: number, featureId: number, etag: string, changes: Partial<PlanFeatureFields & { geometry: Geometry }>) {
  return written<FeatureWrite>(api.plans[':id'].features[':fid'].$patch({ param: { id: String(planId), fid: String(featureId) }, query: {}, json: changes as never }, ifMatch(etag)));
}

export function deleteFeature(planId: number, featureId: number, etag: string) {
  return written<null>(api.plans[':id'].features[':fid'].$delete({ param: { id: String(planId), fid: String(featureId) } }, ifMatch(etag)));
}

export type ImportAnswer = { planVersion: number; featureIds: number[]; repaired: Array<{ index: number; featureId: number; reason: string }>; warnings: Array<{ index: number; featureId: number; detail: string }> };

/** Uploads a GeoJSON file's text as it is: the server checks every feature and names those at fault. */
export function importFeatures(planId: number, etag: string, text: string, repair: boolean) {
  const request = fetch(`/api/plans/${planId}/features/import${repair ? '?repair=true' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/geo+json', 'if-match': etag },
    body: text,
  });
  return written<ImportAnswer>(request);
}

/** The download of the plan's features (RFC 7946), named by the server after the plan and version. */
export const planGeoJsonUrl = (id: number) => `/api/plans/${id}?format=geojson`;

export function fetchCoverage(id: number, filters: Record<string, string>, signal?: AbortSignal): Promise<PlanCoverage> {
  return readJson(api.plans[':id'].coverage.$get({ param: { id: String(id) }, query: filters }, { init: { signal } })) as Promise<PlanCoverage>;
}
