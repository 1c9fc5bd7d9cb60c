import type { IncidentPoints } from '../types';
import { el } from './dom';
import { pointTitle } from './point-details';

/** How many snap points the keyboard list offers. */
export const TOP_POINTS = 10;

const number = new Intl.NumberFormat('en-GB');

/** The positions of the busiest snap points that pass `inView`, most incidents first (ties by position). Pure. */
export function busiestPoints(points: IncidentPoints, inView: (lon: number, lat: number) => boolean, limit = TOP_POINTS): number[] {
  return points.count
    .map((_, i) => i)
    .filter((i) => inView(points.lon[i]!, points.lat[i]!))
    .sort((a, b) => points.count[b]! - points.count[a]! || a - b)
    .slice(0, limit);
}

/**
 * The snap-point markers' text alternative: the busiest points in view as buttons opening the same
 * details as a click on a marker. Rebuilt only when new points arrive, so a focused button
 * survives the other redraws.
 */
export function snapPointsSection(section: HTMLElement, list: HTMLOListElement, inView: (lon: number, lat: number) => boolean, onOpen: (points: IncidentPoints, i: number) => void): (points: IncidentPoints | null) => void {
  let shown: IncidentPoints | null = null;
  return (points) => {
    if (points === shown) return;
    shown = points;
    const busiest = points ? busiestPoints(points, inView) : [];
    section.hidden = busiest.length === 0;
    list.replaceChildren(
      ...busiest.map((i) => {
        const button = el('button', { type: 'button', className: 'top-cell' }, el('span', { className: 'top-cell-summary' }, pointTitle(points!, i)), el('span', { className: 'top-cell-where' }, `${number.format(points!.count[i]!)} incidents; snap point at ${points!.easting[i]} E, ${points!.northing[i]} N`));
        button.addEventListener('click', () => onOpen(points!, i));
        return el('li', {}, button);
      }),
    );
  };
}
