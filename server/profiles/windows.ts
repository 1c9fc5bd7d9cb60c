import { monthsBetween } from '../../geodata/months';
import type { ProfileWarning } from './types';

/** 'YYYY-MM' moved by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + delta;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

export interface MonthWindow {
  from: string;
  to: string;
}

/** The window of equal length just before [from, to]. */
export function previousWindow(from: string, months: number): MonthWindow {
  return { from: shiftMonth(from, -months), to: shiftMonth(from, -1) };
}

/** The same months a year earlier. */
export function yearEarlierWindow(from: string, to: string): MonthWindow {
  return { from: shiftMonth(from, -12), to: shiftMonth(to, -12) };
}

/** Months of the window that some of the forces have not loaded (all forces when none are given). */
export function missingMonths(window: MonthWindow, forces: readonly string[], monthsByForce: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const relevant = forces.length ? forces : [...monthsByForce.keys()];
  return monthsBetween(window.from, window.to).filter((m) => relevant.length === 0 || relevant.some((f) => !monthsByForce.get(f)?.has(m)));
}

/** "2024-01 to 2024-03, 2024-06": consecutive months joined into runs, for warnings. */
export function describeMonths(months: readonly string[]): string {
  const runs: string[][] = [];
  for (const m of months) {
    const last = runs.at(-1);
    if (last && shiftMonth(last.at(-1)!, 1) === m) last.push(m);
    else runs.push([m]);
  }
  return runs.map((r) => (r.length === 1 ? r[0]! : `${r[0]} to ${r.at(-1)}`)).join(', ');
}

/** The warning for an earlier window that cannot be compared against. */
export function windowWarning(code: string, label: string, window: MonthWindow, missing: readonly string[]): ProfileWarning {
  return {
    code,
    message: `${label} (${window.from} to ${window.to}) is not compared: the loaded data do not cover ${describeMonths(missing)}.`,
  };
}
