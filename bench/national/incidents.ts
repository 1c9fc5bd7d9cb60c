/**
 * Synthetic police.uk-shaped incidents for England and Wales (the national bench), streamed in
 * batches so that 6,000,000 rows never sit in memory at once. Seeded: the same seed and size give
 * the same rows.
 *
 * Model (a national version of the demo county's, geodata/demo/generate-demo.ts): force f gets
 * N · w_f / Σw rows (w: recorded crime, geography.ts), its district d a share by town weight.
 * Each row's place comes from one of four sources around the district's town: a dense core
 * (Gaussian, σ = 700 m · √weight, 25 %), the built-up body (σ = 2,500 m · √weight, 45 %), three
 * small spots (σ = 150 m, 12 %: one flat, one growing as ((m+½)/36)², one fading as its mirror, so
 * emerging analysis has something to find) and a background uniform over the district (18 %).
 * Places outside the force are redrawn (up to 20 times). Months follow the category's seasonality

 * (same amplitudes and peaks as the demo), and each force's first 36 rows take one month each, so
 * that no force has a month without data even at a small scale; categories the demo's police.uk national shares; 2 %
 * of rows have no location. Places snap to an 80 m lattice jittered by a hash of the lattice
 * cell, as police.uk snaps crimes to anonymised map points shared by nearby addresses.
 */
import type { IncidentInput } from '../../db/incident-writer';
import { CATEGORIES } from '../../geodata/categories';
import { CATEGORY_MODEL } from '../../geodata/demo/generate-demo';
import { DEMO_OUTCOMES, outcomeSampler } from '../../geodata/demo/outcomes';
import { pointInMultiPolygon, ringBbox } from '../../geodata/demo/planar';
import { createRng } from '../../geodata/demo/prng';
import type { NationalGeography } from './geography';

export const NATIONAL_MONTHS = 36;
const FIRST_YEAR = 2023;
const FIRST_MONTH = 10; // October 2023 .. September 2026
const SNAP_M = 80;
const NO_LOCATION_SHARE = 0.02;
const BATCH = 10_000;
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Park Avenue', 'Mill Lane', 'London Road', 'King Street',
  'Queen Street', 'Market Place', 'Green Lane', 'Manor Road', 'Chapel Street', 'Bridge Street', 'North Street', 'School Lane'];

