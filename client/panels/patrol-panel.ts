import { fetchPatrolZones, listPatrolZoneSets, patrolZoneSetUrl, patrolZonesUrl, savePatrolZoneSet } from '../api';
import { type PatrolParams, type PatrolPreview, type PatrolRule, patrolPreview, toKm2, toM2 } from '../state/patrol-state';
import type { Store } from '../state/store';
import { type ViewState, monthLabel, patrolZoneQuery } from '../state/view-state';
import type { PatrolZoneCollection, PatrolZoneFeature, PatrolZoneSet } from '../types';
import { choice, el, errorText, field, fieldset } from './dom';
import { markSelectedZone, zoneTable } from './patrol-table';

const FORMATS = [['geojson', 'GeoJSON'], ['csv', 'CSV'], ['kml', 'KML']] as const;

export interface PatrolPanelContext {
  store: Store;
  /** Draws the previewed zones on the map, the selected one highlighted (null clears them). */
  onZones: (zones: PatrolPreview | null) => void;
  /** Flies the map to the zone just selected. */
  onShow: (zone: PatrolZoneFeature) => void;
  /** The current filters in words, for the "uses these filters" line. */
  describeFilters: (state: ViewState) => string;
}

const radio = (name: string, value: string, label: string, hint?: string) => choice('radio', name, value, label, hint);

const numberInput = (name: string, min: number, max: number, step: string) => el('input', { type: 'number', name, min: String(min), max: String(max), step, required: true });

/**
 * The patrol planning panel: selection rule and limits (written to the store, so to the URL),
 * Preview (zones drawn on the map and listed by rank), downloads of the same query, and saved sets.
 * The analysis filters come from the store: the zones are built from the hot spots on screen.
 */
