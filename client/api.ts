import { hc } from 'hono/client';
import type { AppType } from '../server/app';
import type { AnalysisResponse } from './types';

/** All network calls go through this typed client (types from the server's routes). */
export const api = hc<AppType>('/api');

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** Reads a JSON body, turning an RFC 9457 problem (or a network failure) into a readable ApiError. */
export async function readJson<T>(request: Promise<Response & { json(): Promise<T> }>): Promise<T> {
  let response: Response & { json(): Promise<T> };
  try {
    response = await request;
  } catch {
    throw new ApiError('The server could not be reached. Check that hotspot-atlas is running.', 0);
  }
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      const problem = (await response.json()) as { title?: string; detail?: string };
      detail = problem.detail ?? problem.title ?? detail;
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
