import { DISTRICT_CODE_PATTERN, MONTH_PATTERN, isCellSize, monthsInOrder } from '../../common/filter-rules';
import { CATEGORY_SLUGS, PRESETS, type CategorySlug, type PresetName } from '../../geodata/categories';
import { DEFAULT_PATROL, type PatrolParams, parsePatrol, patrolQuery } from './patrol-state';
import { monthsBetween } from '../../geodata/months';

export type AnalysisMode = 'density' | 'hotspots' | 'emerging';
export const ANALYSIS_MODES: readonly AnalysisMode[] = ['density', 'hotspots', 'emerging'];
export type Weighting = 'counts' | 'harm';
export type LayerKey = 'analysis' | 'districts' | 'points';
export const LAYER_KEYS: readonly LayerKey[] = ['analysis', 'districts', 'points'];
/** The side panel's page: the analysis filters, patrol planning, what data is loaded, a district's profile or a comparison. */
export type PanelTab = 'analysis' | 'patrol' | 'data' | 'profile' | 'compare' | 'plans';
export const PANEL_TABS: readonly PanelTab[] = ['analysis', 'patrol', 'data', 'profile', 'compare', 'plans'];
/** GET /api/compare takes 2–4 districts. */
export const MAX_COMPARED = 4;

/** Cell sizes offered in the controls (metres); the server accepts any whole number in CELL_SIZE_M. */
export const CELL_SIZES = [100, 150, 200, 250, 500, 1000, 2000] as const;

/**
 * Everything that defines the view except the camera (which MapLibre keeps in `#map=`).
 * `preset` and `categories` are exclusive: a preset wins; no preset and no categories means all.
 */
export interface ViewState {
  mode: AnalysisMode;
  preset: PresetName | null;
  categories: CategorySlug[];
  /** 'YYYY-MM' or null for the first/last month loaded. */
  from: string | null;
  to: string | null;
  /** District codes; empty means all districts. */
  districts: string[];
  /** Metres, or null for the server's default rule. */
  cellSize: number | null;
  weighting: Weighting;
  /** Density mode only: draw the server's kernel density surface (smoothing=kde) instead of classed cells. */
  heatmap: boolean;
  /** Layers switched off (so the default, all on, needs nothing in the URL). */
  hidden: LayerKey[];
  /** Patrol planning parameters (URL keys as in GET /api/patrol-zones). */
  patrol: PatrolParams;
  tab: PanelTab;
  /** The district whose profile the Profile page shows (URL `profile`). */
  profile: string | null;
  /** The compared districts in the order shown (URL `compare`): at most MAX_COMPARED, no repeats. */
  compare: string[];
  /** The plan open in the Plans page (URL `plan`), by id. */
  plan: number | null;
  /** The plans whose overlays are on the map (URL `plans`), in ascending id order. */
  planOverlays: number[];
}

export const DEFAULT_STATE: ViewState = {
  mode: 'hotspots',
  preset: null,
  categories: [],
  from: null,
  to: null,
  districts: [],
  cellSize: null,
  weighting: 'counts',
  heatmap: false,
  hidden: [],
  patrol: DEFAULT_PATROL,
  tab: 'analysis',
  profile: null,
  compare: [],
  plan: null,
  planOverlays: [],
};