export function renderPatrolPanel(container: HTMLElement, ctx: PatrolPanelContext): (state: ViewState) => void {
  const { store } = ctx;
  const form = el('form', { className: 'controls', id: 'patrol-form' });
  form.setAttribute('aria-label', 'Patrol zone parameters');
  const confidence = el('select', { name: 'confidence' }, ...[90, 95, 99].map((c) => el('option', { value: String(c) }, `${c} %`)));
  const percent = numberInput('percent', 0.1, 100, '0.1');
  const k = numberInput('k', 1, 1000, '1');
  const rule = fieldset(
    'Select cells',
    radio('rule', 'hotspots', 'Significant hot spots', 'Gi* hot cells, FDR-corrected'),
    field('patrol-confidence', 'Confidence', confidence),
    radio('rule', 'top-harm-share', 'Top share of harm', 'the fewest cells holding this share of all harm'),
    field('patrol-percent', 'Share of harm (%)', percent),
    radio('rule', 'top-cells', 'Top cells', 'the K cells with the most harm'),
    field('patrol-k', 'Number of cells (K)', k),
  );
  const maxArea = numberInput('maxZoneArea', 0.0025, 25, '0.0025');
  const maxZones = numberInput('maxZones', 1, 500, '1');
  const budget = el('input', { type: 'number', name: 'budgetHours', min: '0.25', max: '10000', step: '0.25', placeholder: 'none' });
  const limits = fieldset(
    'Zones',
    radio('connectivity', 'rook', 'Merge cells sharing an edge'),
    radio('connectivity', 'queen', 'Merge cells sharing an edge or a corner'),
    field('patrol-max-area', 'Largest zone (km²)', maxArea, 'larger zones are split into compact parts'),
    field('patrol-max-zones', 'Most zones', maxZones),
    field('patrol-budget', 'Patrol hours a week', budget, 'optional: suggests 15-minute visits per zone'),
  );
  const filters = el('p', { className: 'hint', id: 'patrol-filters' });
  const preview = el('button', { type: 'submit', id: 'patrol-preview' }, 'Preview zones');
  form.append(filters, rule, limits, el('div', { className: 'actions' }, preview));

  const status = el('p', { className: 'status', id: 'patrol-status', role: 'status' });
  const results = el('div', { id: 'patrol-results', hidden: true });
  const downloads = el('div', { className: 'actions', id: 'patrol-downloads' });
  const nameInput = el('input', { type: 'text', name: 'name', required: true, maxLength: 120, placeholder: 'e.g. Summer nights 2025' });
  const saveForm = el('form', { className: 'save-set', id: 'patrol-save' }, field('patrol-set-name', 'Set name', nameInput), el('button', { type: 'submit' }, 'Save set'));
  const saveStatus = el('p', { className: 'status', role: 'status', id: 'patrol-save-status' });
  const sets = el('ul', { className: 'sets', id: 'patrol-sets' });
  container.replaceChildren(
    form,
    status,
    results,
    el('h3', {}, 'Saved zone sets'),
    el('p', { className: 'hint' }, 'A saved set never changes: its downloads stay byte-identical.'),
    sets,
  );

  // The zones on the map (or being built) with the query that built them: downloads and Save use
  // that query, never one rebuilt from a state that may have changed since.
  let shown: { key: string; query: Record<string, string>; zones: PatrolZoneCollection } | null = null;
  let pendingKey: string | null = null;
  let request = 0;
  const keyOf = (query: Record<string, string>) => new URLSearchParams(query).toString();

  const setParams = (change: Partial<PatrolParams>) => store.update({ patrol: { ...store.get().patrol, ...change } });
  form.addEventListener('change', (event) => {
    const t = event.target as HTMLInputElement | HTMLSelectElement;
    if (t instanceof HTMLInputElement && t.type === 'number' && !t.checkValidity()) return void t.reportValidity();
    const n = Number(t.value);
    switch (t.name) {
      case 'rule': return setParams({ rule: t.value as PatrolRule });
      case 'confidence': return setParams({ rule: 'hotspots', confidence: n as PatrolParams['confidence'] });
      case 'percent': return setParams({ rule: 'top-harm-share', percent: n });
      case 'k': return setParams({ rule: 'top-cells', k: n });
      case 'connectivity': return setParams({ connectivity: t.value as PatrolParams['connectivity'] });
      case 'maxZoneArea': return setParams({ maxZoneArea: toM2(n) });
      case 'maxZones': return setParams({ maxZones: n });
      case 'budgetHours': return setParams({ budgetHours: t.value === '' ? null : n });
    }
  });

  const select = (table: HTMLTableElement, zone: PatrolZoneFeature) => {
    if (!shown) return;
    markSelectedZone(table, zone.properties.id);
    ctx.onZones(patrolPreview(shown.zones, zone.properties.id));
    ctx.onShow(zone);
  };

  const showZones = (key: string, query: Record<string, string>, zones: PatrolZoneCollection) => {
    shown = { key, query, zones };
    ctx.onZones(patrolPreview(zones));
    const m = zones.metadata;
    const period = `${monthLabel(m.period.from)} – ${monthLabel(m.period.to)}`;
    if (zones.features.length === 0) {
      status.textContent = m.message ?? 'No patrol zones for these parameters.';
      results.hidden = true;
      return;
    }
    status.textContent = `${zones.features.length} zone${zones.features.length === 1 ? '' : 's'} in ${m.area}, ${period}.`;
    downloads.replaceChildren(
      el('span', { className: 'hint' }, 'Download:'),
      ...FORMATS.map(([format, label]) => {
        const a = el('a', { href: patrolZonesUrl(query, format), className: 'button-link', download: '' }, `Export ${label}`);
        a.dataset.format = format;
        return a;
      }),
    );
    const table: HTMLTableElement = zoneTable(zones, (zone) => select(table, zone));
    results.replaceChildren(
      el('div', { className: 'table-scroll' }, table),
      ...(m.dosage_rule ? [el('p', { className: 'hint' }, m.dosage_rule)] : []),
      downloads,
      saveForm,
      saveStatus,
    );
    results.hidden = false;
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const query = patrolZoneQuery(store.get());
    const key = keyOf(query);
    pendingKey = key;
    const mine = ++request;
    preview.disabled = true;
    status.textContent = 'Building zones…';
    status.classList.remove('error');
    try {
      const zones = await fetchPatrolZones(query);
      if (mine === request) showZones(key, query, zones);
    } catch (error) {
      if (mine !== request) return;
      status.textContent = `The zones could not be built: ${errorText(error)}`;
      status.classList.add('error');
    } finally {
      if (mine === request) {
        preview.disabled = false;
        pendingKey = null;
      }
    }
  });

  const renderSets = (list: PatrolZoneSet[]) => {
    if (list.length === 0) return void sets.replaceChildren(el('li', { className: 'hint' }, 'None saved yet.'));
    sets.replaceChildren(
      ...list.map((s) => {
        const when = new Date(s.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
        const li = el(
          'li',
          {},
          el('strong', {}, s.name),
          el('span', { className: 'hint' }, ` ${s.zoneCount} zones, ${when}, by ${s.createdBy}`),
          el('span', { className: 'set-links' }, ...FORMATS.map(([format, label]) => el('a', { href: patrolZoneSetUrl(s.id, format), download: '' }, label))),
        );
        li.dataset.setId = String(s.id);
        return li;
      }),
    );
  };
  const loadSets = async () => {
    try {
      renderSets(await listPatrolZoneSets());
    } catch (error) {
      sets.replaceChildren(el('li', { className: 'error' }, `Saved sets could not be listed: ${errorText(error)}`));
    }
  };
  saveForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!saveForm.reportValidity() || !shown) return;
    saveStatus.classList.remove('error');
    saveStatus.textContent = 'Saving…';
    try {
      const saved = await savePatrolZoneSet(shown.query, nameInput.value);
      nameInput.value = '';
      await loadSets();
      saveStatus.textContent = `Saved "${saved.name}" (${saved.zoneCount} zones).`;
    } catch (error) {
      saveStatus.textContent = `The set could not be saved: ${errorText(error)}`;
      saveStatus.classList.add('error');
    }
  });
  // Listed when the page is first opened, not on every start (it is hidden by default).
  let setsLoaded = false;

  const inputs = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)];
  return (state: ViewState) => {
    if (state.tab === 'patrol' && !setsLoaded) {
      setsLoaded = true;
      void loadSets();
    }
    const p = state.patrol;
    for (const i of inputs('rule')) i.checked = i.value === p.rule;
    for (const i of inputs('connectivity')) i.checked = i.value === p.connectivity;
    confidence.value = String(p.confidence);
    percent.value = String(p.percent);
    k.value = String(p.k);
    maxArea.value = String(toKm2(p.maxZoneArea));
    maxZones.value = String(p.maxZones);
    budget.value = p.budgetHours === null ? '' : String(p.budgetHours);
    confidence.disabled = p.rule !== 'hotspots';
    percent.disabled = p.rule !== 'top-harm-share';
    k.disabled = p.rule !== 'top-cells';
    filters.textContent = `Built from the current filters: ${ctx.describeFilters(state)}.`;
    // Zones drawn (or being built) for other parameters would mislead: clear them until the next preview.
    const key = shown?.key ?? pendingKey;
    if (key !== null && key !== keyOf(patrolZoneQuery(state))) {
      shown = null;
      pendingKey = null;
      request++;
      preview.disabled = false;
      ctx.onZones(null);
      results.hidden = true;
      status.textContent = 'Parameters changed: preview again to see the zones.';
    }
  };
}

