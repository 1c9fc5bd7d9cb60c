/**
 * Maps one crime of the data.police.uk API (`/api/crimes-street/<category>`, also
 * `/api/crimes-no-location`) to the same `PoliceIncidentRow` the CSV import produces.
 *
 * Response shape (https://data.police.uk/docs/method/crime-street/): `category` is already the
 * slug; `location.latitude`/`longitude` are decimal STRINGS (WGS84 degrees, the snap point);
 * `location.street.name` is the "On or near …" text; `persistent_id` is the 64-hex Crime ID or ''
 * (ASB, and some BTP rows); `outcome_status` is null or `{ category, date }`; `month` is 'YYYY-MM'.
 * `location_type` is 'Force' or 'BTP'. The API has no LSOA and does not name the force, so the
 * caller passes the force name it queried (`fallsWithin`, default '').
 * Coordinates get the same checks, and UK envelope, as the CSV rows (`checkCoordinates`).
 *
 * @example
 * normalisePoliceApiCrime(json[0], { fallsWithin: 'Metropolitan Police Service' });
 * // → { crimeId: null, month: '2014-08', category: 'anti-social-behaviour', longitude: -0.012859, … }
 */
import { z } from 'zod';
import { isCategorySlug } from './categories';
import { checkCoordinates, cleanField, type PoliceIncidentRow } from './police-csv';

const coordinate = z.union([z.string(), z.number()]).transform(String);

const ApiCrime = z.object({
  category: z.string(),
  location_type: z.string().nullish(),
  location: z
    .object({
      latitude: coordinate,
      longitude: coordinate,
      street: z.object({ name: z.string().nullish() }).nullish(),
    })
    .nullish(),
  context: z.string().nullish(),
  outcome_status: z.object({ category: z.string().nullish() }).nullish(),
  persistent_id: z.string().nullish(),
  month: z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
});

export interface PoliceApiOptions {
  /** Force whose area was queried, e.g. 'Lancashire Constabulary'; the API does not say. */
  fallsWithin?: string;
}

export function normalisePoliceApiCrime(
  obj: unknown,
  options: PoliceApiOptions = {},
): PoliceIncidentRow | { rejected: string } {
  const parsed = ApiCrime.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { rejected: `${issue.path.join('.') || '(crime)'}: ${issue.message}` };
  }
  const crime = parsed.data;
  const category = crime.category.trim();
  if (!isCategorySlug(category)) return { rejected: `category "${category}" is not a police.uk category slug` };
  const point = checkCoordinates(cleanField(crime.location?.longitude), cleanField(crime.location?.latitude));
  if (!point.ok) return { rejected: `location.${point.column.toLowerCase()}: ${point.message}` };

  const fallsWithin = options.fallsWithin ?? '';
  return {
    crimeId: cleanField(crime.persistent_id ?? undefined),
    month: crime.month,
    reportedBy: crime.location_type === 'BTP' ? 'British Transport Police' : fallsWithin,
    fallsWithin,
    longitude: point.longitude,
    latitude: point.latitude,
    location: cleanField(crime.location?.street?.name ?? undefined),
    lsoaCode: null,
    lsoaName: null,
    category,
    outcome: cleanField(crime.outcome_status?.category ?? undefined),
    context: cleanField(crime.context ?? undefined),
  };
}
