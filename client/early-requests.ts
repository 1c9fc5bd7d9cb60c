import { api, fetchAnalysis, readJson } from './api';
import { type ViewState, analysisKey, analysisRequestQuery, parseViewState } from './state/view-state';
import type { AnalysisResponse } from './types';

let early: { key: string; response: Promise<AnalysisResponse> } | null = null;

/**
 * Starts the analysis request of the page's first view before the map exists, so the server
 * computes while the page parses MapLibre and deck.gl, fetches its setup, builds the map and
 * compiles shaders. Called from boot.ts, the small entry that runs ahead of the big bundles.
 */
export function prefetchAnalysis(state: ViewState = parseViewState(location.search)): void {
  const response = fetchAnalysis(state.mode, analysisRequestQuery(state));
  response.catch(() => {}); // taken over (and its failure reported) by the first load
  early = { key: analysisKey(state), response };
}

const requestSetup = () => ({
  config: readJson(api.config.$get()),
  health: readJson(api.health.$get()),
  districts: readJson(api.districts.$get()),
});
let earlySetup: ReturnType<typeof requestSetup> | null = null;

/** The page's setup requests (config, health, districts), started with the analysis by boot.ts. */
export function prefetchSetup(): void {
  earlySetup = requestSetup();
  for (const request of Object.values(earlySetup)) request.catch(() => {}); // reported by takeSetup's caller
}

/** The setup answers: the early requests if started, else new ones. */
export function takeSetup(): ReturnType<typeof requestSetup> {
  const taken = earlySetup ?? requestSetup();
  earlySetup = null;
  return taken;
}

/** The early request if it is for this view (once): the loader's first load takes it over. */
export function takeEarlyAnalysis(key: string): Promise<AnalysisResponse> | null {
  const taken = early?.key === key ? early.response : null;
  early = null;
  return taken;
}
