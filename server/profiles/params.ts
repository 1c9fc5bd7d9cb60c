import { z } from 'zod';
import { analysisBaseSchema, checkFilterParameters } from '../analysis/params';
import { commaList, districtCodeParam } from '../validation';

/** The analysis routes' own filter parameters (and the cell size of the district's analysis). */
const filterShape = analysisBaseSchema.pick({ preset: true, categories: true, from: true, to: true, cellSize: true });
const formatParam = z.enum(['json', 'csv']).default('json');

/** Most districts a comparison shows side by side (the issue's 2–4). */
export const MAX_COMPARED = 4;

/** GET /api/districts/:code/profile query. */
export const profileQuerySchema = filterShape.extend({ format: formatParam }).superRefine(checkFilterParameters);
export type ProfileQuery = z.infer<typeof profileQuerySchema>;

export const profilePathSchema = z.object({ code: districtCodeParam });

/** GET /api/compare query: 2–4 distinct district codes. */
export const compareQuerySchema = filterShape
  .extend({
    districts: commaList(districtCodeParam)
      .refine((codes) => codes.length >= 2 && codes.length <= MAX_COMPARED, {
        error: (issue) => `give 2 to ${MAX_COMPARED} district codes; got ${(issue.input as string[]).length}`,
      })
      .refine((codes) => new Set(codes).size === codes.length, {
        error: (issue) => `each district once; repeated: ${[...new Set((issue.input as string[]).filter((c, i, all) => all.indexOf(c) !== i))].join(', ')}`,
      }),
    format: formatParam,
  })
  .superRefine(checkFilterParameters);
export type CompareQuery = z.infer<typeof compareQuerySchema>;

/** The filter part both routes share. */
export type ProfileFilterQuery = Pick<ProfileQuery, 'preset' | 'categories' | 'from' | 'to' | 'cellSize'>;
