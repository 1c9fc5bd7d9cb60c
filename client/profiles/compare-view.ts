import type { CompareResponse, DistrictProfile } from '../../server/profiles/types';
import { el } from '../panels/dom';
import type { DistrictCollection } from '../types';
import { type PlotModule, categoryChart, hotspotMap, trendChart } from './charts';
import { categoryRows, formatCount, formatPounds, monthRows, sharedDomains, shortRankText, splitWarnings } from './profile-model';
import { categoryTable, headlineFigures, monthTable, warningList } from './profile-sections';

const GAP = 16;
/** The hot spot map's side in a column; the list of its spots sits beside it. */
const MAP_SIDE = 92;

/** A chart in its box, named for the browser tests (`data-chart`). */
function chartBox(name: string, chart: Element): HTMLElement {
  const box = el('div', { className: 'compare-chart' }, chart);
  box.dataset.chart = name;
  return box;
}

/** One district's column: figures, the trend and categories on the shared scales, its hot spots. */
function districtColumn(Plot: PlotModule, profile: DistrictProfile, warnings: string[], domains: ReturnType<typeof sharedDomains>, width: number, districts: DistrictCollection): HTMLElement {
  const name = profile.district.name;
  const months = monthRows(profile);
  const categories = categoryRows(profile, profile.categories);
  const feature = districts.features.find((f) => f.properties.code === profile.district.code);
  const column = el('section', { className: 'compare-column' },
    el('h3', {}, name),
    ...warningList(warnings),
    headlineFigures(profile, [
      ['Rank', shortRankText(profile.rank)],
      ['County share', profile.countyShare === null ? 'not available' : `${(profile.countyShare * 100).toFixed(1)}%`],
      ['Estimated cost', formatPounds(profile.cost.total)],
    ], true),
    chartBox('monthly', trendChart(Plot, months, { width, height: 100, yDomain: domains.monthly, title: `${name}: incidents by month` })),
    monthTable(months),
    chartBox('categories', categoryChart(Plot, categories, { width, rowHeight: 11, xDomain: domains.byCategory, title: `${name}: incidents by category` })),
    categoryTable(categories),
    el('div', { className: 'compare-hotspots' },
      feature ? hotspotMap(Plot, feature, profile.topHotspots, { width: MAP_SIDE, height: MAP_SIDE, title: `${name}: top hot spots` }) : el('span'),
      profile.topHotspots.length
        ? el('ol', {}, ...profile.topHotspots.map((h) => el('li', {}, `${h.label?.replace(/^On or near /, '') ?? 'Unnamed place'}: ${formatCount(h.incidents)}`)))
        : el('p', { className: 'hint' }, 'No hot spot at 99 % confidence.'),
    ),
  );
  column.dataset.district = profile.district.code;
  return column;
}

/**
 * The Compare view: the county reference, then one column per district as small multiples on
 * shared scales (one y domain for every trend, one x domain for every category chart), so equal
 * heights and lengths mean equal counts. `width` is the width the columns share.
 */
export function compareView(Plot: PlotModule, response: CompareResponse, districts: DistrictCollection, width: number): HTMLElement[] {
  const { period, county, profiles } = response;
  const domains = sharedDomains(profiles);
  const columnWidth = Math.floor((width - GAP * (profiles.length - 1)) / profiles.length);
  const countyName = `All ${county.districts.length} districts (${county.kinds.join(', ')})`;
  const warnings = splitWarnings([county, ...profiles]);
  const columns = el('div', { className: 'compare-columns' }, ...profiles.map((p, i) => districtColumn(Plot, p, warnings.own[i + 1]!, domains, columnWidth, districts)));
  columns.style.setProperty('--compare-columns', String(profiles.length));
  return [
    el('p', { className: 'compare-period' },
      `${period.from} to ${period.to} (${period.months} months). Charts share one scale: equal bars mean equal counts. `
      + `Ranks among the ${county.districts.length} districts, 1st = highest. Costs at ${county.cost.priceYear} prices, costed categories only (a district's Profile gives the basis).`),
    ...warningList(warnings.shared),
    el('section', { className: 'compare-county', ariaLabel: 'County reference' },
      el('h3', {}, `Reference: ${countyName}`),
      ...warningList(warnings.own[0]!),
      headlineFigures(county, [['Estimated cost', formatPounds(county.cost.total)]], true),
    ),
    columns,
  ];
}
