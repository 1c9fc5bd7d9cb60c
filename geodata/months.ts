/**
 * police.uk publishes crime by month ('YYYY-MM'); analyses and imports step through month
 * ranges. Pure string arithmetic on the calendar, no time zones involved.
 *
 * @example
 * monthsBetween('2024-11', '2025-02'); // ['2024-11', '2024-12', '2025-01', '2025-02']
 */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (m === 12) {
      y += 1;
      m = 1;
    } else m += 1;
  }
  return out;
}
