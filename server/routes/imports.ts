import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { importBoundaries } from '../import/boundary-import';
import { ImportError } from '../import/errors';
import { DEMO_PRESENT_MESSAGE, importPoliceFiles } from '../import/police-import';
import { resolvePoliceInputs } from '../import/police-sources';
import { importPopulation } from '../import/population-import';
import { type ProblemException, invalidParameters } from '../problem';
import { importProblem as fail } from './import-token';
import { policeApiJobRoutes } from './police-api-jobs';

interface Upload {
  fields: Record<string, string>;
  files: string[];
}

/**
 * POST /api/imports: multipart upload of the CLI's formats (police-csv: .csv, .csv.gz, .zip;
 * boundaries: GeoJSON/TopoJSON; population: CSV), streamed to a temporary folder under the size
 * limit, then the same pipeline and report as `npm run cli -- import`. Analysts only (the route
 * table; IMPORT_TOKEN still works as an analyst). The police.uk API import runs as a background
 * job under /police-api and /jobs.
 */
export function importRoutes(deps: AppDeps) {
  return new Hono().route('/', policeApiJobRoutes(deps)).post('/', async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('multipart/form-data') || !c.req.raw.body) {
      throw fail(415, 'unsupported-media-type', 'Unsupported media type', 'Send the files as multipart/form-data (field "file", one or more).');
    }
    const limit = deps.config.uploadLimitBytes;
    if (Number(c.req.header('content-length') ?? 0) > limit) throw tooLarge(limit);
    const dir = await mkdtemp(join(tmpdir(), 'hotspot-upload-'));
    try {
      const upload = await receive(c.req.raw.body, type, dir, limit);
      if (upload.files.length === 0) throw fail(400, 'no-file', 'No file', 'The upload holds no file part.');
      const kind = upload.fields.kind ?? 'police-csv';
      const replaceDemo = upload.fields.replaceDemo === 'true';
      try {
        if (kind === 'boundaries') {
          const report = await importBoundaries(deps.database.db, upload.files[0]!, {
            label: basename(upload.files[0]!), codeField: upload.fields.codeField ?? '', nameField: upload.fields.nameField ?? '',
            kind: upload.fields.districtKind ?? 'lad', replaceDemo,
          });
          return c.json({ kind, reports: [report] }, 200);
        }
        if (kind === 'population') {
          const report = await importPopulation(deps.database.db, upload.files[0]!, { ...populationOptions(upload.fields), label: basename(upload.files[0]!) });
          return c.json({ kind, reports: [report] }, 200);
        }
        if (kind !== 'police-csv') throw invalidParameters([{ parameter: 'kind', detail: `must be police-csv, boundaries or population, got "${kind}"` }]);
        const strip = (text: string) => text.replace(new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\d+/`, 'g'), '');
        const inputs = await resolvePoliceInputs(upload.files);
        try {
          const reports = await importPoliceFiles(deps.database, inputs.files, { strict: upload.fields.strict === 'true', replaceDemo });
          const failed = reports.some((r) => r.status === 'failed');
          return c.json({ kind, reports: reports.map((r) => ({ ...r, file: basename(r.file), error: r.error && strip(r.error) })) }, failed ? 422 : 200);
        } finally {
          await inputs.close();
        }
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        const message = error.message.replace(new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\d+/`, 'g'), '');
        if (error.message === DEMO_PRESENT_MESSAGE) {
          throw fail(409, 'synthetic-demo-loaded', 'The synthetic demo is loaded', 'Loading real data removes the synthetic demo: send replaceDemo=true to confirm.');
        }
        throw fail(422, 'import-failed', 'Import failed', message);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

/** The population fields of the form, checked here so a problem names the form field (not a CLI flag). */
function populationOptions(fields: Record<string, string>) {
  const errors: Array<{ parameter: string; detail: string }> = [];
  const codeField = fields.codeField?.trim() || undefined;
  const lsoaNameField = fields.lsoaNameField?.trim() || undefined;
  const valueField = fields.valueField?.trim() ?? '';
  const year = Number(fields.year);
  if (!codeField === !lsoaNameField) {
    errors.push({ parameter: codeField ? 'lsoaNameField' : 'codeField', detail: 'give exactly one of codeField (district codes) and lsoaNameField (LSOA names such as "Burnley 001A")' });
  }
  if (!valueField) errors.push({ parameter: 'valueField', detail: 'required: the column holding the number of people' });
  if (!/^\d{4}$/.test(fields.year ?? '') || year < 1800 || year > 2100) errors.push({ parameter: 'year', detail: `must be a year such as 2021, got "${fields.year ?? ''}"` });
  if (errors.length) throw invalidParameters(errors);
  return { codeField, lsoaNameField, valueField, year };
}

function tooLarge(limit: number): ProblemException {
  return fail(413, 'too-large', 'Upload too large', `The upload exceeds the limit of ${Math.round(limit / 1024 / 1024)} MB (UPLOAD_LIMIT_MB).`);
}

/** Streams the multipart body to files in `dir` (names reduced to their base name), enforcing the limit. */
async function receive(body: ReadableStream<Uint8Array>, contentType: string, dir: string, limit: number): Promise<Upload> {
  const upload: Upload = { fields: {}, files: [] };
  const writes: Promise<void>[] = [];
  let exceeded = false;
  await new Promise<void>((resolve, reject) => {
    const parser = busboy({ headers: { 'content-type': contentType }, limits: { fileSize: limit, files: 20, fields: 20 } });
    parser.on('field', (name, value) => {
      upload.fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      // Only the base name is kept (a name is what tells force and month); each file gets its own folder.
      const folder = join(dir, String(upload.files.length));
      mkdirSync(folder);
      const target = join(folder, basename((info.filename ?? '').replace(/\\/g, '/')) || 'upload');
      upload.files.push(target);
      stream.on('limit', () => {
        exceeded = true;
      });
      writes.push(pipeline(stream, createWriteStream(target)));
    });
    parser.on('error', reject);
    parser.on('close', resolve);
    Readable.fromWeb(body as never).pipe(parser);
  });
  await Promise.all(writes);
  if (exceeded) throw tooLarge(limit);
  return upload;
}
