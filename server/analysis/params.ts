import { z } from 'zod';
import { CELL_SIZE_M, FROM_AFTER_TO_RULE, monthsInOrder } from '../../common/filter-rules';
import { CATEGORY_SLUGS, type CategorySlug, PRESETS, type PresetName } from '../../geodata/categories';
import { categoryParam, commaList, decimalText, districtCodeParam, monthParam, numberParam } from '../validation';

/** Above this many cells a request is refused (400) rather than risking memory and time. */
export const MAX_CELLS = 250_000;
/** Above this many (cell × month) bins an emerging analysis is refused. */
export const MAX_CUBE_BINS = 3_000_000;
/**
 * Largest harm weight a request may set. The biggest default (homicide's CCHI, 5475 days) is far
 * below it; the cap keeps weight × incidents × cells finite, where 1e308 overflowed to Infinity.
 */
export const MAX_HARM_WEIGHT = 1_000_000;
/** Fewest months for a trend: with 4, Mann-Kendall cannot reach p < 0.05 (two-sided). */
export const MIN_EMERGING_MONTHS = 5;

const neighbourhoodParam = z
  .string()
  .regex(/^(queen|rook|distance:\d+(\.\d+)?)$/, 'must be queen, rook or distance:<metres>, e.g. distance:500')
  .transform((v): 'queen' | 'rook' | { distance: number } => (v.startsWith('distance:') ? { distance: Number(v.slice(9)) } : (v as 'queen' | 'rook')))
  .refine((v) => typeof v === 'string' || (v.distance > 0 && v.distance <= 20_000), 'a distance band must be between 0 and 20000 metres');

const weightsParam = z
  .string()
  .transform((s, ctx) => {
    const out: Partial<Record<CategorySlug, number>> = {};
    for (const pair of s.split(',').filter(Boolean)) {
      const [slug, value] = pair.split(':').map((p) => p.trim());
      const weight = decimalText.safeParse(value ?? '');
      if (!slug || !(CATEGORY_SLUGS as readonly string[]).includes(slug)) {
        ctx.addIssue({ code: 'custom', message: `unknown category "${slug ?? ''}" in weights` });
      } else if (!weight.success || weight.data < 0 || weight.data > MAX_HARM_WEIGHT) {
        ctx.addIssue({ code: 'custom', message: `weight for ${slug} must be a plain number ≥ 0 and at most ${MAX_HARM_WEIGHT}, e.g. ${slug}:10` });
      } else {
        out[slug as CategorySlug] = weight.data;
      }
    }
    return out;
  });

const bboxParam = z
  .string()
  .transform((s) => s.split(',').map((item) => { const n = decimalText.safeParse(item); return n.success ? n.data : Number.NaN; }))
  .refine((v) => v.length === 4 && v.every(Number.isFinite), 'must be minLon,minLat,maxLon,maxLat as plain decimal numbers')
  .refine((v) => v[0]! < v[2]! && v[1]! < v[3]!, 'min must be less than max')
  .refine((v) => v[0]! >= -9 && v[2]! <= 2.5 && v[1]! >= 49.5 && v[3]! <= 61, 'must lie within Great Britain (British National Grid)')
  .transform((v) => v as [number, number, number, number]);

/** The filters and grid options every analysis (and patrol zones) take, before cross-checks. */
export const analysisBaseSchema = z.object({
  preset: z.enum(Object.keys(PRESETS) as [PresetName, ...PresetName[]]).optional(),
  categories: commaList(categoryParam).optional(),
  from: monthParam.optional(),
  to: monthParam.optional(),
  districts: commaList(districtCodeParam).optional(),
  bbox: bboxParam.optional(),
  cellSize: numberParam(
    z
      .number()
      .int('must be a whole number of metres')
      .min(CELL_SIZE_M.min, `must be at least ${CELL_SIZE_M.min} metres`)
      .max(CELL_SIZE_M.max, `must be at most ${CELL_SIZE_M.max} metres`),
  ).optional(),
  weighting: z.enum(['counts', 'harm']).default('counts'),
  weights: weightsParam.optional(),
  neighbourhood: neighbourhoodParam.default('queen'),
  adjustment: z.enum(['fdr', 'local', 'none']).default('fdr'),
  timeSteps: numberParam(z.number().int().min(1).max(12)).default(1),
  bandwidth: numberParam(z.number().min(50, 'must be at least 50 metres').max(20_000, 'must be at most 20000 metres')).optional(),
  smoothing: z.enum(['none', 'kde']).default('none'),
  /** Which cells make up a district study area (geodata/rasterize-mask.ts CellRule). */
  cells: z.enum(['intersects', 'centre']).default('intersects'),
  format: z.enum(['json', 'geojson']).default('json'),
});

type BaseQuery = Pick<z.infer<typeof analysisBaseSchema>, 'preset' | 'categories' | 'districts' | 'bbox' | 'from' | 'to' | 'weights' | 'weighting'>;

/** Checks across the incident filter's parameters, shared by every route that filters incidents. */
export function checkFilterParameters(q: Partial<Pick<BaseQuery, 'preset' | 'categories' | 'from' | 'to'>>, ctx: z.RefinementCtx): void {
  if (q.preset && q.categories) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'give either preset or categories, not both' });
  if (!monthsInOrder(q.from, q.to)) ctx.addIssue({ code: 'custom', path: ['from'], message: FROM_AFTER_TO_RULE });
}

/** Checks across parameters, shared by every schema built on analysisBaseSchema. */
export function checkAnalysisQuery(q: BaseQuery, ctx: z.RefinementCtx): void {
  checkFilterParameters(q, ctx);
  if (q.districts && q.bbox) ctx.addIssue({ code: 'custom', path: ['bbox'], message: 'give either districts or bbox, not both' });
  if (q.weights && q.weighting !== 'harm') ctx.addIssue({ code: 'custom', path: ['weights'], message: 'weights apply only with weighting=harm' });
}

/** Query parameters shared by /api/analysis/density, /hotspots and /emerging. */
export const analysisQuerySchema = analysisBaseSchema.superRefine(checkAnalysisQuery);

export type AnalysisQuery = z.infer<typeof analysisQuerySchema>;

export function categoriesOf(q: Pick<AnalysisQuery, 'preset' | 'categories'>): CategorySlug[] {
  if (q.preset) return [...PRESETS[q.preset].categories];
  return q.categories?.length ? [...new Set(q.categories as CategorySlug[])] : [...CATEGORY_SLUGS];
}
