import { fetchPatrolZones, patrolZonesUrl } from '../api';
import type { Panel } from '../controller/panel-registry';
import type { Requests } from '../controller/request-sequencer';
import { type PatrolPreview, patrolPreview } from '../state/patrol-state';
import type { Store } from '../state/store';
import { type ViewState, monthLabel, patrolZoneQuery } from '../state/view-state';
import type { PatrolZoneCollection, PatrolZoneFeature } from '../types';
import { el, errorText, scrollBox } from './dom';
import { patrolForm } from './patrol-form';
import { PATROL_FORMATS, savedSets } from './patrol-sets';
import { markSelectedZone, zoneTable } from './patrol-table';

/** The sequencer key of the preview request. */
const PREVIEW_REQUEST = 'patrol-preview';

export interface PatrolPanelContext {
  store: Store;
  requests: Requests;
  /** Draws the previewed zones on the map, the selected one highlighted (null clears them). */
  onZones: (zones: PatrolPreview | null) => void;
  /** Flies the map to the zone just selected. */
  onShow: (zone: PatrolZoneFeature) => void;
  /** The current filters in words, for the "uses these filters" line. */
  describeFilters: (state: ViewState) => string;
}

const keyOf = (query: Record<string, string>) => new URLSearchParams(query).toString();

function downloadLinks(query: Record<string, string>): HTMLElement {
  return el(
    'div',
    { className: 'actions', id: 'patrol-downloads' },
    el('span', { className: 'hint' }, 'Download:'),
    ...PATROL_FORMATS.map(([format, label]) => {
      const a = el('a', { href: patrolZonesUrl(query, format), className: 'button-link', download: '' }, `Export ${label}`);
      a.dataset.format = format;
      return a;
    }),
  );
}

/** The previewed zones in words and as the ranked table, with `after` (downloads, Save) under it; none: the server's reason. */
function showResults(status: HTMLElement, results: HTMLElement, zones: PatrolZoneCollection, after: HTMLElement[], onSelect: (table: HTMLTableElement, zone: PatrolZoneFeature) => void): void {
  const m = zones.metadata;
  const count = zones.features.length;
  if (count === 0) {
    status.textContent = m.message ?? 'No patrol zones for these parameters.';
    results.hidden = true;
    return;
  }
  status.textContent = `${count} zone${count === 1 ? '' : 's'} in ${m.area}, ${monthLabel(m.period.from)} – ${monthLabel(m.period.to)}.`;
  const table: HTMLTableElement = zoneTable(zones, (zone) => onSelect(table, zone));
  results.replaceChildren(scrollBox(table, 'Patrol zones'), ...(m.dosage_rule ? [el('p', { className: 'hint' }, m.dosage_rule)] : []), ...after);
  results.hidden = false;
}

/**
 * The patrol planning panel: selection rule and limits (written to the store, so to the URL),
 * Preview (zones drawn on the map and listed by rank), downloads of the same query, and saved sets
 * (listed on first open). The analysis filters come from the store: the zones are built from the
 * hot spots on screen.
 */
export function renderPatrolPanel(container: HTMLElement, ctx: PatrolPanelContext): Panel {
  const { store, requests } = ctx;
  const { form, preview, sync: syncForm } = patrolForm(store);
  const status = el('p', { className: 'status', id: 'patrol-status', role: 'status' });
  const results = el('div', { id: 'patrol-results', hidden: true });
  // The zones on the map (or being built) with the query that built them: downloads and Save use
  // that query, never one rebuilt from a state that may have changed since.
  let shown: { key: string; query: Record<string, string>; zones: PatrolZoneCollection } | null = null;
  let pendingKey: string | null = null;
  const sets = savedSets(requests, () => shown?.query ?? null);
  container.replaceChildren(
    form,
    status,
    results,
    el('h3', {}, 'Saved zone sets'),
    el('p', { className: 'hint' }, 'A saved set never changes: its downloads stay byte-identical.'),
    sets.list,
  );

  const showZones = (key: string, query: Record<string, string>, zones: PatrolZoneCollection) => {
    shown = { key, query, zones };
    ctx.onZones(patrolPreview(zones));
    showResults(status, results, zones, [downloadLinks(query), ...sets.saveBox], (table, zone) => {
      markSelectedZone(table, zone.properties.id);
      ctx.onZones(patrolPreview(zones, zone.properties.id));
      ctx.onShow(zone);
    });
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const query = patrolZoneQuery(store.get());
    const key = keyOf(query);
    pendingKey = key;
    preview.disabled = true;
    status.textContent = 'Building zones…';
    status.classList.remove('error');
    const outcome = await requests.request(PREVIEW_REQUEST, (signal) => fetchPatrolZones(query, signal));
    if (outcome.status === 'stale') return;
    preview.disabled = false;
    pendingKey = null;
    if (outcome.status === 'done') return showZones(key, query, outcome.value);
    status.textContent = `The zones could not be built: ${errorText(outcome.error)}`;
    status.classList.add('error');
  });

  // Zones drawn (or being built) for other parameters would mislead: clear them until the next preview.
  const dropOutdated = (state: ViewState) => {
    const key = shown?.key ?? pendingKey;
    if (key === null || key === keyOf(patrolZoneQuery(state))) return;
    shown = null;
    pendingKey = null;
    requests.cancel(PREVIEW_REQUEST);
    preview.disabled = false;
    ctx.onZones(null);
    results.hidden = true;
    status.textContent = 'Parameters changed: preview again to see the zones.';
  };
  return {
    tab: 'patrol',
    open: sets.load,
    sync: (state) => {
      syncForm(state, ctx.describeFilters(state));
      dropOutdated(state);
    },
  };
}
