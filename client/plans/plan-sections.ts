import { el, factsList } from '../panels/dom';
import type { Plan, PlanCoverage, PlanFeature } from './plan-api';
import { type DistrictPlans, coverageFacts, fundingLabel, periodLabel, uncoveredCellLabel } from './plan-model';
import { kindLabel } from './plan-style';

export interface PlanListActions {
  open(id: number): void;
  show(id: number, on: boolean): void;
}

/** Plans by district: each opens with a button and has a "Show on map" checkbox; its status in words. */
export function planList(groups: DistrictPlans[], openId: number | null, shown: readonly number[], actions: PlanListActions): HTMLElement {
  if (!groups.length) return el('p', { className: 'hint' }, 'No plans you may see yet.');
  return el('div', { id: 'plan-list' }, ...groups.map((g) =>
    el('section', { className: 'plan-district' },
      el('h3', {}, `${g.name} (${g.code})`),
      el('ul', { className: 'plan-list' }, ...g.plans.map((p) => planItem(p, p.id === openId, shown.includes(p.id), actions))),
    )));
}

function planItem(plan: Plan, open: boolean, shown: boolean, actions: PlanListActions): HTMLLIElement {
  const button = el('button', { type: 'button', className: 'link-button' }, plan.title);
  button.dataset.planId = String(plan.id);
  if (open) button.setAttribute('aria-current', 'true');
  button.addEventListener('click', () => actions.open(plan.id));
  const toggle = el('input', { type: 'checkbox', checked: shown });
  toggle.dataset.planOverlay = String(plan.id);
  toggle.addEventListener('change', () => actions.show(plan.id, toggle.checked));
  const status = el('span', { className: `plan-status plan-status-${plan.status}` }, plan.status === 'published' ? 'Published' : 'Draft');
  return el('li', {}, button, ' ', status, el('span', { className: 'hint' }, ` ${periodLabel(plan)}`),
    el('label', { className: 'choice' }, toggle, el('span', {}, 'Show on map')));
}

export interface FeatureListActions {
  show(feature: PlanFeature): void;
  edit?(feature: PlanFeature): void;
  remove?(feature: PlanFeature): void;
}

/**
 * The plan's features as a table: the map's text alternative (issue 16), every kind named, each
 * with "Show on map" (and Edit, Delete for its editors) as buttons.
 */
export function featureTable(features: readonly PlanFeature[], actions: FeatureListActions): HTMLElement {
  if (!features.length) return el('p', { className: 'hint', id: 'plan-features' }, 'No features yet.');
  const head = el('tr', {}, ...['Kind', 'Name', 'Lead partner', 'Funding', 'Actions'].map((h) => el('th', { scope: 'col' }, h)));
  const rows = features.map((f) => {
    const buttons = [button('Show on map', `Show on map: ${f.name}`, () => actions.show(f))];
    if (actions.edit) buttons.push(button('Edit', `Edit: ${f.name}`, () => actions.edit!(f)));
    if (actions.remove) buttons.push(button('Delete', `Delete: ${f.name}`, () => actions.remove!(f)));
    const tr = el('tr', {}, el('td', {}, kindLabel(f.kind)), el('th', { scope: 'row' }, f.name), el('td', {}, f.leadPartner ?? '–'), el('td', {}, fundingLabel(f.funding)), el('td', { className: 'row-actions' }, ...buttons));
    tr.dataset.featureId = String(f.id);
    return tr;
  });
  const table = el('table', { className: 'plan-features' }, el('caption', {}, `Features of this plan (${features.length})`), el('thead', {}, head), el('tbody', {}, ...rows));
  const box = el('div', { className: 'table-scroll', tabIndex: 0, id: 'plan-features' }, table);
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', 'Features of this plan');
  return box;
}

function button(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button' }, text);
  // The visible word starts the accessible name (WCAG 2.5.3), the feature's name follows.
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

/** Coverage figures and the hot cells outside every priority area, each a button that moves the map there. */
export function coverageView(c: PlanCoverage, onFly: (cell: PlanCoverage['uncoveredHotCells'][number]) => void): HTMLElement {
  const parts: HTMLElement[] = [factsList(coverageFacts(c))];
  for (const w of c.warnings) parts.push(el('p', { className: 'warning' }, w.message));
  if (c.uncoveredHotCells.length) {
    parts.push(el('h4', { id: 'uncovered-heading' }, `Hot cells outside every priority area (${c.uncoveredHotCells.length})`));
    const list = el('ol', { className: 'top-cells', id: 'uncovered-cells' }, ...c.uncoveredHotCells.slice(0, 50).map((cell) => {
      const b = el('button', { type: 'button' }, uncoveredCellLabel(cell));
      b.addEventListener('click', () => onFly(cell));
      return el('li', {}, b);
    }));
    list.setAttribute('aria-labelledby', 'uncovered-heading');
    parts.push(list);
  } else if (c.hotCells.total) parts.push(el('p', {}, 'Every hot cell is inside a priority area.'));
  return el('div', { id: 'plan-coverage-figures' }, ...parts);
}
