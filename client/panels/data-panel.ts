import type { Health } from '../types';
import { factsList } from './dom';

const number = new Intl.NumberFormat('en-GB');

function monthLabel(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year!, m! - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function renderDataSummary(health: Health): void {
  const facts: Array<[string, string]> = [
    ['Incidents', number.format(health.incidents)],
    ['Period', health.months ? `${monthLabel(health.months[0])} – ${monthLabel(health.months[1])}` : 'none loaded'],
    ['Source', health.synthetic ? 'synthetic demo' : 'police.uk street-level crime'],
    ['Database', `${health.database === 'pglite' ? 'embedded PostGIS' : 'PostgreSQL'} (PostGIS ${health.postgis})`],
  ];
  document.getElementById('data-summary')!.replaceChildren(factsList(facts));
}
