import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { type PopulationOptions, checkPopulationOptions } from '../../common/population-options';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { importBoundaries } from '../import/boundary-import';
import { ImportError } from '../import/errors';
import { importPoliceFiles } from '../import/police-import';
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
        const inputs = await resolvePoliceInputs(upload.files);
        try {
          const reports = await importPoliceFiles(deps.database, inputs.files, { strict: upload.fields.strict === 'true', replaceDemo });
          const failed = reports.some((r) => r.status === 'failed');
          return c.json({ kind, reports: reports.map((r) => ({ ...r, file: basename(r.file), error: r.error && scrubUploadPaths(r.error, dir) })) }, failed ? 422 : 200);
        } finally {
          await inputs.close();
        }
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        throw fail(422, 'import-failed', 'Import failed', scrubUploadPaths(error.message, dir));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

/** A message without the upload's temporary folders (`<dir>/<n>/`), leaving each file's own name. */
function scrubUploadPaths(text: string, dir: string): string {
  const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`${escaped}/\\d+/`, 'g'), '');
}

/** The population fields of the form; a problem names the form field (not a CLI flag). */
function populationOptions(fields: Record<string, string>): PopulationOptions {
  const checked = checkPopulationOptions(fields, (field) => field);
  if ('problems' in checked) throw invalidParameters(checked.problems.map((p) => ({ parameter: p.field, detail: p.detail })));
  return checked.options;
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
