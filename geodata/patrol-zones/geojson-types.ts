import type { BBox, Feature, FeatureCollection, MultiPolygon } from 'geojson';

// The shape of zonesToGeoJson's output (./export-geojson.ts) in the RFC 7946 types of
// @types/geojson: what GET /api/patrol-zones?format=json answers and the map draws.

/** A zone's properties, in the file's snake_case and fixed order. */
export interface PatrolZoneProperties {
  id: string;
  rank: number;
  districts: Array<{ code: string; name: string }>;
  incidents: number;
  incidents_by_category: Record<string, number>;
  /** Cambridge Crime Harm Index days. */
  harm: number;
  area_m2: number;
  cells: number;
  /** [lon, lat], degrees. */
  centroid: [number, number];
  /** Only when a weekly patrol budget was given. */
  visits_per_week?: number;
}

/** One zone: always a MultiPolygon, with its bbox. */
export type PatrolZoneFeature = Feature<MultiPolygon, PatrolZoneProperties> & { bbox?: BBox };

/** The collection, with the run's `metadata` foreign member (RFC 7946 §6.1). */
export type PatrolZoneCollection = FeatureCollection<MultiPolygon, PatrolZoneProperties> & {
  metadata: {
    area: string;
    period: { from: string; to: string };
    parameters: Record<string, unknown>;
    zones: number;
    dosage_rule?: string;
    source?: string;
    message?: string;
  };
};
