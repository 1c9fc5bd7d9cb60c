/**
 * The fourteen police.uk crime categories and the analysis presets built on them.
 *
 * Slugs are those of the data.police.uk API (`/api/crime-categories`); names are the
 * `Crime type` values of the street-level CSV downloads. The API's "violent-crime" is the
 * CSV's "Violence and sexual offences" (renamed in May 2013 but the slug was kept).
 * Source: https://data.police.uk/docs/method/crime-street/ and the CSV files themselves.
 */
export const CATEGORIES = [
  { slug: 'anti-social-behaviour', name: 'Anti-social behaviour' },
  { slug: 'bicycle-theft', name: 'Bicycle theft' },
  { slug: 'burglary', name: 'Burglary' },
  { slug: 'criminal-damage-arson', name: 'Criminal damage and arson' },
  { slug: 'drugs', name: 'Drugs' },
  { slug: 'other-theft', name: 'Other theft' },
  { slug: 'possession-of-weapons', name: 'Possession of weapons' },
  { slug: 'public-order', name: 'Public order' },
  { slug: 'robbery', name: 'Robbery' },
  { slug: 'shoplifting', name: 'Shoplifting' },
  { slug: 'theft-from-the-person', name: 'Theft from the person' },
  { slug: 'vehicle-crime', name: 'Vehicle crime' },
  { slug: 'violent-crime', name: 'Violence and sexual offences' },
  { slug: 'other-crime', name: 'Other crime' },
] as const;

export type CategorySlug = (typeof CATEGORIES)[number]['slug'];

export const CATEGORY_SLUGS: readonly CategorySlug[] = CATEGORIES.map((c) => c.slug);

const SLUG_SET: ReadonlySet<string> = new Set(CATEGORY_SLUGS);

export function isCategorySlug(value: string): value is CategorySlug {
  return SLUG_SET.has(value);
}

const BY_NAME: ReadonlyMap<string, CategorySlug> = new Map(
  CATEGORIES.map((c) => [c.name.toLowerCase(), c.slug]),
);

/** Maps a street-level CSV `Crime type` to its slug; undefined for an unknown type. */
export function slugForCrimeType(crimeType: string): CategorySlug | undefined {
  return BY_NAME.get(crimeType.trim().toLowerCase());
}

export function categoryName(slug: CategorySlug): string {
  return CATEGORIES.find((c) => c.slug === slug)!.name;
}

/**
 * Presets are data: the Operation Centurion focus areas. Serious violence follows the Home
 * Office Serious Violence Duty guidance's core offences as far as police.uk categories allow.
 */
export const PRESETS = {
  asb: { label: 'Anti-social behaviour', categories: ['anti-social-behaviour'] },
  'serious-violence': {
    label: 'Serious violence',
    categories: ['violent-crime', 'robbery', 'possession-of-weapons'],
  },
  centurion: {
    label: 'Centurion (ASB and serious violence)',
    categories: ['anti-social-behaviour', 'violent-crime', 'robbery', 'possession-of-weapons'],
  },
} as const satisfies Record<string, { label: string; categories: readonly CategorySlug[] }>;

export type PresetName = keyof typeof PRESETS;
