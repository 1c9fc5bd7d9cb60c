import { type AnalysisFetch, AnalysisLoader } from '../analysis-loader';
import type { PreparedAnalysis } from '../map/analysis-data';
import type { LayerData } from '../map/build-layers';
import { type ViewState, analysisKey } from '../state/view-state';
import type { DistrictCollection } from '../types';
import { type Panel, PanelRegistry } from './panel-registry';
import { type RequestOutcome, RequestSequencer } from './request-sequencer';

/** The page's state for tests and screenshots: 'loading' → 'ready' (the current analysis drawn) or 'error'. */
export type AppState = 'loading' | 'ready' | 'error';

/** The DOM and map side the controller drives (page-view.ts in the page, a recording fake in tests). */
export interface PageView {
  /** Draws the layers, the legend and what else follows the data, for this view state. */
  draw(state: ViewState, data: LayerData): void;
  /** Render `serial` is on screen: the signals tests and the bench wait for. */
  drawn(serial: number, data: LayerData): void;
  appState(state: AppState): void;
  /** The loading indicator, shown only for slow requests. */
  busy(on: boolean): void;
  analysisLoaded(analysis: PreparedAnalysis): void;
  /** Offers `retry`, which loads the same view again. */
  analysisFailed(message: string, retry: () => void): void;
}

/** What the controller needs of the store (Store in the page). */
export interface ViewStore {
  get(): ViewState;
  subscribe(listener: (state: ViewState, previous: ViewState) => void): () => void;
}

/** Data that panels put on the map; districts and the analysis are the controller's own. */
export type PanelLayerData = Partial<Pick<LayerData, 'points' | 'patrol' | 'plans'>>;

/** District layers wait for the first analysis, or this long if it is slow or fails. */
export const DISTRICTS_FALLBACK_MS = 2000;

/**
 * Owns what the map draws (the layer data), whether the analysis is loading, and the sequencing of
 * every request (one RequestSequencer for all panels), apart from the DOM: the page attaches a
 * PageView once the map has loaded. Panels plug in with `addPanel` (synced with the view state,
 * opened on first show), fetch with `request(key, fn)`, and draw with `setData`.
 * docs/client-architecture.md shows a new panel built this way.
 */
export class AppController {
  readonly data: LayerData;
  private readonly requests = new RequestSequencer();
  private readonly panels = new PanelRegistry();
  private readonly analysis: AnalysisLoader;
  private view: PageView | null = null;
  private loading = false;
  private state: AppState = 'loading';
  /** Renders asked for, and the last one seen on screen: they differ while a render is on its way. */
  private pendingSerial = 0;
  private renderedSerial = 0;

  constructor(private readonly store: ViewStore, districts: DistrictCollection, fetchAnalysis?: AnalysisFetch) {
    this.data = { districts, analysis: null, points: null, patrol: null, districtsReady: false };
    this.analysis = new AnalysisLoader(
      this.requests,
      {
        onLoading: (on) => this.view?.busy(on),
        onResult: (analysis) => this.showAnalysis(analysis),
        onError: (message, retry) => this.analysisFailed(message, retry),
      },
      fetchAnalysis,
    );
    store.subscribe((state, previous) => this.follow(state, previous));
  }

  /** Runs `fn` as the newest request of `key`, aborting the previous one; see RequestSequencer. */
  request<T>(key: string, fn: (signal: AbortSignal) => Promise<T>): Promise<RequestOutcome<T>> {
    return this.requests.request(key, fn);
  }

  /** Abandons the request of `key` in flight: its answer will be 'stale'. */
  cancel(key: string): void {
    this.requests.cancel(key);
  }

  addPanel(panel: Panel): void {
    this.panels.add(panel, this.store.get());
  }

  /** Attaches the map side: from now on data is drawn, and the current view's analysis loads. */
  start(view: PageView): void {
    this.view = view;
    setTimeout(() => this.revealDistricts(), DISTRICTS_FALLBACK_MS);
    this.loadAnalysis();
  }

  /** A panel's data for the map (points, patrol zones; null clears), drawn at once. */
  setData(change: PanelLayerData): void {
    Object.assign(this.data, change);
    this.render();
  }

  /** The newest render not yet on screen, or null: the view asks after each deck.gl frame. */
  undrawnSerial(): number | null {
    return this.pendingSerial === this.renderedSerial ? null : this.pendingSerial;
  }

  /** Render `serial` is on screen: signal it, bring in the district layers, and say 'ready' once nothing loads. */
  frameShown(serial: number): void {
    this.renderedSerial = serial;
    this.view?.drawn(serial, this.data);
    // The analysis is on screen: now the district layers (ready only once they are drawn too).
    if (this.data.analysis && !this.data.districtsReady) return this.revealDistricts();
    if (!this.loading && this.state !== 'error') this.setAppState('ready');
  }

  private render(): void {
    if (!this.view) return;
    this.view.draw(this.store.get(), this.data);
    this.pendingSerial += 1;
  }

  private follow(state: ViewState, previous: ViewState): void {
    this.panels.update(state, previous);
    if (!this.view) return; // start() loads whatever the view is by then
    if (analysisKey(state) !== analysisKey(previous)) this.loadAnalysis();
    else this.render();
  }

  private loadAnalysis(): void {
    this.loading = true;
    this.setAppState('loading');
    void this.analysis.load(this.store.get());
  }

  // District outlines and names follow the first analysis (their shaders would delay it).
  private revealDistricts(): void {
    if (this.data.districtsReady) return;
    this.data.districtsReady = true;
    this.render();
  }

  private showAnalysis(analysis: PreparedAnalysis): void {
    this.loading = false;
    this.data.analysis = analysis;
    this.view?.analysisLoaded(analysis);
    this.render();
  }

  private analysisFailed(message: string, retry: () => void): void {
    this.loading = false;
    this.revealDistricts();
    this.setAppState('error');
    this.view?.analysisFailed(message, () => {
      this.loading = true;
      this.setAppState('loading');
      retry();
    });
  }

  private setAppState(state: AppState): void {
    this.state = state;
    this.view?.appState(state);
  }
}
