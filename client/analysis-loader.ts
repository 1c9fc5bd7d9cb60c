import { ApiError, fetchAnalysis } from './api';
import { takeEarlyAnalysis } from './early-requests';
import { type PreparedAnalysis, prepareAnalysis } from './map/analysis-data';
import { type ViewState, analysisKey, analysisRequestQuery } from './state/view-state';

/** Requests slower than this show the loading indicator. */
export const LOADING_DELAY_MS = 200;
const KEEP = 8;

export interface LoaderCallbacks {
  onLoading: (loading: boolean) => void;
  onResult: (analysis: PreparedAnalysis) => void;
  onError: (message: string, retry: () => void) => void;
}

/**
 * Loads the analysis for a view: one request in flight (a newer view aborts the older request),
 * the last few results kept so back/forward redraws without a round trip.
 */
export class AnalysisLoader {
  private controller: AbortController | null = null;
  private readonly cache = new Map<string, PreparedAnalysis>();

  constructor(private readonly callbacks: LoaderCallbacks) {}

  async load(state: ViewState): Promise<void> {
    const key = analysisKey(state);
    this.controller?.abort();
    const cached = this.cache.get(key);
    if (cached) {
      this.callbacks.onLoading(false);
      this.callbacks.onResult(cached);
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    const timer = setTimeout(() => this.callbacks.onLoading(true), LOADING_DELAY_MS);
    try {
      const early = takeEarlyAnalysis(key);
      const response = await (early ?? fetchAnalysis(state.mode, analysisRequestQuery(state), controller.signal));
      if (controller.signal.aborted) return;
      const prepared = prepareAnalysis(response);
      this.cache.set(key, prepared);
      if (this.cache.size > KEEP) this.cache.delete(this.cache.keys().next().value!);
      this.callbacks.onResult(prepared);
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
      this.callbacks.onError(message, () => void this.load(state));
    } finally {
      clearTimeout(timer);
      if (this.controller === controller) {
        this.controller = null;
        this.callbacks.onLoading(false);
      }
    }
  }
}
