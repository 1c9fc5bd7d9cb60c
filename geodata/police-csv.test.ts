import { describe, expect, it } from 'vitest';
import { loadCsvText, readCsv, type CsvRecord } from '../tests/fixtures/police-csv/read-csv';
import {
  POLICE_CSV_COLUMNS,
  PoliceRowNormaliser,
  REJECT_REASONS,
  REJECT_REASON_TEXT,
  checkCoordinates,
  checkPoliceHeader,
  type PoliceColumns,
} from './police-csv';

const FIXTURES = new URL('../tests/fixtures/police-csv/', import.meta.url);
const HEADER = Object.values(POLICE_CSV_COLUMNS);

function headerOk(header: string[]) {
  const check = checkPoliceHeader(header);
  if (!check.ok) throw new Error(check.message);
  return check;
}

function run(records: CsvRecord[], expectedMonth = '2025-12') {
  const [header, ...rows] = records;
  const n = new PoliceRowNormaliser({ ...headerOk(header.fields), expectedMonth, force: 'testforce' });
  const results = rows.map((r) => n.normalise(r.fields, r.line));
  return { results, summary: n.summary() };
}

describe('checkPoliceHeader', () => {
  it('maps the 12 published columns to their indexes', () => {
    expect(headerOk(HEADER)).toEqual({
      ok: true,
      fieldCount: 12,
      columns: {
        crimeId: 0, month: 1, reportedBy: 2, fallsWithin: 3, longitude: 4, latitude: 5, location: 6,
        lsoaCode: 7, lsoaName: 8, crimeType: 9, lastOutcome: 10, context: 11,
      },
    });
  });

  it('tolerates a BOM, surrounding whitespace, case, a trailing \\r and another order', () => {
    const header = ['\uFEFFCrime ID', ' MONTH ', ...HEADER.slice(2, 11).reverse(), 'Context\r'];
    const check = headerOk(header);
    expect(check.columns.crimeId).toBe(0);
    expect(check.columns.month).toBe(1);
    expect(check.columns.reportedBy).toBe(10);
    expect(check.columns.lastOutcome).toBe(2);
    expect(check.columns.context).toBe(11);
  });

  it('accepts a file without Context (context index -1) and ignores extra columns', () => {
    expect(headerOk(HEADER.slice(0, 11))).toMatchObject({ fieldCount: 11, columns: { context: -1, lastOutcome: 10 } });
    expect(headerOk([...HEADER, 'Notes'])).toMatchObject({ fieldCount: 13, columns: { context: 11 } });
  });

  it('names the missing columns (an outcomes file is not a street file)', () => {
    const [header] = readCsv(loadCsvText(new URL('outcomes-header.csv', FIXTURES)));
    expect(checkPoliceHeader(header.fields)).toEqual({
      ok: false,
      missing: ['Crime type', 'Last outcome category'],
      message: 'Not a police.uk street-level CSV: missing columns "Crime type", "Last outcome category"',
    });
    expect(checkPoliceHeader(HEADER.filter((h) => h !== 'Latitude'))).toMatchObject({
      ok: false, missing: ['Latitude'], message: expect.stringContaining('missing column "Latitude"'),
    });
    expect(checkPoliceHeader([])).toMatchObject({ ok: false, missing: HEADER.slice(0, 11) });
  });

  it('rejects a repeated column', () => {
    expect(checkPoliceHeader([...HEADER, 'month'])).toEqual({
      ok: false, missing: [], message: 'Column "month" appears twice (fields 2 and 13)',
    });
  });
});

