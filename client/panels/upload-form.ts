import { uploadImport } from '../api';
import { el, errorText, field } from './dom';
import { importReport } from './import-report';

export interface UploadFormContext {
  /** The analyst token and the demo confirmation, shared with the police.uk API fetch. */
  token: HTMLInputElement;
  replaceDemo: HTMLInputElement;
  /** Called after an upload, so "what is loaded" is read again. */
  onImported: () => Promise<void>;
}

/** The options of an upload kind: boundaries name their code and name fields, population its key and value columns. */
function kindOptions() {
  const codeField = el('input', { type: 'text', name: 'codeField', value: 'AREACD' });
  const nameField = el('input', { type: 'text', name: 'nameField', value: 'AREANM' });
  const boundaryFields = el('div', { hidden: true }, field('upload-code-field', 'Code field', codeField), field('upload-name-field', 'Name field', nameField));
  // Population: the ONS CSV's rows matched to districts by code, or by LSOA name ("Burnley 001A").
  const keyBy = el('select', { name: 'keyBy' }, el('option', { value: 'lsoaNameField' }, 'LSOA name (summed into its district)'), el('option', { value: 'codeField' }, 'District code'));
  const keyColumn = el('input', { type: 'text', name: 'keyColumn', value: 'Parent area type' });
  const valueColumn = el('input', { type: 'text', name: 'valueField', value: 'Total' });
  const year = el('input', { type: 'number', name: 'year', min: '1800', max: '2100', step: '1', value: '2021' });
  const populationFields = el(
    'div',
    { hidden: true, id: 'upload-population-fields' },
    field('upload-key-by', 'Rows name', keyBy),
    field('upload-key-column', 'Key column', keyColumn, 'the column holding the LSOA name or the district code'),
    field('upload-value-column', 'Value column', valueColumn, 'the column holding the number of people'),
    field('upload-year', 'Population year', year),
  );
  /** Shows the options of `kind` and hides the others. */
  const show = (kind: string) => {
    boundaryFields.hidden = kind !== 'boundaries';
    populationFields.hidden = kind !== 'population';
  };
  /** Writes the options of `kind` into the upload body. */
  const write = (kind: string, body: FormData) => {
    if (kind === 'boundaries') {
      body.set('codeField', codeField.value);
      body.set('nameField', nameField.value);
    }
    if (kind === 'population') {
      body.set(keyBy.value, keyColumn.value);
      body.set('valueField', valueColumn.value);
      body.set('year', year.value);
    }
  };
  return { elements: [boundaryFields, populationFields], show, write };
}

/**
 * The upload form for police.uk files, boundaries or population (POST /api/imports with the
 * analyst token), and the line under it that reports each file's import.
 */
export function renderUploadForm(ctx: UploadFormContext): HTMLElement[] {
  const files = el('input', { type: 'file', name: 'file', multiple: true, required: true, accept: '.csv,.gz,.zip,.geojson,.json,.topojson' });
  const kind = el(
    'select',
    { name: 'kind' },
    el('option', { value: 'police-csv' }, 'police.uk street crime (.csv, .csv.gz, .zip)'),
    el('option', { value: 'boundaries' }, 'District boundaries (GeoJSON/TopoJSON)'),
    el('option', { value: 'population' }, 'District population (CSV)'),
  );
  const options = kindOptions();
  const strict = el('input', { type: 'checkbox', name: 'strict', value: 'true' });
  const submit = el('button', { type: 'submit' }, 'Upload and import');
  const result = el('div', { id: 'upload-result', role: 'status' });
  const form = el(
    'form',
    { className: 'controls upload', id: 'upload-form' },
    field('upload-file', 'Files', files),
    field('upload-kind', 'Kind', kind),
    ...options.elements,
    el('label', { className: 'choice' }, strict, el('span', {}, 'Strict: refuse a file with any rejected row')),
    el('div', { className: 'actions' }, submit),
  );
  kind.addEventListener('change', () => options.show(kind.value));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!form.reportValidity() || !ctx.token.reportValidity()) return;
    const body = new FormData();
    body.set('kind', kind.value);
    if (strict.checked) body.set('strict', 'true');
    if (ctx.replaceDemo.checked) body.set('replaceDemo', 'true');
    options.write(kind.value, body);
    for (const f of files.files ?? []) body.append('file', f, f.name);
    submit.disabled = true;
    result.replaceChildren(el('p', {}, 'Uploading and importing…'));
    try {
      const { ok, reports } = await uploadImport(body, ctx.token.value);
      const reload = el('button', { type: 'button' }, 'Reload the map');
      reload.addEventListener('click', () => location.reload());
      result.replaceChildren(
        el('p', { className: ok ? '' : 'error' }, ok ? 'Imported. Reload the map to analyse the new data.' : 'A file failed: nothing of it was loaded, and what was loaded before is unchanged.'),
        ...reports.map(importReport),
        ...(ok ? [reload] : []),
      );
      await ctx.onImported();
    } catch (error) {
      result.replaceChildren(el('p', { className: 'error' }, `Upload refused: ${errorText(error)}`));
    } finally {
      submit.disabled = false;
    }
  });
  return [form, result];
}
