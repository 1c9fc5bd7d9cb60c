import type { PanelTab, ViewState } from '../state/view-state';

/**
 * A part of the page that follows the view state: a side-panel page (patrol zones, data, and the
 * panels to come), the filter form, the tab list. Every hook is optional.
 */
export interface Panel {
  /** The side-panel tab the panel lives in: `open` runs the first time that tab is shown. */
  tab?: PanelTab;
  /** Loads what the panel lists (saved sets, what is loaded) on first open, not on every page start. */
  open?(): void | Promise<void>;
  /** Sets the panel's controls from the view state: once when added, then after every change. */
  sync?(state: ViewState, previous: ViewState): void;
}

/** The panels of the page, synced in the order they were added, each opened once. */
export class PanelRegistry {
  private readonly panels: Panel[] = [];
  private readonly opened = new Set<Panel>();

  add(panel: Panel, state: ViewState): void {
    this.panels.push(panel);
    this.follow(panel, state, state);
  }

  /** Passes a new view state to every panel, opening a panel whose tab is shown for the first time. */
  update(state: ViewState, previous: ViewState): void {
    for (const panel of this.panels) this.follow(panel, state, previous);
  }

  private follow(panel: Panel, state: ViewState, previous: ViewState): void {
    panel.sync?.(state, previous);
    if (panel.open && panel.tab === state.tab && !this.opened.has(panel)) {
      this.opened.add(panel);
      void panel.open();
    }
  }
}
