import { disclosure } from './dom';
import { isNarrow } from './panel-sheet';

/**
 * The legend's show/hide button. The legend starts open on wide screens and closed on tablets and
 * phones, where it would cover much of the map; the button opens it on demand.
 */
export function wireLegendToggle(mapArea: HTMLElement, toggle: HTMLButtonElement): void {
  const set = disclosure(mapArea, 'legend-open', toggle, { open: 'Hide legend', closed: 'Legend' });
  set(!isNarrow());
}
