/**
 * Harm weights for the fourteen police.uk categories, so maps can show harm rather than volume.
 *
 *   harm(incident) = W[category],   harm of a place = Σ over its incidents of W[category]
 *
 *   W[category] = Σ_g n_g · d_g / Σ_g n_g   over the Home Office offence subgroups g the category holds
 *
 * Scale: the Cambridge Crime Harm Index (CCHI). Sherman, Neyroud & Neyroud (2016), "The Cambridge
 * Crime Harm Index: measuring total harm from crime based on sentencing guidelines", Policing
 * 10(3):171–183; values from its 2026 update (Cambridge Centre for Evidence-Based Policing). A CCHI
 * value is the starting-point sentence, in days of imprisonment, for a first offender at the
 * least aggravated tier of the offence's Sentencing Council guideline (non-custodial starting
 * points are converted to days by the index's own rules). Unit: CCHI days per incident.
 *
 * Why subgroups: the CCHI scores ~800 offence codes; police recorded crime is published by offence
 * subgroup, and each police.uk category is a set of subgroups. d_g is the median CCHI of the codes
 * in subgroup g (the median, so one rare extreme code such as firearms does not swamp a subgroup of
 * knife possession), as tabulated from the 2026 spreadsheet in the public derivation
 * github.com/isthisben/cbl-realcrime (data/raw/CCHI_SOURCES.md, data/cchi_weights.csv at commit
 * 5591939d); n_g is the number of those offences recorded in England and Wales in the year ending
 * March 2025 (Home Office, Police recorded crime open data tables, 23 April 2026). The weights are
 * computed from that table below (CCHI_SUBGROUPS), so the arithmetic can be checked; the medians
 * themselves could not be re-read from the spreadsheet here.
 *
 * Caveats: a category's weight is a national average, so an area where, say, more violence is
 * sexual or more burglary residential has more harm than the map shows. Anti-social behaviour is an
 * incident, not a notifiable offence, and has no CCHI value: it weighs 1, the lowest CCHI of any
 * offence (shoplifting), so it still shows but never outweighs a crime. police.uk's other-crime
 * includes offences beyond "miscellaneous crimes against society"; that subgroup is its bulk.
 * Override any weight per request (`weights=`) where local policy differs.
 *
 * @example
 * const w = resolveHarmWeights({ 'anti-social-behaviour': 0 });
 * harmOf(new Uint8Array([8, 0, 9]), w); // robbery, ASB, shoplifting → Float64Array [365, 0, 1]
 */
import { CATEGORIES, CATEGORY_SLUGS, isCategorySlug, type CategorySlug } from './categories';

export type HarmWeights = Readonly<Record<CategorySlug, number>>;

/** One Home Office offence subgroup: its median CCHI (days) and offences recorded in England and Wales, year ending March 2025. */
export interface CchiSubgroup {
  subgroup: string;
  cchiDays: number;
  recorded: number;
}

/** The subgroups each police.uk category holds (ASB has none). Sources in the module comment. */
export const CCHI_SUBGROUPS: Readonly<Record<Exclude<CategorySlug, 'anti-social-behaviour'>, readonly CchiSubgroup[]>> = Object.freeze({
  'violent-crime': [
    { subgroup: 'Homicide', cchiDays: 5475, recorded: 524 },
    { subgroup: 'Violence with injury', cchiDays: 365, recorded: 516_757 },
    { subgroup: 'Violence without injury', cchiDays: 10, recorded: 804_983 },
    { subgroup: 'Stalking and harassment', cchiDays: 10, recorded: 598_830 },
    { subgroup: 'Death or serious injury – unlawful driving', cchiDays: 365, recorded: 2_244 },
    { subgroup: 'Rape offences', cchiDays: 2555, recorded: 71_509 },
    { subgroup: 'Other sexual offences', cchiDays: 182.25, recorded: 135_333 },
  ],
  'public-order': [{ subgroup: 'Public order offences', cchiDays: 7.5, recorded: 440_119 }],
  'criminal-damage-arson': [
    { subgroup: 'Criminal damage', cchiDays: 2, recorded: 432_167 },
    { subgroup: 'Arson', cchiDays: 185, recorded: 22_837 },
  ],
  shoplifting: [{ subgroup: 'Shoplifting', cchiDays: 1, recorded: 525_833 }],
  'other-theft': [{ subgroup: 'Other theft offences', cchiDays: 2, recorded: 428_808 }],
  'vehicle-crime': [{ subgroup: 'Vehicle offences', cchiDays: 5, recorded: 348_282 }],
  burglary: [
    { subgroup: 'Residential burglary', cchiDays: 273.5, recorded: 166_316 },
    { subgroup: 'Non-residential burglary', cchiDays: 183.5, recorded: 78_332 },
  ],
  drugs: [
    { subgroup: 'Possession of drugs', cchiDays: 3, recorded: 135_651 },
    { subgroup: 'Trafficking of drugs', cchiDays: 5, recorded: 66_504 },
  ],
  'theft-from-the-person': [{ subgroup: 'Theft from the person', cchiDays: 2, recorded: 137_217 }],
  robbery: [
    { subgroup: 'Robbery of business property', cchiDays: 365, recorded: 15_322 },
    { subgroup: 'Robbery of personal property', cchiDays: 365, recorded: 62_281 },
  ],
  'possession-of-weapons': [{ subgroup: 'Possession of weapons offences', cchiDays: 273.75, recorded: 56_830 }],
  'bicycle-theft': [{ subgroup: 'Bicycle theft', cchiDays: 2, recorded: 55_820 }],
  'other-crime': [{ subgroup: 'Miscellaneous crimes against society', cchiDays: 10, recorded: 122_978 }],
});

