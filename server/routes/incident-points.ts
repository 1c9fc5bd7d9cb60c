import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_POINTS_AREA_KM2, boxAreaKm2 } from '../../common/points-area';
import { incidentPoints } from '../../db/incident-points';
import { type AnalysisQuery, analysisBaseSchema, categoriesOf, checkFilterParameters } from '../analysis/params';
import type { AppDeps } from '../deps';
import { assertKnownDistricts, numberParam, validate } from '../validation';

/** Most snap points in one answer; beyond it the busiest are sent and `truncated` is true. */
export const MAX_POINT_LOCATIONS = 20_000;

const pointsQuerySchema = analysisBaseSchema
  .pick({ preset: true, categories: true, from: true, to: true, districts: true })
  .extend({
    bbox: analysisBaseSchema.shape.bbox.unwrap(),
    limit: numberParam(z.number().int('must be a whole number').min(1).max(MAX_POINT_LOCATIONS, `must be at most ${MAX_POINT_LOCATIONS}`)).default(MAX_POINT_LOCATIONS),
  })
  .superRefine((q, ctx) => {
    checkFilterParameters(q, ctx);
    const area = boxAreaKm2(q.bbox);
    if (area > MAX_POINTS_AREA_KM2) {
      ctx.addIssue({ code: 'custom', path: ['bbox'], message: `covers ${Math.round(area)} km²; points are served for at most ${MAX_POINTS_AREA_KM2} km² (zoom in to street level, or use the density analysis)` });
    }
  });

const CAVEAT = 'police.uk locations are anonymised snap points: an incident is "on or near" the point, not at an address.';

/**
 * GET /api/incidents/points?bbox=minLon,minLat,maxLon,maxLat&preset|categories&from&to&districts:
 * the filtered incidents in the view, one entry per snap point, columnar (docs/analysis-api.md).
 */
export function incidentPointRoutes({ database }: AppDeps) {
  return new Hono().get('/', validate('query', pointsQuerySchema), async (c) => {
    const q = c.req.valid('query');
    await assertKnownDistricts(database.db, q.districts);
    const categories = categoriesOf(q as Pick<AnalysisQuery, 'preset' | 'categories'>);
    const points = await incidentPoints(database.db, {
      filter: { from: q.from, to: q.to, categories, districts: q.districts },
      bbox: q.bbox,
      limit: q.limit,
    });
    return c.json({
      bbox: q.bbox,
      parameters: { preset: q.preset ?? null, categories, from: q.from ?? null, to: q.to ?? null, districts: q.districts ?? [], limit: q.limit },
      locations: points.count.length,
      ...points,
      caveat: CAVEAT,
    });
  });
}
