import './audit.css';
import { ApiError, auditLogCsvUrl, fetchAuditLog } from '../api';
import { el, errorText, scrollBox } from '../panels/dom';
import { type AuditView, filterParams, pageQuery, searchOf, viewFromSearch } from './audit-query';

type Entry = Awaited<ReturnType<typeof fetchAuditLog>>['entries'][number];

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = byId<HTMLFormElement>('audit-filters');
const inputs = {
  action: byId<HTMLInputElement>('audit-action'),
  actor: byId<HTMLInputElement>('audit-actor'),
  from: byId<HTMLInputElement>('audit-from'),
  to: byId<HTMLInputElement>('audit-to'),
  size: byId<HTMLSelectElement>('audit-size'),
};
const status = byId('audit-status');
const results = byId('audit-results');
const csv = byId<HTMLAnchorElement>('audit-csv');
const newer = byId<HTMLButtonElement>('audit-newer');
const older = byId<HTMLButtonElement>('audit-older');

// The ids each newer page started below: keyset paging goes back by retracing them.
const trail: Array<string | undefined> = [];
let view = viewFromSearch(location.search);
let controller: AbortController | undefined;

function showFilters(v: AuditView): void {
  inputs.action.value = v.action;
  inputs.actor.value = v.actor;
  inputs.from.value = v.from;
  inputs.to.value = v.to;
  inputs.size.value = String(v.size);
  csv.href = auditLogCsvUrl({ ...filterParams(v), limit: '10000' });
}

function filtersFromForm(): AuditView {
  return viewFromSearch(searchOf({
    action: inputs.action.value, actor: inputs.actor.value, from: inputs.from.value, to: inputs.to.value, size: Number(inputs.size.value),
  }));
}

function details(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function table(entries: Entry[]): HTMLElement {
  const head = el('tr', {}, ...['Time (UTC)', 'User', 'Action', 'Address', 'Details'].map((h) => el('th', { scope: 'col' }, h)));
  const rows = entries.map((e) =>
    el('tr', {},
      el('td', {}, el('time', { dateTime: e.at }, e.at.replace('T', ' ').replace(/\.\d+Z$/, ''))),
      el('td', {}, e.actor),
      el('td', {}, e.action),
      el('td', {}, e.address ?? ''),
      el('td', { className: 'details' }, details(e.details))));
  const t = el('table', { id: 'audit-table' }, el('caption', {}, 'Audit log entries, newest first'), el('thead', {}, head), el('tbody', {}, ...rows));
  return scrollBox(t, 'Audit log entries');
}

function problemText(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'Sign in first: open the map page, sign in, then come back.';
  if (error instanceof ApiError && error.status === 403) return 'The audit log is for admins only.';
  return `The audit log could not be read: ${errorText(error)}`;
}

async function load(): Promise<void> {
  controller?.abort();
  const mine = (controller = new AbortController());
  showFilters(view);
  history.replaceState(null, '', `${location.pathname}${searchOf(view)}`);
  status.textContent = 'Loading…';
  newer.disabled = older.disabled = true;
  try {
    const { entries } = await fetchAuditLog(pageQuery(view), mine.signal);
    if (mine.signal.aborted) return;
    const page = entries.slice(0, view.size);
    const more = entries.length > view.size;
    results.replaceChildren(page.length ? table(page) : el('p', {}, 'No entries match these filters.'));
    const position = trail.length ? `page ${trail.length + 1}` : 'newest page';
    status.textContent = page.length ? `${page.length} ${page.length === 1 ? 'entry' : 'entries'} shown (${position})${more ? '; older entries follow' : ''}.` : '';
    newer.disabled = !view.before;
    older.disabled = !more;
    older.dataset.before = more ? page.at(-1)!.id : '';
    document.body.dataset.auditReady = searchOf(view) || '?';
  } catch (error) {
    if (mine.signal.aborted) return;
    results.replaceChildren();
    status.replaceChildren(el('span', { className: 'error' }, problemText(error)));
    document.body.dataset.auditReady = 'error';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  trail.length = 0;
  view = filtersFromForm();
  void load();
});
byId('audit-clear').addEventListener('click', () => {
  trail.length = 0;
  view = viewFromSearch('');
  void load();
});
older.addEventListener('click', () => {
  trail.push(view.before);
  view = { ...view, before: older.dataset.before };
  void load();
});
newer.addEventListener('click', () => {
  // A shared link may open an older page with no trail behind it: Newer then goes to the newest.
  const before = trail.pop();
  const { before: _current, ...filters } = view;
  view = before ? { ...filters, before } : filters;
  void load();
});

void load();
