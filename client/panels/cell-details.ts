import { categoryName, isCategorySlug } from '../../geodata/categories';
import { monthLabel } from '../state/view-state';
import { factsList } from './dom';

const SVG = 'http://www.w3.org/2000/svg';
const number = new Intl.NumberFormat('en-GB');

/** A small line chart of monthly counts (zeros for months without incidents), with its range in words. */
export function sparkline(months: string[], byMonth: Record<string, number>, width = 260, height = 48): SVGSVGElement {
  const values = months.map((m) => byMonth[m] ?? 0);
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(2 + i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('class', 'sparkline');
  const peak = values.indexOf(Math.max(...values));
  svg.setAttribute('aria-label', `Incidents per month, ${monthLabel(months[0]!)} to ${monthLabel(months.at(-1)!)}: from ${values[0]} to ${values.at(-1)}, highest ${values[peak]} in ${monthLabel(months[peak]!)}`);
  const baseline = document.createElementNS(SVG, 'line');
  Object.entries({ x1: 2, x2: width - 2, y1: height - 2, y2: height - 2, stroke: '#b8c0c8' }).forEach(([k, v]) => baseline.setAttribute(k, String(v)));
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', points.join(' '));
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', '#1f4e79');
  line.setAttribute('stroke-width', '1.5');
  svg.append(baseline, line);
  return svg;
}

export interface CellDetail {
  total: number;
  byCategory: Record<string, number>;
  byMonth: Record<string, number>;
}

const DEFAULT_CAVEAT = 'police.uk locations are anonymised snap points: incidents are "on or near" a place, not at an address.';

/**
 * The click details of one cell (or snap point): what the tooltip says, the counts by category and
 * the monthly trend, and the snap-point caveat (`caveat` replaces the default wording).
 */
export function renderCellDetails(container: HTMLElement, title: string, facts: Array<[string, string]>, months: string[], detail: CellDetail | string, caveatText = DEFAULT_CAVEAT): void {
  const heading = document.createElement('p');
  heading.className = 'details-title';
  heading.textContent = title;
  container.replaceChildren(heading, factsList(facts));
  if (typeof detail === 'string') {
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = detail;
    container.append(p);
    return;
  }
  const table = document.createElement('table');
  table.className = 'by-category';
  table.createCaption().textContent = 'Incidents by category';
  for (const [slug, n] of Object.entries(detail.byCategory).sort((a, b) => b[1] - a[1])) {
    const row = table.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = isCategorySlug(slug) ? categoryName(slug) : slug;
    row.append(th);
    row.insertCell().textContent = number.format(n);
  }
  const trend = document.createElement('figure');
  trend.className = 'trend';
  const caption = document.createElement('figcaption');
  caption.textContent = 'Incidents per month';
  if (months.length > 1) trend.append(sparkline(months, detail.byMonth), caption);
  const caveat = document.createElement('p');
  caveat.className = 'hint caveat';
  caveat.textContent = caveatText;
  container.append(table, trend, caveat);
}
