import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOADING_DELAY_MS } from '../analysis-loader';
import type { PreparedAnalysis } from '../map/analysis-data';
import { DEFAULT_STATE, type ViewState } from '../state/view-state';
import { DISTRICTS, PATROL_ZONES, densityResponse, hotspotsResponse } from '../test-support/layer-fixtures';
import type { AnalysisResponse } from '../types';
import { AppController, type AppState, DISTRICTS_FALLBACK_MS, type PageView, type ViewStore } from './app-controller';
import { patrolPreview } from '../state/patrol-state';

/** The store's contract without a window: get, subscribe, and update telling subscribers. */
class MemoryStore implements ViewStore {
  private listeners: Array<(state: ViewState, previous: ViewState) => void> = [];
  constructor(private state: ViewState = DEFAULT_STATE) {}
  get = () => this.state;
  subscribe(listener: (state: ViewState, previous: ViewState) => void) {
    this.listeners.push(listener);
    return () => {};
  }
  update(change: Partial<ViewState>) {
    const previous = this.state;
    this.state = { ...previous, ...change };
    for (const l of this.listeners) l(this.state, previous);
  }
}

/** Records what the controller asked the page to do. */
function recordingView() {
  const log = { draws: 0, states: [] as AppState[], busy: [] as boolean[], loaded: [] as PreparedAnalysis[], failures: [] as Array<{ message: string; retry: () => void }> };
  const view: PageView = {
    draw: () => void log.draws++,
    drawn: () => {},
    appState: (s) => void log.states.push(s),
    busy: (on) => void log.busy.push(on),
    analysisLoaded: (a) => void log.loaded.push(a),
    analysisFailed: (message, retry) => void log.failures.push({ message, retry }),
  };
  return { view, log };
}

