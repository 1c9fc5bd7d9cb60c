import { fetchCompare, fetchForceCompare } from '../api';
import type { Panel } from '../controller/panel-registry';
import { compareUrl, profileFilters } from '../profiles/profile-model';
import { compareView } from '../profiles/compare-view';
import { forcePositionSection } from '../profiles/force-position';
import { MAX_COMPARED, type ViewState } from '../state/view-state';
import { type DistrictPanelContext, districtsByName, requestWithPlot } from './district-panel';
import { choice, el, errorText, fieldset } from './dom';

/** The sequencer key of the comparison request. */
const COMPARE_REQUEST = 'compare';
/** The view's padding on each side (style.css .compare-view). */
const VIEW_PADDING = 16;

/**
 * The Compare page: the side panel chooses 2–4 districts (in the order ticked, kept in the URL as
 * `compare=`), and the view over the map shows them side by side (GET /api/compare) with the
 * county reference, a CSV download and printing. While the page is open the body has the class
 * `comparing`, which the print stylesheet uses to print the comparison alone.
 */
export function renderComparePanel(container: HTMLElement, view: HTMLElement, { store, requests, districts }: DistrictPanelContext): Panel {
  const boxes = districtsByName(districts).map((f) => choice('checkbox', 'compare', f.properties.code, f.properties.name));
  const inputs = boxes.map((b) => b.querySelector('input')!);
  const picker = fieldset(`Districts to compare (2 to ${MAX_COMPARED})`, ...boxes);
  picker.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    const current = store.get().compare.filter((c) => c !== input.value);
    store.update({ compare: input.checked ? [...current, input.value].slice(0, MAX_COMPARED) : current });
  });
  const status = el('p', { className: 'hint', id: 'compare-status', role: 'status' });
  container.replaceChildren(el('p', { className: 'hint' }, 'Shown over the map in the order ticked, on the filters of the Analysis page.'), picker, status);

  const csv = el('a', { className: 'button-link', id: 'compare-csv', download: '' }, 'Download CSV');
  const print = el('button', { type: 'button', id: 'compare-print' }, 'Print');
  print.addEventListener('click', () => window.print());
  const back = el('button', { type: 'button', id: 'compare-close' }, 'Back to the map');
  back.addEventListener('click', () => store.update({ tab: 'analysis' }));
  const body = el('div', { id: 'compare-body' });
  view.replaceChildren(
    el('div', { className: 'compare-header' }, el('h2', { id: 'compare-view-heading' }, 'Comparison'), el('div', { className: 'actions' }, csv, print, back)),
    body,
  );

  // The request last made (null: none yet, or it failed and opening the page again retries).
  let shown: string | null = null;
  const load = async (state: ViewState) => {
    const url = compareUrl(state);
    if (!url) {
      requests.cancel(COMPARE_REQUEST);
      body.replaceChildren(el('p', {}, 'Choose 2 to 4 districts in the side panel.'));
      return;
    }
    csv.href = compareUrl(state, 'csv')!;
    // The force table is an extra: its failure leaves the comparison shown, with a note.
    const outcome = await requestWithPlot(requests, COMPARE_REQUEST, { status, body, what: 'comparison' }, (signal) => Promise.all([
      fetchCompare(state.compare, profileFilters(state), signal),
      fetchForceCompare(profileFilters(state), signal).catch((error: unknown) => (signal.aborted ? Promise.reject(error) : errorText(error))),
    ]));
    if (outcome === 'stale') return;
    if (outcome === 'failed') return void (shown = null);
    const [[response, forces], Plot] = outcome;
    body.replaceChildren(
      ...compareView(Plot, response, districts, view.clientWidth - 2 * VIEW_PADDING),
      typeof forces === 'string' ? el('p', { className: 'error' }, `The force position could not be loaded: ${forces}`) : forcePositionSection(forces),
    );
    status.textContent = `Comparing ${response.profiles.map((p) => p.district.name).join(', ')}.`;
    view.dataset.compareReady = state.compare.join(',');
  };

  return {
    tab: 'compare',
    sync: (state) => {
      const open = state.tab === 'compare';
      view.hidden = !open;
      document.body.classList.toggle('comparing', open);
      csv.hidden = state.compare.length < 2;
      for (const input of inputs) {
        input.checked = state.compare.includes(input.value);
        input.disabled = !input.checked && state.compare.length >= MAX_COMPARED;
      }
      const key = compareUrl(state) ?? '';
      if (!open || key === shown) return;
      shown = key;
      delete view.dataset.compareReady;
      void load(state);
    },
  };
}
