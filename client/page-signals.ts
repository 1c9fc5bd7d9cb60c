import type { AppState } from './controller/app-controller';
import type { LayerData } from './map/build-layers';

// What browser tests and the bench read from the page (data attributes on <body>, performance marks).
// Kept in one place so a refactor of the page cannot drop one unnoticed.

/** `data-app-state`: 'loading' → 'ready' (the current analysis drawn) or 'error'. */
export function signalAppState(state: AppState): void {
  document.body.dataset.appState = state;
}

/** A render is on screen: `data-layer-rendered` counts renders, with what they drew. */
export function signalDrawn(serial: number, data: LayerData): void {
  document.body.dataset.layerRendered = String(serial);
  // The bench reads this: time from navigation to the first analysis on screen.
  if (data.analysis && performance.getEntriesByName('analysis-rendered').length === 0) performance.mark('analysis-rendered');
  if (data.analysis) document.body.dataset.analysisMode = data.analysis.response.analysis;
  // Tests wait for this: how many snap-point markers are drawn ('none' when zoomed out).
  document.body.dataset.points = data.points ? String(data.points.locations) : 'none';
}

/** The bench: when the first analysis answer arrived (before it is drawn). */
export function markAnalysisReceived(): void {
  if (performance.getEntriesByName('analysis-received').length === 0) performance.mark('analysis-received');
}

/** Tests wait for this: the map has stopped on the patrol zone and drawn it. */
export function signalPatrolShown(zoneId: string): void {
  document.body.dataset.patrolShown = zoneId;
}