describe('PoliceRowNormaliser on tests/fixtures/police-csv/bad-rows.csv', () => {
  const text = loadCsvText(new URL('bad-rows.csv', FIXTURES));
  const expectedRejections = [
    { line: 5, column: '(row)', reason: 'field-count', message: 'Expected 12 fields, found 11' },
    { line: 6, column: 'Month', reason: 'month-unparseable', message: 'Month "2025-13" is not YYYY-MM' },
    { line: 7, column: 'Month', reason: 'month-mismatch', message: "Month 2025-11 differs from the file's month (2025-12-testforce)" },
    { line: 8, column: 'Crime type', reason: 'unknown-crime-type', message: 'Crime type "Littering" is not a police.uk category' },
    { line: 9, column: 'Longitude', reason: 'coordinate-not-a-number', message: 'Longitude "NaN" is not a decimal number' },
    { line: 10, column: 'Longitude', reason: 'coordinate-missing', message: 'Longitude is empty but Latitude is 53.760000: give both or neither' },
    { line: 11, column: 'Longitude', reason: 'coordinate-out-of-range', message: 'Longitude 12.500000 is outside the UK (-8.7..1.8)' },
    { line: 12, column: 'Latitude', reason: 'coordinate-out-of-range', message: 'Latitude 48.000000 is outside the UK (49.8..60.95)' },
    {
      line: 13, column: 'Longitude', reason: 'coordinates-swapped',
      message: 'Longitude 53.760000 and Latitude -2.700000 look exchanged: only the swapped pair is inside the UK',
    },
    { line: 16, column: 'Latitude', reason: 'coordinate-not-a-number', message: 'Latitude "abc" is not a decimal number' },
  ];

  it('rejects each bad line with the exact reason, column, line and message', () => {
    const { results } = run(readCsv(text));
    const rejected = results.filter((r) => r.kind === 'rejected').map(({ kind: _, ...r }) => r);
    expect(rejected).toEqual(expectedRejections);
  });

  it('keeps good rows, a no-location row, an exact ASB repeat and a repeated Crime ID with another outcome; counts per reason', () => {
    const { results, summary } = run(readCsv(text));
    const rows = results.flatMap((r) => (r.kind === 'row' ? [r.row] : []));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({
      crimeId: 'synthetic-crime-0001', month: '2025-12', reportedBy: 'Test Constabulary', fallsWithin: 'Test Constabulary',
      longitude: -2.7, latitude: 53.76, location: 'On or near Test Street', lsoaCode: 'E00000001', lsoaName: 'Testshire 001A',
      category: 'burglary', outcome: 'Under investigation', context: null,
    });
    expect(rows[1]).toMatchObject({
      crimeId: null, category: 'anti-social-behaviour', outcome: null,
      location: 'On or near Mill Lane, Upper End', lsoaName: 'Test, Town and Moor 002B',
    });
    expect(rows[2]).toMatchObject({
      crimeId: 'synthetic-crime-0002', longitude: null, latitude: null, location: null, lsoaCode: null, lsoaName: null,
      category: 'other-crime',
    });
    // Line 14 repeats line 2's Crime ID with another 'Last outcome category': loaded, with a note.
    expect(rows[3]).toEqual({ ...rows[0], outcome: 'Unable to prosecute suspect' });
    expect(results[12]).toMatchObject({ kind: 'row', repeatedCrimeId: { line: 14, crimeId: 'synthetic-crime-0001', firstLine: 2 } });
    expect(rows[4]).toEqual(rows[1]);
    expect(summary).toEqual({
      read: 15, rows: 5, withoutLocation: 1, rejected: 10,
      byReason: {
        'field-count': 1, 'month-unparseable': 1, 'month-mismatch': 1, 'unknown-crime-type': 1,
        'coordinate-not-a-number': 2, 'coordinate-missing': 1, 'coordinate-out-of-range': 2,
        'coordinates-swapped': 1, 'duplicate-row': 0,
      },
      firstRejected: expectedRejections,
      repeatedCrimeIds: 1,
      firstRepeatedCrimeIds: [{ line: 14, crimeId: 'synthetic-crime-0001', firstLine: 2 }],
    });
  });

  it('gives the same result with a BOM and CRLF line endings', () => {
    const crlf = '\uFEFF' + text.replace(/\n/g, '\r\n');
    expect(run(readCsv(crlf)).summary).toEqual(run(readCsv(text)).summary);
  });

  it("strips the '\\r' a LF-only splitter leaves in the last field of CRLF lines", () => {
    const records = readCsv('\uFEFF' + text.replace(/\n/g, '\r\n'), { lfOnly: true });
    expect(records[0].fields[0]).toBe('\uFEFFCrime ID');
    expect(records[0].fields[11]).toBe('Context\r');
    expect(records[1].fields[11]).toBe('\r');
    const { results, summary } = run(records);
    expect(results[0]).toMatchObject({ kind: 'row', row: { context: null, outcome: 'Under investigation' } });
    expect(summary.rows).toBe(5);
    expect(summary.firstRejected).toEqual(run(readCsv(text)).summary.firstRejected);
  });
});

