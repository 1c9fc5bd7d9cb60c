import type { Health } from '../types';
import { monthLabel } from '../state/view-state';
import { factsList } from './dom';

const number = new Intl.NumberFormat('en-GB');

export function renderDataSummary(health: Health): void {
  const facts: Array<[string, string]> = [
    ['Incidents', number.format(health.incidents)],
    ['Period', health.months ? `${monthLabel(health.months[0])} – ${monthLabel(health.months[1])}` : 'none loaded'],
    ['Source', health.synthetic ? 'synthetic demo' : 'police.uk street-level crime'],
    ['Database', `${health.database === 'pglite' ? 'embedded PostGIS' : 'PostgreSQL'} (PostGIS ${health.postgis})`],
  ];
  document.getElementById('data-summary')!.replaceChildren(factsList(facts));
}
