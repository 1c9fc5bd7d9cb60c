import { CATEGORIES, PRESETS, type CategorySlug, type PresetName } from '../../geodata/categories';
import type { Panel } from '../controller/panel-registry';
import type { Store } from '../state/store';
import { type AnalysisMode, CELL_SIZES, type LayerKey, type ViewState } from '../state/view-state';
import type { DistrictCollection } from '../types';
import { choice, el, fieldset } from './dom';
import { type PeriodChoices, missingIn, monthOptionText, pickedPeriod, shownPeriod } from './period-choices';

const number = new Intl.NumberFormat('en-GB');

const MODES: Array<[AnalysisMode, string, string]> = [
  ['density', 'Density', 'Incidents (or harm) per km² in each cell'],
  ['hotspots', 'Hot spots (Gi*)', 'Statistically significant clusters of high and low values'],
  ['emerging', 'Emerging hot spots', 'How hot spots change month by month'],
];

const LAYERS: Array<[LayerKey, string]> = [
  ['analysis', 'Analysis cells'],
  ['points', 'Incidents at snap points (street level, zoom 14 and closer)'],
  ['districts', 'District boundaries and names'],
];

export interface ControlsContext {
  store: Store;
  period: PeriodChoices;
  districts: DistrictCollection;
}

/** The form's controls that `sync` sets beyond the plain radio buttons and checkboxes. */
interface ControlParts {
  heatmap: HTMLLabelElement;
  categoryList: HTMLDivElement;
  fromSelect: HTMLSelectElement;
  toSelect: HTMLSelectElement;
  periodHint: HTMLParagraphElement;
  cellSelect: HTMLSelectElement;
}

/** The fieldsets of the form, in order: mode, crime types, period, districts, grid, layers. */
function buildFieldsets(choices: PeriodChoices, districts: DistrictCollection): { fieldsets: HTMLFieldSetElement[]; parts: ControlParts } {
  const heatmap = choice('checkbox', 'heatmap', 'on', 'Show density as a heatmap', 'density mode: a smooth kernel density surface instead of classed cells');
  heatmap.classList.add('sub-choice');
  const modes = fieldset('Analysis mode', ...MODES.map(([value, label, hint]) => choice('radio', 'mode', value, label, hint)), heatmap);

  const presetChoices = [
    choice('radio', 'preset', '', 'All crime and ASB'),
    ...(Object.entries(PRESETS) as Array<[PresetName, (typeof PRESETS)[PresetName]]>).map(([key, p]) => choice('radio', 'preset', key, p.label)),
    choice('radio', 'preset', 'custom', 'Choose categories'),
  ];
  const categoryList = el('div', { className: 'category-list', id: 'category-list' }, ...CATEGORIES.map((c) => choice('checkbox', 'category', c.slug, c.name)));
  const what = fieldset('Crime types', ...presetChoices, categoryList);

  const { months } = choices;
  // A month with no data says so in its text; the class only adds a style (not colour alone).
  const monthOptions = () => months.map((m) => el('option', { value: m, className: choices.missing.has(m) ? 'no-data' : '' }, monthOptionText(m, choices)));
  const fromSelect = el('select', { id: 'from-month', name: 'from', disabled: months.length === 0 }, ...monthOptions());
  const toSelect = el('select', { id: 'to-month', name: 'to', disabled: months.length === 0 }, ...monthOptions());
  const periodHint = el('p', { className: 'hint', id: 'period-hint' });
  for (const select of [fromSelect, toSelect]) select.setAttribute('aria-describedby', 'period-hint');
  const period = fieldset(
    'Period',
    el('div', { className: 'field' }, el('label', { htmlFor: 'from-month' }, 'From'), fromSelect),
    el('div', { className: 'field' }, el('label', { htmlFor: 'to-month' }, 'To'), toSelect),
    periodHint,
  );

  const districtChoices = districts.features.map((f) => {
    const row = choice('checkbox', 'district', f.properties.code, f.properties.name);
    if (f.properties.population !== null) row.append(el('span', { className: 'num' }, `${number.format(f.properties.population)} people`));
    return row;
  });
  const area = fieldset('Districts', el('p', { className: 'hint' }, 'None ticked: the whole area.'), ...districtChoices);

  const cellSelect = el(
    'select',
    { id: 'cell-size', name: 'cellSize' },
    el('option', { value: '' }, 'Automatic (about 50 cells across)'),
    ...CELL_SIZES.map((s) => el('option', { value: String(s) }, `${number.format(s)} m`)),
  );
  const weighting = fieldset(
    'Grid and weighting',
    el('div', { className: 'field' }, el('label', { htmlFor: 'cell-size' }, 'Cell size'), cellSelect),
    choice('radio', 'weighting', 'counts', 'Counts', 'every incident counts 1'),
    choice('radio', 'weighting', 'harm', 'Harm', 'weighted by Cambridge Crime Harm Index days per category'),
  );
  const layers = fieldset('Layers', ...LAYERS.map(([key, label]) => choice('checkbox', 'layer', key, label)));
  return { fieldsets: [modes, what, period, area, weighting, layers], parts: { heatmap, categoryList, fromSelect, toSelect, periodHint, cellSelect } };
}