/** A fake analysis endpoint: each request waits until the test answers it. */
function manualAnalysis() {
  const calls: Array<{ mode: string; signal: AbortSignal; answer: (r: AnalysisResponse) => void; fail: (e: Error) => void }> = [];
  const fetchAnalysis = (state: ViewState, signal: AbortSignal) =>
    new Promise<AnalysisResponse>((answer, fail) => calls.push({ mode: state.mode, signal, answer, fail }));
  return { calls, fetchAnalysis };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

/** Shows every render the controller asked for, as the overlay does after each frame. */
function showFrames(controller: AppController) {
  for (let serial = controller.undrawnSerial(); serial !== null; serial = controller.undrawnSerial()) controller.frameShown(serial);
}

describe('AppController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('draws the newest view: an older analysis answering last is ignored, and its request aborted', async () => {
    const store = new MemoryStore();
    const server = manualAnalysis();
    const controller = new AppController(store, DISTRICTS, server.fetchAnalysis);
    const { view, log } = recordingView();
    controller.start(view);
    store.update({ mode: 'density' });
    expect(server.calls.map((c) => c.mode)).toEqual(['hotspots', 'density']);
    expect(server.calls[0]!.signal.aborted).toBe(true);
    server.calls[1]!.answer(densityResponse());
    server.calls[0]!.answer(hotspotsResponse());
    await flush();
    expect(log.loaded.map((a) => a.response.analysis)).toEqual(['density']);
    expect(controller.data.analysis?.response.analysis).toBe('density');
  });

  it('says ready only once the analysis and then the district layers are on screen', async () => {
    const store = new MemoryStore();
    const server = manualAnalysis();
    const controller = new AppController(store, DISTRICTS, server.fetchAnalysis);
    const { view, log } = recordingView();
    controller.start(view);
    expect(log.states).toEqual(['loading']);
    await vi.advanceTimersByTimeAsync(LOADING_DELAY_MS);
    expect(log.busy).toEqual([true]);
    server.calls[0]!.answer(hotspotsResponse());
    await flush();
    expect(log.busy).toEqual([true, false]);
    expect(controller.data.districtsReady).toBe(false);
    // The first frame with the analysis brings in the district layers; the frame after it is 'ready'.
    controller.frameShown(controller.undrawnSerial()!);
    expect(controller.data.districtsReady).toBe(true);
    expect(log.states).toEqual(['loading']);
    controller.frameShown(controller.undrawnSerial()!);
    expect(log.states).toEqual(['loading', 'ready']);
    expect(controller.undrawnSerial()).toBeNull();
  });

  it('reports a failure with a retry that loads the same view again', async () => {
    const store = new MemoryStore();
    const server = manualAnalysis();
    const controller = new AppController(store, DISTRICTS, server.fetchAnalysis);
    const { view, log } = recordingView();
    controller.start(view);
    server.calls[0]!.fail(new Error('503 Service Unavailable'));
    await flush();
    expect(log.states).toEqual(['loading', 'error']);
    expect(log.failures.map((f) => f.message)).toEqual(['503 Service Unavailable']);
    // The districts are not held back by a failed analysis.
    expect(controller.data.districtsReady).toBe(true);
    showFrames(controller);
    expect(log.states.at(-1)).toBe('error');
    log.failures[0]!.retry();
    expect(log.states.at(-1)).toBe('loading');
    expect(server.calls.map((c) => c.mode)).toEqual(['hotspots', 'hotspots']);
    server.calls[1]!.answer(hotspotsResponse());
    await flush();
    showFrames(controller);
    expect(log.states.at(-1)).toBe('ready');
  });

  it('redraws without a request when only the drawing changes, and answers back/forward from its cache', async () => {
    const store = new MemoryStore();
    const server = manualAnalysis();
    const controller = new AppController(store, DISTRICTS, server.fetchAnalysis);
    const { view, log } = recordingView();
    controller.start(view);
    server.calls[0]!.answer(hotspotsResponse());
    await flush();
    const draws = log.draws;
    store.update({ hidden: ['districts'] });
    expect(log.draws).toBe(draws + 1);
    store.update({ mode: 'density' });
    server.calls[1]!.answer(densityResponse());
    await flush();
    store.update({ mode: 'hotspots' });
    await flush();
    expect(server.calls).toHaveLength(2);
    expect(controller.data.analysis?.response.analysis).toBe('hotspots');
  });

  it('draws panel data once started, and brings the districts in after a while if the analysis is slow', async () => {
    const store = new MemoryStore();
    const controller = new AppController(store, DISTRICTS, manualAnalysis().fetchAnalysis);
    const { view, log } = recordingView();
    controller.setData({ patrol: patrolPreview(PATROL_ZONES) });
    expect(log.draws).toBe(0);
    controller.start(view);
    controller.setData({ patrol: null });
    expect(log.draws).toBe(1);
    expect(controller.data.patrol).toBeNull();
    await vi.advanceTimersByTimeAsync(DISTRICTS_FALLBACK_MS);
    expect(controller.data.districtsReady).toBe(true);
    expect(log.draws).toBe(2);
  });

  it('syncs every panel on each change and opens a panel the first time its tab is shown, once', async () => {
    const store = new MemoryStore();
    const controller = new AppController(store, DISTRICTS, manualAnalysis().fetchAnalysis);
    const synced: string[] = [];
    const open = vi.fn();
    controller.addPanel({ tab: 'data', open, sync: (state) => void synced.push(state.tab) });
    expect(synced).toEqual(['analysis']);
    expect(open).not.toHaveBeenCalled();
    store.update({ tab: 'data' });
    store.update({ tab: 'analysis' });
    store.update({ tab: 'data' });
    expect(synced).toEqual(['analysis', 'data', 'analysis', 'data']);
    expect(open).toHaveBeenCalledTimes(1);
    // Added while its tab is already shown (a shared link): opened at once.
    const openNow = vi.fn();
    controller.addPanel({ tab: 'data', open: openNow });
    expect(openNow).toHaveBeenCalledTimes(1);
  });
});
