import { z } from 'zod';
import { CONFIDENCES, CONNECTIVITIES, type Confidence, PATROL_DEFAULTS, PATROL_LIMITS as L, PATROL_RULES } from '../../common/patrol-rules';
import { analysisBaseSchema, checkAnalysisQuery } from '../analysis/params';
import { numberParam } from '../validation';

/** GET /api/patrol-zones: the analysis filters plus the selection rule and limits. */
export const patrolQuerySchema = analysisBaseSchema
  .omit({ format: true, smoothing: true, bandwidth: true, timeSteps: true })
  .extend({
    rule: z.enum(PATROL_RULES).default(PATROL_DEFAULTS.rule),
    confidence: z
      .enum(CONFIDENCES.map(String) as [string, ...string[]], { error: `must be ${CONFIDENCES.slice(0, -1).join(', ')} or ${CONFIDENCES.at(-1)}` })
      .default(String(PATROL_DEFAULTS.confidence))
      .transform((v) => Number(v) as Confidence),
    percent: numberParam(z.number().gt(L.percent.min, `must be more than ${L.percent.min}`).max(L.percent.max, `must be at most ${L.percent.max}`)).default(PATROL_DEFAULTS.percent),
    k: numberParam(z.number().int().min(L.k.min).max(L.k.max)).default(PATROL_DEFAULTS.k),
    connectivity: z.enum(CONNECTIVITIES).default(PATROL_DEFAULTS.connectivity),
    maxZoneArea: numberParam(
      z
        .number()
        .min(L.maxZoneArea.min, `must be at least ${L.maxZoneArea.min} m² (one 50 m cell)`)
        .max(L.maxZoneArea.max, `must be at most ${L.maxZoneArea.max / 1e6} km²`),
    ).default(PATROL_DEFAULTS.maxZoneArea),
    maxZones: numberParam(z.number().int().min(L.maxZones.min).max(L.maxZones.max)).default(PATROL_DEFAULTS.maxZones),
    budgetHours: numberParam(z.number().gt(L.budgetHours.min, `must be more than ${L.budgetHours.min}`).max(L.budgetHours.max)).optional(),
    rankBy: z.enum(['harm', 'incidents']).default('harm'),
    format: z.enum(['json', 'geojson', 'csv', 'kml']).default('json'),
  })
  .superRefine(checkAnalysisQuery);

export type PatrolQuery = z.infer<typeof patrolQuerySchema>;
