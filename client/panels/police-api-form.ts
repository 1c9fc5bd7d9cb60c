import { type PoliceApiJob, cancelImportJob, fetchImportJob, startPoliceApiImport } from '../api';
import { el, errorText, field } from './dom';
import { importReport } from './import-report';

const int = new Intl.NumberFormat('en-GB');
const POLL_MS = 500;

export interface PoliceApiFormContext {
  /** The analyst token and the demo confirmation, shared with the upload form. */
  token: () => HTMLInputElement;
  replaceDemo: () => boolean;
  /** Called once a job has stopped, so "what is loaded" is read again. */
  onFinished: () => Promise<void>;
}

function progressLine(job: PoliceApiJob): string {
  const m = job.months;
  const where = m.current ? `month ${Math.min(m.done + 1, m.total)} of ${m.total} (${m.current}), ${int.format(job.areas)} areas answered` : `${m.done} of ${m.total} months`;
  return `${where}; ${int.format(job.requests)} requests (${int.format(job.retries)} retried), ${int.format(job.rowsLoaded)} rows loaded`;
}

/** The API names a body field by JSON pointer; the form says which of its fields that is. */
const FIELD_LABELS: Record<string, string> = { '#/force': 'Force id', '#/from': 'From month', '#/to': 'To month', '#/district': 'District' };
const withLabels = (message: string) => message.replace(/#\/\w+/g, (pointer) => FIELD_LABELS[pointer] ?? pointer);

const OUTCOME: Record<Exclude<PoliceApiJob['state'], 'running'>, string> = {
  succeeded: 'Fetched and loaded. Reload the map to analyse the new data.',
  failed: 'The fetch stopped: the month under way was not loaded; months finished before it are kept. Start it again to resume.',
  cancelled: 'Cancelled: the month under way was not loaded; months finished before it are kept.',
};

/** The progress bar, status line and month reports of a job, redrawn from each poll's answer. */
function jobProgress() {
  const bar = el('progress', { id: 'police-api-progress', max: 1, value: 0, hidden: true });
  bar.setAttribute('aria-label', 'police.uk API fetch progress');
  const status = el('p', { id: 'police-api-status', role: 'status' });
  const reports = el('div', { id: 'police-api-result' });
  const show = (job: PoliceApiJob) => {
    bar.hidden = false;
    bar.max = job.months.total;
    bar.value = job.months.done;
    bar.dataset.state = job.state;
    if (job.state === 'running') {
      status.textContent = `${job.cancelRequested ? 'Cancelling… ' : 'Fetching: '}${progressLine(job)}`;
      return;
    }
    status.textContent = `${OUTCOME[job.state]} (${progressLine(job)})`;
    status.classList.toggle('error', job.state !== 'succeeded');
    const reload = el('button', { type: 'button' }, 'Reload the map');
    reload.addEventListener('click', () => location.reload());
    reports.replaceChildren(
      ...job.errors.map((e) => el('p', { className: 'error' }, e)),
      ...job.reports.map((r) => importReport({ ...r, file: undefined })),
      ...(job.rowsLoaded > 0 ? [reload] : []),
    );
  };
  /** A status line of our own (starting, refused, unreadable progress); `error`, when given, marks it a failure or not. */
  const say = (text: string, error?: boolean) => {
    status.textContent = text;
    if (error !== undefined) status.classList.toggle('error', error);
  };
  const clear = () => {
    say('Starting…', false);
    reports.replaceChildren();
  };
  return { elements: [bar, status, reports], show, say, clear };
}

/** Polls the job until it stops, showing each answer; resolves once it has stopped (or cannot be read). */
async function followJob(id: string, token: string, progress: ReturnType<typeof jobProgress>): Promise<void> {
  for (;;) {
    let job: PoliceApiJob;
    try {
      job = await fetchImportJob(id, token);
    } catch (error) {
      return progress.say(`The fetch's progress could not be read: ${errorText(error)}`, true);
    }
    progress.show(job);
    if (job.state !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The form's fields: force id, months and an optional district. */
function jobFields() {
  const force = el('input', { type: 'text', name: 'force', required: true, pattern: '[a-z0-9]+(-[a-z0-9]+)*', placeholder: 'e.g. lancashire', autocomplete: 'off' });
  const from = el('input', { type: 'month', name: 'from', required: true });
  const to = el('input', { type: 'month', name: 'to', required: true });
  const district = el('select', { name: 'district' }, el('option', { value: '' }, 'All loaded districts'));
  const elements = [
    field('police-api-force', 'Force id', force, 'as in data.police.uk file names: lancashire, metropolitan, west-midlands…'),
    field('police-api-from', 'From month', from),
    field('police-api-to', 'To month', to),
    field('police-api-district', 'District', district, 'optional: fetch only this district'),
  ];
  const body = () => ({ force: force.value.trim(), from: from.value, to: to.value, ...(district.value ? { district: district.value } : {}) });
  const setDistricts = (list: Array<{ code: string; name: string }>) => {
    const chosen = district.value;
    district.replaceChildren(el('option', { value: '' }, 'All loaded districts'), ...list.map((d) => el('option', { value: d.code }, `${d.name} (${d.code})`)));
    district.value = list.some((d) => d.code === chosen) ? chosen : '';
  };
  return { elements, body, setDistricts };
}

/**
 * The police.uk API fetch: force, months and an optional district start a server job
 * (POST /api/imports/police-api), whose progress is polled into a progress bar until it stops;
 * then each month's report is shown. One job runs at a time on the server.
 */
export function renderPoliceApiForm(ctx: PoliceApiFormContext): { element: HTMLElement; setDistricts: (d: Array<{ code: string; name: string }>) => void } {
  const fields = jobFields();
  const submit = el('button', { type: 'submit' }, 'Fetch from police.uk');
  const cancel = el('button', { type: 'button', hidden: true }, 'Cancel fetch');
  const progress = jobProgress();
  const form = el('form', { className: 'controls upload', id: 'police-api-form' }, ...fields.elements, el('div', { className: 'actions' }, submit, cancel));

  let running: string | null = null;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = ctx.token();
    if (!form.reportValidity() || !token.reportValidity()) return;
    progress.clear();
    submit.disabled = true;
    let job: PoliceApiJob;
    try {
      job = await startPoliceApiImport({ ...fields.body(), ...(ctx.replaceDemo() ? { replaceDemo: true } : {}) }, token.value);
    } catch (error) {
      submit.disabled = false;
      return progress.say(`Fetch refused: ${withLabels(errorText(error))}`, true);
    }
    running = job.id;
    cancel.hidden = false;
    progress.show(job);
    await followJob(job.id, token.value, progress);
    running = null;
    submit.disabled = false;
    cancel.hidden = true;
    await ctx.onFinished();
  });
  cancel.addEventListener('click', async () => {
    if (!running) return;
    try {
      progress.show(await cancelImportJob(running, ctx.token().value));
    } catch (error) {
      progress.say(`Cancel refused: ${errorText(error)}`);
    }
  });

  const element = el(
    'div',
    {},
    el('p', { className: 'hint' }, 'Street-level crime for a force and months, queried by district polygon (at most 15 requests a second); each month replaces that force-month. Boundaries must be loaded first.'),
    form,
    ...progress.elements,
  );
  return { element, setDistricts: fields.setDistricts };
}
