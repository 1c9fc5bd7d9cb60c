import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../server/demo';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { VALID_CSV, cli, countBy, fixtures, lastImport, snapshot, tempFile, validCsvText } from './helpers';

describeBackends('import police-csv', (ctx) => {
  const db = () => ctx.database.db;

  beforeAll(async () => {
    await loadTinyCounty(db());
  });

  it('loads a street-level file, assigns districts and reports the counts', async () => {
    const out = await cli(ctx.database, ['import', 'police-csv', VALID_CSV]);
    expect(out.error).toBeUndefined();
    expect(out.lines.join('\n')).toContain('rows read 8, loaded 8 (of which 1 without location, not on the map), rejected 0');
    const { rows } = await sql<{ district_code: string | null; n: number }>`
      select district_code, count(*)::int as n from incidents where force = 'testshire' group by 1 order by 1`.execute(db());
    expect(rows).toEqual([
      { district_code: 'X07000001', n: 4 },
      { district_code: 'X07000002', n: 2 },
      { district_code: null, n: 2 },
    ]);
    const audit = await lastImport(db());
    expect(audit).toMatchObject({ source: 'police-csv', status: 'succeeded', rows_read: 8, rows_loaded: 8, rows_without_location: 1, rows_rejected: 0 });
    expect(await countBy(db(), sql`force = 'testshire' and category = 'anti-social-behaviour' and crime_id is null`)).toBe(2);
  });

  it('is idempotent: importing the same file again changes no row', async () => {
    const before = await snapshot(db());
    const out = await cli(ctx.database, ['import', 'police-csv', VALID_CSV]);
    expect(out.lines.join('\n')).toContain('replaced 8 rows loaded earlier');
    const after = await snapshot(db());
    expect({ ...after, data_version: 0 }).toEqual({ ...before, data_version: 0 });
    expect(after.data_version).toBe(before.data_version + 1);
  });

  it('replaces the force-month with a newer snapshot and leaves other data alone', async () => {
    const tiny = await countBy(db(), sql`force = 'test'`);
    const fewer = validCsvText().split('\n').slice(0, 4).join('\n') + '\n';
    const out = await cli(ctx.database, ['import', 'police-csv', tempFile('2025-12-testshire-street.csv', fewer)]);
    expect(out.ok).toBe(true);
    expect(await countBy(db(), sql`force = 'testshire'`)).toBe(3);
    expect(await countBy(db(), sql`force = 'test'`)).toBe(tiny);
    await cli(ctx.database, ['import', 'police-csv', VALID_CSV]);
    expect(await countBy(db(), sql`force = 'testshire'`)).toBe(8);
  });

  it('reads a .zip of the download (skipping non-street files), a .csv.gz and a folder', async () => {
    const before = await snapshot(db());
    const zip = await cli(ctx.database, ['import', 'police-csv', join(fixtures, 'street.zip')]);
    expect(zip.error).toBeUndefined();
    expect(zip.lines.join('\n')).toContain('street.zip:2025-12/2025-12-testshire-street.csv');
    const { gzipSync } = await import('node:zlib');
    const gz = await cli(ctx.database, ['import', 'police-csv', tempFile('2025-12-testshire-street.csv.gz', gzipSync(validCsvText()))]);
    expect(gz.error).toBeUndefined();
    const folder = mkdtempSync(join(tmpdir(), 'ha-folder-'));
    copyFileSync(VALID_CSV, join(folder, '2025-12-testshire-street.csv'));
    copyFileSync(join(fixtures, 'README.md'), join(folder, 'README.md'));
    expect((await cli(ctx.database, ['import', 'police-csv', folder])).error).toBeUndefined();
    const after = await snapshot(db());
    expect(after.incident_sum).toBe(before.incident_sum);
  });

  it('loads a file without its rejected rows and reports them by line, column and reason', async () => {
    const lines = validCsvText().split('\n');
    lines[2] = lines[2]!.replace('-2.752000', 'NaN');
    lines[5] = lines[5]!.replace('Shoplifting', 'Teleportation');
    const out = await cli(ctx.database, ['import', 'police-csv', tempFile('2025-12-testshire-street.csv', lines.join('\n'))]);
    expect(out.error).toBeUndefined();
    const text = out.lines.join('\n');
    expect(text).toContain('rows read 8, loaded 6 (of which 1 without location, not on the map), rejected 2');
    expect(text).toContain('policy: rejected rows are left out; the rest of the file is loaded');
    expect(text).toContain('rejected per reason: unknown-crime-type 1, coordinate-not-a-number 1');
    expect(text).toContain('line 3, Longitude: Longitude "NaN" is not a decimal number');
    expect(text).toContain('line 6, Crime type: Crime type "Teleportation" is not a police.uk category');
    const audit = await lastImport(db());
    expect(audit.report).toMatchObject({ rowsRejected: 2, firstRejected: [{ line: 3, column: 'Longitude', reason: 'coordinate-not-a-number' }, { line: 6 }] });
    await cli(ctx.database, ['import', 'police-csv', VALID_CSV]);
  });

  it('rejects a row identical to an earlier one and loads a repeated Crime ID whose row differs, with a note', async () => {
    const l = validCsvText().trimEnd().split('\n');
    const otherOutcome = l[1]!.replace('Under investigation', 'Unable to prosecute suspect');
    const text = [...l, otherOutcome, l[2]!, l[3]!].join('\n') + '\n';
    const out = await cli(ctx.database, ['import', 'police-csv', tempFile('2025-12-testshire-street.csv', text)]);
    expect(out.error).toBeUndefined();
    const printed = out.lines.join('\n');
    // Line 12 repeats an ASB line (no Crime ID): loaded, as identical ASB lines are separate incidents.
    expect(printed).toContain('rows read 11, loaded 10 (of which 1 without location, not on the map), rejected 1');
    expect(printed).toContain('rejected per reason: duplicate-row 1');
    expect(printed).toContain('line 11, (row): duplicate row: identical to line 3');
    expect(printed).toContain('note: 1 row with a repeated Crime ID, kept: police.uk publishes one row per outcome or location');
    expect(printed).toContain(`line 10: Crime ID a${'0'.repeat(62)}1 as on line 2, other fields differ`);
    const { rows } = await sql<{ outcome: string }>`
      select outcome from incidents where crime_id = ${`a${'0'.repeat(62)}1`} order by outcome`.execute(db());
    expect(rows.map((r) => r.outcome)).toEqual(['Unable to prosecute suspect', 'Under investigation']);
    expect(await countBy(db(), sql`force = 'testshire' and crime_id is null`)).toBe(3);
    expect((await lastImport(db())).report).toMatchObject({
      rowsRejected: 1, rejectedByReason: { 'duplicate-row': 1 }, repeatedCrimeIds: 1,
      firstRepeatedCrimeIds: [{ line: 10, firstLine: 2 }],
    });
    await cli(ctx.database, ['import', 'police-csv', VALID_CSV]);
  });

  it('keeps line numbers right after quoted fields spanning lines, with CRLF and a BOM', async () => {
    const before = await snapshot(db());
    const lines = validCsvText().trimEnd().split('\n');
    lines[3] = lines[3]!.replace('"On or near Mill Lane, Upper End"', '"On or near Mill Lane,\nUpper End"');
    lines[4] = lines[4]!.replace('"On or near Mill Lane, Upper End"', '"On or near ""Mill"" Lane, Upper End"');
    lines[6] = lines[6]!.replace('2025-12', '2025-13');
    const text = '\uFEFF' + lines.join('\r\n') + '\r\n';
    const out = await cli(ctx.database, ['import', 'police-csv', '--strict', tempFile('2025-12-testshire-street.csv', text)]);
    // Line 7 of the original is physical line 8: the quoted field on line 4 spans two lines.
    expect(out.error).toContain('line 8 (Month): Month "2025-13" is not YYYY-MM');
    expect(await snapshot(db())).toEqual(before);
    lines[6] = lines[6]!.replace('2025-13', '2025-12');
    const ok = await cli(ctx.database, ['import', 'police-csv', tempFile('2025-12-testshire-street.csv', '\uFEFF' + lines.join('\r\n') + '\r\n')]);
    expect(ok.error).toBeUndefined();
    const { rows } = await sql<{ location: string }>`select location from incidents where force = 'testshire' and location like '%Mill%' order by 1`.execute(db());
    expect(rows.map((r) => r.location)).toEqual(['On or near "Mill" Lane, Upper End', 'On or near Mill Lane', 'On or near Mill Lane, Upper End']);
    await cli(ctx.database, ['import', 'police-csv', VALID_CSV]);
  });

  it('names a partial failure: files that load are kept, the failing one changes nothing, exit is an error', async () => {
    const other = tempFile('2025-11-testshire-street.csv', validCsvText().replaceAll('2025-12', '2025-11'));
    const bad = tempFile('2025-10-testshire-street.csv', '');
    const out = await cli(ctx.database, ['import', 'police-csv', other, bad]);
    expect(out.error).toMatch(/1 of 2 files failed and were not loaded: .*2025-10-testshire-street\.csv/);
    expect(out.lines.join('\n')).toContain('the file is empty');
    expect(await countBy(db(), sql`force = 'testshire' and month = '2025-11-01'`)).toBe(8);
    const failed = await db().selectFrom('imports').selectAll().where('status', '=', 'failed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(failed.report).toMatchObject({ error: expect.stringContaining('the file is empty') });
  });
});

describeBackends('import and the synthetic demo', (ctx) => {
  const db = () => ctx.database.db;

  beforeAll(async () => {
    await loadDemo(db());
  }, 180_000);

  it('refuses to remove the demo without --replace-demo when not interactive, changing nothing', async () => {
    const before = await snapshot(db());
    expect(before.synthetic).toBe(true);
    const out = await cli(ctx.database, ['import', 'police-csv', VALID_CSV]);
    expect(out.error).toMatch(/holds the synthetic demo county.*--replace-demo.*Nothing was changed/);
    expect(await snapshot(db())).toEqual(before);
  });

  it('keeps the demo when the question is answered no', async () => {
    const before = await snapshot(db());
    const questions: string[] = [];
    const out = await cli(ctx.database, ['import', 'police-csv', VALID_CSV], async (q) => (questions.push(q), false));
    expect(questions[0]).toMatch(/Loading real data removes it/);
    expect(out.error).toMatch(/Cancelled/);
    expect(await snapshot(db())).toEqual(before);
  });

  it('keeps the demo when the first real file fails', async () => {
    const before = await snapshot(db());
    const out = await cli(ctx.database, ['import', 'police-csv', '--replace-demo', tempFile('2025-12-testshire-street.csv', 'nonsense\n')]);
    expect(out.error).toMatch(/missing columns/);
    expect(await snapshot(db())).toEqual(before);
  });

  it('removes the demo (incidents and districts) in the first import with --replace-demo', async () => {
    const out = await cli(ctx.database, ['import', 'police-csv', '--replace-demo', VALID_CSV]);
    expect(out.error).toBeUndefined();
    expect(out.lines.join('\n')).toMatch(/removed the synthetic demo: [\d,]+ incidents, \d+ districts/);
    const after = await snapshot(db());
    expect(after).toMatchObject({ incidents: 8, districts: 0, synthetic: false });
  });
});

describe('import CLI usage', () => {
  it('lists the import commands in help', async () => {
    const { runCli } = await import('../../server/cli/main');
    const logs: string[] = [];
    const log = console.log;
    console.log = (line: string) => logs.push(line);
    try {
      await runCli(['help']);
    } finally {
      console.log = log;
    }
    expect(logs.join('\n')).toContain('import police-csv');
  });
});
