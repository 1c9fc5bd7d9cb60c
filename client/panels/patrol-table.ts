import type { PatrolZoneCollection, PatrolZoneFeature } from '../types';
import { el } from './dom';

const int = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const area = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The ranked table of previewed zones: rank, districts, incidents, harm, area (km²) and, when a
 * budget was given, suggested visits per week. A row is selected by click, or by Enter or Space
 * when focused (arrow keys move between rows); `onSelect` then highlights and flies to the zone.
 * Fixed column widths (see style.css) keep it inside the side panel at 1366 px wide.
 */
export function zoneTable(fc: PatrolZoneCollection, onSelect: (zone: PatrolZoneFeature) => void): HTMLTableElement {
  const withVisits = fc.features.some((f) => f.properties.visits_per_week !== undefined);
  // The server states the ranking, e.g. "harm per km² (after clipping)".
  const rankBy = typeof fc.metadata.parameters.rankBy === 'string' ? fc.metadata.parameters.rankBy : 'rank';
  const head: Array<[string, string, string]> = [
    ['Rank', 'Rank', 'rank'],
    ['Districts', 'Districts', 'districts'],
    ['Incidents', 'Incidents', 'incidents'],
    ['Harm', 'Harm (Cambridge Crime Harm Index days)', 'harm'],
    ['km²', 'Area in km²', 'area'],
    ...(withVisits ? [['Visits', 'Suggested 15-minute visits per week', 'visits'] as [string, string, string]] : []),
  ];
  const table = el(
    'table',
    { className: 'zones', id: 'patrol-zones-table' },
    el('caption', {}, `Ranked by ${rankBy}${withVisits ? '; visits: 15-minute visits a week' : ''}. Select a row (click, or Enter) to show the zone on the map.`),
    el('colgroup', {}, ...head.map(([, , name]) => el('col', { className: `col-${name}` }))),
    el('thead', {}, el('tr', {}, ...head.map(([h, title, name]) => el('th', { scope: 'col', title, className: name === 'districts' ? 'text' : '' }, h)))),
  );
  const body = el('tbody');
  for (const f of fc.features) {
    const p = f.properties;
    const districts = p.districts.map((d) => d.name).join(', ');
    const row = el(
      'tr',
      { tabIndex: 0, title: `Zone ${p.rank}: show it on the map` },
      el('th', { scope: 'row' }, String(p.rank)),
      el('td', { className: 'text', title: districts }, districts),
      el('td', {}, int.format(p.incidents)),
      el('td', {}, int.format(p.harm)),
      el('td', {}, area.format(p.area_m2 / 1e6)),
      ...(withVisits ? [el('td', {}, one.format(p.visits_per_week ?? 0))] : []),
    );
    row.dataset.zoneId = p.id;
    row.addEventListener('click', () => onSelect(f));
    row.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelect(f);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
        (next as HTMLElement | null)?.focus();
      }
    });
    body.append(row);
  }
  table.append(body);
  return table;
}

/** Marks the selected zone's row (aria-current, for assistive technology and the highlight style). */
export function markSelectedZone(table: HTMLTableElement, zoneId: string | null): void {
  for (const row of table.tBodies[0]?.rows ?? []) {
    if (row.dataset.zoneId === zoneId) row.setAttribute('aria-current', 'true');
    else row.removeAttribute('aria-current');
  }
}
