import type { Panel } from '../controller/panel-registry';
import { disclosure } from './dom';

/** Below this width the side panel is a bottom sheet under the map (client/style.css has the same number). */
export const SHEET_MAX_WIDTH = 900;

export const isNarrow = () => window.matchMedia(`(max-width: ${SHEET_MAX_WIDTH}px)`).matches;

/**
 * The side panel as a bottom sheet on tablets and phones: closed, it shows only the title and the
 * tabs, so the map keeps most of the screen; the button (or choosing a tab) opens it. On wider
 * screens the button is not shown and the panel is always open (the class changes nothing there).
 */
export function wirePanelSheet(app: HTMLElement, toggle: HTMLButtonElement): Panel {
  const set = disclosure(app, 'sheet-open', toggle, { open: 'Hide controls', closed: 'Show controls' });
  let first = true;
  return {
    sync(state, previous) {
      // A shared link to another page, or a tab chosen while the sheet is closed, opens the sheet.
      if ((first && state.tab !== 'analysis') || state.tab !== previous.tab) set(true);
      else if (first) set(false);
      first = false;
    },
  };
}
