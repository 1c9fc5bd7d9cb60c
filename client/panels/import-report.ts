import type { ImportReport } from '../api';
import { el } from './dom';

const int = new Intl.NumberFormat('en-GB');

/** One import report (police-csv file or boundary file) in words, with its first rejected rows. */
export function importReport(report: ImportReport): HTMLElement {
  const r = report as Record<string, unknown>;
  const box = el('div', { className: `import-report ${r.status === 'failed' ? 'failed' : ''}` });
  const title = [r.file, r.force && r.month ? `(${String(r.force)}, ${String(r.month)})` : ''].filter(Boolean).join(' ');
  box.append(el('p', { className: 'report-title' }, `${title || 'Report'}${r.status ? `: ${String(r.status)}` : ''}`));
  const facts: Array<[string, unknown]> = [
    ['Rows read', r.rowsRead],
    ['Loaded', r.rowsLoaded],
    ['Without location', r.rowsWithoutLocation],
    ['Rejected', r.rowsRejected],
    ['Replaced', r.rowsReplaced],
    ['Format', r.format],
    ['Coordinates', r.crs],
    ['Boundaries', r.features],
    ['Incidents re-assigned', r.incidentsReassigned],
  ];
  const dl = el('dl', { className: 'facts' });
  for (const [term, value] of facts) {
    if (value === undefined || value === null) continue;
    dl.append(el('dt', {}, term), el('dd', {}, typeof value === 'number' ? int.format(value) : String(value)));
  }
  box.append(dl);
  if (typeof r.error === 'string' && r.error) box.append(el('p', { className: 'error' }, r.error));
  if (typeof r.policy === 'string') box.append(el('p', { className: 'hint' }, r.policy));
  const byReason = Object.entries((r.rejectedByReason as Record<string, number> | undefined) ?? {});
  if (byReason.length) box.append(el('p', { className: 'hint' }, `Rejected by reason: ${byReason.map(([k, n]) => `${k} ${int.format(n)}`).join(', ')}`));
  const first = (r.firstRejected as Array<{ line: number; column: string; message: string }> | undefined) ?? [];
  if (first.length) {
    box.append(
      el('ul', { className: 'rejected' }, ...first.slice(0, 10).map((x) => el('li', {}, `line ${x.line}, ${x.column}: ${x.message}`))),
    );
  }
  const repaired = (r.repaired as Array<{ code: string; reason: string }> | undefined) ?? [];
  if (repaired.length) box.append(el('p', { className: 'hint' }, `Repaired: ${repaired.map((x) => `${x.code} (${x.reason})`).join('; ')}`));
  return box;
}
