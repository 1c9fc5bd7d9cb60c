import { type ClientResponse, hc } from 'hono/client';
import type { ResponseFormat } from 'hono/types';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '../server/app';
import type { AnalysisResponse, PatrolZoneCollection, PatrolZoneSet } from './types';

/** All network calls go through this typed client (types from the server's routes). */
export const api = hc<AppType>('/api');

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** The readable message of an RFC 9457 problem body: its detail, naming each parameter at fault. */
export function problemMessage(problem: { title?: string; detail?: string; errors?: Array<{ parameter?: string; pointer?: string; detail?: string }> }, fallback: string): string {
  const errors = problem.errors ?? [];
  if (errors.length > 1) return errors.map((e) => `${e.parameter ?? e.pointer ?? ''}: ${e.detail ?? ''}`).join('; ');
  return problem.detail ?? problem.title ?? fallback;
}

const UNREACHABLE = 'The server could not be reached. Check that hotspot-atlas is running.';
// No token: a signed-in analyst's session cookie authenticates the request instead.
const bearer = (token: string) => (token ? { headers: { authorization: `Bearer ${token}` } } : {});

/** The JSON body a typed client response has when it succeeds (2xx), from the route's types (downloads and 304s have none). */
export type OkBody<R> = R extends ClientResponse<infer T, infer S, infer F> ? (S extends SuccessStatusCode ? (F extends 'json' ? T : never) : never) : never;

/** Awaits a response, turning an RFC 9457 problem (or a network failure) into a readable ApiError. */
async function okResponse<R extends Response | ClientResponse<unknown, number, ResponseFormat>>(request: Promise<R>): Promise<R> {
  let response: R;
  try {
    response = await request;
  } catch {
    throw new ApiError(UNREACHABLE, 0);
  }
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      detail = problemMessage((await response.json()) as Parameters<typeof problemMessage>[0], detail);
    }
    throw new ApiError(detail, response.status);
  }
  return response;
}

/** Reads a JSON body, with the failures okResponse reports. */
export async function readJson<R extends ClientResponse<unknown, number, ResponseFormat>>(request: Promise<R>): Promise<OkBody<R>> {
  return (await (await okResponse(request)).json()) as OkBody<R>;
}

/** Reads a binary body (a vector tile), with the failures okResponse reports. */
async function readBytes(request: Promise<ClientResponse<unknown, number, ResponseFormat>>): Promise<Uint8Array> {
  return new Uint8Array(await (await okResponse(request)).arrayBuffer());
}

export type AnalysisModeName = 'density' | 'hotspots' | 'emerging';

/** One analysis request; `signal` aborts it when the view changes again before it answers. */
export function fetchAnalysis(mode: AnalysisModeName, query: Record<string, string>, signal?: AbortSignal): Promise<AnalysisResponse> {
  // One call per route (not api.analysis[mode]): each keeps its own result type, and their union is the answer.
  const init = { init: { signal } };
  switch (mode) {
    case 'density':
      return readJson(api.analysis.density.$get({ query }, init));
    case 'hotspots':
      return readJson(api.analysis.hotspots.$get({ query }, init));
    case 'emerging':
      return readJson(api.analysis.emerging.$get({ query }, init));
  }
}

/** The cell-detail filters: a BNG box (metres, half-open) plus any analysis filters. */
export type CellDetailQuery = Record<string, string> & { minX: string; minY: string; maxX: string; maxY: string };

/** Counts by category and month inside one analysis cell. */
export function fetchCellDetail(query: CellDetailQuery) {
  return readJson(api['cell-detail'].$get({ query }));
}

/** The filtered incidents in a lon/lat box, one columnar entry per snap point; `signal` aborts a superseded view. */
export function fetchIncidentPoints(query: Record<string, string> & { bbox: string }, signal?: AbortSignal) {
  return readJson(api.incidents.points.$get({ query }, { init: { signal } }));
}

/**
 * One snap-point vector tile of the filtered incidents (layer `snap-points`); empty when the tile
 * holds none. The browser's cache revalidates it by ETag (`no-cache`), so a refetch after an
 * import is a 304 until the data changes.
 */
export function fetchSnapPointTile(tile: { z: number; x: number; y: number }, query: Record<string, string>, signal?: AbortSignal): Promise<Uint8Array> {
  const param = { z: String(tile.z), x: String(tile.x), y: `${tile.y}.mvt` };
  return readBytes(api.tiles['snap-points'][':z'][':x'][':y'].$get({ param, query }, { init: { signal } }));
}

const query = (q: Record<string, string>) => new URLSearchParams(q).toString().replaceAll('%2C', ',');

/** Patrol zones for the preview (GeoJSON body, not a download); an empty result carries metadata.message. */
export function fetchPatrolZones(q: Record<string, string>, signal?: AbortSignal): Promise<PatrolZoneCollection> {
  return readJson(api['patrol-zones'].$get({ query: { ...q, format: 'json' } }, { init: { signal } }));
}

