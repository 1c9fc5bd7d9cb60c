import type { ImportReport } from '../api';
import { el, factsList } from './dom';

const int = new Intl.NumberFormat('en-GB');

/**
 * One import report in words (a police.uk file, a police.uk API month, a boundary or population
 * file), with its first rejected rows: the fields shown are those the report has.
 */
export function importReport(report: ImportReport): HTMLElement {
  const r = report as Record<string, unknown>;
  const box = el('div', { className: `import-report ${r.status === 'failed' ? 'failed' : ''}` });
  const title = [r.file, r.force && r.month ? `(${String(r.force)}, ${String(r.month)})` : ''].filter(Boolean).join(' ');
  box.append(el('p', { className: 'report-title' }, `${title || 'Report'}${r.status ? `: ${String(r.status)}` : ''}`));
  const districts = Array.isArray(r.districts) ? r.districts.length : undefined;
  const unmatched = Object.values((r.unmatched as Record<string, number> | undefined) ?? {}).reduce((a, n) => a + n, 0);
  const facts: Array<[string, unknown]> = [
    ['District', r.district],
    ['Areas queried', r.areas],
    ['Areas subdivided', r.subdivided],
    ['Areas from an interrupted run', r.areasResumed || undefined],
    ['Crimes answered', r.crimes],
    ['Rows read', r.rowsRead],
    ['Population year', r.year === undefined ? undefined : String(r.year)],
    ['Rows summed', r.rowsMatched],
    ['Rows matching no district', r.unmatched ? unmatched : undefined],
    ['Districts given a population', districts],
    ['Loaded', r.rowsLoaded],
    ['Without location', r.rowsWithoutLocation],
    ['Rejected', r.rowsRejected],
    ['Replaced', r.rowsReplaced],
    ['Format', r.format],
    ['Coordinates', r.crs],
    ['Boundaries', r.features],
    ['Incidents re-assigned', r.incidentsReassigned],
  ];
  box.append(factsList(facts.flatMap(([term, value]) =>
    value === undefined || value === null ? [] : [[term, typeof value === 'number' ? int.format(value) : String(value)] as const])));
  if (typeof r.error === 'string' && r.error) box.append(el('p', { className: 'error' }, r.error));
  if (typeof r.policy === 'string') box.append(el('p', { className: 'hint' }, r.policy));
  const byReason = Object.entries((r.rejectedByReason as Record<string, number> | undefined) ?? {});
  if (byReason.length) box.append(el('p', { className: 'hint' }, `Rejected by reason: ${byReason.map(([k, n]) => `${k} ${int.format(n)}`).join(', ')}`));
  // The API's rejections are plain reasons (it has no lines); a file's name line and column.
  const first = (r.firstRejected as Array<string | { line: number; column: string; message: string }> | undefined) ?? [];
  if (first.length) {
    box.append(
      el('ul', { className: 'rejected' }, ...first.slice(0, 10).map((x) => el('li', {}, typeof x === 'string' ? x : `line ${x.line}, ${x.column}: ${x.message}`))),
    );
  }
  // Kept rows that share a Crime ID with an earlier row of the file (police.uk lists a crime once
  // per outcome or location): not an error, but an analyst counting crimes should know.
  const repeated = typeof r.repeatedCrimeIds === 'number' ? r.repeatedCrimeIds : 0;
  if (repeated > 0) {
    box.append(el('p', { className: 'hint' }, `${int.format(repeated)} row${repeated > 1 ? 's' : ''} with a repeated Crime ID, kept: police.uk publishes one row per outcome or location.`));
  }
  if (typeof r.method === 'string') box.append(el('p', { className: 'hint' }, `Matched ${r.method}.`));
  const missing = (r.districtsMissing as string[] | undefined) ?? [];
  if (missing.length) box.append(el('p', { className: 'hint' }, `No population in the file for ${missing.join(', ')} (left as they were).`));
  const repaired = (r.repaired as Array<{ code: string; reason: string }> | undefined) ?? [];
  if (repaired.length) box.append(el('p', { className: 'hint' }, `Repaired: ${repaired.map((x) => `${x.code} (${x.reason})`).join('; ')}`));
  return box;
}
