import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { PoliceIncidentRow } from '../../geodata/police-csv';
import { readCsv } from '../../tests/fixtures/police-csv/read-csv';
import { type PoliceCsvReadOptions, readPoliceCsv } from './police-csv-reader';

const text = readFileSync(new URL('../../tests/fixtures/import/2025-12-testshire-street.csv', import.meta.url), 'utf8');

/** The same file with every field quoted, so quoted fields end its CRLF lines. */
const allQuoted = readCsv(text).map((r) => r.fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';

/** Reads `content` fed in pieces of `size` bytes. */
async function read(content: string | Buffer, size = 65_536, options: Partial<PoliceCsvReadOptions> = {}) {
  const bytes = Buffer.from(content);
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  const rows: PoliceIncidentRow[] = [];
  const summary = await readPoliceCsv(Readable.from(pieces), {
    label: 'test.csv', month: '2025-12', force: 'testshire', gzip: false, onRow: (r) => rows.push(r), ...options,
  });
  return { summary, rows };
}

describe('readPoliceCsv', () => {
  it('reads the same rows with a BOM, CRLF and quoted last fields, however the bytes are chunked', async () => {
    const plain = await read(text);
    expect(plain.summary).toMatchObject({ read: 8, rows: 8, rejected: 0 });
    for (const content of ['\uFEFF' + text.replaceAll('\n', '\r\n'), allQuoted]) {
      for (const size of [1, 2, 3, 7, 64]) expect(await read(content, size), `chunks of ${size}`).toEqual(plain);
    }
  });

  it('reads a gzipped file', async () => {
    const plain = await read(text);
    expect(await read(gzipSync(text), 100, { gzip: true })).toEqual(plain);
  });

  it('refuses malformed quotes, naming the line', async () => {
    const bad = text.replace('"On or near Mill Lane, Upper End",E00000002', '"On or near Mill Lane, Upper End"x,E00000002');
    await expect(read(bad)).rejects.toThrow(
      'test.csv: malformed CSV: a closing quote in the record starting on line 4 is followed by other text instead of a comma or the end of the line',
    );
  });

  it('says a file ending inside a quoted field looks cut off', async () => {
    const cut = text.slice(0, text.indexOf('Upper End'));
    await expect(read(cut, 10)).rejects.toThrow(
      'test.csv: the file ends inside a quoted field (a quoted field in the record starting on line 4 is never closed): it looks cut off',
    );
  });

  it('waits for afterChunk before reading on, and reports progress in bytes and records', async () => {
    let pending = false;
    let rowsWhilePending = 0;
    const progress: Array<[number, number]> = [];
    const { summary } = await read(text, 100, {
      onRow: () => { if (pending) rowsWhilePending++; },
      afterChunk: async () => {
        pending = true;
        await sleep(1);
        pending = false;
      },
      onProgress: (bytes, records) => progress.push([bytes, records]),
    });
    expect(summary.rows).toBe(8);
    expect(rowsWhilePending).toBe(0);
    expect(progress.length).toBeGreaterThan(Buffer.byteLength(text) / 100);
    expect(progress.at(-1)).toEqual([Buffer.byteLength(text), 8]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
  });
});
