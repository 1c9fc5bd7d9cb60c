import { categoryName, isCategorySlug } from '../../geodata/categories';
import type { IncidentPoints } from '../types';

const number = new Intl.NumberFormat('en-GB');

/** The caveat every point display carries: police.uk anonymises locations to snap points. */
export const SNAP_POINT_CAVEAT = 'Anonymised police.uk snap point: incidents are "on or near" this place, not at an address.';

/** The snap point's label, e.g. "On or near High Street", or a plain description without one. */
export function pointTitle(points: IncidentPoints, i: number): string {
  return points.location[i] ?? 'Snap point without a location name';
}

/** The counts by category at snap point i, largest first. */
export function pointCategories(points: IncidentPoints, i: number): Array<[string, number]> {
  return Object.entries(points.byCategory)
    .map(([slug, column]): [string, number] => [slug, column[i] ?? 0])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
}

/** What a snap point's tooltip and details say, as [term, value] pairs. Pure. */
export function pointFacts(points: IncidentPoints, i: number): Array<[string, string]> {
  const facts: Array<[string, string]> = [
    ['Location', pointTitle(points, i)],
    ['Incidents', number.format(points.count[i] ?? 0)],
  ];
  const categories = pointCategories(points, i);
  for (const [slug, n] of categories.slice(0, 3)) facts.push([isCategorySlug(slug) ? categoryName(slug) : slug, number.format(n)]);
  if (categories.length > 3) facts.push(['Other categories', number.format(categories.slice(3).reduce((a, [, n]) => a + n, 0))]);
  return facts;
}
