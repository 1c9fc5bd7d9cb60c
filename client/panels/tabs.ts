import type { Panel } from '../controller/panel-registry';
import type { Store } from '../state/store';
import { PANEL_TABS, type PanelTab } from '../state/view-state';

/**
 * The side panel's pages as an ARIA tab list (WAI-ARIA Authoring Practices "Tabs"): buttons
 * `#tab-<name>` control `#page-<name>`; arrow keys, Home and End move between tabs. The open
 * page is view state, so a link can open the patrol or data page.
 */
export function renderTabs(list: HTMLElement, store: Store): Panel {
  const tabs = PANEL_TABS.map((name) => list.querySelector<HTMLButtonElement>(`#tab-${name}`)!);
  list.addEventListener('click', (e) => {
    const tab = (e.target as HTMLElement).closest<HTMLButtonElement>('[role="tab"]');
    if (tab) store.update({ tab: tab.dataset.tab as PanelTab });
  });
  list.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    tab.focus();
    store.update({ tab: tab.dataset.tab as PanelTab });
  });
  return {
    sync: (state) => {
      for (const tab of tabs) {
        const selected = tab.dataset.tab === state.tab;
        tab.setAttribute('aria-selected', String(selected));
        tab.tabIndex = selected ? 0 : -1;
        document.getElementById(tab.getAttribute('aria-controls')!)!.hidden = !selected;
      }
    },
  };
}
