import { type ImportReport, fetchDataStatus, uploadImport } from '../api';
import { monthLabel } from '../state/view-state';
import { el, errorText, factsList, field } from './dom';
import { importReport } from './import-report';
import { renderPoliceApiForm } from './police-api-form';

type DataStatus = Awaited<ReturnType<typeof fetchDataStatus>>;

const int = new Intl.NumberFormat('en-GB');

function table(id: string, caption: string, head: string[], rows: Array<Array<string | number>>): HTMLTableElement {
  return el(
    'table',
    { className: 'data-table', id },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', className: i === 0 ? 'text' : '' }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((v, i) => (i === 0 ? el('th', { scope: 'row', className: 'text' }, String(v)) : el('td', {}, typeof v === 'number' ? int.format(v) : v)))))),
  );
}

function loaded(status: DataStatus): HTMLElement {
  const t = status.totals;
  const facts = factsList([
    ['Source', status.synthetic ? 'synthetic demo (invented data)' : 'police.uk street-level crime'],
    ['On the map', `${int.format(t.incidents)} incidents`],
    ['Without location', `${int.format(t.withoutLocation)} (counted, not mapped)`],
    ['Outside districts', int.format(t.outsideDistricts)],
  ]);
  facts.id = 'data-totals';
  const forces = table(
    'data-forces',
    'By force',
    ['Force', 'Months', 'Incidents', 'No location'],
    status.forces.map((f) => [f.force, `${monthLabel(f.months[0]!.month)} – ${monthLabel(f.months.at(-1)!.month)} (${f.months.length})`, f.incidents, f.withoutLocation]),
  );
  const months = table('data-months', 'By month (all forces)', ['Month', 'Incidents', 'No location'], status.months.map((m) => [monthLabel(m.month), m.incidents, m.withoutLocation]));
  const districts = table(
    'data-districts',
    'By district (population: the year loaded with it)',
    ['District', 'Code', 'Incidents', 'Population'],
    status.districts.map((d) => [d.name, d.code, d.incidents, d.population === null ? '–' : d.population]),
  );
  const scroll = (t: HTMLTableElement) => el('div', { className: 'table-scroll' }, t);
  return el('div', {}, facts, scroll(forces), scroll(months), scroll(districts));
}

function imports(status: DataStatus): HTMLElement {
  if (status.imports.length === 0) return el('p', { className: 'hint' }, 'No imports recorded.');
  const [last, ...older] = status.imports;
  const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const lastBox = el(
    'div',
    { id: 'data-last-import' },
    el('p', {}, el('strong', {}, last!.description), ` (${last!.source}, ${last!.status}, ${when(last!.startedAt)})`),
    importReport({ ...(last!.report as ImportReport), status: last!.status }),
  );
  const list = el(
    'ul',
    { className: 'sets' },
    ...older.map((i) => el('li', {}, el('strong', {}, i.description), el('span', { className: 'hint' }, ` ${i.status}, ${when(i.startedAt)}: ${int.format(i.rowsLoaded)} loaded, ${int.format(i.rowsRejected)} rejected`))),
  );
  return el('div', {}, lastBox, ...(older.length ? [el('h4', {}, 'Earlier imports'), list] : []));
}

/**
 * The Data page: what is loaded (GET /api/data-status), the latest imports with their reports, an
 * upload form for police.uk files, boundaries or population (POST /api/imports), and the police.uk
 * API fetch with its progress; both send the analyst token given once above them.
 */
