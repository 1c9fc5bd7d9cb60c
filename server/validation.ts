import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { z } from 'zod';
import { DISTRICT_CODE_PATTERN, DISTRICT_CODE_RULE, FROM_AFTER_TO_RULE, MONTH_PATTERN, MONTH_RULE, monthsInOrder } from '../common/filter-rules';
import { isCategorySlug } from '../geodata/categories';
import type { Kysely } from 'kysely';
import { unknownDistrictCodes } from '../db/districts';
import type { Database } from '../db/schema';
import { invalidParameters, unknownDistricts } from './problem';

/**
 * zod validation for a request part, failing with a 400 problem+json that names each parameter
 * at fault. Handlers read input only through `c.req.valid(target)`.
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw invalidParameters(
        result.error.issues.map((issue) =>
          target === 'json'
            ? { pointer: `#/${issue.path.join('/')}`, detail: issue.message }
            : { parameter: String(issue.path[0] ?? target), detail: issue.message },
        ),
      );
    }
  });
}

/** Plain decimal text: optional sign, digits, optional fraction. No exponent, hex, NaN or Infinity. */
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** Doubles hold 15 significant decimal digits exactly; more is noise or an attack on the arithmetic. */
const MAX_SIGNIFICANT_DIGITS = 15;

function significantDigits(text: string): number {
  return text.replace(/^[+-]/, '').replace('.', '').replace(/^0+/, '').length;
}

/**
 * A numeric query parameter: plain decimal text parsed to a finite number, so `1e308`, `NaN`,
 * `Infinity`, the empty string and 17-digit values are a 400 naming the parameter instead of
 * reaching arithmetic that overflows (z.coerce.number turns '' into 0 and accepts 1e308).
 * `-0` becomes 0. Chain bounds with `.pipe(z.number()...)`.
 */
export const decimalText = z
  .string()
  .trim()
  .regex(DECIMAL_TEXT, 'must be a plain decimal number such as 12 or 0.5')
  .refine((s) => significantDigits(s) <= MAX_SIGNIFICANT_DIGITS, `must have at most ${MAX_SIGNIFICANT_DIGITS} significant digits`)
  .transform((s) => Number(s) + 0);

/** `decimalText` piped into a bounded number schema, e.g. `numberParam(z.number().int().min(1))`. */
export function numberParam<T extends z.ZodType<number, number>>(bounds: T) {
  return decimalText.pipe(bounds);
}

export const monthParam = z.string().regex(MONTH_PATTERN, MONTH_RULE);

/** A comma-separated list, e.g. `categories=burglary,robbery`; empty items are ignored. */
export function commaList<T extends z.ZodType<string, string>>(item: T) {
  return z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v.length > 0))
    .pipe(z.array(item).max(500, 'at most 500 values'));
}

export const categoryParam = z.string().refine(isCategorySlug, {
  error: (issue) => `unknown category "${String(issue.input)}"; expected a police.uk slug such as anti-social-behaviour or violent-crime`,
});

export const districtCodeParam = z.string().regex(DISTRICT_CODE_PATTERN, DISTRICT_CODE_RULE);

/** The filters every incident query shares. */
export const incidentFilterSchema = z
  .object({
    from: monthParam.optional(),
    to: monthParam.optional(),
    categories: commaList(categoryParam).optional(),
    districts: commaList(districtCodeParam).optional(),
  })
  .refine((q) => monthsInOrder(q.from, q.to), { path: ['from'], error: FROM_AFTER_TO_RULE });

/** Throws the 400 for `districts` codes that are not loaded districts; no-op for none. */
export async function assertKnownDistricts(db: Kysely<Database>, codes: readonly string[] = []): Promise<void> {
  const unknown = await unknownDistrictCodes(db, codes);
  if (unknown.length > 0) throw unknownDistricts(unknown);
}