function list(value: string | null): string[] {
  return (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
}

/** A plan id from the URL: a positive whole number, else null. */
function planId(value: string | null): number | null {
  return value && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : null;
}

/**
 * Reads a view from a URL query string. Unknown or malformed values fall back to the defaults
 * (a hand-edited or old link still opens), and the server validates again.
 */
export function parseViewState(search: string): ViewState {
  const q = new URLSearchParams(search);
  const mode = q.get('mode');
  const preset = q.get('preset');
  const cellSize = Number(q.get('cellSize'));
  const from = q.get('from');
  const to = q.get('to');
  const state: ViewState = {
    mode: (ANALYSIS_MODES as readonly string[]).includes(mode ?? '') ? (mode as AnalysisMode) : DEFAULT_STATE.mode,
    preset: preset && preset in PRESETS ? (preset as PresetName) : null,
    categories: list(q.get('categories')).filter((c): c is CategorySlug => (CATEGORY_SLUGS as readonly string[]).includes(c)),
    from: from && MONTH_PATTERN.test(from) ? from : null,
    to: to && MONTH_PATTERN.test(to) ? to : null,
    districts: list(q.get('districts')).filter((d) => DISTRICT_CODE_PATTERN.test(d)),
    cellSize: isCellSize(cellSize) ? cellSize : null,
    weighting: q.get('weighting') === 'harm' ? 'harm' : 'counts',
    heatmap: q.get('style') === 'heatmap',
    hidden: list(q.get('hide')).filter((l): l is LayerKey => (LAYER_KEYS as readonly string[]).includes(l)),
    patrol: parsePatrol(q),
    tab: (PANEL_TABS as readonly string[]).includes(q.get('panel') ?? '') ? (q.get('panel') as PanelTab) : DEFAULT_STATE.tab,
    profile: DISTRICT_CODE_PATTERN.test(q.get('profile') ?? '') ? q.get('profile') : null,
    // The order is the panels' order on screen, so it is kept (not sorted like `districts`).
    compare: [...new Set(list(q.get('compare')).filter((d) => DISTRICT_CODE_PATTERN.test(d)))].slice(0, MAX_COMPARED),
    plan: planId(q.get('plan')),
    planOverlays: [...new Set(list(q.get('plans')).map(planId).filter((id): id is number => id !== null))].sort((a, b) => a - b),
  };
  if (state.preset) state.categories = [];
  if (!monthsInOrder(state.from, state.to)) [state.from, state.to] = [state.to, state.from];
  return state;
}

/** Writes a view as a query string, leaving defaults out so links stay short. Inverse of parseViewState. */
export function serializeViewState(state: ViewState): string {
  const q = new URLSearchParams();
  if (state.mode !== DEFAULT_STATE.mode) q.set('mode', state.mode);
  if (state.preset) q.set('preset', state.preset);
  else if (state.categories.length) q.set('categories', state.categories.join(','));
  if (state.from) q.set('from', state.from);
  if (state.to) q.set('to', state.to);
  if (state.districts.length) q.set('districts', [...state.districts].sort().join(','));
  if (state.cellSize) q.set('cellSize', String(state.cellSize));
  if (state.weighting !== 'counts') q.set('weighting', state.weighting);
  if (state.heatmap) q.set('style', 'heatmap');
  if (state.hidden.length) q.set('hide', [...state.hidden].sort().join(','));
  for (const [key, value] of Object.entries(patrolQuery(state.patrol))) q.set(key, value);
  if (state.tab !== DEFAULT_STATE.tab) q.set('panel', state.tab);
  if (state.profile) q.set('profile', state.profile);
  if (state.compare.length) q.set('compare', state.compare.join(','));
  if (state.plan !== null) q.set('plan', String(state.plan));
  if (state.planOverlays.length) q.set('plans', [...state.planOverlays].sort((a, b) => a - b).join(','));
  return q.toString().replaceAll('%2C', ',');
}

/** The analysis API's query for a view: only what changes the analysis (not layer visibility). */
export function analysisQuery(state: ViewState): Record<string, string> {
  const q: Record<string, string> = {};
  if (state.preset) q.preset = state.preset;
  else if (state.categories.length) q.categories = state.categories.join(',');
  if (state.from) q.from = state.from;
  if (state.to) q.to = state.to;
  if (state.districts.length) q.districts = [...state.districts].sort().join(',');
  if (state.cellSize) q.cellSize = String(state.cellSize);
  if (state.weighting !== 'counts') q.weighting = state.weighting;
  return q;
}

/** The analysis request of a view: its filters, plus the kernel density surface for a density heatmap. */
export function analysisRequestQuery(state: ViewState): Record<string, string> {
  const q = analysisQuery(state);
  if (state.mode === 'density' && state.heatmap) q.smoothing = 'kde';
  return q;
}

/** The incident-points API's filters for a view (the analysis filters that select incidents). */
export function pointsQuery(state: ViewState): Record<string, string> {
  const { cellSize: _cellSize, weighting: _weighting, ...filters } = analysisQuery(state);
  return filters;
}

/** The patrol-zone API's query for a view: the analysis filters plus the patrol parameters. */
export function patrolZoneQuery(state: ViewState): Record<string, string> {
  return { ...analysisQuery(state), ...patrolQuery(state.patrol) };
}

/** A key that changes exactly when the analysis request changes. */
export function analysisKey(state: ViewState): string {
  return `${state.mode}?${new URLSearchParams(analysisRequestQuery(state)).toString()}`;
}

/** The categories a view analyses, for labels and legends. */
export function selectedCategories(state: ViewState): readonly CategorySlug[] {
  if (state.preset) return PRESETS[state.preset].categories;
  return state.categories.length ? state.categories : CATEGORY_SLUGS;
}

export { monthsBetween };

export function monthLabel(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year!, m! - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}
