import { type PatrolParams, type PatrolRule, toKm2, toM2 } from '../state/patrol-state';
import type { Store } from '../state/store';
import type { ViewState } from '../state/view-state';
import { choice, el, field, fieldset } from './dom';

const radio = (name: string, value: string, label: string, hint?: string) => choice('radio', name, value, label, hint);

const numberInput = (name: string, min: number, max: number, step: string) => el('input', { type: 'number', name, min: String(min), max: String(max), step, required: true });

export interface PatrolForm {
  form: HTMLFormElement;
  preview: HTMLButtonElement;
  /** Sets every control from the view state; `filters` is the current filters in words. */
  sync(state: ViewState, filters: string): void;
}

/**
 * The patrol parameters form: selection rule and limits, every change written to the store (so
 * to the URL). The Preview button submits it; the panel handles the submit.
 */
export function patrolForm(store: Store): PatrolForm {
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
  form.addEventListener('change', (event) => writeChange(store, event.target as HTMLInputElement | HTMLSelectElement));

  const inputs = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)];
  const sync = (state: ViewState, described: string) => {
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
    filters.textContent = `Built from the current filters: ${described}.`;
  };
  return { form, preview, sync };
}

/** One control's change into the store's patrol parameters; an invalid number is reported, not stored. */
function writeChange(store: Store, t: HTMLInputElement | HTMLSelectElement): void {
  if (t instanceof HTMLInputElement && t.type === 'number' && !t.checkValidity()) return void t.reportValidity();
  const setParams = (change: Partial<PatrolParams>) => store.update({ patrol: { ...store.get().patrol, ...change } });
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
}