export function nationalMonths(): string[] {
  return Array.from({ length: NATIONAL_MONTHS }, (_, m) => {
    const k = FIRST_MONTH - 1 + m;
    return `${FIRST_YEAR + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

/** Cumulative distribution over months, to draw a month by bisection. */
function cdf(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out.map((v) => v / sum);
}

function draw(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function hash32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b ^ 0xc2b2ae35, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

/** A police.uk-shaped Crime ID (64 hex digits) from the seed and row: eight 32-bit hashes, cheaper than SHA-256 for 6M rows. */
function crimeId(seed: number, row: number): string {
  let out = '';
  for (let k = 0; k < 8; k++) out += hash32(seed + k, row).toString(16).padStart(8, '0');
  return out;
}

export function* nationalIncidentBatches(geo: NationalGeography, options: { seed: number; incidents: number }): Generator<IncidentInput[]> {
  const rng = createRng(options.seed);
  const drawOutcome = outcomeSampler(rng);
  const months = nationalMonths();
  const calendar = months.map((_, m) => ((FIRST_MONTH - 1 + m) % 12) + 1);
  const shareTotal = CATEGORIES.reduce((a, c) => a + CATEGORY_MODEL[c.slug]!.share, 0);
  const categoryCdf = cdf(CATEGORIES.map((c) => CATEGORY_MODEL[c.slug]!.share / shareTotal));
  const seasonal = CATEGORIES.map((c) => {
    const { amp, peak } = CATEGORY_MODEL[c.slug]!;
    return cdf(calendar.map((cm) => 1 + amp * Math.cos((2 * Math.PI * (cm - peak)) / 12)));
  });
  const rise = months.map((_, m) => ((m + 0.5) / NATIONAL_MONTHS) ** 2);
  const growing = cdf(rise);
  const fading = cdf([...rise].reverse());
  const gauss = () => Math.sqrt(-2 * Math.log(rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
  const forceTotal = geo.forces.reduce((a, f) => a + f.weight, 0);
  let row = 0;
  let batch: IncidentInput[] = [];
  for (const force of geo.forces) {
    const districtTotal = force.districts.reduce((a, d) => a + d.weight, 0);
    for (const district of force.districts) {
      const count = Math.round((options.incidents * force.weight * district.weight) / (forceTotal * districtTotal));
      const [minX, minY, maxX, maxY] = ringBbox(district.coordinates[0]![0]!);
      const spots = [0, 1, 2].map(() => [district.e + 2_000 * gauss(), district.n + 2_000 * gauss()] as const);
      const sigma = Math.sqrt(district.weight);
      for (let i = 0; i < count; i++, row++) {
        const c = draw(categoryCdf, rng.uniform());
        const slug = CATEGORIES[c]!.slug;
        const u = rng.uniform();
        const spot = u < 0.04 ? 0 : u < 0.08 ? 1 : u < 0.12 ? 2 : -1;
        // Every force publishes every month (police.uk does): a force's first rows take each month once.
        const m = district === force.districts[0] && i < NATIONAL_MONTHS ? i : draw(spot === 1 ? growing : spot === 2 ? fading : seasonal[c]!, rng.uniform());
        let x = Number.NaN;
        let y = Number.NaN;
        if (rng.uniform() >= NO_LOCATION_SHARE) {
          for (let attempt = 0; attempt < 20; attempt++) {
            if (spot >= 0) [x, y] = [spots[spot]![0] + 150 * gauss(), spots[spot]![1] + 150 * gauss()];
            else if (u < 0.37) [x, y] = [district.e + 700 * sigma * gauss(), district.n + 700 * sigma * gauss()];
            else if (u < 0.82) [x, y] = [district.e + 2_500 * sigma * gauss(), district.n + 2_500 * sigma * gauss()];
            else [x, y] = [minX + rng.uniform() * (maxX - minX), minY + rng.uniform() * (maxY - minY)];
            if (pointInMultiPolygon(x, y, force.coordinates)) break;
            [x, y] = [district.e, district.n];
          }
        }
        const located = !Number.isNaN(x);
        const ix = Math.floor(x / SNAP_M);
        const iy = Math.floor(y / SNAP_M);
        const h = located ? hash32(ix, iy) : 0;
        const isAsb = slug === 'anti-social-behaviour';
        const outcome = drawOutcome(slug, NATIONAL_MONTHS - 1 - m);
        batch.push({
          crimeId: isAsb ? null : crimeId(options.seed, row),
          month: months[m]!,
          category: slug,
          force: force.slug,
          location: located ? `On or near ${STREETS[h % STREETS.length]}` : null,
          lsoaCode: null,
          lsoaName: null,
          outcome: outcome >= 0 ? DEMO_OUTCOMES[outcome]! : null,
          x: located ? ix * SNAP_M + 8 + (h & 63) : null,
          y: located ? iy * SNAP_M + 8 + ((h >>> 6) & 63) : null,
        });
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
    }
  }
  if (batch.length) yield batch;
}

/** Rows the generator yields for a size (rounding per district makes it differ slightly). */
export function nationalRowCount(geo: NationalGeography, incidents: number): number {
  const forceTotal = geo.forces.reduce((a, f) => a + f.weight, 0);
  let n = 0;
  for (const force of geo.forces) {
    const districtTotal = force.districts.reduce((a, d) => a + d.weight, 0);
    for (const d of force.districts) n += Math.round((incidents * force.weight * d.weight) / (forceTotal * districtTotal));
  }
  return n;
}