/** Anti-social behaviour's weight: the lowest CCHI of any offence, as it has none of its own. */
export const ASB_HARM_WEIGHT = 1;

/** Σ n·d / Σ n, rounded to 2 decimals (the table's medians carry no more precision). */
function volumeWeightedMean(subgroups: readonly CchiSubgroup[]): number {
  let days = 0;
  let recorded = 0;
  for (const g of subgroups) {
    days += g.cchiDays * g.recorded;
    recorded += g.recorded;
  }
  return Math.round((100 * days) / recorded) / 100;
}

/** CCHI days per incident, by category (see the module comment for the derivation and caveats). */
export const DEFAULT_HARM_WEIGHTS: HarmWeights = Object.freeze(
  Object.fromEntries(CATEGORY_SLUGS.map((slug) => [
    slug,
    slug === 'anti-social-behaviour' ? ASB_HARM_WEIGHT : volumeWeightedMean(CCHI_SUBGROUPS[slug]),
  ])) as Record<CategorySlug, number>,
);

/** Each category's weight in words, returned with harm analyses so a reader sees where it came from. */
export const HARM_WEIGHT_BASIS: Readonly<Record<CategorySlug, string>> = Object.freeze(
  Object.fromEntries(CATEGORY_SLUGS.map((slug) => [
    slug,
    slug === 'anti-social-behaviour'
      ? `Not a notifiable offence, so no Cambridge Crime Harm Index value; weighs ${ASB_HARM_WEIGHT} day, the lowest CCHI of any offence (shoplifting).`
      : `Cambridge Crime Harm Index 2026, days: ${CCHI_SUBGROUPS[slug].map((g) => `${g.subgroup} ${g.cchiDays}`).join(', ')}` +
        (CCHI_SUBGROUPS[slug].length > 1 ? '; averaged by offences recorded in England and Wales, year ending March 2025.' : '.'),
  ])) as Record<CategorySlug, string>,
);

function checkWeight(slug: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`harm: weight for "${slug}" must be a finite number ≥ 0, got ${String(value)}`);
  }
  return value;
}

/**
 * The full weight table: the defaults with `overrides` applied. Throws, naming the category, for
 * an unknown category or a weight that is negative, non-finite or not a number.
 */
export function resolveHarmWeights(overrides: Partial<Record<CategorySlug, number>> = {}): HarmWeights {
  const table: Record<CategorySlug, number> = { ...DEFAULT_HARM_WEIGHTS };
  for (const [slug, value] of Object.entries(overrides)) {
    // Overrides arrive from query strings and config files, so the type alone is not a guarantee.
    if (!isCategorySlug(slug)) throw new Error(`harm: unknown category "${slug}"`);
    if (value === undefined) continue;
    table[slug] = checkWeight(slug, value);
  }
  return Object.freeze(table);
}

/**
 * Harm of each incident from its category index (position in CATEGORIES, 0 … 13).
 * Throws for an index outside that range, naming its position.
 */
export function harmOf(categoryIndex: Uint8Array, weights: HarmWeights): Float64Array {
  const lookup = new Float64Array(CATEGORIES.length);
  for (let k = 0; k < CATEGORY_SLUGS.length; k++) lookup[k] = checkWeight(CATEGORY_SLUGS[k], weights[CATEGORY_SLUGS[k]]);
  const out = new Float64Array(categoryIndex.length);
  for (let i = 0; i < categoryIndex.length; i++) {
    const c = categoryIndex[i];
    if (c >= lookup.length) {
      throw new Error(`harm: category index ${c} at position ${i} is outside 0..${lookup.length - 1}`);
    }
    out[i] = lookup[c];
  }
  return out;
}
