import { fetchProfile } from '../api';
import type { Panel } from '../controller/panel-registry';
import { categoryChart, hotspotMap, trendChart } from '../profiles/charts';
import { categoryRows, monthRows, profileFilters, profileUrl } from '../profiles/profile-model';
import { categoryTable, costSection, districtExtras, headlineFigures, hotspotList, monthTable, warningList } from '../profiles/profile-sections';
import type { ViewState } from '../state/view-state';
import type { DistrictCollection } from '../types';
import type { TopHotspot } from '../../server/profiles/types';
import { type DistrictPanelContext, districtsByName, requestWithPlot } from './district-panel';
import { el, field } from './dom';

/** The sequencer key of the profile request. */
const PROFILE_REQUEST = 'profile';
/** The charts' width in the side panel (its content box at its widest). */
const CHART_WIDTH = 300;

export interface ProfilePanelContext extends DistrictPanelContext {
  /** Moves the map to a hot spot. */
  onFly: (hotspot: TopHotspot) => void;
}

/** The district list, by name: the keyboard way to choose what clicking the map also chooses. */
export function districtSelect(districts: DistrictCollection, placeholder: string): HTMLSelectElement {
  return el('select', {}, el('option', { value: '' }, placeholder), ...districtsByName(districts).map((f) => el('option', { value: f.properties.code }, `${f.properties.name} (${f.properties.code})`)));
}

/**
 * The Profile page: one district's figures for the current filters (GET /api/districts/:code/
 * profile), its monthly trend and categories as charts with tables, the cost, its top hot spots
 * (each flies the map there) and the API's warnings. The district is view state (`profile=`).
 */
export function renderProfilePanel(container: HTMLElement, { store, requests, districts, onFly }: ProfilePanelContext): Panel {
  const select = districtSelect(districts, 'Choose a district…');
  select.addEventListener('change', () => store.update({ profile: select.value || null }));
  const status = el('p', { className: 'hint', id: 'profile-status', role: 'status' });
  const body = el('div', { id: 'profile-body' });
  container.replaceChildren(field('profile-district', 'District', select, 'or click a district on the map while this page is open'), status, body);

  // The request last made (null: none yet, or it failed and showing the page again retries).
  let shown: string | null = null;
  const load = async (state: ViewState) => {
    const url = profileUrl(state);
    if (!url) {
      requests.cancel(PROFILE_REQUEST);
      status.textContent = 'Choose a district to see its profile.';
      return void body.replaceChildren();
    }
    const outcome = await requestWithPlot(requests, PROFILE_REQUEST, { status, body, what: 'profile' }, (signal) => fetchProfile(state.profile!, profileFilters(state), signal));
    if (outcome === 'stale') return;
    if (outcome === 'failed') return void (shown = null);
    const [profile, Plot] = outcome;
    const feature = districts.features.find((f) => f.properties.code === profile.district.code);
    const months = monthRows(profile);
    const categories = categoryRows(profile, profile.categories);
    const { district, period } = profile;
    status.textContent = `${district.name}, ${period.from} to ${period.to} (${period.months} months)`;
    body.replaceChildren(
      el('h3', {}, district.name),
      ...warningList(profile.warnings.map((w) => w.message)),
      headlineFigures(profile, districtExtras(profile)),
      el('h4', {}, 'Incidents by month'),
      trendChart(Plot, months, { width: CHART_WIDTH, title: `${district.name}: incidents by month` }),
      monthTable(months),
      el('h4', {}, 'Incidents by category'),
      categoryChart(Plot, categories, { width: CHART_WIDTH, title: `${district.name}: incidents by category` }),
      categoryTable(categories),
      el('h4', {}, 'Estimated cost'),
      costSection(profile.cost),
      el('h4', {}, 'Top hot spots'),
      ...(feature && profile.topHotspots.length ? [hotspotMap(Plot, feature, profile.topHotspots, { width: CHART_WIDTH, title: `${district.name}: top hot spots` })] : []),
      hotspotList(profile.topHotspots, onFly),
    );
  };

  return {
    tab: 'profile',
    sync: (state) => {
      select.value = state.profile ?? '';
      const key = profileUrl(state) ?? '';
      if (state.tab !== 'profile' || key === shown) return;
      shown = key;
      void load(state);
    },
  };
}
