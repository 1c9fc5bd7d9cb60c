import type { PatrolZoneCollection } from '../types';

/**
 * Patrol planning parameters, mirrored to the URL beside the filters. Names and defaults match
 * GET /api/patrol-zones (server/patrol/params.ts), so the URL value is the API value; only the
 * zone area is shown in km² in the form (the API and the URL take m²).
 */
export type PatrolRule = 'hotspots' | 'top-harm-share' | 'top-cells';
export type Connectivity = 'rook' | 'queen';

export interface PatrolParams {
  rule: PatrolRule;
  /** Gi* confidence (%) for rule=hotspots. */
  confidence: 90 | 95 | 99;
  /** Top share of harm (%) for rule=top-harm-share, 0 < percent ≤ 100. */
  percent: number;
  /** Number of cells for rule=top-cells, 1–1000. */
  k: number;
  connectivity: Connectivity;
  /** Largest zone, m² (2,500 – 25,000,000). */
  maxZoneArea: number;
  maxZones: number;
  /** Weekly patrol budget in hours, or null for no dosage. */
  budgetHours: number | null;
}

export const DEFAULT_PATROL: PatrolParams = {
  rule: 'hotspots',
  confidence: 95,
  percent: 50,
  k: 20,
  connectivity: 'rook',
  maxZoneArea: 500_000,
  maxZones: 50,
  budgetHours: null,
};

const RULES: readonly PatrolRule[] = ['hotspots', 'top-harm-share', 'top-cells'];

function numberIn(value: string | null, min: number, max: number, integer: boolean): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) return null;
  return n;
}

/** Reads the patrol parameters from a URL query; malformed values fall back to the defaults. */
export function parsePatrol(q: URLSearchParams): PatrolParams {
  const rule = q.get('rule');
  const confidence = Number(q.get('confidence'));
  const percent = numberIn(q.get('percent'), 0, 100, false);
  const budget = numberIn(q.get('budgetHours'), 0, 10_000, false);
  return {
    rule: (RULES as readonly string[]).includes(rule ?? '') ? (rule as PatrolRule) : DEFAULT_PATROL.rule,
    confidence: confidence === 90 || confidence === 99 ? confidence : 95,
    percent: percent !== null && percent > 0 ? percent : DEFAULT_PATROL.percent,
    k: numberIn(q.get('k'), 1, 1000, true) ?? DEFAULT_PATROL.k,
    connectivity: q.get('connectivity') === 'queen' ? 'queen' : 'rook',
    maxZoneArea: numberIn(q.get('maxZoneArea'), 2500, 25_000_000, false) ?? DEFAULT_PATROL.maxZoneArea,
    maxZones: numberIn(q.get('maxZones'), 1, 500, true) ?? DEFAULT_PATROL.maxZones,
    budgetHours: budget !== null && budget > 0 ? budget : null,
  };
}

/**
 * The patrol parameters that differ from the defaults, as query members: written to the URL by
 * the store, and (with the rule's own parameter only) to the API query.
 */
export function patrolQuery(p: PatrolParams): Record<string, string> {
  const q: Record<string, string> = {};
  if (p.rule !== DEFAULT_PATROL.rule) q.rule = p.rule;
  if (p.rule === 'hotspots' && p.confidence !== DEFAULT_PATROL.confidence) q.confidence = String(p.confidence);
  if (p.rule === 'top-harm-share' && p.percent !== DEFAULT_PATROL.percent) q.percent = String(p.percent);
  if (p.rule === 'top-cells' && p.k !== DEFAULT_PATROL.k) q.k = String(p.k);
  if (p.connectivity !== DEFAULT_PATROL.connectivity) q.connectivity = p.connectivity;
  if (p.maxZoneArea !== DEFAULT_PATROL.maxZoneArea) q.maxZoneArea = String(p.maxZoneArea);
  if (p.maxZones !== DEFAULT_PATROL.maxZones) q.maxZones = String(p.maxZones);
  if (p.budgetHours !== null) q.budgetHours = String(p.budgetHours);
  return q;
}

/** m² → km² for the form, without float noise (0.5, not 0.49999999). */
export const toKm2 = (m2: number) => Number((m2 / 1e6).toPrecision(6));
/** km² from the form → whole m² for the API. */
export const toM2 = (km2: number) => Math.round(km2 * 1e6);

/**
 * Previewed zones with the one selected in the ranked table (flown to and highlighted on the map).
 * The selection is not in the URL: zone ids belong to one preview, and a new preview clears it.
 */
export interface PatrolPreview extends PatrolZoneCollection {
  selectedZoneId: string | null;
}

export function patrolPreview(zones: PatrolZoneCollection, selectedZoneId: string | null = null): PatrolPreview {
  return { ...zones, selectedZoneId: zones.features.some((f) => f.properties.id === selectedZoneId) ? selectedZoneId : null };
}

const drawOrder = new WeakMap<PatrolPreview, PatrolZoneCollection>();

/** The zones with the selected one last, so its outline is drawn over its neighbours' (one object per preview, for deck.gl's data diffing). */
export function zonesInDrawOrder(preview: PatrolPreview): PatrolZoneCollection {
  let ordered = drawOrder.get(preview);
  if (!ordered) {
    const id = preview.selectedZoneId;
    ordered = { ...preview, features: [...preview.features.filter((f) => f.properties.id !== id), ...preview.features.filter((f) => f.properties.id === id)] };
    drawOrder.set(preview, ordered);
  }
  return ordered;
}
