import type { CrimeCost } from '../../geodata/crime-costs';

/**
 * Response shapes of GET /api/districts/:code/profile and GET /api/compare (docs/profiles-api.md).
 * The client imports these as types only.
 */

export interface ProfileWarning {
  /** Stable code, e.g. 'no-population', 'previous-period-not-loaded'. */
  code: string;
  message: string;
}

export interface ProfilePeriod {
  /** 'YYYY-MM', inclusive. */
  from: string;
  to: string;
  months: number;
}

/** An earlier window of the same length, compared with the profile's period. */
export interface ComparisonWindow {
  from: string;
  to: string;
  incidents: number;
  /** incidents of the period − incidents of this window. */
  change: number;
  /** change / incidents of this window × 100; null when this window had none. */
  changePct: number | null;
}

export interface TopHotspot {
  /** South-west corner of the cell, EPSG:27700 metres. */
  easting: number;
  northing: number;
  /** Cell side, metres. */
  cellSize: number;
  /** Centre of the cell, WGS84 degrees. */
  lon: number;
  lat: number;
  incidents: number;
  /** Gi* z-score (queen neighbours, cell included). */
  z: number;
  /** The most frequent police.uk location label ("On or near …") in the cell; null if none. */
  label: string | null;
}

export interface ProfileConcentration {
  /** Cell side of the district's own analysis, metres. */
  cellSize: number;
  /** Cells of the district (centres inside it), empty ones included. */
  cells: number;
  /** Share of the district's incidents in its busiest 5 % of cells (0–1); null with no incidents. */
  top5Share: number | null;
  /** Gini coefficient across the cells; null with no incidents. */
  gini: number | null;
  /** Fewest cells holding half the incidents, and that as a share of the cells. */
  cellsFor50: number | null;
  cellShareFor50: number | null;
}

/** Figures shared by a district's profile and the county reference. */
export interface AreaFigures {
  /** Located incidents of the period in the area. */
  incidents: number;
  /** Every requested category, zeros included. */
  byCategory: Record<string, number>;
  /** Every month of the period, zeros included. */
  monthly: Array<{ month: string; count: number }>;
  /** Incidents per 1,000 residents per year (× 12 / months); null without population. */
  ratePer1000: number | null;
  /** Incidents per km² per year (× 12 / months). */
  perKm2: number;
  previousPeriod: ComparisonWindow | null;
  yearEarlier: ComparisonWindow | null;
  cost: CrimeCost;
  warnings: ProfileWarning[];
}

export interface DistrictProfile extends AreaFigures {
  district: { code: string; name: string; kind: string; population: number | null; populationYear: number | null; areaKm2: number };
  period: ProfilePeriod;
  categories: string[];
  /** Among districts of the same kind, 1 = highest; byRate null without population. */
  rank: { byRate: number | null; byCount: number; of: number; kind: string };
  /** Share of the incidents of all districts of that kind (0–1); null when they have none. */
  countyShare: number | null;
  concentration: ProfileConcentration;
  /** Up to 5 cells, highest z first, among the hot spots at 99 % confidence (FDR-adjusted). */
  topHotspots: TopHotspot[];
}

/** All districts of the compared districts' kind(s) together. */
export interface CountyReference extends AreaFigures {
  kinds: string[];
  districts: string[];
  /** Σ population; null when any district has none. */
  population: number | null;
  areaKm2: number;
}

export interface CompareResponse {
  period: ProfilePeriod;
  categories: string[];
  profiles: DistrictProfile[];
  county: CountyReference;
}
