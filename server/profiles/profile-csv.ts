import { csvField } from '../../geodata/patrol-zones/export-csv';
import type { MonthCategoryCounts } from './build-profile';
import type { DistrictProfile } from './types';

export const PROFILE_CSV_COLUMNS = ['code', 'name', 'month', 'category', 'incidents', 'population'] as const;

/**
 * One row per district × category × month (zeros included), per RFC 4180: a header, CRLF after
 * every record, fields quoted when they hold a comma, quote, CR or LF. Districts in the order
 * given, categories in the profile's order, months ascending; population empty when unknown.
 */
export function profilesToCsv(profiles: readonly DistrictProfile[], counts: ReadonlyMap<string, MonthCategoryCounts>): string {
  const lines = [PROFILE_CSV_COLUMNS.join(',')];
  for (const p of profiles) {
    const byMonth = counts.get(p.district.code);
    for (const category of p.categories) {
      for (const { month } of p.monthly) {
        const n = byMonth?.get(month)?.get(category) ?? 0;
        lines.push([p.district.code, p.district.name, month, category, String(n), p.district.population === null ? '' : String(p.district.population)].map(csvField).join(','));
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** profile_<codes>_<from>_<to>.csv or compare_<codes>_<from>_<to>.csv: codes and months are [A-Z0-9-] only. */
export function profileCsvFileName(kind: 'profile' | 'compare', codes: readonly string[], from: string, to: string): string {
  return `${kind}_${codes.join('-')}_${from}_${to}.csv`;
}
