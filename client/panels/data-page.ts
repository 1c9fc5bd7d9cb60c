import { fetchDataStatus, fetchSession } from '../api';
import type { Panel } from '../controller/panel-registry';
import type { Requests } from '../controller/request-sequencer';
import { importsSummary, loadedSummary } from './data-status';
import { el, errorText, field } from './dom';
import { renderPoliceApiForm } from './police-api-form';
import { renderUploadForm } from './upload-form';

/**
 * The Data page: what is loaded (GET /api/data-status, read when the page is first opened and
 * after each import), the latest imports with their reports, an upload form for police.uk files,
 * boundaries or population (POST /api/imports), and the police.uk API fetch with its progress;
 * both send the analyst token given once above them, or, for a user signed in with a role that
 * may import, the session (the token field is then hidden; scripts keep the token).
 */
export function renderDataPage(container: HTMLElement, requests: Requests): Panel {
  const loadedBox = el('div', { id: 'data-loaded', 'aria-live': 'polite' } as Partial<HTMLDivElement>, el('p', {}, 'Loading…'));
  const importsBox = el('div', { id: 'data-imports' });
  const token = el('input', { type: 'password', name: 'token', required: true, autocomplete: 'off' });
  const replaceDemo = el('input', { type: 'checkbox', name: 'replaceDemo', value: 'true' });
  const refresh = async () => {
    const outcome = await requests.request('data-status', () => fetchDataStatus());
    if (outcome.status === 'stale') return;
    if (outcome.status === 'failed') {
      return void loadedBox.replaceChildren(el('p', { className: 'error' }, `What is loaded could not be read: ${errorText(outcome.error)}`));
    }
    loadedBox.replaceChildren(loadedSummary(outcome.value));
    importsBox.replaceChildren(importsSummary(outcome.value));
    policeApi.setDistricts(outcome.value.districts);
  };
  const accessHint = el('p', { className: 'hint', id: 'data-access-hint' }, 'Boundaries first, then population and crime. Analysts only: both ways below send this token.');
  const tokenField = field('upload-token', 'Analyst token', token, 'sent as a bearer token; set IMPORT_TOKEN on the server');
  // Signed in as an analyst or admin: the session cookie authenticates (the API module sends no
  // bearer for an empty token), so the token is neither asked for nor required.
  const useSession = async () => {
    const who = await fetchSession().catch(() => undefined);
    if (!who?.signedIn || who.via !== 'session' || (who.role !== 'analyst' && who.role !== 'admin')) return;
    token.required = false;
    token.value = '';
    tokenField.hidden = true;
    accessHint.textContent = `Boundaries first, then population and crime. You are signed in as ${who.name} (${who.role}): both ways below use your session.`;
  };
  const policeApi = renderPoliceApiForm({ token: () => token, replaceDemo: () => replaceDemo.checked, onFinished: refresh });

  container.replaceChildren(
    el('section', { className: 'panel-section' }, el('h2', {}, 'What is loaded'), loadedBox),
    el('section', { className: 'panel-section' }, el('h2', {}, 'Last import'), importsBox),
    el(
      'section',
      { className: 'panel-section', id: 'data-import-access' },
      el('h2', {}, 'Load data'),
      accessHint,
      tokenField,
      el('label', { className: 'choice' }, replaceDemo, el('span', {}, 'Replace the synthetic demo')),
      el('h3', {}, 'Upload files'),
      el('p', { className: 'hint' }, 'police.uk street-level files (YYYY-MM-<force>-street.csv, a .csv.gz or a .zip of them) replace their force-months; a file that fails leaves the data as it was.'),
      ...renderUploadForm({ token, replaceDemo, onImported: refresh }),
      el('h3', {}, 'Fetch from the police.uk API'),
      policeApi.element,
    ),
  );
  return { tab: 'data', open: () => Promise.all([refresh(), useSession()]).then(() => {}) };
}
