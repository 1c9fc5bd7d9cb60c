import { hc } from 'hono/client';
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
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** Reads a JSON body, turning an RFC 9457 problem (or a network failure) into a readable ApiError. */
export async function readJson<T>(request: Promise<Response & { json(): Promise<T> }>): Promise<T> {
  let response: Response & { json(): Promise<T> };
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
  return response.json();
}

export type AnalysisModeName = 'density' | 'hotspots' | 'emerging';

/** One analysis request; `signal` aborts it when the view changes again before it answers. */
export function fetchAnalysis(mode: AnalysisModeName, query: Record<string, string>, signal?: AbortSignal) {
  // The three routes share one response type; indexing by mode makes TypeScript lose it.
  return readJson<AnalysisResponse>(api.analysis[mode].$get({ query }, { init: { signal } }) as never);
}

/** Counts by category and month inside one analysis cell (BNG metres, half-open). */
export function fetchCellDetail(query: Record<string, string>) {
  return readJson(api['cell-detail'].$get({ query: query as never }));
}

/** The filtered incidents in a lon/lat box, one columnar entry per snap point; `signal` aborts a superseded view. */
export function fetchIncidentPoints(query: Record<string, string> & { bbox: string }, signal?: AbortSignal) {
  return readJson(api.incidents.points.$get({ query: query as never }, { init: { signal } }));
}

const query = (q: Record<string, string>) => new URLSearchParams(q).toString().replaceAll('%2C', ',');

/** Patrol zones for the preview (GeoJSON body, not a download); an empty result carries metadata.message. */
export function fetchPatrolZones(q: Record<string, string>, signal?: AbortSignal): Promise<PatrolZoneCollection> {
  return readJson<PatrolZoneCollection>(fetch(`/api/patrol-zones?${query({ ...q, format: 'json' })}`, { signal }) as never);
}

/** The download URL of the same zones: the server names the file after the area and period. */
export function patrolZonesUrl(q: Record<string, string>, format: 'geojson' | 'csv' | 'kml'): string {
  return `/api/patrol-zones?${query({ ...q, format })}`;
}

export function savePatrolZoneSet(q: Record<string, string>, name: string) {
  return readJson(api['patrol-zone-sets'].$post({ query: q as never, json: { name } }));
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

/** One district's profile (GET /api/districts/:code/profile); `url` from profileUrl in client/profiles/profile-model.ts. */
export function fetchProfile(url: string, signal?: AbortSignal): Promise<DistrictProfile> {
  return readJson<DistrictProfile>(fetch(url, { signal }) as never);
}

/** 2–4 districts side by side with the county reference (GET /api/compare); `url` from compareUrl. */
export function fetchCompare(url: string, signal?: AbortSignal): Promise<CompareResponse> {
  return readJson<CompareResponse>(fetch(url, { signal }) as never);
}
