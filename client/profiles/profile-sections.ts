import { categoryName, isCategorySlug } from '../../geodata/categories';
import type { AreaFigures, DistrictProfile, TopHotspot } from '../../server/profiles/types';
import { el, factsList } from '../panels/dom';
import { type CategoryRow, type MonthRow, changeSummary, formatCount, formatPounds, formatRate, rankText } from './profile-model';

/**
 * The parts of a profile that are text (headline figures, changes, cost, hot spots, warnings)
 * and the tables that stand in for each chart. Shared by the Profile page and each Compare column.
 */

/** A change against an earlier window, or why there is none (the API's warning says which months are missing). */
function changeLine(window: AreaFigures['previousPeriod'], current: number): HTMLElement | string {
  if (!window) return 'not available (earlier months not loaded)';
  const c = changeSummary(window, current);
  return el('span', { className: `change change-${c.direction}` }, el('span', { ariaHidden: 'true' }, `${c.arrow} `), c.text);
}

/**
 * Incidents, rates, changes and rank, as a definition list. `skipMissingChanges` leaves out a
 * change that cannot be computed where a note above already says why (the Compare view).
 */
export function headlineFigures(figures: AreaFigures, extra: ReadonlyArray<readonly [string, string]> = [], skipMissingChanges = false): HTMLDListElement {
  const list = factsList([
    ['Incidents', formatCount(figures.incidents)],
    ['Per 1,000 residents a year', formatRate(figures.ratePer1000)],
    ['Per km² a year', formatRate(figures.perKm2)],
    ...extra,
  ]);
  for (const [term, window] of [['Previous period', figures.previousPeriod], ['A year earlier', figures.yearEarlier]] as const) {
    if (!window && skipMissingChanges) continue;
    list.append(el('dt', {}, term), el('dd', {}, changeLine(window, figures.incidents)));
  }
  return list;
}

/** Rank and county share, for a district only. */
export function districtExtras(profile: DistrictProfile): Array<[string, string]> {
  const share = profile.countyShare === null ? 'not available' : `${(profile.countyShare * 100).toFixed(1)}% of all ${profile.rank.of} districts`;
  const c = profile.concentration;
  const concentration = c.top5Share === null || c.cellShareFor50 === null
    ? 'no incidents'
    : `${(c.top5Share * 100).toFixed(0)}% of incidents in the busiest 5% of its ${formatCount(c.cells)} cells of ${c.cellSize} m; half in ${(c.cellShareFor50 * 100).toFixed(1)}% of them`;
  return [['Rank', rankText(profile.rank)], ['Share', share], ['Concentration', concentration]];
}

/** A table standing in for a chart, folded away under a summary so it does not double the page. */
export function chartTable(summary: string, headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): HTMLDetailsElement {
  const table = el('table', { className: 'data-table' },
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((v, i) => (i === 0 ? el('th', { scope: 'row' }, String(v)) : el('td', {}, typeof v === 'number' ? formatCount(v) : v)))))),
  );
  return el('details', { className: 'chart-table' }, el('summary', {}, summary), table);
}

export const monthTable = (rows: MonthRow[]) => chartTable('Table of incidents by month', ['Month', 'Incidents'], rows.map((r) => [r.label, r.count]));
export const categoryTable = (rows: CategoryRow[]) => chartTable('Table of incidents by category', ['Category', 'Incidents'], rows.map((r) => [r.name, r.count]));

/** The estimated cost, its basis, and the categories it does not cost (never a made-up figure). */
const nameOf = (slug: string) => (isCategorySlug(slug) ? categoryName(slug) : slug);

export function costSection(cost: AreaFigures['cost']): HTMLElement {
  const entries = Object.entries(cost.byCategory);
  const costed = entries.filter(([, c]) => c.cost !== null);
  const uncosted = entries.filter(([, c]) => c.cost === null).map(([slug]) => nameOf(slug));
  const section = el('div', { className: 'cost' },
    el('p', {}, el('strong', {}, formatPounds(cost.total)), ` estimated economic and social cost (${cost.priceYear} prices)`),
  );
  if (costed.length) section.append(factsList(costed.map(([slug, c]) => [nameOf(slug), `${formatCount(c.incidents)} × ${formatPounds(c.unitCost ?? 0)} = ${formatPounds(c.cost ?? 0)}`])));
  if (uncosted.length) section.append(el('p', { className: 'hint' }, `Not costed (no published unit cost): ${uncosted.join(', ')}.`));
  section.append(el('p', { className: 'hint' }, `Basis: ${cost.basis}`));
  return section;
}

/** The top hot spots as buttons: a click or Enter flies the map there. */
export function hotspotList(hotspots: TopHotspot[], onFly: (h: TopHotspot) => void): HTMLElement {
  if (!hotspots.length) return el('p', { className: 'hint' }, 'No cell is a hot spot at 99 % confidence.');
  return el('ol', { className: 'hotspot-list' }, ...hotspots.map((h) => {
    const button = el('button', { type: 'button', className: 'link-button' }, `${h.label ?? 'Unnamed place'}: ${formatCount(h.incidents)} incidents, z ${h.z.toFixed(1)}`);
    button.addEventListener('click', () => onFly(h));
    return el('li', {}, button);
  }));
}

/** The API's warnings (their messages), where a figure is missing and why. */
export function warningList(messages: readonly string[]): HTMLElement[] {
  return messages.length ? [el('ul', { className: 'warnings' }, ...messages.map((m) => el('li', {}, m)))] : [];
}
