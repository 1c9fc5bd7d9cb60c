import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCsvText, readCsv } from '../tests/fixtures/police-csv/read-csv';
import { CsvRecordSplitter, CsvSyntaxError } from './csv-records';

/** Splits `text` fed in pieces of `size` characters (all at once when omitted). */
function split(text: string, size = text.length || 1): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  const splitter = new CsvRecordSplitter((fields, line) => out.push({ line, fields }));
  for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size));
  splitter.end();
  return out;
}

function error(text: string): CsvSyntaxError {
  try {
    split(text);
  } catch (e) {
    return e as CsvSyntaxError;
  }
  throw new Error('no error');
}

describe('CsvRecordSplitter', () => {
  it('splits quoted fields with commas, doubled quotes and line breaks, giving the line each record starts on', () => {
    const text = 'a,b,c\n"x, y","say ""hi""",\n"two\nlines",2,3\r\n\n,,\nlast,row,here';
    const expected = [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', ''] },
      { line: 3, fields: ['two\nlines', '2', '3'] },
      { line: 6, fields: ['', '', ''] },
      { line: 7, fields: ['last', 'row', 'here'] },
    ];
    expect(split(text)).toEqual(expected);
    // Any chunking gives the same records, including cuts inside "" and between \r and \n.
    for (const size of [1, 2, 3, 5, 7, 11]) expect(split(text, size), `chunks of ${size}`).toEqual(expected);
  });

  it('ends a last record without a line break, and a trailing empty field', () => {
    expect(split('a,b\nc,')).toEqual([{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', ''] }]);
    expect(split('"q"')).toEqual([{ line: 1, fields: ['q'] }]);
    expect(split('')).toEqual([]);
  });

  it('names the faults with their line', () => {
    expect(error('a,b\n"open,\nstill open')).toMatchObject({ code: 'quote-not-closed', line: 2 });
    expect(error('a,b\n"x"y,z\n')).toMatchObject({ code: 'invalid-closing-quote', line: 2 });
    expect(error('a,b\n\nx,y"z\n')).toMatchObject({ code: 'invalid-opening-quote', line: 3 });
  });

  it('agrees with the test splitter on four real police.uk files, in 64 KB chunks', () => {
    const dir = new URL('../../shared/data/police-uk/lancashire/', import.meta.url);
    for (const name of readdirSync(dir).slice(0, 4)) {
      const text = loadCsvText(new URL(name, dir)).replace(/^\uFEFF/, '');
      expect(split(text, 65_536), name).toEqual(readCsv(text));
    }
  });
});
