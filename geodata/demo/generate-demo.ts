/**
 * A deterministic synthetic police.uk-style dataset for the demo county "Mereshire" (see
 * geography.ts for the placement): ten districts, 24 months, ~100,000 incidents in the 14
 * police.uk categories, snapped to "On or near …" points like police.uk's anonymisation.
 *
 * Model: each category c has a national share s_c (police.uk England, normalised). Its incidents
 * come from spatial sources k (town cores and built-up areas, villages, a county-wide background,
 * night-time-economy, ASB, retail, growing and fading spots) with within-category weights w_kc.
 * The expected count in month m is
 *   E[k,c,m] = N · s_c · w_kc · p_k(m) · q_c(m) / Σ_{k,m} w_kc · p_k(m) · q_c(m)
 * where p_k is the source's time profile (flat; ((m+½)/24)² for the growing spot; its mirror
 * for the fading one) and q_c(m) = (1 + a_c·cos(2π(month − peak_c)/12)) · (1 + b_c·(m/23 − ½))
 * the category's seasonality and trend. Counts are Poisson draws; Gaussian sources place points
 * by Box–Muller, rejected and redrawn outside the county. About 3 % of rows get no location.
 *
 * @example
 * const demo = generateDemo();              // seed 20231, ≈ 100,000 incidents
 * demo.incidents.length;                    // ≈ 100,000
 * demo.months[demo.incidents.monthIndex[0]]; // '2024-10'
 */
import { CATEGORIES } from '../categories';
import { COUNTY_NAME, buildGeography, type Geography, type Spot } from './geography';
import { DEMO_OUTCOMES, outcomeSampler } from './outcomes';
import { ringBbox, ringTester } from './planar';
import { createRng } from './prng';
import { buildSnapPoints } from './snap-points';

export interface DemoDistrict {
  code: string;
  name: string;
  kind: 'lad';
  population: number;
  populationYear: number;
  /** MultiPolygon coordinates, EPSG:27700 metres */
  coordinates: number[][][][];
}

export interface DemoIncidents {
  length: number;
  /** index into DemoDataset.months */
  monthIndex: Uint16Array;
  /** index into CATEGORIES (geodata/categories.ts) */
  categoryIndex: Uint8Array;
  /** EPSG:27700 metres; NaN when the row has no location */
  easting: Float64Array;
  northing: Float64Array;
  /** index into locations; -1 when no location */
  locationIndex: Int32Array;
  /** index into outcomes; -1 for none (ASB rows have no outcome, as on police.uk) */
  outcomeIndex: Int16Array;
}

export interface DemoPlantedSpot {
  label: string;
  easting: number;
  northing: number;
  radiusM: number;
  categories: string[];
}

export interface DemoDataset {
  seed: number;
  /** 'YYYY-MM' */
  months: string[];
  districts: DemoDistrict[];
  incidents: DemoIncidents;
  /** 'On or near …', distinct labels (several snap points share one, as streets do) */
  locations: string[];
  /** police.uk 'Last outcome category' strings */
  outcomes: string[];
  /** outline, EPSG:27700 metres */
  county: { name: string; coordinates: number[][][][] };
  truth: { nightTimeEconomy: DemoPlantedSpot[]; asbClusters: DemoPlantedSpot[]; growing: DemoPlantedSpot; fading: DemoPlantedSpot };
}

const FIRST_YEAR = 2024;
const FIRST_MONTH = 10; // October 2024 .. September 2026
const MONTHS = 24;
const NO_LOCATION_SHARE = 0.03;

// Shares of police.uk England recorded crime + ASB (normalised below), with seasonality
// amplitude a, peak calendar month and linear trend b over the 24 months.
export const CATEGORY_MODEL: Record<string, { share: number; amp: number; peak: number; trend: number }> = {
  'violent-crime': { share: 35, amp: 0.06, peak: 7, trend: 0 },
  'anti-social-behaviour': { share: 24, amp: 0.183, peak: 7, trend: -0.05 },
  shoplifting: { share: 8, amp: 0.04, peak: 12, trend: 0.2 },
  'criminal-damage-arson': { share: 8, amp: 0.05, peak: 10, trend: 0 },
  'other-theft': { share: 5, amp: 0.05, peak: 8, trend: 0 },
  'public-order': { share: 7, amp: 0.06, peak: 7, trend: 0 },
  'vehicle-crime': { share: 4, amp: 0.06, peak: 12, trend: -0.05 },
  burglary: { share: 4, amp: 0.1, peak: 12, trend: -0.05 },
  drugs: { share: 2, amp: 0.05, peak: 6, trend: 0 },
  'other-crime': { share: 1.5, amp: 0, peak: 1, trend: 0 },
  'possession-of-weapons': { share: 1, amp: 0.05, peak: 7, trend: 0.05 },
  robbery: { share: 0.8, amp: 0.05, peak: 11, trend: 0 },
  'bicycle-theft': { share: 0.8, amp: 0.3, peak: 7, trend: 0 },
  'theft-from-the-person': { share: 0.8, amp: 0.08, peak: 12, trend: 0 },
};

