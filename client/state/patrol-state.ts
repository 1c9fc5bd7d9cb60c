import { CONFIDENCES, CONNECTIVITIES, type Confidence, type Connectivity, PATROL_DEFAULTS, PATROL_LIMITS as L, PATROL_RULES, type PatrolRule } from '../../common/patrol-rules';
import type { PatrolZoneCollection } from '../types';

export type { Connectivity, PatrolRule };

/**
 * Patrol planning parameters, mirrored to the URL beside the filters. Names and defaults match
 * GET /api/patrol-zones (both from common/patrol-rules.ts), so the URL value is the API value;
 * only the zone area is shown in km² in the form (the API and the URL take m²).
 */

export interface PatrolParams {
  rule: PatrolRule;
  /** Gi* confidence (%) for rule=hotspots. */
  confidence: Confidence;
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

export const DEFAULT_PATROL: PatrolParams = { ...PATROL_DEFAULTS, budgetHours: null };

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
  const connectivity = q.get('connectivity');
  // percent and budgetHours must be more than their minimum (0), the other limits are inclusive.
  const percent = numberIn(q.get('percent'), L.percent.min, L.percent.max, false);
  const budget = numberIn(q.get('budgetHours'), L.budgetHours.min, L.budgetHours.max, false);
  return {
    rule: (PATROL_RULES as readonly string[]).includes(rule ?? '') ? (rule as PatrolRule) : DEFAULT_PATROL.rule,
    confidence: (CONFIDENCES as readonly number[]).includes(confidence) ? (confidence as Confidence) : DEFAULT_PATROL.confidence,
    percent: percent !== null && percent > L.percent.min ? percent : DEFAULT_PATROL.percent,
    k: numberIn(q.get('k'), L.k.min, L.k.max, true) ?? DEFAULT_PATROL.k,
    connectivity: (CONNECTIVITIES as readonly string[]).includes(connectivity ?? '') ? (connectivity as Connectivity) : DEFAULT_PATROL.connectivity,
    maxZoneArea: numberIn(q.get('maxZoneArea'), L.maxZoneArea.min, L.maxZoneArea.max, false) ?? DEFAULT_PATROL.maxZoneArea,
    maxZones: numberIn(q.get('maxZones'), L.maxZones.min, L.maxZones.max, true) ?? DEFAULT_PATROL.maxZones,
    budgetHours: budget !== null && budget > L.budgetHours.min ? budget : null,
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
