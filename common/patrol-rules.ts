// Patrol planning parameters of GET /api/patrol-zones: their values, limits and defaults, shared
// by the server's schema and the client's URL state (the URL value is the API value).

export const PATROL_RULES = ['hotspots', 'top-harm-share', 'top-cells'] as const;
export type PatrolRule = (typeof PATROL_RULES)[number];

/** Which cells touch: sharing an edge (rook) or also a corner (queen). */
export const CONNECTIVITIES = ['rook', 'queen'] as const;
export type Connectivity = (typeof CONNECTIVITIES)[number];

/** Gi* confidence levels (%) for rule=hotspots. */
export const CONFIDENCES = [90, 95, 99] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/**
 * Inclusive limits, except `percent` and `budgetHours`, which must be more than their `min`.
 * maxZoneArea is m²: one 50 m cell (2,500 m²) up to 25 km².
 */
export const PATROL_LIMITS = {
  percent: { min: 0, max: 100 },
  k: { min: 1, max: 1000 },
  maxZoneArea: { min: 2500, max: 25_000_000 },
  maxZones: { min: 1, max: 500 },
  budgetHours: { min: 0, max: 10_000 },
} as const;

export const PATROL_DEFAULTS = {
  rule: 'hotspots',
  confidence: 95,
  percent: 50,
  k: 20,
  connectivity: 'rook',
  maxZoneArea: 500_000,
  maxZones: 50,
} as const satisfies { rule: PatrolRule; confidence: Confidence; connectivity: Connectivity; [key: string]: unknown };
