/**
 * Real police.uk street files go through the header check and the normaliser: always the two
 * months committed in tests/fixtures/real, and every file of the full real data folder when it is
 * there. Row, ASB, violence and no-coordinate counts were counted outside this code (Python's csv
 * module, awk; the fixture months' are in tests/fixtures/real/README.md); the repeated Crime IDs
 * were measured with `zcat | cut -d, -f1 | sort | uniq -d` and checked by eye.
 * Rows repeating an earlier row exactly are rejected ('duplicate-row'); rows repeating only the
 * Crime ID are loaded and counted as repeated Crime IDs.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCsvText, readCsv } from '../tests/fixtures/police-csv/read-csv';
import { FIXTURE_MONTHS, FULL_DATA, fullDataSkipReason } from '../tests/fixtures/real/real-data';
import { PoliceRowNormaliser, checkPoliceHeader, type PoliceIncidentRow } from './police-csv';
import { parsePoliceFileName } from './police-file-name';

const POLICE_UK = join(FULL_DATA, 'police-uk');

interface Expected {
  rows: number;
  asb: number;
  violence: number;
  noCoords: number;
  /** Rows whose Crime ID repeats an earlier row's: [count, of which violence, of which no coords]. */
  repeats?: [number, number, number];
  /** Of those, rows identical to the earlier one (by `uniq -d` on whole lines): [count, violence, no coords]. */
  identical?: [number, number, number];
}

const EXPECTED: Record<string, Expected> = {
  'lancashire/2024-01-lancashire-street.csv.gz': { rows: 13974, asb: 3390, violence: 4959, noCoords: 422 },
  'lancashire/2024-02-lancashire-street.csv.gz': { rows: 13916, asb: 3384, violence: 5011, noCoords: 432 },
  // Same id: first row on The Moorings, second "No Location" with another outcome.
  'lancashire/2024-03-lancashire-street.csv.gz': { rows: 15298, asb: 3960, violence: 5320, noCoords: 483, repeats: [1, 0, 1] },
  'lancashire/2024-04-lancashire-street.csv.gz': { rows: 15693, asb: 4472, violence: 4957, noCoords: 478 },
  'lancashire/2025-01-lancashire-street.csv.gz': { rows: 13630, asb: 3735, violence: 4817, noCoords: 427 },
  'lancashire/2025-02-lancashire-street.csv.gz': { rows: 13201, asb: 3745, violence: 4391, noCoords: 424, repeats: [2, 2, 1] },
  // Both repeats here are byte-identical lines.
  'lancashire/2025-03-lancashire-street.csv.gz': { rows: 16057, asb: 4671, violence: 5452, noCoords: 453, repeats: [2, 2, 0], identical: [2, 2, 0] },
  'lancashire/2025-04-lancashire-street.csv.gz': { rows: 16133, asb: 5241, violence: 5009, noCoords: 470, repeats: [1, 1, 0] },
  'lancashire/2025-05-lancashire-street.csv.gz': { rows: 17013, asb: 5095, violence: 5673, noCoords: 562, repeats: [1, 1, 0] },
  'lancashire/2025-06-lancashire-street.csv.gz': { rows: 15959, asb: 4655, violence: 5529, noCoords: 479, repeats: [2, 2, 0] },
  'lancashire/2025-07-lancashire-street.csv.gz': { rows: 17240, asb: 5361, violence: 5903, noCoords: 523 },
  'lancashire/2025-08-lancashire-street.csv.gz': { rows: 16711, asb: 5387, violence: 5308, noCoords: 538 },
  'lancashire/2025-09-lancashire-street.csv.gz': { rows: 14652, asb: 4014, violence: 5150, noCoords: 442 },
  'lancashire/2025-10-lancashire-street.csv': { rows: 14869, asb: 4436, violence: 5047, noCoords: 453, repeats: [2, 1, 0] },
  'lancashire/2025-11-lancashire-street.csv': { rows: 13941, asb: 3570, violence: 5097, noCoords: 422, repeats: [1, 1, 0] },
  'lancashire/2025-12-lancashire-street.csv': { rows: 13894, asb: 3343, violence: 5216, noCoords: 457, repeats: [4, 4, 0] },
  // Violence and no-coordinate counts of the neighbours measured with awk.
  'neighbours/2025-12-cumbria-street.csv': { rows: 3162, asb: 140, violence: 1538, noCoords: 0 },
  'neighbours/2025-12-merseyside-street.csv.gz': { rows: 12066, asb: 972, violence: 4868, noCoords: 0 },
};

