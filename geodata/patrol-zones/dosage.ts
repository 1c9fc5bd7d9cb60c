/**
 * Suggested patrol dosage: how many short visits per week each zone gets from a weekly budget.
 *
 *   T   = ⌊budgetHours · 60 / visitMinutes⌋                 visits per week in all
 *   q_i = T · s_i / Σ_j s_j                                   each zone's exact quota
 *   v_i = ⌊q_i⌋, then one more visit to each of the T − Σ⌊q_i⌋ zones with the largest remainders
 *
 * The share s_i is the zone's harm (or incidents, when the analysis ranks by counts). Rounding is
 * the largest-remainder (Hamilton) method, so the visits sum exactly to T and no zone gets less
 * than the floor of its quota. Remainders are compared as T·s_i − ⌊q_i⌋·Σs, exact for integer
 * shares; ties go to the larger share, then to the earlier zone (the input is in rank order).
 * With a zero total every zone gets an equal share.
 *
 * Visit length: 15 minutes by default, after Koper (1995), "Just enough police presence: reducing
 * crime and disorderly behavior by optimizing patrol time in crime hot spots", Justice Quarterly
 * 12(4): 649–672, where the residual deterrence of a police stop in a hot spot rose with its
 * length up to about 14–15 minutes and fell off beyond (the "Koper curve"; 10–15 minute visits).
 *
 * Units: budget in hours per week; visit length in minutes; visits per week per zone (integers).
 *
 * @example
 * patrolDosage([500, 300, 200], { budgetHoursPerWeek: 2.5 });
 * // T = 10: quotas 5, 3, 2 → visitsPerWeek [5, 3, 2];
 * // rule "10 visits of 15 minutes per week (2.5 h), shared in proportion to each zone's share of harm, …"
 */

export interface DosageOptions {
  /** Patrol hours available per week over all zones, ≥ 0. */
  budgetHoursPerWeek: number;
  /** Length of one visit in minutes; default 15 (Koper 1995). */
  visitMinutes?: number;
  /** What the shares are, for the rule sentence; default 'harm'. */
  shareOf?: 'harm' | 'incidents';
}

export interface Dosage {
  /** Visits per week per zone, in input order; sums to totalVisits (0 with no zones). */
  visitsPerWeek: number[];
  totalVisits: number;
  visitMinutes: number;
  budgetHoursPerWeek: number;
  /** The rule in one sentence, for the export's metadata. */
  rule: string;
}

export const DEFAULT_VISIT_MINUTES = 15;

/** Up to 2 decimals, no trailing zeros: 10 → "10", 2.5 → "2.5", 1/3 → "0.33". */
function hours(h: number): string {
  return String(Math.round(h * 100) / 100);
}

/** Visits per week per zone (module doc). `shares` ≥ 0, one per zone, in rank order. */
export function patrolDosage(shares: ArrayLike<number>, options: DosageOptions): Dosage {
  const { budgetHoursPerWeek } = options;
  const visitMinutes = options.visitMinutes ?? DEFAULT_VISIT_MINUTES;
  const shareOf = options.shareOf ?? 'harm';
  if (!(budgetHoursPerWeek >= 0 && Number.isFinite(budgetHoursPerWeek))) {
    throw new RangeError(`patrolDosage: budgetHoursPerWeek must be a finite number ≥ 0, got ${budgetHoursPerWeek}`);
  }
  if (!(visitMinutes > 0 && Number.isFinite(visitMinutes))) {
    throw new RangeError(`patrolDosage: visitMinutes must be a positive number, got ${visitMinutes}`);
  }
  const n = shares.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!(shares[i] >= 0 && Number.isFinite(shares[i]))) throw new RangeError(`patrolDosage: share ${i} must be finite and ≥ 0, got ${shares[i]}`);
    sum += shares[i];
  }
  // The epsilon keeps 10 h of 15-minute visits at 40 when 10·60/15 lands a hair under.
  const total = n === 0 ? 0 : Math.floor((budgetHoursPerWeek * 60) / visitMinutes + 1e-9);
  const s = (i: number) => (sum > 0 ? shares[i] : 1);
  const denominator = sum > 0 ? sum : n;

  const visits = new Array<number>(n);
  const remainder = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const numerator = total * s(i);
    visits[i] = Math.floor(numerator / denominator);
    remainder[i] = numerator - visits[i] * denominator;
    // With fractional shares the division can round up to the next integer; step back down.
    if (remainder[i] < 0 && visits[i] > 0) {
      visits[i]--;
      remainder[i] += denominator;
    }
    given += visits[i];
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => remainder[b] - remainder[a] || s(b) - s(a) || a - b,
  );
  for (let k = 0; k < total - given; k++) visits[order[k]]++;

  const used = (total * visitMinutes) / 60;
  const spent = used === budgetHoursPerWeek ? `${hours(used)} h` : `${hours(used)} h of the ${hours(budgetHoursPerWeek)} h budget`;
  const rule =
    n === 0
      ? `No zones, so no visits (budget ${hours(budgetHoursPerWeek)} h per week).`
      : `${total} visits of ${visitMinutes} minutes per week (${spent}), shared in proportion to each zone's ` +
        `share of ${shareOf}${sum > 0 ? '' : ' (all zero, so equally)'}, rounded by the largest-remainder (Hamilton) method; ` +
        `visit length after Koper (1995), "Just enough police presence".`;
  return { visitsPerWeek: visits, totalVisits: total, visitMinutes, budgetHoursPerWeek, rule };
}
