import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { VALID_CSV, cli, fixtures, lastImport, snapshot, tempFile, validCsvText } from './helpers';

const NAME = '2025-12-testshire-street.csv';
const lines = () => validCsvText().split('\n');
/** The valid fixture with line `n` (1-based) changed. */
const withLine = (n: number, edit: (line: string) => string) => {
  const l = lines();
  l[n - 1] = edit(l[n - 1]!);
  return l.join('\n');
};

/** [case, file content (or a path), extra args, expected message]: each must fail and change nothing. */
const policeCases: Array<[string, () => string | Buffer, string[], RegExp]> = [
  ['wrong columns (an outcomes file)', () => 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n', [],
    /missing columns "Crime type", "Last outcome category"/],
  ['a missing column', () => validCsvText().replace('Crime type,', ''), [], /missing column "Crime type"/],
  ['an empty file', () => '', [], /the file is empty/],
  ['a header and no rows', () => lines()[0]! + '\n', [], /has a header but no rows/],
  ['a file cut off mid-row', () => validCsvText().slice(0, validCsvText().lastIndexOf('Other crime')), [],
    /last row \(line 9\) is incomplete and the file does not end with a newline: the file looks cut off/],
  ['a file cut off inside a quoted field', () => validCsvText().slice(0, validCsvText().indexOf('Upper End')), [],
    /ends inside a quoted field .*looks cut off/],
  ['a gzip file cut off', () => gzipSync(validCsvText()).subarray(0, 200), ['.gz'], /not a valid gzip file/],
  ['non-UTF-8 bytes', () => Buffer.concat([Buffer.from(lines().slice(0, 6).join('\n') + '\n'), Buffer.from([0x4f, 0x6e, 0x20, 0xe9, 0x74, 0xe9, 0x0a])]), [],
    /not UTF-8 text: invalid byte sequence on line 7/],
  ['a longitude out of range (strict)', () => withLine(2, (l) => l.replace('-2.755000', '-12.755000')), ['--strict'],
    /1 row rejected and --strict is set, so nothing was loaded; the first, line 2 \(Longitude\): Longitude -12.755000 is outside the UK/],
  ['swapped coordinates (strict)', () => withLine(3, (l) => l.replace('-2.752000,53.768000', '53.768000,-2.752000')), ['--strict'],
    /line 3 \(Longitude\): Longitude 53.768000 and Latitude -2.752000 look exchanged/],
  ['NaN coordinates (strict)', () => withLine(6, (l) => l.replace('53.768000', 'NaN')), ['--strict'],
    /line 6 \(Latitude\): Latitude "NaN" is not a decimal number/],
  ['a month that does not parse (strict)', () => withLine(7, (l) => l.replace('2025-12', 'Dec 2025')), ['--strict'],
    /line 7 \(Month\): Month "Dec 2025" is not YYYY-MM/],
  ['a month that differs from the file name (strict)', () => withLine(8, (l) => l.replace('2025-12', '2025-11')), ['--strict'],
    /line 8 \(Month\): Month 2025-11 differs from the file's month \(2025-12-testshire\)/],
  ['an unknown crime type (strict)', () => withLine(2, (l) => l.replace('Burglary', 'Burglery')), ['--strict'],
    /line 2 \(Crime type\): Crime type "Burglery" is not a police.uk category/],
  ['a duplicate row (strict)', () => validCsvText() + lines()[1] + '\n', ['--strict'],
    /line 10 \(\(row\)\): duplicate row: identical to line 2/],
  ['a row with a field too few (strict)', () => withLine(5, (l) => l.replace(/,$/, '')), ['--strict'],
    /line 5 \(\(row\)\): Expected 12 fields, found 11/],
  ['every row of the wrong month', () => validCsvText().replaceAll(',2025-12,', ',2025-11,'), [],
    /none of its 8 rows could be loaded; the first, line 2 \(Month\): Month 2025-11 differs/],
];

const pathCases: Array<[string, string, RegExp]> = [
  ['a zip with no street files', join(fixtures, 'no-street-files.zip'), /the zip holds no police.uk street-level files .*1 other file, e\.g\. 2025-12\/2025-12-testshire-outcomes\.csv/],
  ['a zip with a path escaping its folder', join(fixtures, 'escaping-path.zip'), /refusing the zip: entry "\.\.\/2025-12-testshire-street\.csv" climbs out of the archive's folder/],
  ['a file not named like a street file', join(fixtures, 'README.md'), /not a police.uk street-level file name/],
  ['a path that does not exist', join(fixtures, 'nothing-here.csv'), /no such file or folder/],
];

const square = (x: number, y: number) => [[[x, y], [x + 100, y], [x + 100, y + 100], [x, y + 100], [x, y]]];
const fc = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (props: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties: props, geometry });

const boundaryCases: Array<[string, string, RegExp]> = [
  ['JSON that is not GeoJSON', JSON.stringify({ hello: 'world' }), /not GeoJSON: expected a FeatureCollection .*found an object without "type"/],
  ['a file that is not JSON', '<kml></kml>', /not GeoJSON: the file is not valid JSON/],
  ['a polygon with too few points', fc(feature({ CODE: 'E07000001', NAME: 'A' }, { type: 'Polygon', coordinates: [[[350000, 430000], [350100, 430000], [350000, 430000]]] })),
    /feature 1 \(E07000001\): polygon 1 ring 1 has 3 positions; a ring needs at least 4/],
  ['a missing code field', fc(feature({ AREACD: 'E07000001', NAME: 'A' }, { type: 'Polygon', coordinates: square(350000, 430000) })),
    /feature 1 has no code field "CODE" \(its properties: AREACD, NAME\); choose one with --code-field/],
  ['a point instead of a polygon', fc(feature({ CODE: 'E07000001', NAME: 'A' }, { type: 'Point', coordinates: [350000, 430000] })),
    /has a Point; districts must be Polygon or MultiPolygon/],
  ['coordinates in neither CRS', fc(feature({ CODE: 'E07000001', NAME: 'A' }, { type: 'Polygon', coordinates: square(3500000, 4300000) })),
    /neither WGS84 degrees nor British National Grid metres/],
];

describeBackends('bad input loses nothing', (ctx) => {
  const db = () => ctx.database.db;

  beforeAll(async () => {
    await loadTinyCounty(db());
    const out = await cli(ctx.database, ['import', 'police-csv', VALID_CSV]);
    expect(out.error).toBeUndefined();
  });

  describe('police-csv', () => {
    it.each(policeCases)('%s', async (_name, content, args, message) => {
      const gz = args.includes('.gz');
      const path = tempFile(gz ? `${NAME}.gz` : NAME, content());
      const before = await snapshot(db());
      const out = await cli(ctx.database, ['import', 'police-csv', ...args.filter((a) => a !== '.gz'), path]);
      expect(out.ok).toBe(false);
      expect(out.error).toMatch(message);
      expect(await snapshot(db())).toEqual(before);
      expect(before.incidents).toBeGreaterThan(8);
      const audit = await lastImport(db());
      expect(audit).toMatchObject({ source: 'police-csv', status: 'failed', rows_loaded: 0 });
      expect((audit.report as { error: string }).error).toMatch(message);
    });

    it.each(pathCases)('%s', async (_name, path, message) => {
      const before = await snapshot(db());
      const out = await cli(ctx.database, ['import', 'police-csv', path]);
      expect(out.error).toMatch(message);
      expect(await snapshot(db())).toEqual(before);
    });
  });

  describe('boundaries', () => {
    it.each(boundaryCases)('%s', async (_name, content, message) => {
      const before = await snapshot(db());
      const out = await cli(ctx.database, ['import', 'boundaries', tempFile('districts.geojson', content), '--code-field', 'CODE', '--name-field', 'NAME']);
      expect(out.ok).toBe(false);
      expect(out.error).toMatch(message);
      expect(await snapshot(db())).toEqual(before);
      expect(await lastImport(db())).toMatchObject({ source: 'boundaries', status: 'failed' });
    });
  });

  describe('population', () => {
    it.each([
      ['a missing value column', 'code,people\nX07000001,10\n', ['--code-field', 'code', '--value-field', 'Total'], /no column "Total"; its columns: code, people/],
      ['a value that is not a number', 'code,Total\nX07000001,10\nX07000002,lots\n', ['--code-field', 'code', '--value-field', 'Total'], /line 3, Total: "lots" is not a whole number/],
      ['no matching district', 'code,Total\nE07000999,10\n', ['--code-field', 'code', '--value-field', 'Total'], /no row matched a loaded district/],
    ])('%s', async (_name, content, args, message) => {
      const before = await snapshot(db());
      const out = await cli(ctx.database, ['import', 'population', tempFile('population.csv', content), ...args, '--year', '2021']);
      expect(out.error).toMatch(message);
      expect(await snapshot(db())).toEqual(before);
    });
  });
});
