import { latestGapFreeRun } from '../../geodata/month-coverage';
import { monthLabel, monthsBetween } from '../state/view-state';

/**
 * The months the period picker offers and what its ends mean. The server reads a view without
 * `from` and `to` as the latest gap-free run of loaded months (server/analysis/prepare.ts), so the
 * picker shows that run, not the first and last months loaded: a picker that said Jan 2024 – Dec
 * 2025 over an analysis of 2025 alone would mislead. Months no data is loaded for stay choosable
 * (a period may span them, with the analysis's `months-missing` warning) but say so in words.
 */
export interface PeriodChoices {
  /** Every month from the first to the last loaded, in order. */
  months: string[];
  /** Months of that span some force has no data for (GET /api/health `missingMonths`). */
  missing: ReadonlySet<string>;
  /** The period the server analyses when none is given; null with no data. */
  defaultPeriod: { from: string; to: string } | null;
}

export interface PeriodEnds {
  from: string | null;
  to: string | null;
}

export function periodChoices(span: readonly [string, string] | null, missingMonths: readonly string[] = []): PeriodChoices {
  const months = span ? monthsBetween(span[0], span[1]) : [];
  const missing = new Set(missingMonths);
  // The loaded months as one "force": its gap-free runs are the runs the server finds over all forces.
  const run = latestGapFreeRun(new Map([['all forces', new Set(months.filter((m) => !missing.has(m)))]]));
  return { months, missing, defaultPeriod: run ? { from: run.from, to: run.to } : null };
}

/** An option's text: "May 2024 (no data)" for a month with nothing loaded, so it is not colour alone. */
export function monthOptionText(month: string, choices: PeriodChoices): string {
  return choices.missing.has(month) ? `${monthLabel(month)} (no data)` : monthLabel(month);
}

/** The ends the picker shows for a view's period: the server's own reading of a missing end. */
export function shownPeriod(ends: PeriodEnds, { months, defaultPeriod }: PeriodChoices): { from: string; to: string } {
  const first = months[0] ?? '';
  const last = months.at(-1) ?? '';
  if (!ends.from && !ends.to) return defaultPeriod ?? { from: first, to: last };
  return { from: ends.from ?? first, to: ends.to ?? last };
}

/**
 * The view's ends for a period picked: both null for the default period (so a link keeps meaning
 * "the latest data" after the next import), both given otherwise. Ends that cross move the other
 * end along: `changed` is the end the user moved.
 */
export function pickedPeriod(from: string, to: string, changed: 'from' | 'to', { defaultPeriod }: PeriodChoices): PeriodEnds {
  if (from > to) changed === 'from' ? (to = from) : (from = to);
  if (defaultPeriod && from === defaultPeriod.from && to === defaultPeriod.to) return { from: null, to: null };
  return { from, to };
}

/** The months of a period that have no data, e.g. for the hint under the picker. */
export function missingIn(period: { from: string; to: string }, choices: PeriodChoices): string[] {
  return choices.months.filter((m) => m >= period.from && m <= period.to && choices.missing.has(m));
}
