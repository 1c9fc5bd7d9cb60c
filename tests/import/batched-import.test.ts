import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPoliceFiles } from '../../server/import/police-import';
import type { PoliceFileSource } from '../../server/import/police-sources';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { snapshot, validCsvText } from './helpers';

// The importer COPYs rows into incidents, in the replace transaction, while it parses the rest:
// with two-row batches the fixture spans several COPY statements, so these exercise a COPY in
// flight when the file turns out bad or ends. The incidents indexes, foreign keys and summary
// trigger must be intact afterwards whether the import dropped them (a bulk load) or kept them.
// The size is given as a file's would be: the bulk decision is taken from it before reading.
const source = (text: string): PoliceFileSource => ({
  label: '2025-12-testshire-street.csv', month: '2025-12', force: 'testshire', gzip: false,
  size: Buffer.byteLength(text), open: async () => Readable.from([Buffer.from(text)]),
});

describeBackends('police-csv import in overlapping batches', (ctx) => {
  const db = () => ctx.database.db;

  /** Indexes, constraints and triggers of incidents: what a bulk load takes off and puts back. */
  const tableShape = async () => {
    const { rows } = await sql<{ def: string }>`
      select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'incidents'::regclass
      union all select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where conrelid = 'incidents'::regclass
      union all select tgname || ' enabled=' || tgenabled::text from pg_trigger where tgrelid = 'incidents'::regclass and not tgisinternal
      order by 1`.execute(db());
    return rows.map((r) => r.def);
  };
  /** The summary table must equal a count of incidents after every load (incident-counts.test.ts checks every write path). */
  const countsMatch = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from (
        (select district_code, month, category, force, n from incident_counts
         except select district_code, month, category, force, count(*)::int from incidents where district_code is not null group by 1, 2, 3, 4)
        union all
        (select district_code, month, category, force, count(*)::int from incidents where district_code is not null group by 1, 2, 3, 4
         except select district_code, month, category, force, n from incident_counts)) d`.execute(db());
    return rows[0]!.n === 0;
  };

  // Every case on both parsers: on this thread, and on the worker thread big files use.
  for (const parser of ['thread', 'worker'] as const) {
    describe(`parsed on ${parser === 'thread' ? 'the import\'s thread' : 'a worker thread'}`, () => {
      beforeAll(async () => {
        // Each run of the cases starts from the fixture alone (the one before left its own rows).
        await sql`truncate incidents, incident_counts`.execute(db());
        await loadTinyCounty(db());
      });

      it('loads the same rows in small batches as in one', async () => {
        const [small] = await importPoliceFiles(ctx.database, [source(validCsvText())], { batchSize: 2, replaceDemo: true, parser });
        expect(small).toMatchObject({ status: 'succeeded', rowsRead: 8, rowsLoaded: 8, rowsWithoutLocation: 1 });
        const afterSmall = await snapshot(db());
        const [one] = await importPoliceFiles(ctx.database, [source(validCsvText())], { replaceDemo: true, parser });
        expect(one).toMatchObject({ status: 'succeeded', rowsLoaded: 8, rowsReplaced: 8 });
        expect({ ...(await snapshot(db())), data_version: 0 }).toEqual({ ...afterSmall, data_version: 0 });
      });

      it('rebuilds the indexes on a bulk load and keeps them on a small one, leaving them as they were', async () => {
        const before = await tableShape();
        expect(before.filter((d) => d.startsWith('CREATE INDEX')).length).toBeGreaterThan(3);
        expect(before).toContain('incident_counts_insert enabled=O');
        // 8 rows replacing 8 of 16: as many as the 8 left, so a bulk load.
        const [bulk] = await importPoliceFiles(ctx.database, [source(validCsvText())], { replaceDemo: true, parser });
        expect(bulk).toMatchObject({ status: 'succeeded', rowsLoaded: 8, rebuiltIndexes: true });
        // 8 rows of another month beside 16: the indexes are kept.
        const november = { ...source(validCsvText().replaceAll('2025-12', '2025-11')), month: '2025-11', label: '2025-11-testshire-street.csv' };
        const [small] = await importPoliceFiles(ctx.database, [november], { replaceDemo: true, parser });
        expect(small).toMatchObject({ status: 'succeeded', rowsLoaded: 8, rebuiltIndexes: false });
        expect(await tableShape()).toEqual(before);
        expect(await countsMatch()).toBe(true);
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from incidents where geom_bng && ST_MakeEnvelope(0, 0, 700000, 1300000, 27700)`.execute(db());
        expect(rows[0]!.n).toBe(7 + 7 + 7);
      });

      it('stores text with backslashes, quotes and COPY escapes exactly as written', async () => {
        const odd = String.raw`On or near "Back\Lane" \N \t end`;
        const text = validCsvText().replace('On or near Test Street', `"${odd.replaceAll('"', '""')}"`);
        const [report] = await importPoliceFiles(ctx.database, [source(text)], { batchSize: 3, replaceDemo: true, parser });
        expect(report).toMatchObject({ status: 'succeeded', rowsLoaded: 8 });
        const { rows } = await sql<{ location: string }>`
          select location from incidents where crime_id = ${`a${'0'.repeat(62)}1`} and month = '2025-12-01'`.execute(db());
        expect(rows).toEqual([{ location: odd }]);
        await importPoliceFiles(ctx.database, [source(validCsvText())], { replaceDemo: true, parser });
      });

      it('keeps the previous data when the file is cut off after some batches were inserted', async () => {
        const before = await snapshot(db());
        const text = validCsvText();
        const cut = text.slice(0, text.lastIndexOf('Other crime'));
        const [report] = await importPoliceFiles(ctx.database, [source(cut)], { batchSize: 2, replaceDemo: true, parser });
        expect(report).toMatchObject({ status: 'failed', rowsLoaded: 0 });
        expect(report!.error).toMatch(/looks cut off/);
        expect({ ...(await snapshot(db())) }).toEqual(before);
      });

      it('refuses a file with a rejected row under --strict after batches were inserted, loading nothing', async () => {
        const before = await snapshot(db());
        const lines = validCsvText().split('\n');
        lines.splice(lines.length - 2, 0, lines[lines.length - 3]!.replace(/,2025-12,/, ',2025-13,'));
        const [report] = await importPoliceFiles(ctx.database, [source(lines.join('\n'))], { batchSize: 2, strict: true, replaceDemo: true, parser });
        expect(report).toMatchObject({ status: 'failed', rowsLoaded: 0 });
        expect(report!.error).toMatch(/--strict/);
        expect(await snapshot(db())).toEqual(before);
      });

      it('loads into an empty table frozen, with the indexes, keys, trigger and summary counts as they were', async () => {
        const before = await tableShape();
        await sql`truncate incidents`.execute(db());
        // COPY … (FREEZE) refuses a table not truncated in its own transaction: this fails if the load did not.
        const [first] = await importPoliceFiles(ctx.database, [source(validCsvText())], { batchSize: 3, replaceDemo: true, parser });
        expect(first).toMatchObject({ status: 'succeeded', rowsLoaded: 8, rowsReplaced: 0, rebuiltIndexes: true });
        expect(await tableShape()).toEqual(before);
        expect(await countsMatch()).toBe(true);
        expect((await snapshot(db())).incidents).toBe(8);
      });
    });
  }

  it('stores the same rows whichever thread parsed them', async () => {
    const text = validCsvText().replace('On or near Test Street', '"On or near ""Back\\Lane"" \\N"');
    await importPoliceFiles(ctx.database, [source(text)], { batchSize: 3, replaceDemo: true, parser: 'thread' });
    const onThread = await snapshot(db());
    await importPoliceFiles(ctx.database, [source(text)], { batchSize: 3, replaceDemo: true, parser: 'worker' });
    expect({ ...(await snapshot(db())), data_version: 0 }).toEqual({ ...onThread, data_version: 0 });
    expect(onThread.incidents).toBe(8);
  });

  it('hears the same file faults from the worker thread as from its own', async () => {
    const text = validCsvText();
    const faults = [
      text.slice(0, text.lastIndexOf('Other crime')),
      Buffer.concat([Buffer.from(text.slice(0, 200)), Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(200))]),
      'Month,Crime type\n2025-12,Burglary\n',
    ];
    for (const fault of faults) {
      const file = { ...source(''), size: fault.length, open: async () => Readable.from([Buffer.from(fault)]) };
      const [onThread] = await importPoliceFiles(ctx.database, [file], { replaceDemo: true, parser: 'thread' });
      const [onWorker] = await importPoliceFiles(ctx.database, [file], { replaceDemo: true, parser: 'worker' });
      expect(onThread!.status).toBe('failed');
      expect({ ...onWorker, importId: 0 }).toEqual({ ...onThread, importId: 0 });
    }
  });
});
