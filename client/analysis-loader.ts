import { ApiError, fetchAnalysis } from './api';
import type { RequestSequencer } from './controller/request-sequencer';
import { takeEarlyAnalysis } from './early-requests';
import { type PreparedAnalysis, prepareAnalysis } from './map/analysis-data';
import { type ViewState, analysisKey, analysisRequestQuery } from './state/view-state';
import type { AnalysisResponse } from './types';

/** Requests slower than this show the loading indicator. */
export const LOADING_DELAY_MS = 200;
const KEEP = 8;
/** The sequencer key of the analysis request. */
export const ANALYSIS_REQUEST = 'analysis';

export interface LoaderCallbacks {
  onLoading: (loading: boolean) => void;
  onResult: (analysis: PreparedAnalysis) => void;
  onError: (message: string, retry: () => void) => void;
}

/** How a view's analysis is fetched: the network by default, a fake in unit tests. */
export type AnalysisFetch = (state: ViewState, signal: AbortSignal) => Promise<AnalysisResponse>;

const fetchForView: AnalysisFetch = (state, signal) =>
  takeEarlyAnalysis(analysisKey(state)) ?? fetchAnalysis(state.mode, analysisRequestQuery(state), signal);

/**
 * Loads the analysis for a view: one request in flight (the sequencer aborts the older request
 * when the view changes), the last few results kept so back/forward redraws without a round trip.
 */
export class AnalysisLoader {
  private readonly cache = new Map<string, PreparedAnalysis>();

  constructor(
    private readonly requests: RequestSequencer,
    private readonly callbacks: LoaderCallbacks,
    private readonly fetchAnalysis: AnalysisFetch = fetchForView,
  ) {}

  async load(state: ViewState): Promise<void> {
    const key = analysisKey(state);
    const cached = this.cache.get(key);
    if (cached) {
      this.requests.cancel(ANALYSIS_REQUEST);
      this.callbacks.onLoading(false);
      this.callbacks.onResult(cached);
      return;
    }
    const timer = setTimeout(() => this.callbacks.onLoading(true), LOADING_DELAY_MS);
    const outcome = await this.requests.request(ANALYSIS_REQUEST, (signal) => this.fetchAnalysis(state, signal));
    clearTimeout(timer);
    // A newer view's request owns the indicator and the result.
    if (outcome.status === 'stale') return;
    this.callbacks.onLoading(false);
    let prepared: PreparedAnalysis;
    try {
      if (outcome.status === 'failed') throw outcome.error;
      prepared = prepareAnalysis(outcome.value);
    } catch (error) {
      const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
      return this.callbacks.onError(message, () => void this.load(state));
    }
    this.cache.set(key, prepared);
    if (this.cache.size > KEEP) this.cache.delete(this.cache.keys().next().value!);
    this.callbacks.onResult(prepared);
  }
}
