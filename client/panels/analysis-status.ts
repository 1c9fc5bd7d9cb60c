import { el } from './dom';

/** The "Notes on this analysis" list: the server's warnings, each with its code for tests. */
export function renderWarnings(section: HTMLElement, list: HTMLElement, warnings: Array<{ code: string; message: string }>): void {
  section.hidden = warnings.length === 0;
  list.replaceChildren(
    ...warnings.map((w) => {
      const li = el('li', {}, w.message);
      li.dataset.code = w.code;
      return li;
    }),
  );
}

/** The analysis failure over the map, with a Retry button that hides it and calls `retry`. */
export function renderAnalysisError(box: HTMLElement, message: string, retry: () => void): void {
  const button = el('button', { type: 'button' }, 'Retry');
  button.addEventListener('click', () => {
    box.hidden = true;
    retry();
  });
  box.replaceChildren(el('p', {}, `The analysis could not be loaded: ${message}`), button);
  box.hidden = false;
}
