import type { Readable } from 'node:stream';
import Papa from 'papaparse';

/**
 * CSV records from a text stream, parsed by PapaParse (https://www.papaparse.com/docs) in chunk
 * mode, each with the line it starts on.
 *
 * Format: RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): fields separated by commas, records
 * by LF or CRLF; a quoted field may hold commas, line breaks and `""` for one quote. Blank lines
 * are skipped but counted. Records may have any number of fields: callers check the count. A BOM
 * must be dropped before (Utf8Text does). PapaParse is more lenient than RFC 4180 in two ways we
 * keep: a `"` inside an unquoted field is data, and spaces between a closing quote and the comma
 * are ignored.
 *
 * Line numbers are not something PapaParse reports, so they are counted here: the next record
 * starts one line after this one, plus one line per line break inside its quoted fields.
 *
 * @example
 * await streamCsvRecords(textStream, {
 *   onRecord: (fields, line) => rows.push({ fields, line }),
 *   afterChunk: () => database.flush(), // awaited before the next chunk is read
 * });
 * // 'a,"b\nc"\r\nd,e' → [{ fields: ['a', 'b\nc'], line: 1 }, { fields: ['d', 'e'], line: 3 }]
 */

/** The text is not well-formed CSV; `line` is where the faulty record starts. */
export class CsvFormatError extends Error {
  constructor(
    readonly code: 'quote-not-closed' | 'invalid-closing-quote',
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CsvRecordStreamOptions {
  /** Each record in order; a throw stops the reading (the stream is destroyed) and rejects with it. */
  onRecord: (fields: string[], line: number) => void;
  /**
   * Awaited after each chunk's records were handed over: the stream is paused meanwhile, so a slow
   * consumer slows the reading and memory stays constant.
   */
  afterChunk?: () => Promise<void>;
}

const LF = '\n', CR = 13;

/** Resolves once the stream has ended and every record was handed over; rejects with the first error. */
export function streamCsvRecords(text: Readable, options: CsvRecordStreamOptions): Promise<void> {
  const { onRecord, afterChunk } = options;
  let nextLine = 1;

  const takeChunk = (results: Papa.ParseResult<string[]>): void => {
    const records = results.data;
    const fault = firstFault(results.errors, records.length);
    for (let i = 0; i < records.length; i++) {
      const fields = records[i]!;
      const line = nextLine;
      if (i === fault?.row) throw csvFormatError(fault.code, line);
      nextLine += 1 + lineBreaksIn(fields);
      const last = fields[fields.length - 1]!;
      // Records end at LF, so a CRLF leaves its CR on an unquoted last field.
      if (last.charCodeAt(last.length - 1) === CR) fields[fields.length - 1] = last.slice(0, -1);
      if (fields.length === 1 && fields[0] === '') continue; // a blank line
      onRecord(fields, line);
    }
  };

  return new Promise<void>((resolve, reject) => {
    let failure: unknown;
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve();
      else reject(error);
    };
    // Papa would go on queueing the stream's data after an abort: stop reading.
    const fail = (error: unknown, parser: Papa.Parser) => {
      failure = error;
      parser.abort();
      text.destroy();
    };
    Papa.parse<string[]>(text, {
      // Explicit, so that a tiny file cannot be mis-detected; LF also ends CRLF records (see above).
      delimiter: ',',
      newline: LF,
      quoteChar: '"',
      header: false,
      dynamicTyping: false,
      skipEmptyLines: false,
      chunk(results, parser) {
        try {
          takeChunk(results);
        } catch (error) {
          fail(error, parser);
          return;
        }
        if (!afterChunk) return;
        // Papa's pause stops its parsing but not the stream's 'data' events, which it would queue
        // without limit: pause the stream too.
        parser.pause();
        text.pause();
        afterChunk().then(
          () => {
            if (settled) return;
            text.resume();
            parser.resume();
          },
          (error: unknown) => fail(error, parser),
        );
      },
      complete: () => settle(failure),
      error: (error: Error) => settle(error),
    });
  });
}

/** The first error that condemns the file: the row it belongs to and its kind. */
function firstFault(errors: Papa.ParseError[], rows: number): { row: number; code: CsvFormatError['code'] } | undefined {
  let fault: { row: number; code: CsvFormatError['code'] } | undefined;
  for (const error of errors) {
    if (error.type !== 'Quotes') continue; // field counts are the caller's business; the delimiter is fixed
    const row = error.row ?? rows;
    // An error in the unfinished last row of a chunk may be made good by the next chunk (a CR
    // before its LF, say): Papa parses that row again with more text and reports it again if not.
    // In the final chunk every row is finished, the one with an unclosed quote too.
    if (row >= rows) continue;
    if (fault === undefined || row < fault.row) {
      fault = { row, code: error.code === 'MissingQuotes' ? 'quote-not-closed' : 'invalid-closing-quote' };
    }
  }
  return fault;
}

function csvFormatError(code: CsvFormatError['code'], line: number): CsvFormatError {
  return code === 'quote-not-closed'
    ? new CsvFormatError(code, line, `a quoted field in the record starting on line ${line} is never closed`)
    : new CsvFormatError(code, line, `a closing quote in the record starting on line ${line} is followed by other text instead of a comma or the end of the line`);
}

function lineBreaksIn(fields: string[]): number {
  let n = 0;
  for (const field of fields) {
    for (let i = field.indexOf(LF); i >= 0; i = field.indexOf(LF, i + 1)) n++;
  }
  return n;
}
