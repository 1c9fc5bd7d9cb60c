import type { ForceCompareResponse, ForcePosition } from '../../server/forces/types';
import { el } from '../panels/dom';
import { formatCount, formatRate } from './profile-model';
import { warningList } from './profile-sections';

/** "2 of 3", or why there is no rank (a partial period, or no rate). */
const rankCell = (rank: number | null, of: number) => (rank === null ? 'not ranked' : `${rank} of ${of}`);

/** The neighbours a force is ranked among, by name where loaded, else by code. */
function neighbourText(f: ForcePosition, names: ReadonlyMap<string, string>): string {
  if (f.neighbours.codes.length === 0) return f.code ? 'none loaded' : 'no boundary loaded';
  const compared = f.neighbours.compared.map((c) => names.get(c) ?? c);
  const rank = f.neighbours.rankByPerKm2 === null ? '' : `; ${rankCell(f.neighbours.rankByPerKm2, f.neighbours.of)} per km²`;
  return compared.length ? `${compared.join(', ')}${rank}` : `${f.neighbours.codes.length} loaded, none with this period's data`;
}

/**
 * The "Force position" section of the Compare view: each police force loaded, its counts and
 * annualised rates, its rank among the forces and among its neighbours (GET /api/forces/compare),
 * as one table; forces not ranked say why in the warnings under it.
 */
export function forcePositionSection(response: ForceCompareResponse): HTMLElement {
  const names = new Map(response.forces.filter((f) => f.code).map((f) => [f.code!, f.name]));
  const warnings = [...response.warnings, ...response.forces.flatMap((f) => f.warnings)].map((w) => w.message);
  const rows = response.forces.map((f) => el('tr', {},
    el('th', { scope: 'row' }, f.name),
    el('td', {}, formatCount(f.incidents)),
    el('td', {}, formatRate(f.perKm2)),
    el('td', {}, formatRate(f.ratePer1000)),
    el('td', {}, rankCell(f.rank.byCount, f.rank.of)),
    el('td', {}, rankCell(f.rank.byRate, f.rank.of)),
    el('td', {}, neighbourText(f, names)),
  ));
  const headers = ['Force', 'Incidents', 'Per km² a year', 'Per 1,000 residents a year', 'Rank by count', 'Rank by rate', 'Neighbours compared'];
  const section = el('section', { className: 'compare-forces', ariaLabel: 'Force position' },
    el('h3', {}, 'Force position'),
    el('table', { className: 'data-table' },
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows)),
    ...warningList(warnings),
  );
  return section;
}
