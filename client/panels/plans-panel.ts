import type { Panel } from '../controller/panel-registry';
import type { Requests } from '../controller/request-sequencer';
import type { OpenPlan, PlanPage } from '../plans/open-plan';
import { type Plan, type PlanCoverage, type PlanFeature, type PlanWithFeatures, type Session, ImportProblem, StalePlanError, createPlan, fetchPlan, fetchSession, listPlans, planGeoJsonUrl, updatePlan } from '../plans/plan-api';
import { showConflict } from '../plans/plan-conflict-dialog';
import { createCoverageSection } from '../plans/plan-coverage-section';
import type { PlanDraw } from '../plans/plan-draw';
import { createFeatureEditor } from '../plans/plan-feature-editor';
import { newPlanForm, planFormChanges, planPropertiesView } from '../plans/plan-forms';
import { importForm, showImportProblems } from '../plans/plan-import-form';
import type { PlanOverlay } from '../plans/plan-layers';
import { guardUnsavedChanges } from '../plans/plan-leave-guard';
import { canEditDistrict, featureFacts, plansByDistrict, toggleOverlay } from '../plans/plan-model';
import { createOverlayCache } from '../plans/plan-overlay-cache';
import { featureTable, planList } from '../plans/plan-sections';
import type { Store } from '../state/store';
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

/**
 * The Plans page (issue 13): plans by district, their overlays on the map, and, for the
 * district's editors, the plan's properties, features drawn on the map (terra-draw, in
 * plan-feature-editor.ts), GeoJSON upload and download. Every write sends the ETag read; a stale
 * one shows what changed and offers a reload. Unsaved edits ask before the page, the plan or the
 * tab is left. This module holds the plan list, the open plan and its properties form; the
 * sections it composes are in client/plans/.
 */
export function renderPlansPanel(container: HTMLElement, ctx: PlansPanelContext): PlansPanel {
  const { store, requests } = ctx;
  const names = new Map(ctx.districts.features.map((f) => [f.properties.code, f.properties.name]));
  let session: Session | null = null;
  let plans: Plan[] = [];
  let listed = false;
  /** A feature clicked on the map while its plan was not open: shown once the plan is. */
  let pendingDetails: number | null = null;
  let open: OpenPlan | null = null;
  let planDirty = false;

  const who = el('p', { className: 'hint', id: 'plans-session' });
  const listBox = el('div', { id: 'plans-list-box' }, el('p', {}, 'Loading…'));
  const newBox = el('div', { id: 'new-plan-box' });
  const planBox = el('section', { id: 'plan-view', className: 'plan-view' });
  planBox.setAttribute('aria-label', 'Open plan');
  const status = el('p', { id: 'plans-status', className: 'hint' });
  status.setAttribute('role', 'status');
  container.replaceChildren(who, listBox, newBox, status, planBox);

  const say = (text: string) => (status.textContent = text);
  const page: PlanPage = { current: () => open, write, reload: reloadOpen, say, box: planBox };
  const overlays = createOverlayCache(store, requests, ctx.onOverlays);
  const coverage = createCoverageSection(store, requests, page, ctx.onShowCell);
  const editor = createFeatureEditor(page, ctx.createDraw, () => confirmLeave());
  const editable = () => !!open && canEditDistrict(session, open.plan.districtCode);
  const discard = () => {
    planDirty = false;
    editor.close();
  };
  /** Asks before unsaved edits are thrown away; true when there are none or the officer agrees. */
  const confirmLeave = guardUnsavedChanges(store, () => planDirty || editor.changed(), discard);

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
      editor.stopDrawing();
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
    overlays.remember(plan);
    planDirty = false;
    editor.close();
    renderPlan();
    overlays.refresh(true);
    coverage.invalidate();
    void coverage.load();
  }

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

  async function write<T>(label: string, fn: (etag: string) => Promise<{ body: T; etag: string }>): Promise<{ value: T } | null> {
    if (!open) return null;
    try {
      const { body } = await fn(open.etag);
      return { value: body };
    } catch (error) {
      if (error instanceof StalePlanError) {
        if (open) await showConflict(planBox.querySelector<HTMLElement>('#plan-conflict')!, open.plan, { reopen: (current) => setOpen(current.plan, current.etag), reload: reloadOpen, say });
      } else if (error instanceof ImportProblem) showImportProblems(planBox.querySelector<HTMLElement>('#plan-import-result') ?? status, label, error);
      else say(`${label} failed: ${errorText(error)}`);
      return null;
    }
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
          const shown = store.get().planOverlays;
          if (!shown.includes(plan.id)) store.update({ planOverlays: toggleOverlay(shown, plan.id, true) });
          ctx.onShowFeature(f);
          showFeatureDetails(f);
        },
        ...(canEdit && {
          edit: (f: PlanFeature) => editor.open(f, f.kind),
          remove: (f: PlanFeature) => void editor.remove(f),
        }),
      }),
      details,
      ...(canEdit ? [editor.controls(), el('div', { id: 'feature-editor' }), importForm(page)] : []),
      el('h4', {}, 'Coverage of the hot spots'),
      el('div', { id: 'plan-coverage' }, el('p', {}, 'Loading…')),
    );
    coverage.renderLast();
    const pending = plan.features.find((f) => f.id === pendingDetails);
    pendingDetails = null;
    if (pending) showFeatureDetails(pending);
  }

  function showFeatureDetails(feature: PlanFeature): void {
    const box = planBox.querySelector('#plan-feature-details');
    box?.replaceChildren(el('h4', {}, feature.name), factsList(featureFacts(feature)));
  }

  return {
    tab: 'plans',
    open: loadList,
    sync(state, previous) {
      overlays.refresh();
      if (state.plan !== (open?.plan.id ?? null) && (state.tab === 'plans' || state.plan !== previous.plan)) void loadPlan(state.plan);
      if (state.planOverlays !== previous.planOverlays || state.plan !== previous.plan) renderList();
      if (state.tab === 'plans') void coverage.load();
      else if (previous.tab === 'plans' && !editor.active()) editor.stopDrawing();
    },
    drawing: editor.active,
    showDetails(planId, featureId) {
      const plan = overlays.get(planId);
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
