import type { Panel } from '../controller/panel-registry';
import type { Requests } from '../controller/request-sequencer';
import { type Plan, type PlanCoverage, type PlanFeature, type PlanWithFeatures, type Session, ImportProblem, StalePlanError, addFeature, createPlan, deleteFeature, fetchCoverage, fetchPlan, fetchSession, importFeatures, listPlans, planGeoJsonUrl, updateFeature, updatePlan } from '../plans/plan-api';
import type { PlanDraw } from '../plans/plan-draw';
import { featureForm, featureFormFields, newPlanForm, planFormChanges, planPropertiesView } from '../plans/plan-forms';
import type { PlanOverlay } from '../plans/plan-layers';
import { canEditDistrict, featureFacts, planChanges, plansByDistrict, toggleOverlay } from '../plans/plan-model';
import { coverageView, featureTable, planList } from '../plans/plan-sections';
import { KIND_STYLES, PLAN_FEATURE_KINDS, type PlanFeatureKind } from '../plans/plan-style';
import type { Store } from '../state/store';
import { type ViewState, analysisQuery } from '../state/view-state';
import type { DistrictCollection } from '../types';
import { el, errorText, factsList } from './dom';

export interface PlansPanelContext {
  store: Store;
  requests: Requests;
  districts: DistrictCollection;
  /** Makes the drawing tool (terra-draw on the map); `onChange` gets the shape at each change. */
  createDraw(onChange: (geometry: ReturnType<PlanDraw['geometry']>) => void): PlanDraw;
  /** The plans to draw on the map (controller.setData). */
  onOverlays(overlays: PlanOverlay[]): void;
  /** Moves the map to a feature's geometry. */
  onShowFeature(feature: PlanFeature): void;
  /** Moves the map to an uncovered hot cell (BNG south-west corner and size, metres). */
  onShowCell(cell: PlanCoverage['uncoveredHotCells'][number]): void;
}

export interface PlansPanel extends Panel {
  /** True while a shape is being drawn or edited: map clicks belong to the drawing. */
  drawing(): boolean;
  /** A click on a plan feature on the map: its details in the panel. */
  showDetails(planId: number, featureId: number): void;
}

/** The coverage filters of a view: the analysis page's categories and period (not its map-only options). */
function coverageFilters(state: ViewState): Record<string, string> {
  const { districts: _d, cellSize: _c, weighting: _w, ...filters } = analysisQuery(state);
  return filters;
}

interface OpenPlan { plan: PlanWithFeatures; etag: string }
interface FeatureEdit { feature: PlanFeature | null; form: HTMLFormElement; changed: boolean }

/**
 * The Plans page (issue 13): plans by district, their overlays on the map, and, for the
 * district's editors, the plan's properties, features drawn on the map (terra-draw), GeoJSON
 * upload and download. Every write sends the ETag read; a stale one shows what changed and offers
 * a reload. Unsaved edits ask before the page, the plan or the tab is left.
 */
