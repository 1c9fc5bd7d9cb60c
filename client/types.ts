import type { InferResponseType } from 'hono/client';
import type { api } from './api';

export type Health = InferResponseType<typeof api.health.$get>;
export type DistrictCollection = InferResponseType<typeof api.districts.$get>;
export type IncidentSummary = InferResponseType<typeof api.incidents.summary.$get, 200>;
export type DensityResponse = InferResponseType<typeof api.analysis.density.$get, 200>;
export type HotspotResponse = InferResponseType<typeof api.analysis.hotspots.$get, 200>;
export type EmergingResponse = InferResponseType<typeof api.analysis.emerging.$get, 200>;
/** One analysis answer: narrow on `analysis` to read that kind's cells, summary and parameters. */
export type AnalysisResponse = DensityResponse | HotspotResponse | EmergingResponse;

/** GET /api/patrol-zones?format=json: the GeoJSON export (RFC 7946), typed from @types/geojson. */
export type { PatrolZoneCollection, PatrolZoneFeature } from '../geodata/patrol-zones/geojson-types';

export type PatrolZoneSet = InferResponseType<(typeof api)['patrol-zone-sets']['$get']>[number];

/** GET /api/incidents/points: the filtered incidents in a view, one columnar entry per snap point. */
export type IncidentPointsResponse = InferResponseType<typeof api.incidents.points.$get, 200>;
/**
 * The street layer's snap points: the points JSON's shape, assembled by the client from the
 * view's snap-point tiles (client/map/snap-point-tiles.ts). Tiles have no row limit (`limit`)
 * and carry no caveat text; `truncated` means only part of a very large view was loaded.
 */
export type IncidentPoints = Omit<IncidentPointsResponse, 'parameters' | 'caveat'> & { parameters: Omit<IncidentPointsResponse['parameters'], 'limit'> };