type Component = 'nte' | 'asb' | 'retail' | 'growing' | 'fading' | 'core' | 'body' | 'village' | 'background';
// Within-category share of each kind of source; each row sums to 1.
const MIX: Record<string, Partial<Record<Component, number>>> = {
  'violent-crime': { nte: 0.1, core: 0.22, body: 0.45, village: 0.13, background: 0.1 },
  'anti-social-behaviour': { asb: 0.08, growing: 0.012, core: 0.2, body: 0.43, village: 0.14, background: 0.138 },
  shoplifting: { retail: 0.7, core: 0.15, body: 0.08, village: 0.05, background: 0.02 },
  'criminal-damage-arson': { asb: 0.03, fading: 0.02, core: 0.15, body: 0.48, village: 0.16, background: 0.16 },
  'other-theft': { nte: 0.03, retail: 0.1, core: 0.22, body: 0.38, village: 0.12, background: 0.15 },
  'public-order': { nte: 0.12, core: 0.25, body: 0.4, village: 0.12, background: 0.11 },
  'vehicle-crime': { retail: 0.05, fading: 0.05, core: 0.15, body: 0.48, village: 0.12, background: 0.15 },
  burglary: { fading: 0.08, core: 0.1, body: 0.55, village: 0.14, background: 0.13 },
  drugs: { nte: 0.05, growing: 0.15, core: 0.25, body: 0.35, village: 0.1, background: 0.1 },
  'other-crime': { core: 0.15, body: 0.5, village: 0.15, background: 0.2 },
  'possession-of-weapons': { nte: 0.06, growing: 0.08, core: 0.25, body: 0.41, village: 0.1, background: 0.1 },
  robbery: { nte: 0.18, retail: 0.05, core: 0.27, body: 0.35, village: 0.07, background: 0.08 },
  'bicycle-theft': { retail: 0.1, core: 0.35, body: 0.4, village: 0.08, background: 0.07 },
  'theft-from-the-person': { nte: 0.15, retail: 0.25, core: 0.3, body: 0.2, village: 0.05, background: 0.05 },
};

interface Source {
  component: Component;
  e: number;
  n: number;
  /** Gaussian sigma in metres; 0 for the uniform county-wide background. */
  sigma: number;
  /** Relative weight among sources of the same component. */
  weight: number;
  profile: Float64Array;
}

