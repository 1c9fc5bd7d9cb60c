import type { ProfilePeriod, ProfileWarning } from '../profiles/types';

/**
 * Response shape of GET /api/forces/compare (docs/forces-api.md). The client imports it as a type.
 */

/** Where a force stands among a group of other forces (its neighbours, or its most similar group). */
export interface PeerGroupPosition {
  /** PFA codes of the group (the force itself excluded), as loaded. */
  codes: string[];
  /** Those with complete figures for the period, which the ranks below are among. */
  compared: string[];
  /** 1 = highest, among the force and `compared`; null when the force's own figure is null. Ties share a rank. */
  rankByPerKm2: number | null;
  rankByRate: number | null;
  /** 1 + compared.length. */
  of: number;
}

export interface ForcePosition {
  /** police.uk force id (incidents' force), e.g. 'lancashire'. */
  forceId: string;
  /** ONS police force area code and name; null when no PFA boundary of this force is loaded. */
  code: string | null;
  name: string;
  /** Every incident the force published for the period's months and the categories, located or not. */
  incidents: number;
  withoutLocation: number;
  byCategory: Record<string, number>;
  /** Months of the period the force has loaded, and those it has not (then its figures are partial: no rate, no rank). */
  monthsLoaded: number;
  missingMonths: string[];
  areaKm2: number | null;
  /** incidents / areaKm2 × 12 / months: per km² per year. */
  perKm2: number | null;
  /** Residents, summed over the local authority districts loaded inside the PFA when they cover it; null otherwise. */
  population: number | null;
  populationYear: number | null;
  /** incidents / population × 1000 × 12 / months: per 1,000 residents per year. */
  ratePer1000: number | null;
  /** Among the forces with complete figures (1 = highest; ties share a rank); null for a force without. */
  rank: { byCount: number | null; byPerKm2: number | null; byRate: number | null; of: number };
  neighbours: PeerGroupPosition;
  /** The Home Office most similar group, when the user has loaded one for this force; null otherwise. */
  mostSimilar: PeerGroupPosition | null;
  warnings: ProfileWarning[];
}

export interface ForceCompareResponse {
  period: ProfilePeriod;
  categories: string[];
  /** One entry per force with incidents in the period, by PFA code (forces without a boundary last, by id). */
  forces: ForcePosition[];
  warnings: ProfileWarning[];
}