/** The download URL of the same zones: the server names the file after the area and period. */
export function patrolZonesUrl(q: Record<string, string>, format: 'geojson' | 'csv' | 'kml'): string {
  return `/api/patrol-zones?${query({ ...q, format })}`;
}

export function savePatrolZoneSet(q: Record<string, string>, name: string) {
  return readJson(api['patrol-zone-sets'].$post({ query: q, json: { name } }));
}

export function listPatrolZoneSets(): Promise<PatrolZoneSet[]> {
  return readJson(api['patrol-zone-sets'].$get());
}

export function patrolZoneSetUrl(id: number, format: 'geojson' | 'csv' | 'kml'): string {
  return `/api/patrol-zone-sets/${id}?format=${format}`;
}

/** What is loaded (by force, month and district) and the latest imports with their reports. */
export function fetchDataStatus() {
  return readJson(api['data-status'].$get({ query: { imports: '10' } }));
}

export interface ImportReport {
  file?: string;
  force?: string;
  month?: string;
  status?: string;
  error?: string | null;
  [key: string]: unknown;
}

/**
 * POST /api/imports with the analyst's token. A 200 or a 422 carrying reports (a file failed,
 * nothing lost) answers the reports; any other failure throws its problem detail.
 */
export async function uploadImport(form: FormData, token: string): Promise<{ ok: boolean; reports: ImportReport[] }> {
  let response: Response;
  try {
    response = await fetch('/api/imports', { method: 'POST', body: form, ...bearer(token) });
  } catch {
    throw new ApiError(UNREACHABLE, 0);
  }
  const body = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : {};
  if (Array.isArray(body.reports)) return { ok: response.ok, reports: body.reports };
  throw new ApiError(problemMessage(body, `${response.status} ${response.statusText}`), response.status);
}

export type PoliceApiJob = import('../server/import/import-jobs').PoliceApiJobView;

/** Who is signed in (GET /api/session): the Data page and the admin links ask it once. */
export function fetchSession() {
  return readJson(api.session.$get());
}

/** The audit log's filters and paging, as GET /api/audit-log takes them (all optional but limit). */
export type AuditQuery = Record<string, string> & { limit: string };

/** One page of the audit log, newest first (admins only: others get a 403 problem). */
export function fetchAuditLog(query: AuditQuery, signal?: AbortSignal) {
  return readJson(api['audit-log'].$get({ query }, { init: { signal } }));
}

/** The CSV download of the same filters (the browser sends the session cookie with the link). */
export function auditLogCsvUrl(query: Record<string, string>): string {
  return `/api/audit-log?${new URLSearchParams({ ...query, format: 'csv' }).toString()}`;
}

/** Starts the police.uk API import job (202 with its first progress); a problem names the field at fault. */
export function startPoliceApiImport(body: { force: string; from: string; to: string; district?: string; replaceDemo?: boolean }, token: string) {
  return readJson(api.imports['police-api'].$post({ json: body }, bearer(token)));
}

/** The job's progress, and its month reports once it has stopped. */
export function fetchImportJob(id: string, token: string) {
  return readJson(api.imports.jobs[':id'].$get({ param: { id } }, bearer(token)));
}

export function cancelImportJob(id: string, token: string) {
  return readJson(api.imports.jobs[':id'].cancel.$post({ param: { id } }, bearer(token)));
}

export type DistrictProfile = import('../server/profiles/types').DistrictProfile;
export type CompareResponse = import('../server/profiles/types').CompareResponse;

/** One district's profile (GET /api/districts/:code/profile); `filters` from profileFilters in client/profiles/profile-model.ts. */
export function fetchProfile(code: string, filters: Record<string, string>, signal?: AbortSignal): Promise<DistrictProfile> {
  return readJson(api.districts[':code'].profile.$get({ param: { code }, query: filters }, { init: { signal } })) as Promise<DistrictProfile>;
}

export type ForceCompareResponse = import('../server/forces/types').ForceCompareResponse;

/** Every police force loaded, its rates and ranks (GET /api/forces/compare); `filters` as fetchProfile's. */
export function fetchForceCompare(filters: Record<string, string>, signal?: AbortSignal): Promise<ForceCompareResponse> {
  const { from, to, preset, categories } = filters;
  const query = Object.fromEntries(Object.entries({ from, to, preset, categories }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return readJson(api.forces.compare.$get({ query }, { init: { signal } })) as Promise<ForceCompareResponse>;
}

/** 2–4 districts side by side with the county reference (GET /api/compare). */
export function fetchCompare(districts: readonly string[], filters: Record<string, string>, signal?: AbortSignal): Promise<CompareResponse> {
  return readJson(api.compare.$get({ query: { ...filters, districts: districts.join(',') } }, { init: { signal } })) as Promise<CompareResponse>;
}
