import { z } from 'zod';
import { PLAN_FEATURE_KINDS } from '../../db/schema';
import { monthParam, districtCodeParam } from '../validation';
import { analysisBaseSchema, checkFilterParameters } from '../analysis/params';

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);

const planFields = {
  title: text(200).min(1, 'must not be empty'),
  periodStart: monthParam,
  periodEnd: monthParam,
  status: z.enum(['draft', 'published']),
  summary: text(5000),
  priorities: z.array(text(300).min(1, 'must not be empty')).max(30, 'at most 30 priorities'),
  ownerContact: text(300),
};

const periodInOrder = (p: { periodStart?: string; periodEnd?: string }) => !p.periodStart || !p.periodEnd || p.periodStart <= p.periodEnd;
const PERIOD_RULE = { path: ['periodEnd'], error: 'must not be before periodStart' };

export const createPlanBody = z
  .strictObject({
    districtCode: districtCodeParam,
    ...planFields,
    status: planFields.status.default('draft'),
    summary: planFields.summary.default(''),
    priorities: planFields.priorities.default([]),
    ownerContact: planFields.ownerContact.default(''),
  })
  .refine(periodInOrder, PERIOD_RULE);

/** A plan's district is fixed: it decides who may edit, so moving it is a new plan. */
export const patchPlanBody = z.strictObject(planFields).partial().refine(periodInOrder, PERIOD_RULE);

export const fundingSchema = z.strictObject({
  amount: z.number().nonnegative('must not be negative').max(1e10, 'too large'),
  currency: z.literal('GBP', { error: 'must be "GBP"' }),
  fund: text(200).min(1, 'must not be empty'),
});

/** The members a feature's properties use for its own fields; the rest are its free properties. */
export const RESERVED_PROPERTIES = ['kind', 'name', 'description', 'leadPartner', 'funding'] as const;

const freeProperties = z
  .record(z.string(), z.unknown())
  .refine((p) => RESERVED_PROPERTIES.every((k) => !(k in p)), { error: `must not use the names ${RESERVED_PROPERTIES.join(', ')}` })
  .refine((p) => JSON.stringify(p).length <= 20_000, { error: 'at most 20,000 characters of JSON' });

export const featureFields = {
  kind: z.enum(PLAN_FEATURE_KINDS),
  name: text(200).min(1, 'must not be empty'),
  description: text(5000),
  leadPartner: text(200).nullable(),
  funding: fundingSchema.nullable(),
  properties: freeProperties,
};

const geometry = z.looseObject({ type: z.string() });

export const createFeatureBody = z.strictObject({
  ...featureFields,
  description: featureFields.description.default(''),
  leadPartner: featureFields.leadPartner.default(null),
  funding: featureFields.funding.default(null),
  properties: featureFields.properties.default({}),
  geometry,
});

export const patchFeatureBody = z.strictObject({ ...featureFields, geometry }).partial();

/** The properties of an imported feature: its fields by name, every other member kept as free properties. */
export const importedProperties = z.looseObject({
  kind: featureFields.kind.default('other'),
  name: text(200).optional(),
  description: featureFields.description.default(''),
  leadPartner: featureFields.leadPartner.default(null),
  funding: featureFields.funding.default(null),
});

export const planIdParam = z.object({ id: z.coerce.number().int().positive('must be a positive whole number') });
export const featureIdParam = planIdParam.extend({ fid: z.coerce.number().int().positive('must be a positive whole number') });
export const planGetQuery = z.object({ format: z.enum(['json', 'geojson']).default('json') });
export const repairQuery = z.object({ repair: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });
export const listQuery = z.object({ district: districtCodeParam.optional() });

/** GET /api/plans/:id/coverage: the analysis routes' own filter parameters. */
export const coverageQuery = analysisBaseSchema.pick({ preset: true, categories: true, from: true, to: true }).superRefine(checkFilterParameters);