export function renderPlansPanel(container: HTMLElement, ctx: PlansPanelContext): PlansPanel {
  const { store, requests } = ctx;
  let shapeWatcher: ((geometry: ReturnType<PlanDraw['geometry']>) => void) | null = null;
  const draw = ctx.createDraw((geometry) => shapeWatcher?.(geometry));
  const names = new Map(ctx.districts.features.map((f) => [f.properties.code, f.properties.name]));
  let session: Session | null = null;
  let plans: Plan[] = [];
  let listed = false;
  /** A feature clicked on the map while its plan was not open: shown once the plan is. */
  let pendingDetails: number | null = null;
  let open: OpenPlan | null = null;
  let edit: FeatureEdit | null = null;
  let planDirty = false;
  const overlayCache = new Map<number, PlanWithFeatures>();
  let overlaysShown = '';
  let coverageShown = '';

  const who = el('p', { className: 'hint', id: 'plans-session' });
  const listBox = el('div', { id: 'plans-list-box' }, el('p', {}, 'Loading…'));
  const newBox = el('div', { id: 'new-plan-box' });
  const planBox = el('section', { id: 'plan-view', className: 'plan-view' });
  planBox.setAttribute('aria-label', 'Open plan');
  const status = el('p', { id: 'plans-status', className: 'hint' });
  status.setAttribute('role', 'status');
  container.replaceChildren(who, listBox, newBox, status, planBox);

  const editable = () => !!open && canEditDistrict(session, open.plan.districtCode);
  const dirty = () => planDirty || !!edit?.changed;
  const say = (text: string) => (status.textContent = text);
  /** Asks before unsaved edits are thrown away; true when there are none or the officer agrees. */
  const confirmLeave = () => !dirty() || window.confirm('This plan has unsaved changes. Leave without saving them?');
  const discard = () => {
    planDirty = false;
    closeEditor();
  };

  window.addEventListener('beforeunload', (e) => {
    if (!dirty()) return;
    e.preventDefault();
    e.returnValue = '';
  });
  // Leaving the Plans page by its tabs asks first (capture: before the tab list switches page).
  const tabs = document.getElementById('tabs');
  const guardTabs = (e: Event) => {
    const target = (e.target as HTMLElement).closest<HTMLElement>('[role="tab"]');
    const leaving = e.type === 'click' ? target && target.dataset.tab !== 'plans' : ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes((e as KeyboardEvent).key);
    if (store.get().tab !== 'plans' || !leaving) return;
    if (confirmLeave()) return discard();
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  tabs?.addEventListener('click', guardTabs, { capture: true });
  tabs?.addEventListener('keydown', guardTabs, { capture: true });

  // ---- list and new plan
  function renderList(): void {
    if (!listed) return;
    const state = store.get();
    listBox.replaceChildren(planList(plansByDistrict(plans, names), state.plan, state.planOverlays, {
      open: (id) => {
        if (id === store.get().plan || !confirmLeave()) return;
        discard();
        store.update({ plan: id });
      },
      show: (id, on) => store.update({ planOverlays: toggleOverlay(store.get().planOverlays, id, on) }),
    }));
  }

  function renderNewPlan(): void {
    const mine = ctx.districts.features.filter((f) => canEditDistrict(session, f.properties.code)).map((f): [string, string] => [f.properties.code, `${f.properties.name} (${f.properties.code})`]);
    if (!mine.length) return newBox.replaceChildren();
    const form = newPlanForm(mine);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!confirmLeave()) return;
      const data = new FormData(form);
      const text = (k: string) => String(data.get(k) ?? '');
      void (async () => {
        try {
          const { body } = await createPlan({ districtCode: text('districtCode'), title: text('title').trim(), periodStart: text('periodStart'), periodEnd: text('periodEnd') });
          discard();
          form.reset();
          say(`Plan “${body.title}” created as a draft.`);
          await loadList();
          store.update({ plan: body.id, planOverlays: toggleOverlay(store.get().planOverlays, body.id, true) });
        } catch (error) {
          say(`The plan was not created: ${errorText(error)}`);
        }
      })();
    });
    newBox.replaceChildren(el('details', {}, el('summary', {}, 'New plan'), form));
  }

  async function loadList(): Promise<void> {
    const outcome = await requests.request('plans-list', (signal) => Promise.all([fetchSession().catch(() => null), listPlans(signal)]));
    if (outcome.status === 'stale') return;
    if (outcome.status === 'failed') return void listBox.replaceChildren(el('p', { className: 'error' }, errorText(outcome.error)));
    [session, plans] = outcome.value;
    listed = true;
    who.textContent = session?.signedIn
      ? `Signed in as ${session.name} (${session.role}${session.role === 'editor' ? ` of ${(session.districts ?? []).join(', ')}` : ''}).`
      : 'Read-only: sign in as an editor of a district to create and edit its plans.';
    renderList();
    renderNewPlan();
    if (open) renderPlan();
  }

  // ---- the open plan
  async function loadPlan(id: number | null): Promise<void> {
    if (id === null) {
      open = null;
      draw.stop();
      planBox.replaceChildren();
      return;
    }
    const outcome = await requests.request('plan', (signal) => fetchPlan(id, signal));
    if (outcome.status === 'stale') return;
    if (outcome.status === 'failed') return void planBox.replaceChildren(el('p', { className: 'error', role: 'alert' }, `Plan ${id} could not be opened: ${errorText(outcome.error)}`));
    setOpen(outcome.value.plan, outcome.value.etag);
  }

  function setOpen(plan: PlanWithFeatures, etag: string): void {
    open = { plan, etag };
    overlayCache.set(plan.id, plan);
    planDirty = false;
    closeEditor();
    renderPlan();
    refreshOverlays(true);
    coverageShown = '';
    void loadCoverage();
  }

  /** After a write: the plan as stored now (version, features), into the page and the map. */
  async function reloadOpen(): Promise<void> {
    if (!open) return;
    try {
      const { plan, etag } = await fetchPlan(open.plan.id);
      setOpen(plan, etag);
      const i = plans.findIndex((p) => p.id === plan.id);
      if (i >= 0) plans[i] = plan;
      renderList();
    } catch (error) {
      say(`The plan could not be reloaded: ${errorText(error)}`);
    }
  }

  /** Runs a write with the open plan's ETag; a stale version shows the conflict instead. Null when it failed. */
  async function write<T>(label: string, fn: (etag: string) => Promise<{ body: T; etag: string }>): Promise<{ value: T } | null> {
    if (!open) return null;
    try {
      const { body } = await fn(open.etag);
      return { value: body };
    } catch (error) {
      if (error instanceof StalePlanError) await showConflict();
      else if (error instanceof ImportProblem) showProblems(label, error);
      else say(`${label} failed: ${errorText(error)}`);
      return null;
    }
  }

  async function showConflict(): Promise<void> {
    if (!open) return;
    const box = planBox.querySelector<HTMLElement>('#plan-conflict')!;
    let lines = ['It could not be read again.'];
    let current: { plan: PlanWithFeatures; etag: string } | null = null;
    try {
      current = await fetchPlan(open.plan.id);
      lines = planChanges(open.plan, current.plan);
    } catch (error) {
      lines = [`It could not be read again: ${errorText(error)}`];
    }
    const reload = el('button', { type: 'button' }, 'Reload the plan');
    reload.addEventListener('click', () => {
      if (current) setOpen(current.plan, current.etag);
      else void reloadOpen();
      say('Plan reloaded: apply your change again if it is still needed.');
    });
    box.replaceChildren(
      el('p', {}, el('strong', {}, 'Not saved: someone else changed this plan since you opened it.')),
      el('ul', {}, ...lines.map((l) => el('li', {}, l))),
      el('p', {}, 'Your edits are still in the form. Reload to see the current plan, then apply them again.'),
      reload,
    );
    box.hidden = false;
    reload.focus();
  }

  function showProblems(label: string, problem: ImportProblem): void {
    const box = planBox.querySelector<HTMLElement>('#plan-import-result') ?? status;
    box.replaceChildren(el('p', { className: 'error' }, `${label}: ${problem.message}`), el('ul', { className: 'warnings' }, ...problem.errors.map((e) => el('li', {}, e.detail ?? e.pointer ?? ''))));
  }

  function renderPlan(): void {
    if (!open) return;
    const { plan } = open;
    const canEdit = editable();
    const conflict = el('div', { id: 'plan-conflict', className: 'plan-conflict' });
    conflict.setAttribute('role', 'alert');
    conflict.hidden = true;
    const properties = planPropertiesView(plan, canEdit);
    if (properties instanceof HTMLFormElement) {
      properties.addEventListener('input', () => (planDirty = Object.keys(planFormChanges(properties, plan)).length > 0));
      properties.addEventListener('submit', (e) => {
        e.preventDefault();
        const changes = planFormChanges(properties, plan);
        if (!Object.keys(changes).length) return say('Nothing to save.');
        void (async () => {
          if (await write('Saving the plan', (etag) => updatePlan(plan.id, etag, changes))) {
            say('Plan saved.');
            await reloadOpen();
          }
        })();
      });
    }
    const download = el('a', { href: planGeoJsonUrl(plan.id), download: '' }, 'Download GeoJSON');
    const details = el('div', { id: 'plan-feature-details' });
    details.setAttribute('aria-live', 'polite');
    planBox.replaceChildren(
      el('h3', { id: 'plan-heading' }, plan.title),
      el('p', { className: 'hint' }, `${names.get(plan.districtCode) ?? plan.districtCode} · ${plan.status === 'published' ? 'Published' : 'Draft'}${canEdit ? '' : ' · read-only'}`),
      conflict,
      properties,
      el('p', {}, download),
      el('h4', {}, 'Features'),
      featureTable(plan.features, {
        show: (f) => {
          const overlays = store.get().planOverlays;
          if (!overlays.includes(plan.id)) store.update({ planOverlays: toggleOverlay(overlays, plan.id, true) });
          ctx.onShowFeature(f);
          showFeatureDetails(f);
        },
        ...(canEdit && {
          edit: (f: PlanFeature) => openEditor(f, f.kind),
          remove: (f: PlanFeature) => void removeFeature(f),
        }),
      }),
      details,
      ...(canEdit ? [addFeatureControls(), el('div', { id: 'feature-editor' }), importControls()] : []),
      el('h4', {}, 'Coverage of the hot spots'),
      el('div', { id: 'plan-coverage' }, el('p', {}, 'Loading…')),
    );
    if (coverage) renderCoverage(coverage);
    const pending = plan.features.find((f) => f.id === pendingDetails);
    pendingDetails = null;
    if (pending) showFeatureDetails(pending);
  }

  function showFeatureDetails(feature: PlanFeature): void {
    const box = planBox.querySelector('#plan-feature-details');
    box?.replaceChildren(el('h4', {}, feature.name), factsList(featureFacts(feature)));
  }

  // ---- features: draw, edit, delete, import
  function addFeatureControls(): HTMLElement {
    const kinds = el('select', { id: 'new-feature-kind' }, ...PLAN_FEATURE_KINDS.map((k) => el('option', { value: k }, KIND_STYLES[k].label)));
    const start = el('button', { type: 'button', id: 'new-feature' }, 'Draw a new feature');
    start.addEventListener('click', () => {
      if (edit && !confirmLeave()) return;
      openEditor(null, kinds.value as PlanFeatureKind);
    });
    return el('div', { className: 'field' }, el('label', { htmlFor: kinds.id }, 'New feature'), kinds, start);
  }

  function openEditor(feature: PlanFeature | null, kind: PlanFeatureKind): void {
    closeEditor();
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
      if (!current.changed || window.confirm('Discard this feature\'s unsaved changes?')) closeEditor();
    });
    form.append(shape, el('div', { className: 'actions' }, save, redraw, cancel));
    form.addEventListener('input', () => (current.changed = true));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void saveFeature(current, shape);
    });
    planBox.querySelector('#feature-editor')?.replaceChildren(el('h4', {}, feature ? `Edit “${feature.name}”` : 'New feature'), form);
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

  function closeEditor(): void {
    edit = null;
    draw.stop();
    planBox.querySelector('#feature-editor')?.replaceChildren();
  }

  async function saveFeature(current: FeatureEdit, shape: HTMLElement): Promise<void> {
    if (!open) return;
    const read = featureFormFields(current.form);
    if ('error' in read) return void (shape.textContent = read.error);
    const geometry = draw.geometry();
    const planId = open.plan.id;
    let written;
    if (current.feature) {
      const changes = { ...read.fields, ...(geometry && { geometry }) };
      written = await write('Saving the feature', (etag) => updateFeature(planId, current.feature!.id, etag, changes));
    } else {
      if (!geometry) return void (shape.textContent = 'Draw the shape on the map first.');
      written = await write('Saving the feature', (etag) => addFeature(planId, etag, { ...read.fields, properties: {}, geometry }));
    }
    if (!written) return;
    const answer = written.value;
    const notes = [...(answer.repaired ? [`repaired: ${answer.repaired}`] : []), ...answer.warnings.map((w) => w.detail)];
    say(`Feature “${answer.feature.name}” saved${notes.length ? ` (${notes.join('; ')})` : ''}.`);
    edit = null;
    await reloadOpen();
  }

  async function removeFeature(feature: PlanFeature): Promise<void> {
    if (!open || !window.confirm(`Delete “${feature.name}” from this plan?`)) return;
    const planId = open.plan.id;
    if (await write('Deleting the feature', (etag) => deleteFeature(planId, feature.id, etag))) {
      say(`Feature “${feature.name}” deleted.`);
      await reloadOpen();
    }
  }

  function importControls(): HTMLElement {
    const file = el('input', { type: 'file', id: 'plan-import-file', accept: '.geojson,.json,application/geo+json,application/json' });
    const repair = el('input', { type: 'checkbox', name: 'repair' });
    const result = el('div', { id: 'plan-import-result' });
    result.setAttribute('aria-live', 'polite');
    const upload = el('button', { type: 'submit' }, 'Upload');
    const form = el('form', { className: 'controls' },
      el('div', { className: 'field' }, el('label', { htmlFor: file.id }, 'GeoJSON file'), file),
      el('label', { className: 'choice' }, repair, el('span', {}, 'Repair invalid shapes (PostGIS ST_MakeValid) and say which')),
      upload, result);
    form.setAttribute('aria-label', 'Upload features');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const chosen = file.files?.[0];
      if (!chosen || !open) return void result.replaceChildren(el('p', {}, 'Choose a GeoJSON file first.'));
      const planId = open.plan.id;
      void (async () => {
        const text = await chosen.text();
        const written = await write('Upload', (etag) => importFeatures(planId, etag, text, repair.checked));
        if (!written) return;
        const answer = written.value;
        await reloadOpen();
        const box = planBox.querySelector('#plan-import-result');
        // The page was drawn again with the new features: open the upload section to show the answer.
        const section = box?.closest('details');
        if (section) section.open = true;
        box?.replaceChildren(
          el('p', {}, `Imported ${answer.featureIds.length} feature${answer.featureIds.length === 1 ? '' : 's'}.`),
          el('ul', { className: 'warnings' },
            ...answer.repaired.map((r) => el('li', {}, `feature ${r.index}: repaired (${r.reason})`)),
            ...answer.warnings.map((w) => el('li', {}, `feature ${w.index}: ${w.detail}`))),
        );
      })();
    });
    return el('details', {}, el('summary', {}, 'Upload or download GeoJSON'), form);
  }

  // ---- coverage
  let coverage: PlanCoverage | null = null;
  async function loadCoverage(): Promise<void> {
    const state = store.get();
    if (!open || state.tab !== 'plans') return;
    const key = `${open.plan.id}@${open.plan.version}?${new URLSearchParams(coverageFilters(state))}`;
    if (key === coverageShown) return;
    coverageShown = key;
    const id = open.plan.id;
    coverage = null;
    const outcome = await requests.request('plan-coverage', (signal) => fetchCoverage(id, coverageFilters(state), signal));
    if (outcome.status === 'stale') return;
    const box = planBox.querySelector('#plan-coverage');
    if (outcome.status === 'failed') return void box?.replaceChildren(el('p', { className: 'error' }, `Coverage could not be worked out: ${errorText(outcome.error)}`));
    coverage = outcome.value;
    renderCoverage(coverage);
  }

  function renderCoverage(c: PlanCoverage): void {
    planBox.querySelector('#plan-coverage')?.replaceChildren(
      el('p', { className: 'hint' }, 'Share of the district\'s problem inside the plan\'s priority areas, for the Analysis page\'s categories and period.'),
      coverageView(c, ctx.onShowCell),
    );
  }

  // ---- overlays on the map
  function refreshOverlays(force = false): void {
    const ids = store.get().planOverlays;
    const key = ids.join(',');
    if (key === overlaysShown && !force) return;
    overlaysShown = key;
    const missing = ids.filter((id) => !overlayCache.has(id));
    const publish = () => ctx.onOverlays(ids.flatMap((id) => {
      const plan = overlayCache.get(id);
      return plan ? [{ planId: id, title: plan.title, features: plan.features }] : [];
    }));
    publish();
    if (!missing.length) return;
    void (async () => {
      const outcome = await requests.request('plan-overlays', () => Promise.all(missing.map((id) => fetchPlan(id).then((r) => r.plan, () => null))));
      if (outcome.status !== 'done') return;
      for (const plan of outcome.value) if (plan) overlayCache.set(plan.id, plan);
      if (store.get().planOverlays.join(',') === key) publish();
    })();
  }

  return {
    tab: 'plans',
    open: loadList,
    sync(state, previous) {
      refreshOverlays();
      if (state.plan !== (open?.plan.id ?? null) && (state.tab === 'plans' || state.plan !== previous.plan)) void loadPlan(state.plan);
      if (state.planOverlays !== previous.planOverlays || state.plan !== previous.plan) renderList();
      if (state.tab === 'plans') void loadCoverage();
      else if (previous.tab === 'plans' && !edit) draw.stop();
    },
    drawing: () => edit !== null,
    showDetails(planId, featureId) {
      const plan = overlayCache.get(planId);
      const feature = plan?.features.find((f) => f.id === featureId);
      if (!plan || !feature) return;
      if (open?.plan.id === planId) {
        if (store.get().tab !== 'plans') store.update({ tab: 'plans' });
        return showFeatureDetails(open.plan.features.find((f) => f.id === featureId) ?? feature);
      }
      if (!confirmLeave()) return;
      discard();
      pendingDetails = featureId;
      store.update({ tab: 'plans', plan: planId });
    },
  };
}

function drawHint(mode: 'polygon' | 'point' | 'linestring'): string {
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
