import type { TopHotspot } from '../../server/profiles/types';
import type { DistrictCollection } from '../types';
import type { CategoryRow, MonthRow } from './profile-model';

/**
 * The Profile and Compare charts, drawn by Observable Plot. Plot (with the parts of d3 it uses)
 * is imported dynamically, so it is a chunk of its own that only these two views fetch: the
 * map's first paint does not wait for it.
 */
export type PlotModule = typeof import('@observablehq/plot');

let plotModule: Promise<PlotModule> | null = null;

/**
 * Plot labels each mark's <g> (aria-label="rule", "geo"), but a <g> without a role may not carry
 * aria-label (ARIA 1.2; axe's aria-prohibited-attr): giving those the group role keeps Plot's
 * labels valid. The chart as a whole is described by its own label and the table beside it.
 */
function labelledGroups<T extends Element>(chart: T): T {
  for (const g of chart.querySelectorAll('g[aria-label]:not([role])')) g.setAttribute('role', 'group');
  return chart;
}

/** Loads Plot once; every chart after the first reuses it. */
export function loadPlot(): Promise<PlotModule> {
  plotModule ??= import('@observablehq/plot');
  return plotModule;
}

const BAR = '#1f4e79'; // the page's accent: 8.6:1 on white
const HOT = '#b2182b'; // the hotspot red of the map's palette: 6.1:1 on white

type District = DistrictCollection['features'][number];

/**
 * The district with its rings reversed. GeoJSON (RFC 7946) winds outer rings anticlockwise; d3-geo,
 * which draws Plot's geo marks, reads polygons on the sphere and takes anticlockwise as "all the
 * globe except this", so it needs them clockwise.
 */
function d3Winding(district: District): GeoJSON.Feature<GeoJSON.MultiPolygon> {
  const coordinates = district.geometry.coordinates.map((polygon) => polygon.map((ring) => [...ring].reverse()));
  return { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates } };
}

/** Incidents by month as bars; `yDomain` shared by compared districts so their axes are equal. */
export function trendChart(Plot: PlotModule, rows: MonthRow[], options: { width: number; height?: number; yDomain?: [number, number]; title: string }): Element {
  return labelledGroups(Plot.plot({
    width: options.width,
    height: options.height ?? 150,
    marginLeft: 44,
    ariaLabel: options.title,
    ariaDescription: 'Bar chart of incidents by month; the table below gives the same figures.',
    style: { fontSize: '11px', background: 'transparent', color: '#1b1f24' },
    x: { type: 'utc', label: null, ticks: Math.min(rows.length, 4), tickFormat: '%b %Y' },
    y: { domain: options.yDomain, nice: true, grid: true, label: 'Incidents', tickFormat: ',d', ticks: 4 },
    marks: [
      Plot.rectY(rows, { x: 'date', y: 'count', interval: 'month', fill: BAR, insetLeft: 0.5, insetRight: 0.5, title: (d: MonthRow) => `${d.label}: ${d.count}` }),
      Plot.ruleY([0]),
    ],
  }));
}

/** Incidents by category as horizontal bars in the request's category order; `xDomain` shared like the trend's. */
export function categoryChart(Plot: PlotModule, rows: CategoryRow[], options: { width: number; rowHeight?: number; xDomain?: [number, number]; title: string }): Element {
  return labelledGroups(Plot.plot({
    width: options.width,
    height: 36 + rows.length * (options.rowHeight ?? 15),
    marginTop: 6,
    marginLeft: 158,
    marginRight: 12,
    ariaLabel: options.title,
    ariaDescription: 'Bar chart of incidents by category; the table below gives the same figures.',
    style: { fontSize: '10px', background: 'transparent', color: '#1b1f24' },
    // Few ticks in SI form (2k, 4k): the bars are narrow in a four-column comparison.
    x: { domain: options.xDomain, nice: true, grid: true, label: 'Incidents', tickFormat: '~s', ticks: 3 },
    y: { domain: rows.map((r) => r.name), label: null },
    marks: [
      Plot.barX(rows, { x: 'count', y: 'name', fill: BAR, title: (d: CategoryRow) => `${d.name}: ${d.count}` }),
      Plot.ruleX([0]),
    ],
  }));
}

/**
 * The district outline with its top hot spots numbered as in the list beside it. A Plot geo
 * chart rather than a second MapLibre map: up to four WebGL maps on one page (and in print) cost
 * far more memory and time than an outline and five dots need.
 */
export function hotspotMap(Plot: PlotModule, district: District, hotspots: TopHotspot[], options: { width: number; height?: number; title: string }): Element {
  const numbered = hotspots.map((h, i) => ({ ...h, n: i + 1 }));
  const outline = d3Winding(district);
  return labelledGroups(Plot.plot({
    width: options.width,
    height: options.height ?? 150,
    ariaLabel: options.title,
    ariaDescription: 'Map of the district outline with its top hot spots numbered as in the list.',
    style: { fontSize: '10px', background: 'transparent' },
    projection: { type: 'mercator', domain: outline, inset: 8 },
    marks: [
      Plot.geo([outline], { fill: '#eef1f4', stroke: '#4a5561', strokeWidth: 1 }),
      Plot.dot(numbered, { x: 'lon', y: 'lat', r: 7, fill: HOT, stroke: '#fff', title: (d: TopHotspot & { n: number }) => `${d.n}. ${d.label ?? 'Hot spot'}: ${d.incidents} incidents` }),
      Plot.text(numbered, { x: 'lon', y: 'lat', text: 'n', fill: '#fff', fontWeight: 'bold' }),
    ],
  }));
}