/** The values of the checkboxes named `name` that are ticked (or, with `checked` false, not ticked). */
const checkedValues = (form: HTMLFormElement, name: string, checked = true) =>
  [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)].filter((i) => i.checked === checked).map((i) => i.value);

/** One control's change into the store. A period whose ends cross moves the other end along. */
function writeChange(store: Store, form: HTMLFormElement, choices: PeriodChoices, parts: ControlParts, target: HTMLInputElement | HTMLSelectElement): void {
  const state = store.get();
  switch (target.name) {
    case 'mode':
      return store.update({ mode: target.value as AnalysisMode });
    case 'preset':
      if (target.value === 'custom') return store.update({ preset: null, categories: [...state.categories.length ? state.categories : (state.preset ? PRESETS[state.preset].categories : [])] });
      return store.update({ preset: (target.value || null) as PresetName | null, categories: [] });
    case 'category':
      return store.update({ preset: null, categories: checkedValues(form, 'category') as CategorySlug[] });
    case 'from':
    case 'to':
      return store.update(pickedPeriod(parts.fromSelect.value, parts.toSelect.value, target.name, choices));
    case 'district':
      return store.update({ districts: checkedValues(form, 'district') });
    case 'cellSize':
      return store.update({ cellSize: target.value ? Number(target.value) : null });
    case 'weighting':
      return store.update({ weighting: target.value as ViewState['weighting'] });
    case 'heatmap':
      return store.update({ heatmap: (target as HTMLInputElement).checked });
    case 'layer':
      return store.update({ hidden: checkedValues(form, 'layer', false) as LayerKey[] });
  }
}

/** Under the picker: which months have no data, and whether the period chosen spans any. */
function periodHintText(period: { from: string; to: string }, choices: PeriodChoices): string {
  if (choices.missing.size === 0) return '';
  const inside = missingIn(period, choices).length;
  const spans = inside ? ` This period includes ${inside} month${inside === 1 ? '' : 's'} with no data, counted as months without crime.` : '';
  return `Months marked “(no data)” have nothing loaded.${spans}`;
}

/** Sets every control from the view state. */
function syncControls(form: HTMLFormElement, choices: PeriodChoices, parts: ControlParts, state: ViewState): void {
  const inputs = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)];
  const { heatmap, categoryList, fromSelect, toSelect, periodHint, cellSelect } = parts;
  for (const i of inputs('mode')) i.checked = i.value === state.mode;
  const heatmapInput = heatmap.querySelector('input')!;
  heatmapInput.checked = state.heatmap;
  heatmapInput.disabled = state.mode !== 'density';
  heatmap.classList.toggle('muted', state.mode !== 'density');
  const custom = !state.preset && state.categories.length > 0;
  for (const i of inputs('preset')) i.checked = custom ? i.value === 'custom' : i.value === (state.preset ?? '');
  const shown = state.preset ? PRESETS[state.preset].categories : state.categories;
  for (const i of inputs('category')) i.checked = (shown as readonly string[]).includes(i.value);
  categoryList.classList.toggle('muted', !custom);
  const period = shownPeriod(state, choices);
  fromSelect.value = period.from;
  toSelect.value = period.to;
  periodHint.textContent = periodHintText(period, choices);
  for (const i of inputs('district')) i.checked = state.districts.includes(i.value);
  if (state.cellSize && !cellSelect.querySelector(`option[value="${state.cellSize}"]`)) {
    cellSelect.append(el('option', { value: String(state.cellSize) }, `${number.format(state.cellSize)} m`));
  }
  cellSelect.value = state.cellSize ? String(state.cellSize) : '';
  for (const i of inputs('weighting')) i.checked = i.value === state.weighting;
  for (const i of inputs('layer')) i.checked = !state.hidden.includes(i.value as LayerKey);
}

/**
 * The filter form. Built once; its `sync` sets every control from the store's state (after a
 * change, back/forward or a shared link), and every control writes its change back to the store.
 */
export function renderControls(form: HTMLFormElement, { store, period, districts }: ControlsContext): Panel {
  const { fieldsets, parts } = buildFieldsets(period, districts);
  form.replaceChildren(...fieldsets);
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('change', (event) => writeChange(store, form, period, parts, event.target as HTMLInputElement | HTMLSelectElement));
  return { sync: (state) => syncControls(form, period, parts, state) };
}