function monthLabels(): string[] {
  return Array.from({ length: MONTHS }, (_, m) => {
    const k = FIRST_MONTH - 1 + m;
    return `${FIRST_YEAR + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

function profiles(): { flat: Float64Array; growing: Float64Array; fading: Float64Array } {
  const rise = Float64Array.from({ length: MONTHS }, (_, m) => ((m + 0.5) / MONTHS) ** 2);
  const mean = rise.reduce((a, b) => a + b, 0) / MONTHS;
  const growing = rise.map((v) => v / mean);
  return { flat: new Float64Array(MONTHS).fill(1), growing, fading: growing.slice().reverse() };
}

function buildSources(geo: Geography): Source[] {
  const { flat, growing, fading } = profiles();
  const fromSpot = (component: Component, s: Spot, profile = flat): Source =>
    ({ component, e: s.e, n: s.n, sigma: s.radiusM / 2.5, weight: s.weight, profile });
  return [
    ...geo.towns.map((t): Source => ({ component: 'core', e: t.e, n: t.n, sigma: t.coreSigmaM, weight: t.population, profile: flat })),
    ...geo.towns.map((t): Source => ({ component: 'body', e: t.e, n: t.n, sigma: t.bodySigmaM, weight: t.population, profile: flat })),
    // Town-centre retail: the high street, weighted like the town; retail parks add to it.
    ...geo.towns.map((t): Source => ({ component: 'retail', e: t.e, n: t.n, sigma: 180, weight: t.population / 196_400, profile: flat })),
    ...geo.retailParks.map((s) => fromSpot('retail', s)),
    ...geo.villages.map((v): Source => ({ component: 'village', e: v.e, n: v.n, sigma: 350 * Math.sqrt(v.weight), weight: v.weight, profile: flat })),
    { component: 'background', e: 0, n: 0, sigma: 0, weight: 1, profile: flat },
    ...geo.nightTimeEconomy.map((s) => fromSpot('nte', s)),
    ...geo.asbClusters.map((s) => fromSpot('asb', s)),
    fromSpot('growing', geo.growing, growing),
    fromSpot('fading', geo.fading, fading),
  ];
}

/** expected[(m · C + c) · K + k]: expected incidents of category c from source k in month m. */
function expectedCounts(sources: Source[], total: number): Float64Array {
  const C = CATEGORIES.length;
  const K = sources.length;
  const expected = new Float64Array(MONTHS * C * K);
  const shareTotal = CATEGORIES.reduce((a, cat) => a + CATEGORY_MODEL[cat.slug].share, 0);
  const componentWeight = new Map<Component, number>();
  for (const s of sources) componentWeight.set(s.component, (componentWeight.get(s.component) ?? 0) + s.weight);
  CATEGORIES.forEach((cat, c) => {
    const model = CATEGORY_MODEL[cat.slug];
    const mix = MIX[cat.slug];
    let z = 0;
    for (let m = 0; m < MONTHS; m++) {
      const calendarMonth = ((FIRST_MONTH - 1 + m) % 12) + 1;
      const q = (1 + model.amp * Math.cos((2 * Math.PI * (calendarMonth - model.peak)) / 12)) * (1 + model.trend * (m / (MONTHS - 1) - 0.5));
      sources.forEach((s, k) => {
        const w = ((mix[s.component] ?? 0) * s.weight) / componentWeight.get(s.component)!;
        const v = w * s.profile[m] * q;
        expected[(m * C + c) * K + k] = v;
        z += v;
      });
    }
    const scale = (total * model.share) / shareTotal / z;
    for (let m = 0; m < MONTHS; m++) {
      for (let k = 0; k < K; k++) expected[(m * C + c) * K + k] *= scale;
    }
  });
  return expected;
}

function plantedSpot(s: Spot): DemoPlantedSpot {
  return { label: s.label, easting: s.e, northing: s.n, radiusM: s.radiusM, categories: [...s.categories] };
}

export function generateDemo(options: { seed?: number; incidents?: number } = {}): DemoDataset {
  const seed = options.seed ?? 20231;
  const total = options.incidents ?? 100_000;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error('seed must be an integer in [0, 2^32)');
  if (!Number.isFinite(total) || total < 0) throw new Error('incidents must be a non-negative number');

  const geo = buildGeography();
  const snaps = buildSnapPoints(geo);
  const sources = buildSources(geo);
  const rng = createRng(seed);
  const drawOutcome = outcomeSampler(rng);

  const C = CATEGORIES.length;
  const K = sources.length;
  const expected = expectedCounts(sources, total);
  const counts = new Int32Array(expected.length);
  let length = 0;
  for (let i = 0; i < expected.length; i++) length += counts[i] = rng.poisson(expected[i]);

  const incidents: DemoIncidents = {
    length,
    monthIndex: new Uint16Array(length),
    categoryIndex: new Uint8Array(length),
    easting: new Float64Array(length),
    northing: new Float64Array(length),
    locationIndex: new Int32Array(length),
    outcomeIndex: new Int16Array(length),
  };
  const outline = geo.outline;
  const inCounty = ringTester(outline, 1_000, 0);
  const [minX, minY, maxX, maxY] = ringBbox(outline);
  let row = 0;
  for (let m = 0; m < MONTHS; m++) {
    for (let c = 0; c < C; c++) {
      const slug = CATEGORIES[c].slug;
      for (let k = 0; k < K; k++) {
        const source = sources[k];
        for (let j = counts[(m * C + c) * K + k]; j > 0; j--, row++) {
          incidents.monthIndex[row] = m;
          incidents.categoryIndex[row] = c;
          incidents.outcomeIndex[row] = drawOutcome(slug, MONTHS - 1 - m);
          if (rng.uniform() < NO_LOCATION_SHARE) {
            incidents.easting[row] = NaN;
            incidents.northing[row] = NaN;
            incidents.locationIndex[row] = -1;
            continue;
          }
          let x = source.e;
          let y = source.n;
          for (let attempt = 0; attempt < 100; attempt++) {
            let px: number;
            let py: number;
            if (source.sigma === 0) {
              px = minX + rng.uniform() * (maxX - minX);
              py = minY + rng.uniform() * (maxY - minY);
            } else {
              const r = source.sigma * Math.sqrt(-2 * Math.log(rng.uniform()));
              const theta = 2 * Math.PI * rng.uniform();
              px = source.e + r * Math.cos(theta);
              py = source.n + r * Math.sin(theta);
            }
            if (inCounty(px, py)) {
              x = px;
              y = py;
              break;
            }
          }
          const snap = snaps.nearest(x, y);
          incidents.easting[row] = snaps.e[snap];
          incidents.northing[row] = snaps.n[snap];
          incidents.locationIndex[row] = snaps.labelIndex[snap];
        }
      }
    }
  }

  return {
    seed,
    months: monthLabels(),
    districts: geo.districts.map(({ town, coordinates }) => ({
      code: town.code,
      name: town.name,
      kind: 'lad',
      population: town.population,
      populationYear: 2021,
      coordinates,
    })),
    incidents,
    locations: snaps.labels,
    outcomes: [...DEMO_OUTCOMES],
    county: { name: COUNTY_NAME, coordinates: [[outline.map(([x, y]) => [x, y])]] },
    truth: {
      nightTimeEconomy: geo.nightTimeEconomy.map(plantedSpot),
      asbClusters: geo.asbClusters.map(plantedSpot),
      growing: plantedSpot(geo.growing),
      fading: plantedSpot(geo.fading),
    },
  };
}
