import type { PatrolZoneCollection, PatrolZoneFeature } from '../types';
import { el } from './dom';

const int = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const area = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The ranked table of previewed zones: rank, districts, incidents, harm, area (km²) and, when a
 * budget was given, suggested visits per week. Each rank is a button that flies to its zone.
 */
export function zoneTable(fc: PatrolZoneCollection, onShow: (zone: PatrolZoneFeature) => void): HTMLTableElement {
  const withVisits = fc.features.some((f) => f.properties.visits_per_week !== undefined);
  // The server states the ranking, e.g. "harm per km² (after clipping)".
  const rankBy = typeof fc.metadata.parameters.rankBy === 'string' ? fc.metadata.parameters.rankBy : 'rank';
  const head: Array<[string, string]> = [
    ['Rank', 'Rank'],
    ['Districts', 'Districts'],
    ['Incidents', 'Incidents'],
    ['Harm', 'Harm (days of custody equivalent)'],
    ['km²', 'Area in km²'],
    ...(withVisits ? [['Visits', 'Suggested 15-minute visits per week'] as [string, string]] : []),
  ];
  const table = el(
    'table',
    { className: 'zones', id: 'patrol-zones-table' },
    el('caption', {}, `Ranked by ${rankBy}${withVisits ? '; visits: 15-minute visits a week' : ''}. Select a rank to show the zone.`),
    el('thead', {}, el('tr', {}, ...head.map(([h, title]) => el('th', { scope: 'col', title }, h)))),
  );
  const body = el('tbody');
  for (const f of fc.features) {
    const p = f.properties;
    const show = el('button', { type: 'button', className: 'link-button', title: `Show zone ${p.rank} on the map` }, String(p.rank));
    show.setAttribute('aria-label', `Show zone ${p.rank} on the map`);
    show.addEventListener('click', (e) => {
      e.stopPropagation();
      onShow(f);
    });
    const row = el(
      'tr',
      {},
      el('th', { scope: 'row' }, show),
      el('td', { className: 'text' }, p.districts.map((d) => d.name).join(', ')),
      el('td', {}, int.format(p.incidents)),
      el('td', {}, int.format(p.harm)),
      el('td', {}, area.format(p.area_m2 / 1e6)),
      ...(withVisits ? [el('td', {}, one.format(p.visits_per_week ?? 0))] : []),
    );
    row.dataset.zoneId = p.id;
    row.addEventListener('click', () => onShow(f));
    body.append(row);
  }
  table.append(body);
  return table;
}
