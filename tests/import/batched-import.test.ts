import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { importPoliceFiles } from '../../server/import/police-import';
import type { PoliceFileSource } from '../../server/import/police-sources';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { snapshot, validCsvText } from './helpers';

// The importer streams rows into a staging table with COPY while it parses the rest: with two-row
// batches the fixture spans several COPY writes, so these exercise a COPY in flight when the file
// turns out bad or ends. The staging table must be gone afterwards, and the incidents indexes intact
// whether the import rebuilt them (a bulk load) or kept them.
const source = (text: string): PoliceFileSource => ({
  label: '2025-12-testshire-street.csv', month: '2025-12', force: 'testshire', gzip: false,
  open: async () => Readable.from([Buffer.from(text)]),
});

describeBackends('police-csv import in overlapping batches', (ctx) => {
  const db = () => ctx.database.db;

  beforeAll(async () => {
    await loadTinyCounty(db());
  });

  const stagingTables = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_class
      where relname like 'police_import_staging_%' and relnamespace = (select oid from pg_namespace where nspname = current_schema())`.execute(db());
    return rows[0]!.n;
  };
  const indexes = async () => {
    const { rows } = await sql<{ def: string }>`
      select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'incidents'::regclass order by 1`.execute(db());
    return rows.map((r) => r.def);
  };

  it('loads the same rows in small batches as in one', async () => {
    const [small] = await importPoliceFiles(ctx.database, [source(validCsvText())], { batchSize: 2, replaceDemo: true });
    expect(small).toMatchObject({ status: 'succeeded', rowsRead: 8, rowsLoaded: 8, rowsWithoutLocation: 1 });
    const afterSmall = await snapshot(db());
    const [one] = await importPoliceFiles(ctx.database, [source(validCsvText())], { replaceDemo: true });
    expect(one).toMatchObject({ status: 'succeeded', rowsLoaded: 8, rowsReplaced: 8 });
    expect({ ...(await snapshot(db())), data_version: 0 }).toEqual({ ...afterSmall, data_version: 0 });
  });

  it('rebuilds the indexes on a bulk load and keeps them on a small one, leaving them as they were', async () => {
    const before = await indexes();
    expect(before.length).toBeGreaterThan(3);
    // 8 rows replacing 8 of 16: as many as the 8 left, so a bulk load.
    const [bulk] = await importPoliceFiles(ctx.database, [source(validCsvText())], { replaceDemo: true });
    expect(bulk).toMatchObject({ status: 'succeeded', rowsLoaded: 8, rebuiltIndexes: true });
    // 8 rows of another month beside 16: the indexes are kept.
    const november = { ...source(validCsvText().replaceAll('2025-12', '2025-11')), month: '2025-11', label: '2025-11-testshire-street.csv' };
    const [small] = await importPoliceFiles(ctx.database, [november], { replaceDemo: true });
    expect(small).toMatchObject({ status: 'succeeded', rowsLoaded: 8, rebuiltIndexes: false });
    expect(await indexes()).toEqual(before);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from incidents where geom_bng && ST_MakeEnvelope(0, 0, 700000, 1300000, 27700)`.execute(db());
    expect(rows[0]!.n).toBe(7 + 7 + 7);
    expect(await stagingTables()).toBe(0);
  });

  it('stores text with backslashes, quotes and COPY escapes exactly as written', async () => {
    const odd = String.raw`On or near "Back\Lane" \N \t end`;
    const text = validCsvText().replace('On or near Test Street', `"${odd.replaceAll('"', '""')}"`);
    const [report] = await importPoliceFiles(ctx.database, [source(text)], { batchSize: 3, replaceDemo: true });
    expect(report).toMatchObject({ status: 'succeeded', rowsLoaded: 8 });
    const { rows } = await sql<{ location: string }>`
      select location from incidents where crime_id = ${`a${'0'.repeat(62)}1`} and month = '2025-12-01'`.execute(db());
    expect(rows).toEqual([{ location: odd }]);
    await importPoliceFiles(ctx.database, [source(validCsvText())], { replaceDemo: true });
  });

  it('keeps the previous data when the file is cut off after some batches were inserted', async () => {
    const before = await snapshot(db());
    const text = validCsvText();
    const cut = text.slice(0, text.lastIndexOf('Other crime'));
    const [report] = await importPoliceFiles(ctx.database, [source(cut)], { batchSize: 2, replaceDemo: true });
    expect(report).toMatchObject({ status: 'failed', rowsLoaded: 0 });
    expect(report!.error).toMatch(/looks cut off/);
    expect({ ...(await snapshot(db())) }).toEqual(before);
    expect(await stagingTables()).toBe(0);
  });

  it('refuses a file with a rejected row under --strict after batches were inserted, loading nothing', async () => {
    const before = await snapshot(db());
    const lines = validCsvText().split('\n');
    lines.splice(lines.length - 2, 0, lines[lines.length - 3]!.replace(/,2025-12,/, ',2025-13,'));
    const [report] = await importPoliceFiles(ctx.database, [source(lines.join('\n'))], { batchSize: 2, strict: true, replaceDemo: true });
    expect(report).toMatchObject({ status: 'failed', rowsLoaded: 0 });
    expect(report!.error).toMatch(/--strict/);
    expect(await snapshot(db())).toEqual(before);
  });
});
