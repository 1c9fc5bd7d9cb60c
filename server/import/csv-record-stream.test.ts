import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { loadCsvText, readCsv } from '../../tests/fixtures/police-csv/read-csv';
import { FIXTURE_MONTHS } from '../../tests/fixtures/real/real-data';
import { CsvFormatError, streamCsvRecords } from './csv-record-stream';

type Record = { line: number; fields: string[] };

/** The records of `text` fed in pieces of `size` characters (all at once when omitted). */
async function records(text: string, size = text.length || 1): Promise<Record[]> {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  const out: Record[] = [];
  await streamCsvRecords(Readable.from(pieces), { onRecord: (fields, line) => out.push({ line, fields }) });
  return out;
}

async function fault(text: string, size?: number): Promise<CsvFormatError> {
  const error = await records(text, size).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CsvFormatError);
  return error as CsvFormatError;
}

describe('streamCsvRecords', () => {
  it('splits quoted fields with commas, doubled quotes and line breaks, giving the line each record starts on', async () => {
    const text = 'a,b,c\n"x, y","say ""hi""",\n"two\nlines",2,3\r\n\n,,\r\n\r\n"q",r,"s"\r\nlast,row,here';
    const expected = [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', ''] },
      { line: 3, fields: ['two\nlines', '2', '3'] },
      { line: 6, fields: ['', '', ''] },
      { line: 8, fields: ['q', 'r', 's'] },
      { line: 9, fields: ['last', 'row', 'here'] },
    ];
    expect(await records(text)).toEqual(expected);
    // Any chunking gives the same records, including cuts inside "", after a closing quote and
    // between \r and \n.
    for (const size of [1, 2, 3, 5, 7, 11]) expect(await records(text, size), `chunks of ${size}`).toEqual(expected);
  });

  it('ends a last record without a line break, and keeps a trailing empty field', async () => {
    expect(await records('a,b\nc,')).toEqual([{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', ''] }]);
    expect(await records('"q"')).toEqual([{ line: 1, fields: ['q'] }]);
    expect(await records('a,b\r\n')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(await records('')).toEqual([]);
  });

  it('takes a quote inside an unquoted field as data, as PapaParse does', async () => {
    expect(await records('a,b\nx,y"z\n')).toEqual([{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['x', 'y"z'] }]);
  });

  it('names the faults with the line their record starts on, however the text is chunked', async () => {
    for (const size of [undefined, 1, 4]) {
      expect(await fault('a,b\n"open,\nstill open', size)).toMatchObject({ code: 'quote-not-closed', line: 2 });
      expect(await fault('a,b\n\n"x"y,z\nc,d\n', size)).toMatchObject({ code: 'invalid-closing-quote', line: 3 });
      expect(await fault('a,"b\nc",d\n"x"y\n', size)).toMatchObject({ code: 'invalid-closing-quote', line: 3 });
    }
    expect((await fault('a,b\n"open')).message).toBe('a quoted field in the record starting on line 2 is never closed');
  });

  it('hands over the records before a fault, and none after', async () => {
    const out: number[] = [];
    const error = await streamCsvRecords(Readable.from(['a\nb\n"c"d\ne\n']), { onRecord: (_f, line) => out.push(line) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-closing-quote', line: 3 });
    expect(out).toEqual([1, 2]);
  });

  it("rejects with onRecord's error and with the stream's, and stops reading", async () => {
    let pushed = 0;
    const source = new Readable({ objectMode: true, read() { this.push(pushed < 1000 ? `${pushed++}\n` : null); } });
    const stop = new Error('stop');
    await expect(streamCsvRecords(source, { onRecord: () => { throw stop; } })).rejects.toBe(stop);
    expect(source.destroyed).toBe(true);
    await sleep(5);
    expect(pushed).toBeLessThan(100);

    const broken = new Readable({ read() { this.destroy(new Error('disk gone')); } });
    await expect(streamCsvRecords(broken, { onRecord: () => {} })).rejects.toThrow('disk gone');
  });

  it('awaits afterChunk before reading on, so the source is not drained into memory', async () => {
    const total = 300;
    let pushed = 0;
    const source = new Readable({
      highWaterMark: 2,
      objectMode: true,
      read() { this.push(pushed < total ? `${pushed++},x\n` : null); },
    });
    let received = 0;
    let chunks = 0;
    let maxAhead = 0;
    await streamCsvRecords(source, {
      onRecord: () => received++,
      afterChunk: async () => {
        chunks++;
        const before = received;
        await sleep(1);
        expect(received, 'no record arrives while afterChunk is pending').toBe(before);
        maxAhead = Math.max(maxAhead, pushed - received);
      },
    });
    expect(received).toBe(total);
    expect(chunks).toBeGreaterThan(total / 2);
    // Only the stream's own buffer (highWaterMark 2) and a chunk in hand are read ahead.
    expect(maxAhead).toBeLessThanOrEqual(4);
  });

  // Two 14k-row files: fast alone, but slow on a loaded machine, hence more than the default 5 s.
  it('agrees with the test splitter on the real police.uk months of the sample, in 64 KB chunks', { timeout: 30_000 }, async () => {
    const names = readdirSync(FIXTURE_MONTHS);
    expect(names).toHaveLength(2);
    for (const name of names) {
      const text = loadCsvText(join(FIXTURE_MONTHS, name)).replace(/^\uFEFF/, '');
      expect(await records(text, 65_536), name).toEqual(readCsv(text));
    }
  });
});
