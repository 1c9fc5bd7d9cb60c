import { monthsBetween } from './months';

/**
 * Which months of a period have data, force by force.
 *
 * police.uk publishes each force's street-level crime as one file per month; a month a force has
 * not published (or that was never imported) holds no rows, which looks exactly like a month with
 * no crime. An analysis over such a month averages in zeros that are not zeros, and a trend test
 * reads the gap as a fall. So:
 *
 * - a month is *missing* for a force when the force has data in some month loaded but none in it;
 * - a month of the period is *loaded* when no force with data is missing it (a force with no rows
 *   at all is not a force of the data set);
 * - a *gap-free run* is a stretch of consecutive loaded months.
 *
 * Months are 'YYYY-MM' strings; all arithmetic is on the calendar (see months.ts).
 *
 * @example
 * const loaded = new Map([['lancashire', new Set(['2024-01', '2024-02', '2024-04'])]]);
 * monthCoverage(['2024-01', '2024-02', '2024-03', '2024-04'], loaded);
 * // { loadedMonths: ['2024-01', '2024-02', '2024-04'], missingMonths: ['2024-03'],
 * //   missing: [{ force: 'lancashire', months: ['2024-03'] }] }
 * latestGapFreeRun(loaded); // { from: '2024-04', to: '2024-04', months: 1 }
 * longestGapFreeRun(loaded); // { from: '2024-01', to: '2024-02', months: 2 }
 */

/** Per force, the months with at least one row ('YYYY-MM', any order). */
export type ForceMonths = ReadonlyMap<string, ReadonlySet<string>>;

export interface MonthCoverage {
  /** Months of the period that no force with data is missing, in order. */
  loadedMonths: string[];
  /** Months of the period that at least one force is missing, in order. */
  missingMonths: string[];
  /** Per force with any missing month: which ones, in order. Forces in name order. */
  missing: Array<{ force: string; months: string[] }>;
}

export interface MonthRun {
  from: string;
  to: string;
  months: number;
}

/** Loaded and missing months of `period` (consecutive 'YYYY-MM' months) given what each force has. */
export function monthCoverage(period: readonly string[], loaded: ForceMonths): MonthCoverage {
  const missing: MonthCoverage['missing'] = [];
  const gap = new Set<string>();
  for (const [force, months] of [...loaded].sort(([a], [b]) => a.localeCompare(b))) {
    if (months.size === 0) continue;
    const absent = period.filter((m) => !months.has(m));
    if (absent.length) missing.push({ force, months: absent });
    for (const m of absent) gap.add(m);
  }
  return {
    loadedMonths: period.filter((m) => !gap.has(m)),
    missingMonths: period.filter((m) => gap.has(m)),
    missing,
  };
}

/** Every gap-free run of the whole loaded span (first to last month any force has), in order. */
export function gapFreeRuns(loaded: ForceMonths): MonthRun[] {
  const all = [...loaded.values()].flatMap((months) => [...months]).sort();
  if (all.length === 0) return [];
  const span = monthsBetween(all[0]!, all[all.length - 1]!);
  const { loadedMonths } = monthCoverage(span, loaded);
  const present = new Set(loadedMonths);
  const runs: MonthRun[] = [];
  let start: number | null = null;
  span.forEach((m, i) => {
    if (present.has(m) && start === null) start = i;
    const ends = start !== null && (!present.has(m) || i === span.length - 1);
    if (ends) {
      const last = present.has(m) ? i : i - 1;
      runs.push({ from: span[start!]!, to: span[last]!, months: last - start! + 1 });
      start = null;
    }
  });
  return runs;
}

/** The most recent gap-free run: the default period of a map, so it never spans a gap. */
export function latestGapFreeRun(loaded: ForceMonths): MonthRun | null {
  const runs = gapFreeRuns(loaded);
  return runs.length ? runs[runs.length - 1]! : null;
}

/** The longest gap-free run (the latest of equal ones): what to suggest when a period has a gap. */
export function longestGapFreeRun(loaded: ForceMonths): MonthRun | null {
  let best: MonthRun | null = null;
  for (const run of gapFreeRuns(loaded)) if (!best || run.months >= best.months) best = run;
  return best;
}
