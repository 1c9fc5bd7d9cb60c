import type { ImportReport, fetchDataStatus } from '../api';
import { monthLabel } from '../state/view-state';
import { el, factsList, scrollBox } from './dom';
import { importReport } from './import-report';

export type DataStatus = Awaited<ReturnType<typeof fetchDataStatus>>;

const int = new Intl.NumberFormat('en-GB');

function table(id: string, caption: string, head: string[], rows: Array<Array<string | number>>): HTMLTableElement {
  return el(
    'table',
    { className: 'data-table', id },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', className: i === 0 ? 'text' : '' }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((v, i) => (i === 0 ? el('th', { scope: 'row', className: 'text' }, String(v)) : el('td', {}, typeof v === 'number' ? int.format(v) : v)))))),
  );
}

/** What is loaded: totals, and counts by force, month and district. */
export function loadedSummary(status: DataStatus): HTMLElement {
  const t = status.totals;
  const facts = factsList([
    ['Source', status.synthetic ? 'synthetic demo (invented data)' : 'police.uk street-level crime'],
    ['On the map', `${int.format(t.incidents)} incidents`],
    ['Without location', `${int.format(t.withoutLocation)} (counted, not mapped)`],
    ['Outside districts', int.format(t.outsideDistricts)],
  ]);
  facts.id = 'data-totals';
  const forces = table(
    'data-forces',
    'By force',
    ['Force', 'Months', 'Incidents', 'No location'],
    status.forces.map((f) => [f.force, `${monthLabel(f.months[0]!.month)} – ${monthLabel(f.months.at(-1)!.month)} (${f.months.length})`, f.incidents, f.withoutLocation]),
  );
  const months = table('data-months', 'By month (all forces)', ['Month', 'Incidents', 'No location'], status.months.map((m) => [monthLabel(m.month), m.incidents, m.withoutLocation]));
  const districts = table(
    'data-districts',
    'By district (population: the year loaded with it)',
    ['District', 'Code', 'Incidents', 'Population'],
    status.districts.map((d) => [d.name, d.code, d.incidents, d.population === null ? '–' : d.population]),
  );
  return el('div', {}, facts, scrollBox(forces), scrollBox(months), scrollBox(districts));
}

/** The latest import with its report, and the earlier ones in a line each. */
export function importsSummary(status: DataStatus): HTMLElement {
  if (status.imports.length === 0) return el('p', { className: 'hint' }, 'No imports recorded.');
  const [last, ...older] = status.imports;
  const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const lastBox = el(
    'div',
    { id: 'data-last-import' },
    el('p', {}, el('strong', {}, last!.description), ` (${last!.source}, ${last!.status}, ${when(last!.startedAt)})`),
    importReport({ ...(last!.report as ImportReport), status: last!.status }),
  );
  const list = el(
    'ul',
    { className: 'sets' },
    ...older.map((i) => el('li', {}, el('strong', {}, i.description), el('span', { className: 'hint' }, ` ${i.status}, ${when(i.startedAt)}: ${int.format(i.rowsLoaded)} loaded, ${int.format(i.rowsRejected)} rejected`))),
  );
  return el('div', {}, lastBox, ...(older.length ? [el('h4', {}, 'Earlier imports'), list] : []));
}
