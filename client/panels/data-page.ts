import { type ImportReport, fetchDataStatus, uploadImport } from '../api';
import { monthLabel } from '../state/view-state';
import { el, errorText, field } from './dom';
import { importReport } from './import-report';

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
  const facts = el(
    'dl',
    { className: 'facts', id: 'data-totals' },
    el('dt', {}, 'Source'),
    el('dd', {}, status.synthetic ? 'synthetic demo (invented data)' : 'police.uk street-level crime'),
    el('dt', {}, 'On the map'),
    el('dd', {}, `${int.format(t.incidents)} incidents`),
    el('dt', {}, 'Without location'),
    el('dd', {}, `${int.format(t.withoutLocation)} (counted, not mapped)`),
    el('dt', {}, 'Outside districts'),
    el('dd', {}, int.format(t.outsideDistricts)),
  );
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
 * The Data page: what is loaded (GET /api/data-status), the latest imports with their reports, and
 * an upload form for police.uk files or boundaries (POST /api/imports with the analyst token).
 */
export function renderDataPage(container: HTMLElement): { refresh: () => Promise<void> } {
  const loadedBox = el('div', { id: 'data-loaded', 'aria-live': 'polite' } as Partial<HTMLDivElement>, el('p', {}, 'Loading…'));
  const importsBox = el('div', { id: 'data-imports' });
  const refresh = async () => {
    try {
      const status = await fetchDataStatus();
      loadedBox.replaceChildren(loaded(status));
      importsBox.replaceChildren(imports(status));
    } catch (error) {
      loadedBox.replaceChildren(el('p', { className: 'error' }, `What is loaded could not be read: ${errorText(error)}`));
    }
  };

  const files = el('input', { type: 'file', name: 'file', multiple: true, required: true, accept: '.csv,.gz,.zip,.geojson,.json,.topojson' });
  const kind = el('select', { name: 'kind' }, el('option', { value: 'police-csv' }, 'police.uk street crime (.csv, .csv.gz, .zip)'), el('option', { value: 'boundaries' }, 'District boundaries (GeoJSON/TopoJSON)'));
  const codeField = el('input', { type: 'text', name: 'codeField', value: 'AREACD' });
  const nameField = el('input', { type: 'text', name: 'nameField', value: 'AREANM' });
  const boundaryFields = el('div', { hidden: true }, field('upload-code-field', 'Code field', codeField), field('upload-name-field', 'Name field', nameField));
  const strict = el('input', { type: 'checkbox', name: 'strict', value: 'true' });
  const replaceDemo = el('input', { type: 'checkbox', name: 'replaceDemo', value: 'true' });
  const token = el('input', { type: 'password', name: 'token', required: true, autocomplete: 'off' });
  const submit = el('button', { type: 'submit' }, 'Upload and import');
  const result = el('div', { id: 'upload-result', role: 'status' });
  const form = el(
    'form',
    { className: 'controls upload', id: 'upload-form' },
    field('upload-file', 'Files', files),
    field('upload-kind', 'Kind', kind),
    boundaryFields,
    el('label', { className: 'choice' }, strict, el('span', {}, 'Strict: refuse a file with any rejected row')),
    el('label', { className: 'choice' }, replaceDemo, el('span', {}, 'Replace the synthetic demo')),
    field('upload-token', 'Analyst token', token, 'sent as a bearer token; set IMPORT_TOKEN on the server'),
    el('div', { className: 'actions' }, submit),
  );
  kind.addEventListener('change', () => (boundaryFields.hidden = kind.value !== 'boundaries'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const body = new FormData();
    body.set('kind', kind.value);
    if (strict.checked) body.set('strict', 'true');
    if (replaceDemo.checked) body.set('replaceDemo', 'true');
    if (kind.value === 'boundaries') {
      body.set('codeField', codeField.value);
      body.set('nameField', nameField.value);
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

  container.replaceChildren(
    el('section', { className: 'panel-section' }, el('h2', {}, 'What is loaded'), loadedBox),
    el('section', { className: 'panel-section' }, el('h2', {}, 'Last import'), importsBox),
    el(
      'section',
      { className: 'panel-section' },
      el('h2', {}, 'Upload files'),
      el('p', { className: 'hint' }, 'police.uk street-level files (YYYY-MM-<force>-street.csv, a .csv.gz or a .zip of them) replace their force-months; a file that fails leaves the data as it was.'),
      form,
      result,
    ),
    el(
      'section',
      { className: 'panel-section' },
      el('h2', {}, 'Fetch from the police.uk API'),
      el('p', { className: 'hint' }, 'Not available in the browser yet (it needs a server job with progress). From the command line: '),
      el('code', {}, 'npm run cli -- import police-api --force lancashire --from 2025-01 --to 2025-03'),
    ),
  );
  return { refresh };
}
