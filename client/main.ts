import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { showAdminLinks } from './admin-links';
import { AppController } from './controller/app-controller';
import { createDetails } from './details';
import { takeSetup } from './early-requests';
import { createMap, fitPadding } from './map/create-map';
import { wireMapInteraction } from './map/map-interaction';
import { addOverlay } from './map/overlay';
import { PointsLoader } from './map/points-loader';
import { districtAt } from './map/district-at';
import { renderComparePanel } from './panels/compare-panel';
import { renderControls } from './panels/controls';
import { renderDataPage } from './panels/data-page';
import { renderDataSummary } from './panels/data-panel';
import { filtersLabel } from './panels/legend-model';
import { wireLegendToggle } from './panels/legend-toggle';
import { wirePanelSheet } from './panels/panel-sheet';
import { renderPatrolPanel } from './panels/patrol-panel';
import { periodChoices } from './panels/period-choices';
import { renderProfilePanel } from './panels/profile-panel';
import { renderPlansPanel } from './panels/plans-panel';
import { planAtPixel, planFeatureBounds } from './plans/plan-picking';
import { createPlanDraw } from './plans/plan-draw';
import { bngToLonLat } from '../geodata/bng';
import { wireShareActions } from './panels/share-actions';
import { renderTabs } from './panels/tabs';
import { showBanner, showNotice } from './notices';
import { signalAppState, signalPatrolShown } from './page-signals';
import { createPageView } from './page-view';
import { Store } from './state/store';

maplibregl.setWorkerUrl(workerUrl);
// Start MapLibre's workers now, while the page fetches its setup, not when the map is created.
maplibregl.prewarm();

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * Wires the page: setup answers, the map, the controller (layer data, loading, requests) and the
 * panels that plug into it. What each part does lives in its module; docs/client-architecture.md
 * has the picture.
 */
async function start(): Promise<void> {
  signalAppState('loading');
  // The health answer is awaited before the map is built although the map does not need it: the
  // synthetic-data banner it may show would otherwise shift the drawn map down.
  const setup = takeSetup();
  const [config, health, districts] = await Promise.all([setup.config, setup.health, setup.districts]);
  performance.mark('setup-fetched');
  const syntheticNote = health.synthetic
    ? 'Synthetic demo data: a fictional county with invented incidents, for trying the tool. It is not real crime data.'
    : undefined;
  if (syntheticNote) showBanner(`${syntheticNote} Load police.uk data to replace it.`);
  renderDataSummary(health);
  const { map, loaded } = await createMap(config, districts);

  const store = new Store();
  const controller = new AppController(store, districts);
  const period = periodChoices(health.months, health.missingMonths);
  controller.addPanel(renderControls(byId<HTMLFormElement>('controls'), { store, period, districts }));
  controller.addPanel(renderTabs(byId('tabs'), store));
  controller.addPanel(wirePanelSheet(byId('app'), byId<HTMLButtonElement>('sheet-toggle')));
  wireLegendToggle(byId('map-area'), byId<HTMLButtonElement>('legend-toggle'));
  controller.addPanel(renderDataPage(byId('data-page'), controller));
  void showAdminLinks();

  await loaded;
  performance.mark('map-loaded');
  const overlay = addOverlay(map, controller, store.get());
  // For browser tests and the bench: project lon/lat to map pixels.
  Object.assign(window, { hotspotAtlas: { project: (lon: number, lat: number) => map.project([lon, lat]), map } });

  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const details = createDetails(byId('details-section'), byId('details'), controller);
  const plans = renderPlansPanel(byId('plans-panel'), {
    store,
    requests: controller,
    districts,
    createDraw: (onChange) => createPlanDraw(map, onChange),
    onOverlays: (overlays) => controller.setData({ plans: overlays }),
    onShowFeature: (feature) => map.fitBounds(planFeatureBounds(feature), { padding: fitPadding(), maxZoom: 16, duration: reducedMotion ? 0 : 800 }),
    onShowCell: (cell) => {
      const [lon, lat] = bngToLonLat(cell.easting + cell.cellSize / 2, cell.northing + cell.cellSize / 2);
      const camera = { center: [lon, lat] as [number, number], zoom: Math.max(map.getZoom(), 15) };
      if (reducedMotion) map.jumpTo(camera);
      else map.flyTo(camera);
    },
  });
  controller.addPanel(plans);
  wireMapInteraction({
    map, store, data: controller.data, tooltip: byId('tooltip'), details,
    planAt: (x, y) => planAtPixel(overlay, controller.data.plans ?? [], x, y, (planId, featureId) => plans.showDetails(planId, featureId)),
    suspended: plans.drawing,
  });
  controller.addPanel(
    renderPatrolPanel(byId('patrol-panel'), {
      store,
      requests: controller,
      describeFilters: filtersLabel,
      onZones: (zones) => controller.setData({ patrol: zones }),
      onShow: (zone) => {
        const [w, s, e, n] = zone.bbox ?? [...zone.properties.centroid, ...zone.properties.centroid];
        map.fitBounds([w, s, e, n], { padding: fitPadding(), maxZoom: 15, duration: reducedMotion ? 0 : 800 });
        map.once('idle', () => signalPatrolShown(zone.properties.id));
      },
    }),
  );
  controller.addPanel(
    renderProfilePanel(byId('profile-panel'), {
      store,
      requests: controller,
      districts,
      onFly: (h) => map.flyTo({ center: [h.lon, h.lat], zoom: 15, duration: reducedMotion ? 0 : 800 }),
    }),
  );
  controller.addPanel(renderComparePanel(byId('compare-panel'), byId('compare-view'), { store, requests: controller, districts }));
  // On the Profile page a click on the map chooses the district there (the list does it by keyboard).
  map.on('click', (e) => {
    if (store.get().tab !== 'profile') return;
    const code = districtAt(districts, e.lngLat.lng, e.lngLat.lat);
    if (code) store.update({ profile: code });
  });
  controller.start(createPageView({ map, overlay, details, reducedMotion }));

  const points = new PointsLoader(map, controller, {
    onPoints: (p) => controller.setData({ points: p }),
    onError: (message) => showNotice(`Incidents at snap points could not be loaded: ${message}`),
  });
  // After the controller's own listener, as before: panels, then the analysis, then the points.
  store.subscribe((state) => void points.update(state));
  map.on('moveend', () => void points.update(store.get()));
  void points.update(store.get());
  wireShareActions({ map, store, data: controller.data, syntheticNote });
}

start().catch((error: unknown) => {
  signalAppState('error');
  const message = error instanceof Error ? error.message : String(error);
  showNotice(`The map could not be loaded: ${message}`, { error: true, retry: () => location.reload() });
});
