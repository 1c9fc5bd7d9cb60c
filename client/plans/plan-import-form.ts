import { el } from '../panels/dom';
import type { PlanPage } from './open-plan';
import { type ImportProblem, importFeatures } from './plan-api';

/**
 * The upload of a GeoJSON file into the open plan, with the PostGIS repair choice. The answer
 * (features imported, repairs, the server's warnings such as features reaching outside the
 * district) is listed under the form; a refused file's per-feature errors by `showImportProblems`.
 */
export function importForm(page: PlanPage): HTMLElement {
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
    const open = page.current();
    if (!chosen || !open) return void result.replaceChildren(el('p', {}, 'Choose a GeoJSON file first.'));
    const planId = open.plan.id;
    void (async () => {
      const text = await chosen.text();
      const written = await page.write('Upload', (etag) => importFeatures(planId, etag, text, repair.checked));
      if (!written) return;
      const answer = written.value;
      await page.reload();
      const box = page.box.querySelector('#plan-import-result');
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

/** A refused upload or write naming features: its message and each feature's error, in `box`. */
export function showImportProblems(box: HTMLElement, label: string, problem: ImportProblem): void {
  box.replaceChildren(el('p', { className: 'error' }, `${label}: ${problem.message}`), el('ul', { className: 'warnings' }, ...problem.errors.map((e) => el('li', {}, e.detail ?? e.pointer ?? ''))));
}
