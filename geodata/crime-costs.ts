/**
 * Estimated economic and social cost of police.uk crime, by category, from published unit costs.
 *
 *   cost(category) = incidents(category) × U[category]          (£, 2015/16 prices)
 *   U[category]    = Σ_t n_t · u_t / Σ_t n_t   over the report's offence types t the category holds
 *
 * Source: Heeks, Reed, Tafsiri & Prince (2018), *The economic and social costs of crime*, second
 * edition, Home Office Research Report 99, Table 1 "Unit costs of crimes by category" (p. 15),
 * 2015/16 prices: the cost per offence in anticipation of crime, as a consequence of it and in
 * response to it.
 *
 * NOT CONFIRMED AGAINST THE REPORT'S OWN TABLE. The table's text could not be read where this was
 * written; the report's list of tables (Table E1 on p. 7, Table 1 on p. 15) was. Every unit cost
 * below was read from a press summary of the report instead (South Wales Echo, 2 August 2019,
 * "Revealed: the cost of crime", which quotes the Home Office figures per offence). Each entry
 * says so (`confirmedFromReport: false`) and the API returns that with the cost. Check each figure
 * against Table 1 of the report before relying on it, and set the flag when done. A second search
 * (2 December 2026) found two transcriptions of the report (readkong.com, page 9971269; 123dok.org,
 * document y4wkgo89) but only their opening pages (contents, list of tables) could be read, not
 * Table E1 or Table 1; the one source with figures was again the same press summary.
 *
 * Mapping: a category is costed only when every Home Office offence subgroup it holds maps to an
 * offence type of the report whose unit cost is known here. Where it holds several, n_t are the
 * offences recorded in England and Wales in the year ending March 2025 (Home Office, Police
 * recorded crime open data tables, the same counts as CCHI_SUBGROUPS in ./harm). Otherwise it is
 * uncosted with its reason, never guessed:
 * - anti-social behaviour, drugs, public order, possession of weapons, other crime: the report has
 *   no unit cost for them (ASB is not a notifiable offence);
 * - violence and sexual offences: the unit costs of violence without injury and of homicide could
 *   not be confirmed, and stalking and harassment (28 % of the category's recorded offences) is not
 *   costed by the report; police.uk does not say which type an incident is;
 * - vehicle crime: theft of and from a vehicle are costed, interfering with a vehicle is not, and
 *   police.uk publishes no split of the three;
 * - burglary, other theft, theft from the person, bicycle theft, shoplifting: the report's unit costs
 *   for domestic burglary, theft and shoplifting (a cost to businesses) could not be confirmed.
 *
 * Caveats: the report costs crimes against individuals and against businesses separately, and the
 * figures used are, as far as the summary says, those for crimes against individuals; police.uk's
 * robbery and criminal damage also hold offences against businesses (robbery of business property
 * was 20 % of recorded robbery), costed at the same figure here. Costs are national averages
 * at 2015/16 prices (not uprated); they are estimates for comparison, not the cost of one incident.
 *
 * Units: pounds sterling (£) per offence, 2015/16 prices; counts are incidents.
 *
 * @example
 * crimeCost({ robbery: 2, 'anti-social-behaviour': 10 });
 * // → { total: 22640, byCategory: { robbery: { incidents: 2, unitCost: 11320, cost: 22640 },
 * //     'anti-social-behaviour': { incidents: 10, unitCost: null, cost: null, reason: '…' } }, … }
 */
import { CATEGORY_SLUGS, type CategorySlug, isCategorySlug } from './categories';
import { CCHI_SUBGROUPS } from './harm';

export const CRIME_COST_PRICE_YEAR = '2015/16';

export const CRIME_COST_SOURCE =
  'Heeks, Reed, Tafsiri & Prince (2018), The economic and social costs of crime, second edition, Home Office Research Report 99, Table 1 (unit costs of crimes against individuals, 2015/16 prices)';

/** One offence type of the report with its unit cost (£ per offence, 2015/16 prices). */
export interface ReportUnitCost {
  offenceType: string;
  unitCost: number;
  /** Whether the figure was read from the report's Table 1 itself (see the module comment). */
  confirmedFromReport: boolean;
  readFrom: string;
}

const PRESS_SUMMARY = 'South Wales Echo, 2 August 2019, quoting the report; not yet checked against Table 1';

/** The report's unit costs used here (module comment: where each was read). */
export const REPORT_UNIT_COSTS = Object.freeze({
  robbery: { offenceType: 'Robbery', unitCost: 11_320, confirmedFromReport: false, readFrom: PRESS_SUMMARY },
  criminalDamageArson: { offenceType: 'Criminal damage – arson', unitCost: 8_420, confirmedFromReport: false, readFrom: PRESS_SUMMARY },
  criminalDamageOther: { offenceType: 'Criminal damage – other', unitCost: 1_350, confirmedFromReport: false, readFrom: PRESS_SUMMARY },
} satisfies Record<string, ReportUnitCost>);

/** How a police.uk category is costed: report offence types with recorded-crime weights, or why not. */
export type CategoryCostRule =
  | { costed: true; parts: ReadonlyArray<{ type: ReportUnitCost; subgroup: string; recorded: number }> }
  | { costed: false; reason: string };

const recorded = (slug: keyof typeof CCHI_SUBGROUPS, subgroup: string): number => {
  const g = CCHI_SUBGROUPS[slug].find((s) => s.subgroup === subgroup);
  if (!g) throw new Error(`crime-costs: no recorded count for ${subgroup}`);
  return g.recorded;
};

const NO_REPORT_COST = 'The report gives no unit cost for this kind of offence, so it is not costed.';

