import { listPatrolZoneSets, patrolZoneSetUrl, savePatrolZoneSet } from '../api';
import type { Requests } from '../controller/request-sequencer';
import type { PatrolZoneSet } from '../types';
import { el, errorText, field } from './dom';

export const PATROL_FORMATS = [['geojson', 'GeoJSON'], ['csv', 'CSV'], ['kml', 'KML']] as const;

export interface SavedSets {
  /** The list of saved sets, with their downloads. */
  list: HTMLUListElement;
  /** The name field and Save button, with its status line, shown under previewed zones. */
  saveBox: HTMLElement[];
  /** Lists the saved sets again (newest answer wins). */
  load(): Promise<void>;
}

function setItem(s: PatrolZoneSet): HTMLLIElement {
  const when = new Date(s.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const li = el(
    'li',
    {},
    el('strong', {}, s.name),
    el('span', { className: 'hint' }, ` ${s.zoneCount} zones, ${when}, by ${s.createdBy}`),
    el('span', { className: 'set-links' }, ...PATROL_FORMATS.map(([format, label]) => el('a', { href: patrolZoneSetUrl(s.id, format), download: '' }, label))),
  );
  li.dataset.setId = String(s.id);
  return li;
}

/**
 * Saved zone sets: the list (loaded when the patrol page is first opened) and the Save form,
 * which saves the query of the zones on the map (`shownQuery`), never one rebuilt from a state
 * that may have changed since.
 */
export function savedSets(requests: Requests, shownQuery: () => Record<string, string> | null): SavedSets {
  const list = el('ul', { className: 'sets', id: 'patrol-sets' });
  const nameInput = el('input', { type: 'text', name: 'name', required: true, maxLength: 120, placeholder: 'e.g. Summer nights 2025' });
  const saveForm = el('form', { className: 'save-set', id: 'patrol-save' }, field('patrol-set-name', 'Set name', nameInput), el('button', { type: 'submit' }, 'Save set'));
  const saveStatus = el('p', { className: 'status', role: 'status', id: 'patrol-save-status' });

  const load = async () => {
    const outcome = await requests.request('patrol-sets', () => listPatrolZoneSets());
    if (outcome.status === 'stale') return;
    if (outcome.status === 'failed') return void list.replaceChildren(el('li', { className: 'error' }, `Saved sets could not be listed: ${errorText(outcome.error)}`));
    if (outcome.value.length === 0) return void list.replaceChildren(el('li', { className: 'hint' }, 'None saved yet.'));
    list.replaceChildren(...outcome.value.map(setItem));
  };
  saveForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const query = shownQuery();
    if (!saveForm.reportValidity() || !query) return;
    saveStatus.classList.remove('error');
    saveStatus.textContent = 'Saving…';
    try {
      const saved = await savePatrolZoneSet(query, nameInput.value);
      nameInput.value = '';
      await load();
      saveStatus.textContent = `Saved "${saved.name}" (${saved.zoneCount} zones).`;
    } catch (error) {
      saveStatus.textContent = `The set could not be saved: ${errorText(error)}`;
      saveStatus.classList.add('error');
    }
  });
  return { list, saveBox: [saveForm, saveStatus], load };
}
