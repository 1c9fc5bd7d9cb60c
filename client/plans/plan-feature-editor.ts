import { el } from '../panels/dom';
import type { PlanPage } from './open-plan';
import { type PlanFeature, addFeature, deleteFeature, updateFeature } from './plan-api';
import type { DrawMode, PlanDraw } from './plan-draw';
import { featureForm, featureFormFields } from './plan-forms';
import { KIND_STYLES, PLAN_FEATURE_KINDS, type PlanFeatureKind } from './plan-style';

export interface FeatureEditor {
  /** The "New feature" kind choice and its "Draw a new feature" button. */
  controls(): HTMLElement;
  /** Opens the feature form in the page's #feature-editor: a new shape drawn, or an existing one to drag. */
  open(feature: PlanFeature | null, kind: PlanFeatureKind): void;
  /** Closes the form and takes the shape off the map. */
  close(): void;
  /** Asks, then deletes a feature from the open plan. */
  remove(feature: PlanFeature): Promise<void>;
  /** True while a shape is being drawn or edited: map clicks belong to the drawing. */
  active(): boolean;
  /** True when the form or the shape has changes not saved. */
  changed(): boolean;
  /** Gives the map back to panning and the analysis clicks (the drawing tool stopped). */
  stopDrawing(): void;
}

interface FeatureEdit { feature: PlanFeature | null; form: HTMLFormElement; changed: boolean }

/**
 * Drawing and editing one feature of the open plan at a time: its form (kind, name, partner,
 * funding), its shape on the map (terra-draw, made by `createDraw`), and the save with the plan's
 * ETag. `confirmLeave` asks before a drawing in progress is replaced by another.
 */
export function createFeatureEditor(page: PlanPage, createDraw: (onChange: (geometry: ReturnType<PlanDraw['geometry']>) => void) => PlanDraw, confirmLeave: () => boolean): FeatureEditor {
  let shapeWatcher: ((geometry: ReturnType<PlanDraw['geometry']>) => void) | null = null;
  const draw = createDraw((geometry) => shapeWatcher?.(geometry));
  let edit: FeatureEdit | null = null;

  function open(feature: PlanFeature | null, kind: PlanFeatureKind): void {
    close();
    const form = featureForm(feature, kind);
    const current: FeatureEdit = { feature, form, changed: false };
    edit = current;
    const shape = el('p', { className: 'hint', id: 'feature-shape' });
    shape.setAttribute('role', 'status');
    const startDrawing = () => {
      const k = (form.elements.namedItem('kind') as HTMLSelectElement).value as PlanFeatureKind;
      const mode = KIND_STYLES[k].drawMode;
      shape.textContent = 'Getting the map ready for drawing…';
      // The hint once terra-draw listens (it loads on first use): a click before that is lost.
      void draw.draw(mode).then(() => {
        if (edit === current) shape.textContent = drawHint(mode);
      });
    };
    const redraw = el('button', { type: 'button' }, feature ? 'Redraw the shape' : 'Start drawing again');
    redraw.addEventListener('click', startDrawing);
    const save = el('button', { type: 'submit', id: 'feature-save' }, 'Save feature');
    const cancel = el('button', { type: 'button' }, 'Cancel');
    cancel.addEventListener('click', () => {
      if (!current.changed || window.confirm('Discard this feature\'s unsaved changes?')) close();
    });
    form.append(shape, el('div', { className: 'actions' }, save, redraw, cancel));
    form.addEventListener('input', () => (current.changed = true));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void saveFeature(current, shape);
    });
    page.box.querySelector('#feature-editor')?.replaceChildren(el('h4', {}, feature ? `Edit “${feature.name}”` : 'New feature'), form);
    shapeWatcher = (geometry) => {
      if (edit !== current) return;
      if (geometry) current.changed = true;
      if (geometry) shape.textContent = `Shape drawn (${geometry.type}). Drag its corners to adjust it, then save.`;
    };
    if (feature) {
      shape.textContent = 'Putting the shape on the map…';
      // The hint once terra-draw holds the shape (it loads on first use): then it can be dragged.
      void draw.edit(feature.geometry).then((ok) => {
        if (edit === current) shape.textContent = ok ? editHint(feature.geometry) : 'This shape could not be put on the map for editing: redraw it, or change it by uploading a file.';
      });
    } else startDrawing();
    form.querySelector<HTMLInputElement>('input[name="name"]')?.focus();
  }

  function close(): void {
    edit = null;
    draw.stop();
    page.box.querySelector('#feature-editor')?.replaceChildren();
  }

  async function saveFeature(current: FeatureEdit, shape: HTMLElement): Promise<void> {
    const openPlan = page.current();
    if (!openPlan) return;
    const read = featureFormFields(current.form);
    if ('error' in read) return void (shape.textContent = read.error);
    const geometry = draw.geometry();
    const planId = openPlan.plan.id;
    let written;
    if (current.feature) {
      const changes = { ...read.fields, ...(geometry && { geometry }) };
      written = await page.write('Saving the feature', (etag) => updateFeature(planId, current.feature!.id, etag, changes));
    } else {
      if (!geometry) return void (shape.textContent = 'Draw the shape on the map first.');
      written = await page.write('Saving the feature', (etag) => addFeature(planId, etag, { ...read.fields, properties: {}, geometry }));
    }
    if (!written) return;
    const answer = written.value;
    const notes = [...(answer.repaired ? [`repaired: ${answer.repaired}`] : []), ...answer.warnings.map((w) => w.detail)];
    page.say(`Feature “${answer.feature.name}” saved${notes.length ? ` (${notes.join('; ')})` : ''}.`);
    edit = null;
    await page.reload();
  }

  return {
    controls() {
      const kinds = el('select', { id: 'new-feature-kind' }, ...PLAN_FEATURE_KINDS.map((k) => el('option', { value: k }, KIND_STYLES[k].label)));
      const start = el('button', { type: 'button', id: 'new-feature' }, 'Draw a new feature');
      start.addEventListener('click', () => {
        if (edit && !confirmLeave()) return;
        open(null, kinds.value as PlanFeatureKind);
      });
      return el('div', { className: 'field' }, el('label', { htmlFor: kinds.id }, 'New feature'), kinds, start);
    },
    open,
    close,
    async remove(feature) {
      const openPlan = page.current();
      if (!openPlan || !window.confirm(`Delete “${feature.name}” from this plan?`)) return;
      const planId = openPlan.plan.id;
      if (await page.write('Deleting the feature', (etag) => deleteFeature(planId, feature.id, etag))) {
        page.say(`Feature “${feature.name}” deleted.`);
        await page.reload();
      }
    },
    active: () => edit !== null,
    changed: () => !!edit?.changed,
    stopDrawing: () => draw.stop(),
  };
}

function drawHint(mode: DrawMode): string {
  if (mode === 'point') return 'Click the map where the site is.';
  if (mode === 'linestring') return 'Click the map along the route; click the last point again to finish.';
  return 'Click the map at each corner of the area; click the first corner again to close it.';
}

function editHint(geometry: PlanFeature['geometry']): string {
  if (geometry.type === 'Point') return 'Drag the site on the map to move it.';
  if (geometry.type === 'LineString') return 'Drag the route\'s points on the map to change it.';
  if (geometry.type === 'MultiPolygon') return `This area has ${(geometry.coordinates as unknown[]).length} parts: click a part on the map to select it, then drag its corners. The parts are saved together.`;
  return 'Drag the shape\'s corners on the map to change it.';
}
