/**
 * Harm weights for the fourteen police.uk categories, so maps can show harm rather than volume.
 *
 *   harm(incident) = W[category],   harm of a place = Σ over its incidents of W[category]
 *
 * Scale: the ONS Crime Severity Score (CSS), "Research outputs: developing a Crime Severity Score for
 * England and Wales using data on crimes recorded by the police", ONS, 29 November 2016
 * (ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/articles/researchoutputsdevelopingacrimeseverityscoreforenglandandwalesusingdataoncrimesrecordedbythepolice/2016-11-29).
 * A CSS weight is the average sentence handed down for an offence in "days of custody equivalent":
 * custody counts its length, community orders count as 8, 15 or 30 days (low, medium, high) and
 * fines are converted to days through an earnings-based rate. Published anchors: homicide 7,979,
 * attempted murder 4,663, possession of cannabis 3 (the lowest).
 *
 * Honest caveat, read before relying on the defaults: CSS weights exist per Home Office offence
 * code (about 200 codes), and police.uk publishes only 14 broad categories. The right derivation
 * of each category's weight is the mean of its offence codes' CSS weights, weighted by how many
 * of each are recorded. The ONS weights table was not to hand when this table was written, so the
 * DEFAULT_HARM_WEIGHTS below are provisional estimates on the CSS scale, reasoned from the offence
 * mix each category holds (HARM_WEIGHT_BASIS) and the published anchors above; they rank the
 * categories plausibly but their magnitudes are not ONS figures. Replace them with the
 * volume-weighted means from the ONS workbook (or pass overrides) before publishing harm maps.
 * Anti-social behaviour is an incident, not a notifiable crime, and has no CSS weight; it gets 3,
 * the lowest published CSS weight, so it still shows but never outweighs a recorded crime.
 *
 * Units: weights are days of custody equivalent per incident (≥ 0); harm likewise.
 *
 * @example
 * const w = resolveHarmWeights({ 'anti-social-behaviour': 0 });
 * harmOf(new Uint8Array([2, 0, 12]), w); // burglary, ASB, violence → Float64Array [230, 0, 150]
 */
import { CATEGORIES, CATEGORY_SLUGS, isCategorySlug, type CategorySlug } from './categories';

export type HarmWeights = Readonly<Record<CategorySlug, number>>;

/** Provisional CSS-scale weights (days of custody equivalent); see the caveat above. */
export const DEFAULT_HARM_WEIGHTS: HarmWeights = Object.freeze({
  'anti-social-behaviour': 3,
  'bicycle-theft': 8,
  burglary: 230,
  'criminal-damage-arson': 25,
  drugs: 90,
  'other-theft': 15,
  'possession-of-weapons': 130,
  'public-order': 20,
  robbery: 450,
  shoplifting: 7,
  'theft-from-the-person': 40,
  'vehicle-crime': 25,
  'violent-crime': 150,
  'other-crime': 60,
});

/** Why each default is what it is: the offences a category holds and what dominates its mean. */
export const HARM_WEIGHT_BASIS: Readonly<Record<CategorySlug, string>> = Object.freeze({
  'anti-social-behaviour': 'Not a crime, no CSS weight; set to 3, the lowest published CSS weight (possession of cannabis).',
  'bicycle-theft': 'Theft of a pedal cycle; mostly fines and community orders, so a low single-figure-days weight.',
  burglary: 'Residential (most) and business/community burglary; residential burglary draws custody often, business far less.',
  'criminal-damage-arson': 'Mostly criminal damage (low weights); arson, rarer but far heavier, lifts the mean.',
  drugs: 'Mostly possession (cannabis 3, the lowest CSS weight); trafficking/supply is rarer but heavily weighted and dominates the mean.',
  'other-theft': 'Theft not elsewhere classified (from buildings, by employees, making off without payment); low weights.',
  'possession-of-weapons': 'Possession of bladed articles, offensive weapons and firearms; knife possession often draws custody.',
  'public-order': 'Causing fear, alarm or distress and other public order offences; mostly fines and community orders.',
  robbery: 'Robbery of personal and business property; usually custodial and long, so the heaviest police.uk category on average.',
  shoplifting: 'Theft from shops; mostly fines, discharges and short community orders.',
  'theft-from-the-person': 'Pickpocketing and snatch theft without force; heavier than other thefts.',
  'vehicle-crime': 'Theft of and from vehicles and vehicle interference; theft from vehicles (low weight) is the most common.',
  'violent-crime': 'Violence without injury (high volume, low weight), with injury, and sexual offences (rare in volume, rape among the heaviest weights); the mix sets the mean.',
  'other-crime': 'Miscellaneous crimes against society (e.g. handling stolen goods, perverting the course of justice); a wide, uncertain mix.',
});

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