describe('PoliceRowNormaliser details', () => {
  const columns = headerOk(HEADER).columns;
  const fields = (over: Partial<Record<keyof PoliceColumns, string>> = {}) => {
    const base: Record<keyof PoliceColumns, string> = {
      crimeId: 'synthetic-crime-9', month: '2025-12', reportedBy: 'Test Constabulary', fallsWithin: 'Test Constabulary',
      longitude: '-2.7', latitude: '53.76', location: 'On or near Test Street', lsoaCode: 'E00000001',
      lsoaName: 'Testshire 001A', crimeType: 'Shoplifting', lastOutcome: '', context: '',
    };
    const merged = { ...base, ...over };
    return (Object.keys(columns) as Array<keyof PoliceColumns>).map((k) => merged[k]);
  };

  it('normalises whitespace and empty strings, and maps Crime type case-insensitively', () => {
    const n = new PoliceRowNormaliser({ columns });
    const r = n.normalise(
      fields({ crimeId: ' ', location: '  On or\u00a0near   Test  Street ', crimeType: ' violence AND sexual offences ', lastOutcome: '\t' }),
      2,
    );
    expect(r).toMatchObject({
      kind: 'row', row: { crimeId: null, location: 'On or near Test Street', category: 'violent-crime', outcome: null },
    });
  });

  it('accepts any month without expectedMonth, but still parses it', () => {
    const n = new PoliceRowNormaliser({ columns });
    expect(n.normalise(fields({ month: '2019-07' }), 2)).toMatchObject({ kind: 'row', row: { month: '2019-07' } });
    expect(n.normalise(fields({ month: '' }), 3)).toMatchObject({ reason: 'month-unparseable', column: 'Month' });
    expect(n.normalise(fields({ month: '07/2019' }), 4)).toMatchObject({ reason: 'month-unparseable' });
  });

  it('lists an empty Crime type as unknown', () => {
    const n = new PoliceRowNormaliser({ columns });
    expect(n.normalise(fields({ crimeType: '' }), 2)).toMatchObject({
      reason: 'unknown-crime-type', column: 'Crime type', message: 'Crime type "" is not a police.uk category',
    });
  });

  it('works without a Context column', () => {
    const check = headerOk(HEADER.slice(0, 11));
    const n = new PoliceRowNormaliser(check);
    expect(n.normalise(fields().slice(0, 11), 2)).toMatchObject({ kind: 'row', row: { context: null } });
    expect(n.normalise(fields(), 3)).toMatchObject({ reason: 'field-count', message: 'Expected 11 fields, found 12' });
  });

  it('counts a Crime ID once its first row is accepted (a rejected first row does not count)', () => {
    const n = new PoliceRowNormaliser({ columns });
    expect(n.normalise(fields({ longitude: 'x' }), 2).kind).toBe('rejected');
    expect(n.normalise(fields(), 3).kind).toBe('row');
    expect(n.normalise(fields(), 4)).toMatchObject({
      reason: 'duplicate-row', column: '(row)', line: 4, message: 'duplicate row: identical to line 3',
    });
  });

  it('rejects a row identical to any earlier row of its Crime ID and keeps rows that differ', () => {
    const n = new PoliceRowNormaliser({ columns });
    const a = fields({ lastOutcome: 'Under investigation' });
    const b = fields({ lastOutcome: 'Unable to prosecute suspect' });
    const c = fields({ lastOutcome: 'Unable to prosecute suspect', longitude: '-2.71' });
    expect(n.normalise(a, 2)).toMatchObject({ kind: 'row' });
    expect(n.normalise(b, 3)).toMatchObject({ kind: 'row', repeatedCrimeId: { line: 3, firstLine: 2, crimeId: 'synthetic-crime-9' } });
    expect(n.normalise(c, 4)).toMatchObject({ kind: 'row', repeatedCrimeId: { line: 4, firstLine: 2 } });
    expect(n.normalise([...b], 5)).toMatchObject({ kind: 'rejected', reason: 'duplicate-row', message: 'duplicate row: identical to line 3' });
    expect(n.normalise([...a], 6)).toMatchObject({ kind: 'rejected', message: 'duplicate row: identical to line 2' });
    expect(n.normalise(fields({ crimeId: 'another' }), 7)).toMatchObject({ kind: 'row' });
    expect(n.normalise(fields({ crimeId: 'another' }), 8)).toMatchObject({ kind: 'rejected', message: 'duplicate row: identical to line 7' });
    expect(n.summary()).toMatchObject({ rows: 4, rejected: 3, repeatedCrimeIds: 2, byReason: { 'duplicate-row': 3 } });
  });

  it('never de-duplicates rows without a Crime ID: identical ASB lines are separate incidents', () => {
    const n = new PoliceRowNormaliser({ columns });
    const asb = fields({ crimeId: '', crimeType: 'Anti-social behaviour' });
    for (let line = 2; line < 6; line++) expect(n.normalise([...asb], line)).toMatchObject({ kind: 'row', row: { crimeId: null } });
    expect(n.summary()).toMatchObject({ rows: 4, rejected: 0, repeatedCrimeIds: 0 });
  });

  it('keeps only the first 20 rejections but counts them all', () => {
    const n = new PoliceRowNormaliser({ columns });
    for (let line = 2; line < 32; line++) n.normalise(['x'], line);
    const s = n.summary();
    expect(s).toMatchObject({ read: 30, rows: 0, rejected: 30, byReason: { 'field-count': 30 } });
    expect(s.firstRejected.map((r) => r.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
  });

  it('refuses a malformed expectedMonth', () => {
    expect(() => new PoliceRowNormaliser({ columns, expectedMonth: '2025-1' })).toThrow('expectedMonth must be YYYY-MM, got "2025-1"');
  });

  it('has a human text for every reason', () => {
    for (const reason of REJECT_REASONS) expect(REJECT_REASON_TEXT[reason]).toMatch(/\w/);
  });
});

describe('checkCoordinates', () => {
  it.each([
    ['', '', { ok: true, longitude: null, latitude: null }],
    [null, null, { ok: true, longitude: null, latitude: null }],
    ['-2.463151', '53.768203', { ok: true, longitude: -2.463151, latitude: 53.768203 }],
    ['-6.3', '49.9', { ok: true, longitude: -6.3, latitude: 49.9 }], // Isles of Scilly
    ['-0.86', '60.86', { ok: true, longitude: -0.86, latitude: 60.86 }], // Shetland, Out Stack
    ['1.76', '52.48', { ok: true, longitude: 1.76, latitude: 52.48 }], // Lowestoft Ness
    ['-8.57', '57.81', { ok: true, longitude: -8.57, latitude: 57.81 }], // St Kilda
    ['+.5', '51.', { ok: true, longitude: 0.5, latitude: 51 }],
  ])('%j, %j is valid', (lon, lat, expected) => {
    expect(checkCoordinates(lon, lat)).toEqual(expected);
  });

  it.each([
    ['NaN', '53.7', 'Longitude', 'coordinate-not-a-number'],
    ['-2.7', 'Infinity', 'Latitude', 'coordinate-not-a-number'],
    ['-2.7e0', '53.7', 'Longitude', 'coordinate-not-a-number'],
    ['0x1', '53.7', 'Longitude', 'coordinate-not-a-number'],
    ['-2,7', '53.7', 'Longitude', 'coordinate-not-a-number'],
    ['NaN', '', 'Longitude', 'coordinate-not-a-number'],
    ['-2.7', '', 'Latitude', 'coordinate-missing'],
    ['0', '0', 'Latitude', 'coordinate-out-of-range'], // Null Island
    ['-9.5', '53.3', 'Longitude', 'coordinate-out-of-range'],
    ['-2.53', '49.2', 'Latitude', 'coordinate-out-of-range'], // Channel Islands: not police.uk
    ['-2.7', '61.5', 'Latitude', 'coordinate-out-of-range'],
    ['53.7', '-2.7', 'Longitude', 'coordinates-swapped'],
    ['53.7', '53.7', 'Longitude', 'coordinate-out-of-range'],
  ])('%j, %j → %s %s', (lon, lat, column, reason) => {
    expect(checkCoordinates(lon, lat)).toMatchObject({ ok: false, column, reason });
  });
});

