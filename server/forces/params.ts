import type { z } from 'zod';
import { analysisBaseSchema, checkFilterParameters } from '../analysis/params';

/** GET /api/forces/compare query: the analysis routes' incident filter, with the same checks. */
export const forceCompareQuerySchema = analysisBaseSchema
  .pick({ preset: true, categories: true, from: true, to: true })
  .superRefine(checkFilterParameters);
export type ForceCompareQuery = z.infer<typeof forceCompareQuerySchema>;