/** The header check and the normaliser on one file, against the counts made outside this code. */
function checkFile(path: string, expected: Expected): void {
  const name = parsePoliceFileName(path);
  expect(name).not.toBeNull();
  const [header, ...records] = readCsv(loadCsvText(path));
  const check = checkPoliceHeader(header.fields);
  if (!check.ok) throw new Error(check.message);
  expect(check.columns.context).toBe(11);

  const n = new PoliceRowNormaliser({ ...check, expectedMonth: name!.month, force: name!.force });
  const rows: PoliceIncidentRow[] = [];
  for (const { fields, line } of records) {
    const r = n.normalise(fields, line);
    if (r.kind === 'row') rows.push(r.row);
  }
  const [repeats] = expected.repeats ?? [0, 0, 0];
  const [identical, identicalViolence, identicalNoCoords] = expected.identical ?? [0, 0, 0];
  const summary = n.summary();
  expect(summary).toMatchObject({
    read: expected.rows,
    rows: expected.rows - identical,
    withoutLocation: expected.noCoords - identicalNoCoords,
    rejected: identical,
    repeatedCrimeIds: repeats - identical,
  });
  expect(summary.byReason['duplicate-row']).toBe(identical);
  expect(summary.firstRejected.every((r) => r.reason === 'duplicate-row' && r.column === '(row)')).toBe(true);

  const count = (slug: string) => rows.filter((r) => r.category === slug).length;
  expect(count('anti-social-behaviour')).toBe(expected.asb);
  expect(count('violent-crime')).toBe(expected.violence - identicalViolence);
  expect(rows.every((r) => r.month === name!.month && r.context === null)).toBe(true);
  expect(rows.filter((r) => r.crimeId === null).every((r) => r.category === 'anti-social-behaviour')).toBe(true);
  expect(rows.filter((r) => r.longitude === null).every((r) => r.location === null && r.lsoaCode === null)).toBe(true);
}

// Each file is ~14k rows through the splitter and the normaliser: well under a second alone, but
// far more on a loaded 2-core machine, so the default 5 s is too tight.
const PER_FILE = { timeout: 30_000 };

describe('real police.uk street files: the committed sample', () => {
  // The sample's months are gzipped copies of the same publications, so the counts are the same.
  const names = readdirSync(FIXTURE_MONTHS);
  it('holds the two months documented in its README', () => {
    expect(names.sort()).toEqual(['2025-11-lancashire-street.csv.gz', '2025-12-lancashire-street.csv.gz']);
  });
  it.each(names)('%s', PER_FILE, (name) => {
    checkFile(join(FIXTURE_MONTHS, name), EXPECTED[`lancashire/${name.replace(/\.gz$/, '')}`]!);
  });
});

const skipped = fullDataSkipReason();

describe.runIf(!skipped)('real police.uk street files: the full data folder', () => {
  it('are exactly the files listed here', () => {
    const found = ['lancashire', 'neighbours'].flatMap((dir) =>
      readdirSync(join(POLICE_UK, dir)).map((name) => `${dir}/${name}`),
    );
    expect(found.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', PER_FILE, (path, expected) => checkFile(join(POLICE_UK, path), expected));
});

if (skipped) it.skip(`real police.uk street files, full folder: skipped, ${skipped}`, () => {});
