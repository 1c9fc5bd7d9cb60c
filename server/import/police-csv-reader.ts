import { type Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import {
  checkPoliceHeader,
  type PoliceImportSummary,
  type PoliceIncidentRow,
  PoliceRowNormaliser,
} from '../../geodata/police-csv';
import { CsvFormatError, streamCsvRecords } from './csv-record-stream';
import { ImportError } from './errors';
import { Utf8Text } from './utf8-text';

export interface PoliceCsvReadOptions {
  /** How the file is named in messages, e.g. `2025-12-lancashire-street.csv`. */
  label: string;
  /** From the file name: every row must carry this month. */
  month: string;
  force: string;
  gzip: boolean;
  /** Receives each accepted row, in order, as soon as it is read. */
  onRow: (row: PoliceIncidentRow) => void;
  /**
   * Awaited after each chunk of text (~64 KB) has been split and its rows handed to `onRow`: the
   * caller's back-pressure (a slow database slows the reading, so memory stays constant).
   */
  afterChunk?: () => Promise<void>;
  /** Bytes of the (possibly compressed) input consumed so far, and records read. */
  onProgress?: (bytes: number, records: number) => void;
}

/**
 * Streams one data.police.uk street-level CSV through the CSV parser (csv-record-stream.ts, on
 * PapaParse) and the row normaliser (geodata/police-csv.ts), handing accepted rows over one by
 * one. File-level faults throw an ImportError naming the file and line: not UTF-8, empty, a header
 * without the police.uk columns, no data rows, an unterminated quoted field or a last row cut off
 * mid-way, malformed CSV, or every row rejected. Row-level faults are counted in the returned
 * summary.
 */
export async function readPoliceCsv(source: Readable, options: PoliceCsvReadOptions): Promise<PoliceImportSummary> {
  const { label } = options;
  let bytes = 0;
  source.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  const text = new Utf8Text(label);
  const stages: Array<NodeJS.ReadableStream | NodeJS.WritableStream> = [source];
  if (options.gzip) stages.push(createGunzip());
  stages.push(text);
  const chunks = (pipeline as (...streams: unknown[]) => Readable)(...stages, () => {});

  let normaliser: PoliceRowNormaliser | undefined;
  let lastRecordShort = false;
  let lastLine = 0;
  let count = 0;
  const onRecord = (record: string[], line: number) => {
    lastLine = line;
    if (!normaliser) {
      const header = checkPoliceHeader(record);
      if (!header.ok) throw new ImportError(`${label}: ${header.message} (header on line ${line})`);
      normaliser = new PoliceRowNormaliser({ ...header, expectedMonth: options.month, force: options.force });
      return;
    }
    const result = normaliser.normalise(record, line);
    lastRecordShort = result.kind === 'rejected' && result.reason === 'field-count';
    if (result.kind === 'row') options.onRow(result.row);
    count++;
  };
  const afterChunk = async () => {
    await options.afterChunk?.();
    options.onProgress?.(bytes, count);
  };
  try {
    await streamCsvRecords(chunks, { onRecord, afterChunk });
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
  options.onProgress?.(bytes, count);
  return summary;
}

function translateCsvError(error: unknown, label: string): unknown {
  if (error instanceof ImportError) return error;
  if (error instanceof CsvFormatError) {
    if (error.code === 'quote-not-closed') {
      return new ImportError(
        `${label}: the file ends inside a quoted field (${error.message}): ` +
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
