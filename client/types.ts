import type { InferResponseType } from 'hono/client';
import type { api } from './api';

export type Health = InferResponseType<typeof api.health.$get>;
export type DistrictCollection = InferResponseType<typeof api.districts.$get>;
export type IncidentSummary = InferResponseType<typeof api.incidents.summary.$get, 200>;
export type AnalysisResponse = InferResponseType<typeof api.analysis.hotspots.$get, 200>;
