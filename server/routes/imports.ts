import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { timingSafeEqual } from 'node:crypto';
import busboy from 'busboy';
import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import { importBoundaries } from '../import/boundary-import';
import { ImportError } from '../import/errors';
import { DEMO_PRESENT_MESSAGE, importPoliceFiles } from '../import/police-import';
import { resolvePoliceInputs } from '../import/police-sources';
import { ProblemException } from '../problem';

const PROBLEM = 'https://hotspot-atlas.invalid/problems/';
const fail = (status: number, slug: string, title: string, detail: string) =>
  new ProblemException({ type: `${PROBLEM}${slug}`, title, status, detail });

interface Upload {
  fields: Record<string, string>;
  files: string[];
}

/**
 * POST /api/imports: multipart upload of the CLI's formats (police-csv: .csv, .csv.gz, .zip;
 * boundaries: GeoJSON/TopoJSON), streamed to a temporary folder under the size limit, then the
 * same pipeline and report as `npm run cli -- import`. Analyst-only until accounts exist: a bearer
 * token configured in IMPORT_TOKEN; without it uploads are disabled.
 */
export function importRoutes(deps: AppDeps) {
  return new Hono().post('/', async (c) => {
    const token = deps.config.importToken;
    if (!token) throw fail(403, 'uploads-disabled', 'Uploads disabled', 'Uploads are disabled: set IMPORT_TOKEN on the server to allow analysts to upload.');
    const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (given.length !== token.length || !timingSafeEqual(Buffer.from(given), Buffer.from(token))) {
      throw fail(401, 'unauthorised', 'Unauthorised', 'Send the analyst import token as "Authorization: Bearer <token>".');
    }
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
        if (kind !== 'police-csv') throw new ImportError(`kind must be police-csv or boundaries, got "${kind}"`);
        const strip = (text: string) => text.replace(new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\d+/`, 'g'), '');
        const inputs = await resolvePoliceInputs(upload.files);
        try {
          const reports = await importPoliceFiles(deps.database.db, inputs.files, { strict: upload.fields.strict === 'true', replaceDemo });
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
