import { Readable } from 'node:stream';
import { beforeAll, expect, it } from 'vitest';
import { importPoliceFiles } from '../../server/import/police-import';
import type { PoliceFileSource } from '../../server/import/police-sources';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { snapshot, validCsvText } from './helpers';

// The importer inserts one batch while it parses the next: with two-row batches the fixture spans
// several batches, so these exercise an insert in flight when the file turns out bad or ends.
const source = (text: string): PoliceFileSource => ({
  label: '2025-12-testshire-street.csv', month: '2025-12', force: 'testshire', gzip: false,
  open: async () => Readable.from([Buffer.from(text)]),
});

describeBackends('police-csv import in overlapping batches', (ctx) => {
  const db = () => ctx.database.db;

  beforeAll(async () => {
    await loadTinyCounty(db());
  });

  it('loads the same rows in small batches as in one', async () => {
    const [small] = await importPoliceFiles(db(), [source(validCsvText())], { batchSize: 2, replaceDemo: true });
    expect(small).toMatchObject({ status: 'succeeded', rowsRead: 8, rowsLoaded: 8, rowsWithoutLocation: 1 });
    const afterSmall = await snapshot(db());
    const [one] = await importPoliceFiles(db(), [source(validCsvText())], { replaceDemo: true });
    expect(one).toMatchObject({ status: 'succeeded', rowsLoaded: 8, rowsReplaced: 8 });
    expect({ ...(await snapshot(db())), data_version: 0 }).toEqual({ ...afterSmall, data_version: 0 });
  });

  it('keeps the previous data when the file is cut off after some batches were inserted', async () => {
    const before = await snapshot(db());
    const text = validCsvText();
    const cut = text.slice(0, text.lastIndexOf('Other crime'));
    const [report] = await importPoliceFiles(db(), [source(cut)], { batchSize: 2, replaceDemo: true });
    expect(report).toMatchObject({ status: 'failed', rowsLoaded: 0 });
    expect(report!.error).toMatch(/looks cut off/);
    expect({ ...(await snapshot(db())) }).toEqual(before);
  });

  it('refuses a file with a rejected row under --strict after batches were inserted, loading nothing', async () => {
    const before = await snapshot(db());
    const lines = validCsvText().split('\n');
    lines.splice(lines.length - 2, 0, lines[lines.length - 3]!.replace(/,2025-12,/, ',2025-13,'));
    const [report] = await importPoliceFiles(db(), [source(lines.join('\n'))], { batchSize: 2, strict: true, replaceDemo: true });
    expect(report).toMatchObject({ status: 'failed', rowsLoaded: 0 });
    expect(report!.error).toMatch(/--strict/);
    expect(await snapshot(db())).toEqual(before);
  });
});
