import type { Requests } from '../controller/request-sequencer';
import { el, errorText } from '../panels/dom';
import type { Store } from '../state/store';
import { type ViewState, analysisQuery } from '../state/view-state';
import type { OpenPlan } from './open-plan';
import { type PlanCoverage, fetchCoverage } from './plan-api';
import { coverageView } from './plan-sections';

/** The coverage filters of a view: the analysis page's categories and period (not its map-only options). */
function coverageFilters(state: ViewState): Record<string, string> {
  const { districts: _d, cellSize: _c, weighting: _w, ...filters } = analysisQuery(state);
  return filters;
}

export interface CoverageSection {
  /** Reads the open plan's coverage unless it is shown already for this version and these filters. */
  load(): Promise<void>;
  /** Forgets what is shown, so the next `load` reads again (a plan opened or read again). */
  invalidate(): void;
  /** Draws the coverage read last, if any, into the page (after the page is drawn again). */
  renderLast(): void;
}

/**
 * The open plan's coverage of its district's hot spots, for the Analysis page's categories and
 * period, in the page's #plan-coverage box; read again when those filters or the plan change.
 */
export function createCoverageSection(store: Store, requests: Requests, page: { box: HTMLElement; current(): OpenPlan | null }, onShowCell: (cell: PlanCoverage['uncoveredHotCells'][number]) => void): CoverageSection {
  let coverage: PlanCoverage | null = null;
  let shown = '';

  const render = (c: PlanCoverage) => page.box.querySelector('#plan-coverage')?.replaceChildren(
    el('p', { className: 'hint' }, 'Share of the district\'s problem inside the plan\'s priority areas, for the Analysis page\'s categories and period.'),
    coverageView(c, onShowCell),
  );

  return {
    async load() {
      const state = store.get();
      const open = page.current();
      if (!open || state.tab !== 'plans') return;
      const key = `${open.plan.id}@${open.plan.version}?${new URLSearchParams(coverageFilters(state))}`;
      if (key === shown) return;
      shown = key;
      const id = open.plan.id;
      coverage = null;
      const outcome = await requests.request('plan-coverage', (signal) => fetchCoverage(id, coverageFilters(state), signal));
      if (outcome.status === 'stale') return;
      const box = page.box.querySelector('#plan-coverage');
      if (outcome.status === 'failed') return void box?.replaceChildren(el('p', { className: 'error' }, `Coverage could not be worked out: ${errorText(outcome.error)}`));
      coverage = outcome.value;
      render(coverage);
    },
    invalidate: () => void (shown = ''),
    renderLast: () => void (coverage && render(coverage)),
  };
}