export function renderDataPage(container: HTMLElement): { refresh: () => Promise<void> } {
  const loadedBox = el('div', { id: 'data-loaded', 'aria-live': 'polite' } as Partial<HTMLDivElement>, el('p', {}, 'Loading…'));
  const importsBox = el('div', { id: 'data-imports' });
  const token = el('input', { type: 'password', name: 'token', required: true, autocomplete: 'off' });
  const replaceDemo = el('input', { type: 'checkbox', name: 'replaceDemo', value: 'true' });
  const refresh = async () => {
    try {
      const status = await fetchDataStatus();
      loadedBox.replaceChildren(loaded(status));
      importsBox.replaceChildren(imports(status));
      policeApi.setDistricts(status.districts);
    } catch (error) {
      loadedBox.replaceChildren(el('p', { className: 'error' }, `What is loaded could not be read: ${errorText(error)}`));
    }
  };

  const files = el('input', { type: 'file', name: 'file', multiple: true, required: true, accept: '.csv,.gz,.zip,.geojson,.json,.topojson' });
  const kind = el(
    'select',
    { name: 'kind' },
    el('option', { value: 'police-csv' }, 'police.uk street crime (.csv, .csv.gz, .zip)'),
    el('option', { value: 'boundaries' }, 'District boundaries (GeoJSON/TopoJSON)'),
    el('option', { value: 'population' }, 'District population (CSV)'),
  );
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
  const strict = el('input', { type: 'checkbox', name: 'strict', value: 'true' });
  const submit = el('button', { type: 'submit' }, 'Upload and import');
  const result = el('div', { id: 'upload-result', role: 'status' });
  const form = el(
    'form',
    { className: 'controls upload', id: 'upload-form' },
    field('upload-file', 'Files', files),
    field('upload-kind', 'Kind', kind),
    boundaryFields,
    populationFields,
    el('label', { className: 'choice' }, strict, el('span', {}, 'Strict: refuse a file with any rejected row')),
    el('div', { className: 'actions' }, submit),
  );
  kind.addEventListener('change', () => {
    boundaryFields.hidden = kind.value !== 'boundaries';
    populationFields.hidden = kind.value !== 'population';
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!form.reportValidity() || !token.reportValidity()) return;
    const body = new FormData();
    body.set('kind', kind.value);
    if (strict.checked) body.set('strict', 'true');
    if (replaceDemo.checked) body.set('replaceDemo', 'true');
    if (kind.value === 'boundaries') {
      body.set('codeField', codeField.value);
      body.set('nameField', nameField.value);
    }
    if (kind.value === 'population') {
      body.set(keyBy.value, keyColumn.value);
      body.set('valueField', valueColumn.value);
      body.set('year', year.value);
    }
    for (const f of files.files ?? []) body.append('file', f, f.name);
    submit.disabled = true;
    result.replaceChildren(el('p', {}, 'Uploading and importing…'));
    try {
      const { ok, reports } = await uploadImport(body, token.value);
      const reload = el('button', { type: 'button' }, 'Reload the map');
      reload.addEventListener('click', () => location.reload());
      result.replaceChildren(
        el('p', { className: ok ? '' : 'error' }, ok ? 'Imported. Reload the map to analyse the new data.' : 'A file failed: nothing of it was loaded, and what was loaded before is unchanged.'),
        ...reports.map(importReport),
        ...(ok ? [reload] : []),
      );
      await refresh();
    } catch (error) {
      result.replaceChildren(el('p', { className: 'error' }, `Upload refused: ${errorText(error)}`));
    } finally {
      submit.disabled = false;
    }
  });

  const policeApi = renderPoliceApiForm({ token: () => token, replaceDemo: () => replaceDemo.checked, onFinished: refresh });

  container.replaceChildren(
    el('section', { className: 'panel-section' }, el('h2', {}, 'What is loaded'), loadedBox),
    el('section', { className: 'panel-section' }, el('h2', {}, 'Last import'), importsBox),
    el(
      'section',
      { className: 'panel-section', id: 'data-import-access' },
      el('h2', {}, 'Load data'),
      el('p', { className: 'hint' }, 'Boundaries first, then population and crime. Analysts only: both ways below send this token.'),
      field('upload-token', 'Analyst token', token, 'sent as a bearer token; set IMPORT_TOKEN on the server'),
      el('label', { className: 'choice' }, replaceDemo, el('span', {}, 'Replace the synthetic demo')),
      el('h3', {}, 'Upload files'),
      el('p', { className: 'hint' }, 'police.uk street-level files (YYYY-MM-<force>-street.csv, a .csv.gz or a .zip of them) replace their force-months; a file that fails leaves the data as it was.'),
      form,
      result,
      el('h3', {}, 'Fetch from the police.uk API'),
      policeApi.element,
    ),
  );
  return { refresh };
}
