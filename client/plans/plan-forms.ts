import { el, factsList } from '../panels/dom';
import type { Funding, Plan, PlanFeature, PlanFeatureFields, PlanFields } from './plan-api';
import { periodLabel } from './plan-model';
import { KIND_STYLES, PLAN_FEATURE_KINDS, type PlanFeatureKind } from './plan-style';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A labelled control in the panels' `.field` layout (textareas too, which dom.ts's `field` does not take). */
function row(id: string, label: string, control: Control, hint?: string): HTMLDivElement {
  control.id = id;
  const box = el('div', { className: 'field' }, el('label', { htmlFor: id }, label), control);
  if (!hint) return box;
  const h = el('span', { className: 'hint', id: `${id}-hint` }, hint);
  control.setAttribute('aria-describedby', h.id);
  return el('div', {}, box, h);
}

const input = (name: string, value: string, props: Partial<HTMLInputElement> = {}) => el('input', { name, value, ...props });
const select = (name: string, options: Array<[string, string]>, value: string) => {
  const s = el('select', { name }, ...options.map(([v, label]) => el('option', { value: v }, label)));
  s.value = value;
  return s;
};

/** The plan's properties: editable for its editors, a list of facts for everyone else. */
export function planPropertiesView(plan: Plan, editable: boolean): HTMLElement {
  if (!editable) {
    return factsList([
      ['Status', plan.status === 'published' ? 'Published' : 'Draft'],
      ['Period', periodLabel(plan)],
      ['Summary', plan.summary || '(none)'],
      ['Priorities', plan.priorities.join('; ') || '(none)'],
      ['Owner contact', plan.ownerContact || '(none)'],
      ['Version', `${plan.version}, last changed by ${plan.updatedBy}`],
    ]);
  }
  const form = el('form', { id: 'plan-form', className: 'controls' });
  form.setAttribute('aria-label', 'Plan properties');
  form.append(
    row('plan-title', 'Title', input('title', plan.title, { required: true, maxLength: 200 })),
    row('plan-start', 'First month', input('periodStart', plan.periodStart, { type: 'month', required: true })),
    row('plan-end', 'Last month', input('periodEnd', plan.periodEnd, { type: 'month', required: true })),
    row('plan-status', 'Status', select('status', [['draft', 'Draft (editors only)'], ['published', 'Published (everyone)']], plan.status)),
    row('plan-summary', 'Summary', el('textarea', { name: 'summary', value: plan.summary, rows: 3, maxLength: 5000 })),
    row('plan-priorities', 'Priorities', el('textarea', { name: 'priorities', value: plan.priorities.join('\n'), rows: 3 }), 'One per line'),
    row('plan-owner', 'Owner contact', input('ownerContact', plan.ownerContact, { maxLength: 300 })),
    el('p', { className: 'hint' }, `Version ${plan.version}, last changed by ${plan.updatedBy}.`),
    el('button', { type: 'submit', id: 'plan-save' }, 'Save plan'),
  );
  return form;
}

/** The plan fields the form changes from `plan` (nothing changed: an empty object). */
export function planFormChanges(form: HTMLFormElement, plan: Plan): Partial<Omit<PlanFields, 'districtCode'>> {
  const data = new FormData(form);
  const text = (k: string) => String(data.get(k) ?? '').trim();
  const next = {
    title: text('title'), periodStart: text('periodStart'), periodEnd: text('periodEnd'), status: text('status') as Plan['status'],
    summary: text('summary'), priorities: text('priorities').split('\n').map((p) => p.trim()).filter(Boolean), ownerContact: text('ownerContact'),
  };
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(plan[k as keyof Plan])));
}

/** The new-plan form: district (those the caller may edit), title and period. */
export function newPlanForm(districts: Array<[string, string]>): HTMLFormElement {
  const year = new Date().getUTCFullYear();
  const form = el('form', { id: 'new-plan-form', className: 'controls' });
  form.setAttribute('aria-label', 'New plan');
  form.append(
    row('new-plan-district', 'District', select('districtCode', districts, districts[0]?.[0] ?? '')),
    row('new-plan-title', 'Title', input('title', '', { required: true, maxLength: 200 })),
    row('new-plan-start', 'First month', input('periodStart', `${year}-04`, { type: 'month', required: true })),
    row('new-plan-end', 'Last month', input('periodEnd', `${year + 1}-03`, { type: 'month', required: true })),
    el('button', { type: 'submit' }, 'Create plan'),
  );
  return form;
}

/** A feature's properties: kind, name, description, lead partner and funding. */
export function featureForm(feature: PlanFeature | null, kind: PlanFeatureKind): HTMLFormElement {
  const form = el('form', { id: 'feature-form', className: 'controls' });
  form.setAttribute('aria-label', feature ? `Edit ${feature.name}` : 'New feature');
  const kinds = PLAN_FEATURE_KINDS.map((k): [string, string] => [k, `${KIND_STYLES[k].label} (${KIND_STYLES[k].drawn})`]);
  form.append(
    row('feature-kind', 'Kind', select('kind', kinds, feature?.kind ?? kind)),
    row('feature-name', 'Name', input('name', feature?.name ?? '', { required: true, maxLength: 200 })),
    row('feature-description', 'Description', el('textarea', { name: 'description', value: feature?.description ?? '', rows: 2, maxLength: 5000 })),
    row('feature-partner', 'Lead partner', input('leadPartner', feature?.leadPartner ?? '', { maxLength: 200 })),
    row('feature-amount', 'Funding (£)', input('amount', feature?.funding ? String(feature.funding.amount) : '', { type: 'number', min: '0', step: '1' })),
    row('feature-fund', 'Fund', input('fund', feature?.funding?.fund ?? '', { maxLength: 200 }), 'e.g. PCC Safer Streets; leave both empty for none'),
  );
  return form;
}

/** The feature fields a form holds; an error message when funding is half given. */
export function featureFormFields(form: HTMLFormElement): { fields: Omit<PlanFeatureFields, 'properties'> } | { error: string } {
  const data = new FormData(form);
  const text = (k: string) => String(data.get(k) ?? '').trim();
  const amount = text('amount');
  const fund = text('fund');
  if ((amount === '') !== (fund === '')) return { error: 'Give both the funding amount and the fund, or neither.' };
  const funding: Funding | null = amount ? { amount: Number(amount), currency: 'GBP', fund } : null;
  return { fields: { kind: text('kind') as PlanFeatureKind, name: text('name'), description: text('description'), leadPartner: text('leadPartner') || null, funding } };
}