/** The explicit mapping of every police.uk category (module comment). */
export const CATEGORY_COST_RULES: Readonly<Record<CategorySlug, CategoryCostRule>> = Object.freeze({
  'anti-social-behaviour': { costed: false, reason: 'Anti-social behaviour is not a notifiable offence and has no official unit cost.' },
  drugs: { costed: false, reason: NO_REPORT_COST },
  'public-order': { costed: false, reason: NO_REPORT_COST },
  'possession-of-weapons': { costed: false, reason: NO_REPORT_COST },
  'other-crime': { costed: false, reason: NO_REPORT_COST },
  'violent-crime': {
    costed: false,
    reason: 'Mixes homicide, violence with and without injury, stalking and harassment (not costed by the report) and sexual offences, and police.uk does not say which; the unit costs of violence without injury and homicide could not be confirmed.',
  },
  'vehicle-crime': {
    costed: false,
    reason: 'Mixes theft of a vehicle, theft from a vehicle and interfering with a vehicle (not costed by the report), and police.uk publishes no split.',
  },
  burglary: { costed: false, reason: 'The unit costs of domestic and commercial burglary could not be confirmed from the report.' },
  'other-theft': { costed: false, reason: 'The unit cost of theft (not vehicle) could not be confirmed from the report.' },
  'theft-from-the-person': { costed: false, reason: 'The unit cost of theft (not vehicle) could not be confirmed from the report.' },
  'bicycle-theft': { costed: false, reason: 'The unit cost of theft (not vehicle) could not be confirmed from the report.' },
  shoplifting: { costed: false, reason: 'Shoplifting is a cost to businesses in the report; its unit cost could not be confirmed.' },
  robbery: {
    costed: true,
    parts: [{ type: REPORT_UNIT_COSTS.robbery, subgroup: 'Robbery (of personal and business property)', recorded: recorded('robbery', 'Robbery of personal property') + recorded('robbery', 'Robbery of business property') }],
  },
  'criminal-damage-arson': {
    costed: true,
    parts: [
      { type: REPORT_UNIT_COSTS.criminalDamageOther, subgroup: 'Criminal damage', recorded: recorded('criminal-damage-arson', 'Criminal damage') },
      { type: REPORT_UNIT_COSTS.criminalDamageArson, subgroup: 'Arson', recorded: recorded('criminal-damage-arson', 'Arson') },
    ],
  },
});

/** U[category] in whole pounds (the figures quoted are in tens of pounds), or null when uncosted. */
export function unitCostOf(slug: CategorySlug): number | null {
  const rule = CATEGORY_COST_RULES[slug];
  if (!rule.costed) return null;
  let pounds = 0;
  let n = 0;
  for (const part of rule.parts) {
    pounds += part.recorded * part.type.unitCost;
    n += part.recorded;
  }
  return Math.round(pounds / n);
}

export type CategoryCost =
  | { incidents: number; unitCost: number; cost: number }
  | { incidents: number; unitCost: null; cost: null; reason: string };

export interface CrimeCost {
  /** Σ cost over the costed categories (£, 2015/16 prices); uncosted categories add nothing. */
  total: number;
  byCategory: Record<string, CategoryCost>;
  /** Costed categories' unit costs in words: the report, its table, the weights. */
  basis: string;
  priceYear: typeof CRIME_COST_PRICE_YEAR;
  /** False while any unit cost used is not confirmed against the report's table. */
  confirmedFromReport: boolean;
}

/** Each costed category's unit cost in words, so a reader sees where it came from. */
export function costBasis(): string {
  const lines = CATEGORY_SLUGS.flatMap((slug) => {
    const rule = CATEGORY_COST_RULES[slug];
    if (!rule.costed) return [];
    const parts = rule.parts.map((p) => `${p.type.offenceType} £${p.type.unitCost.toLocaleString('en-GB')}`).join(', ');
    const weights = rule.parts.length > 1
      ? ` weighted by offences recorded in England and Wales, year ending March 2025 (${rule.parts.map((p) => `${p.subgroup} ${p.recorded.toLocaleString('en-GB')}`).join(', ')})`
      : '';
    return [`${slug}: £${unitCostOf(slug)!.toLocaleString('en-GB')} per incident = ${parts}${weights}`];
  });
  const unconfirmed = Object.values(REPORT_UNIT_COSTS).some((u) => !u.confirmedFromReport);
  return `${CRIME_COST_SOURCE}. ${lines.join('; ')}.${unconfirmed ? ` Unit costs read from a press summary of the report (${PRESS_SUMMARY}).` : ''}`;
}

/** Cost of the given incidents per category (module comment); unknown slugs throw. */
export function crimeCost(incidentsByCategory: Readonly<Record<string, number>>): CrimeCost {
  const byCategory: Record<string, CategoryCost> = {};
  let total = 0;
  for (const [slug, incidents] of Object.entries(incidentsByCategory)) {
    if (!isCategorySlug(slug)) throw new Error(`crime-costs: unknown category "${slug}"`);
    const rule = CATEGORY_COST_RULES[slug];
    if (!rule.costed) {
      byCategory[slug] = { incidents, unitCost: null, cost: null, reason: rule.reason };
      continue;
    }
    const unitCost = unitCostOf(slug)!;
    byCategory[slug] = { incidents, unitCost, cost: incidents * unitCost };
    total += incidents * unitCost;
  }
  return {
    total,
    byCategory,
    basis: costBasis(),
    priceYear: CRIME_COST_PRICE_YEAR,
    confirmedFromReport: Object.values(REPORT_UNIT_COSTS).every((u) => u.confirmedFromReport),
  };
}
