import { type Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import {
  checkPoliceHeader,
  type PoliceImportSummary,
  PoliceRowNormaliser,
} from '../../geodata/police-csv';
import type { IncidentInput } from '../../db/incident-writer';
import { ImportError } from './errors';
import { Utf8Text } from './utf8-text';

export interface PoliceCsvReadOptions {
  /** How the file is named in messages, e.g. `2025-12-lancashire-street.csv`. */
  label: string;
  /** From the file name: every row must carry this month. */
  month: string;
  force: string;
  gzip: boolean;
  /** Rows per `onBatch` call. */
  batchSize: number;
  /** Receives accepted rows in order; awaited, so a slow database slows the reading (constant memory). */
  onBatch: (rows: IncidentInput[]) => Promise<void>;
  /** Bytes of the (possibly compressed) input consumed so far, and records read. */
  onProgress?: (bytes: number, records: number) => void;
}

/**
 * Streams one data.police.uk street-level CSV through csv-parse and the row normaliser
 * (geodata/police-csv.ts), handing accepted rows over in batches. File-level faults throw an
 * ImportError naming the file and line: not UTF-8, empty, a header without the police.uk columns,
 * no data rows, an unterminated quoted field or a last row cut off mid-way, malformed CSV, or
 * every row rejected. Row-level faults are counted in the returned summary.
 */
export async function readPoliceCsv(source: Readable, options: PoliceCsvReadOptions): Promise<PoliceImportSummary> {
  const { label } = options;
  let bytes = 0;
  source.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  const text = new Utf8Text(label);
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const stages: Array<NodeJS.ReadableStream | NodeJS.WritableStream> = [source];
  if (options.gzip) stages.push(createGunzip());
  stages.push(text, parser);
  const records = (pipeline as (...streams: unknown[]) => NodeJS.ReadableStream)(...stages, () => {});

  let normaliser: PoliceRowNormaliser | undefined;
  let batch: IncidentInput[] = [];
  let lastRecordShort = false;
  let lastLine = 0;
  let count = 0;
  try {
    for await (const { record, info } of records as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // info.lines is the line the record ends on; a quoted field may span several lines.
      const line = info.lines - newlinesIn(record);
      lastLine = line;
      if (!normaliser) {
        const header = checkPoliceHeader(record);
        if (!header.ok) throw new ImportError(`${label}: ${header.message} (header on line ${line})`);
        normaliser = new PoliceRowNormaliser({ ...header, expectedMonth: options.month, force: options.force });
        continue;
      }
      const result = normaliser.normalise(record, line);
      lastRecordShort = result.kind === 'rejected' && result.reason === 'field-count';
      if (result.kind === 'row') {
        const r = result.row;
        batch.push({
          crimeId: r.crimeId, month: r.month, category: r.category, force: options.force, location: r.location,
          lsoaCode: r.lsoaCode, lsoaName: r.lsoaName, outcome: r.outcome, x: r.longitude, y: r.latitude,
        });
        if (batch.length >= options.batchSize) {
          await options.onBatch(batch);
          batch = [];
        }
      }
      if (++count % 1000 === 0) options.onProgress?.(bytes, count);
    }
  } catch (error) {
    source.destroy();
    throw translateCsvError(error, label);
  }
  if (!text.sawText) throw new ImportError(`${label}: the file is empty`);
  if (!normaliser) throw new ImportError(`${label}: the file holds no CSV header`);
  if (lastRecordShort && !text.endsWithNewline) {
    throw new ImportError(
      `${label}: the last row (line ${lastLine}) is incomplete and the file does not end with a newline: ` +
        'the file looks cut off (an interrupted download?). Nothing was loaded from it.',
    );
  }
  const summary = normaliser.summary();
  if (summary.read === 0) throw new ImportError(`${label}: the file has a header but no rows`);
  if (summary.rows === 0) {
    const first = summary.firstRejected[0]!;
    throw new ImportError(
      `${label}: none of its ${summary.read} rows could be loaded; the first, line ${first.line} (${first.column}): ${first.message}`,
    );
  }
  if (batch.length > 0) await options.onBatch(batch);
  options.onProgress?.(bytes, count);
  return summary;
}

function newlinesIn(record: string[]): number {
  let n = 0;
  for (const field of record) {
    for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++;
  }
  return n;
}

function translateCsvError(error: unknown, label: string): unknown {
  if (error instanceof ImportError) return error;
  if (error instanceof CsvError) {
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      return new ImportError(
        `${label}: the file ends inside a quoted field (${error.message.replace(/^Quote Not Closed: /, '')}): ` +
          'it looks cut off (an interrupted download?). Nothing was loaded from it.',
      );
    }
    return new ImportError(`${label}: malformed CSV: ${error.message}`);
  }
  if (error instanceof Error && (error as NodeJS.ErrnoException).code?.startsWith('Z_')) {
    return new ImportError(`${label}: not a valid gzip file (${error.message}); it may be cut off`);
  }
  return error;
}
