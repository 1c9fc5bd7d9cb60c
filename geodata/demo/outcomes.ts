/**
 * police.uk "Last outcome category" values and, per crime category, invented but plausible
 * shares for the demo. The strings are the ones police.uk publishes in its street-level CSVs
 * (https://data.police.uk/docs/method/outcomes-for-crime/ lists them); anti-social behaviour has
 * no outcome there, so it has none here. Recent crimes are more often "Under investigation",
 * since outcomes lag by months; `outcomeSampler` adds that with the weight
 * 0.55 · exp(−age / 1.5), age in months before the last month.
 *
 * @example
 * const draw = outcomeSampler(rng);
 * DEMO_OUTCOMES[draw('burglary', 3)]; // e.g. 'Investigation complete; no suspect identified'
 */
import type { Rng } from './prng';

export const DEMO_OUTCOMES = [
  'Investigation complete; no suspect identified', // 0
  'Unable to prosecute suspect', // 1
  'Under investigation', // 2
  'Local resolution', // 3
  'Awaiting court outcome', // 4
  'Offender given a caution', // 5
  'Further investigation is not in the public interest', // 6
  'Action to be taken by another organisation', // 7
  'Offender given penalty notice', // 8
  'Offender given a drugs possession warning', // 9
  'Suspect charged as part of another case', // 10
  'Status update unavailable', // 11
  'Formal action is not in the public interest', // 12
];
const UNDER_INVESTIGATION = 2;

// Weights over DEMO_OUTCOMES in the order above; absent entries are 0.
const SHARES: Record<string, number[]> = {
  'bicycle-theft': [78, 10, 4, 1, 1, 0, 0, 0, 0, 0, 1, 5],
  burglary: [66, 16, 6, 1, 4, 1, 0, 0, 0, 0, 1, 5],
  'criminal-damage-arson': [52, 26, 5, 7, 3, 2, 0, 1, 0, 0, 0, 4],
  drugs: [3, 8, 8, 30, 20, 10, 1, 1, 2, 15, 0, 2],
  'other-theft': [62, 20, 5, 3, 3, 1, 0, 1, 0, 0, 1, 4],
  'possession-of-weapons': [4, 14, 10, 6, 44, 12, 1, 1, 0, 0, 3, 3, 2],
  'public-order': [10, 48, 8, 12, 9, 6, 1, 2, 1, 0, 0, 3],
  robbery: [42, 28, 10, 1, 14, 1, 0, 0, 0, 0, 2, 2],
  shoplifting: [44, 14, 5, 10, 18, 3, 0, 0, 1, 0, 2, 3],
  'theft-from-the-person': [70, 14, 6, 1, 4, 1, 0, 0, 0, 0, 1, 3],
  'vehicle-crime': [76, 10, 5, 1, 2, 0, 0, 0, 0, 0, 1, 5],
  'violent-crime': [8, 55, 8, 9, 7, 4, 2, 2, 0, 0, 1, 3, 1],
  'other-crime': [20, 35, 12, 6, 12, 4, 2, 3, 0, 0, 2, 4],
};

/**
 * Returns draw(categorySlug, ageMonths) → index into DEMO_OUTCOMES, or -1 for
 * anti-social behaviour. ageMonths is 0 for the last month of the dataset.
 */
export function outcomeSampler(rng: Rng): (category: string, ageMonths: number) => number {
  const cumulative = new Map<string, Float64Array>();
  for (const [slug, weights] of Object.entries(SHARES)) {
    const cum = new Float64Array(DEMO_OUTCOMES.length);
    let total = 0;
    DEMO_OUTCOMES.forEach((_, i) => {
      total += weights[i] ?? 0;
      cum[i] = total;
    });
    cumulative.set(slug, cum.map((c) => c / total));
  }
  return (category, ageMonths) => {
    const cum = cumulative.get(category);
    if (!cum) return -1;
    if (rng.uniform() < 0.55 * Math.exp(-ageMonths / 1.5)) return UNDER_INVESTIGATION;
    const u = rng.uniform();
    let i = 0;
    while (i < cum.length - 1 && cum[i] <= u) i++;
    return i;
  };
}
