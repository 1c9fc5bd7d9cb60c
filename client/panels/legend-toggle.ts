import { isNarrow } from './panel-sheet';

/**
 * The legend's show/hide button. The legend starts open on wide screens and closed on tablets and
 * phones, where it would cover much of the map; the button opens it on demand.
 */
export function wireLegendToggle(mapArea: HTMLElement, toggle: HTMLButtonElement): void {
  const set = (open: boolean) => {
    mapArea.classList.toggle('legend-open', open);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Hide legend' : 'Legend';
  };
  toggle.addEventListener('click', () => set(!mapArea.classList.contains('legend-open')));
  set(!isNarrow());
}
