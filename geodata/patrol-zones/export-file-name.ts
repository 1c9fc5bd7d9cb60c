/**
 * The download file name of a patrol-zone export: patrol-zones_<area>_<from>_<to>.<ext>.
 *
 * The area label is folded to a safe slug: Unicode NFKD with combining marks removed, lower case,
 * every run of characters other than a–z and 0–9 turned into one "-", trimmed of "-", cut to 60
 * characters; "area" if nothing is left. from and to must be "YYYY-MM" or "YYYY-MM-DD", so the
 * name holds only [a-z0-9._-] and is safe in a Content-Disposition header and on every file system.
 *
 * @example
 * exportFileName({ areaLabel: 'Burnley', from: '2025-01', to: '2025-12', ext: 'geojson' });
 * // 'patrol-zones_burnley_2025-01_2025-12.geojson'
 * exportFileName({ areaLabel: "Ynys Môn / Isle of Anglesey", from: '2024-06', to: '2025-05', ext: 'csv' });
 * // 'patrol-zones_ynys-mon-isle-of-anglesey_2024-06_2025-05.csv'
 */

export type ExportExtension = 'geojson' | 'csv' | 'kml';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

/** Safe slug of an area label (module doc). */
export function areaSlug(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'area';
}

export function exportFileName(input: { areaLabel: string; from: string; to: string; ext: ExportExtension }): string {
  const { areaLabel, from, to, ext } = input;
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (!PERIOD.test(value)) throw new RangeError(`exportFileName: ${name} must be YYYY-MM or YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  if (ext !== 'geojson' && ext !== 'csv' && ext !== 'kml') throw new RangeError(`exportFileName: ext must be geojson, csv or kml, got ${String(ext)}`);
  return `patrol-zones_${areaSlug(areaLabel)}_${from}_${to}.${ext}`;
}
