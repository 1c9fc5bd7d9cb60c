import type { InferResponseType } from 'hono/client';
import type { api } from './api';

export type Health = InferResponseType<typeof api.health.$get>;
export type DistrictCollection = InferResponseType<typeof api.districts.$get>;
export type IncidentSummary = InferResponseType<typeof api.incidents.summary.$get, 200>;
export type AnalysisResponse = InferResponseType<typeof api.analysis.hotspots.$get, 200>;

/** One zone of GET /api/patrol-zones?format=json (the GeoJSON export's feature, RFC 7946). */
export interface PatrolZoneFeature {
  type: 'Feature';
  bbox?: [number, number, number, number];
  geometry: { type: 'MultiPolygon'; coordinates: Array<Array<Array<[number, number]>>> };
  properties: {
    id: string;
    rank: number;
    districts: Array<{ code: string; name: string }>;
    incidents: number;
    incidents_by_category: Record<string, number>;
    harm: number;
    area_m2: number;
    cells: number;
    centroid: [number, number];
    visits_per_week?: number;
  };
}

export interface PatrolZoneCollection {
  type: 'FeatureCollection';
  bbox?: [number, number, number, number];
  metadata: {
    area: string;
    period: { from: string; to: string };
    parameters: Record<string, unknown>;
    zones: number;
    dosage_rule?: string;
    source?: string;
    message?: string;
  };
  features: PatrolZoneFeature[];
}

export type PatrolZoneSet = InferResponseType<(typeof api)['patrol-zone-sets']['$get']>[number];

/** GET /api/incidents/points: the filtered incidents in a view, one columnar entry per snap point. */
export type IncidentPoints = InferResponseType<typeof api.incidents.points.$get, 200>;
