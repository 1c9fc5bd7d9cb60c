import { z } from 'zod';
import { analysisBaseSchema, checkAnalysisQuery } from '../analysis/params';

/** GET /api/patrol-zones: the analysis filters plus the selection rule and limits. */
export const patrolQuerySchema = analysisBaseSchema
  .omit({ format: true, smoothing: true, bandwidth: true, timeSteps: true })
  .extend({
    rule: z.enum(['hotspots', 'top-harm-share', 'top-cells']).default('hotspots'),
    confidence: z.enum(['90', '95', '99'], { error: 'must be 90, 95 or 99' }).default('95').transform(Number).pipe(z.union([z.literal(90), z.literal(95), z.literal(99)])),
    percent: z.coerce.number().gt(0, 'must be more than 0').max(100, 'must be at most 100').default(50),
    k: z.coerce.number().int().min(1).max(1000).default(20),
    connectivity: z.enum(['rook', 'queen']).default('rook'),
    maxZoneArea: z.coerce.number().min(2500, 'must be at least 2500 m² (one 50 m cell)').max(25_000_000, 'must be at most 25 km²').default(500_000),
    maxZones: z.coerce.number().int().min(1).max(500).default(50),
    budgetHours: z.coerce.number().gt(0, 'must be more than 0').max(10_000).optional(),
    rankBy: z.enum(['harm', 'incidents']).default('harm'),
    format: z.enum(['json', 'geojson', 'csv', 'kml']).default('json'),
  })
  .superRefine(checkAnalysisQuery);

export type PatrolQuery = z.infer<typeof patrolQuerySchema>;
