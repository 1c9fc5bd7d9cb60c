import type { Requests } from '../controller/request-sequencer';
import { type PlotModule, loadPlot } from '../profiles/charts';
import type { Store } from '../state/store';
import type { DistrictCollection } from '../types';
import { el, errorText } from './dom';

/** What the Profile and Compare panels are given: the store, the request sequencer and the districts to choose from. */
export interface DistrictPanelContext {
  store: Store;
  requests: Requests;
  districts: DistrictCollection;
}

/** The districts in name order, as both panels list them. */
export function districtsByName(districts: DistrictCollection): DistrictCollection['features'] {
  return [...districts.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name));
}

/**
 * Runs a Profile or Compare request as the newest of `key`, with Observable Plot loaded alongside
 * (their charts need it): says it is loading in `status`, marks `body` busy, and on failure puts
 * the reason in `body`. 'stale' when a newer request took over, 'failed' after saying why (the
 * panel then lets its next showing retry), else the answer and Plot.
 */
export async function requestWithPlot<T>(
  requests: Requests,
  key: string,
  parts: { status: HTMLElement; body: HTMLElement; what: string },
  fetch: (signal: AbortSignal) => Promise<T>,
): Promise<[T, PlotModule] | 'stale' | 'failed'> {
  const { status, body, what } = parts;
  status.textContent = `Loading the ${what}…`;
  body.setAttribute('aria-busy', 'true');
  const outcome = await requests.request(key, (signal) => Promise.all([fetch(signal), loadPlot()]));
  if (outcome.status === 'stale') return 'stale';
  body.removeAttribute('aria-busy');
  if (outcome.status === 'failed') {
    status.textContent = '';
    body.replaceChildren(el('p', { className: 'error' }, `The ${what} could not be loaded: ${errorText(outcome.error)}`));
    return 'failed';
  }
  return outcome.value;
}
