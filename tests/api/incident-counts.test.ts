import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { reassignIncidentDistricts } from '../../db/boundary-import';
import { upsertDistricts } from '../../db/district-writer';
import { startImport } from '../../db/imports';
import { type IncidentInput, insertIncidentBatch } from '../../db/incident-writer';
import { deleteForceMonth } from '../../db/police-import';
import { TINY_DISTRICTS, loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';

// incident_counts is written only by triggers on incidents (migration 2026-12-02T1400): after every
// kind of write it must equal the same counts taken from incidents itself. Each step below is a
// write the app makes (or the database makes for it), then that comparison.

type CountRow = { district_code: string; month: string; category: string; force: string; n: number };

function incident(month: string, category: string, force: string, x: number, y: number): IncidentInput {
  return { crimeId: null, month, category, force, location: 'On or near Test Street', lsoaCode: null, lsoaName: null, outcome: null, x, y };
}

describeBackends('incident_counts kept equal to incidents by its triggers', (ctx) => {
  const db = () => ctx.database.db;

  const summary = async () => (await sql<CountRow>`
    select district_code, to_char(month, 'YYYY-MM') as month, category, force, n from incident_counts
    order by 1, 2, 3, 4`.execute(db())).rows;
  const fromIncidents = async () => (await sql<CountRow>`
    select district_code, to_char(month, 'YYYY-MM') as month, category, force, count(*)::int as n from incidents
    where district_code is not null group by 1, 2, 3, 4 order by 1, 2, 3, 4`.execute(db())).rows;
  /** The summary equals the counts over incidents, holds no zero count, and has `rows` rows. */
  const expectInSync = async (rows: number) => {
    const expected = await fromIncidents();
    expect(await summary()).toEqual(expected);
    expect(expected).toHaveLength(rows);
  };
  const importId = () => db().transaction().execute((trx) => startImport(trx, 'police-csv', 'incident_counts test'));
  const squareOf = (code: string) => {
    const [x, y] = TINY_DISTRICTS.find((d) => d.code === code)!.square;
    return JSON.stringify({ type: 'Polygon', coordinates: [[[x, y], [x + 1000, y], [x + 1000, y + 1000], [x, y + 1000], [x, y]]] });
  };

  beforeAll(async () => {
    await loadTinyCounty(db());
  });

  it('counts a batch insert: the tiny county, known by hand', async () => {
    // Westvale 2025-01: 3 ASB, 1 burglary; Eastvale 2025-01: 2 violent, 2025-02: 1 robbery; the unlocated ASB is not counted.
    expect(await summary()).toEqual([
      { district_code: 'X07000001', month: '2025-01', category: 'anti-social-behaviour', force: 'test', n: 3 },
      { district_code: 'X07000001', month: '2025-01', category: 'burglary', force: 'test', n: 1 },
      { district_code: 'X07000002', month: '2025-01', category: 'violent-crime', force: 'test', n: 2 },
      { district_code: 'X07000002', month: '2025-02', category: 'robbery', force: 'test', n: 1 },
    ]);
    await expectInSync(4);
  });

  it('adds a second insert into existing and new keys', async () => {
    const id = await importId();
    await db().transaction().execute((trx) => insertIncidentBatch(trx, {
      source: 'police-csv', importId: id, srid: 27700,
      rows: [
        incident('2025-01', 'anti-social-behaviour', 'test', 350500, 430500),
        incident('2025-01', 'anti-social-behaviour', 'other', 350600, 430600),
        incident('2025-03', 'drugs', 'other', 351600, 430600),
        incident('2025-03', 'drugs', 'other', 351700, 430700),
      ],
    }));
    expect((await summary()).find((r) => r.district_code === 'X07000001' && r.category === 'anti-social-behaviour' && r.force === 'test')?.n).toBe(4);
    await expectInSync(6);
  });

  it('subtracts a force-month replace delete and removes the keys it empties', async () => {
    await db().transaction().execute((trx) => deleteForceMonth(trx, 'test', '2025-01'));
    const rows = await summary();
    expect(rows.some((r) => r.force === 'test' && r.month === '2025-01')).toBe(false);
    await expectInSync(3);
    // And the snapshot that replaces it.
    const id = await importId();
    await db().transaction().execute((trx) => insertIncidentBatch(trx, {
      source: 'police-csv', importId: id, srid: 27700,
      rows: [incident('2025-01', 'burglary', 'test', 350100, 430100), incident('2025-01', 'burglary', 'test', 351100, 430100)],
    }));
    await expectInSync(5);
  });

  it('moves counts between districts on an update of district_code, and ignores updates of other columns', async () => {
    await sql`update incidents set district_code = 'X07000002' where district_code = 'X07000001' and category = 'anti-social-behaviour'`.execute(db());
    await expectInSync(5);
    expect((await summary()).filter((r) => r.district_code === 'X07000001').map((r) => r.category)).toEqual(['burglary']);
    const before = await summary();
    await sql`update incidents set location = 'On or near Other Street'`.execute(db());
    expect(await summary()).toEqual(before);
  });

  it('follows boundary changes: a removed district (ON DELETE SET NULL) and re-assignment after its return', async () => {
    await sql`delete from districts where code = 'X07000001'`.execute(db());
    await expectInSync(4);
    expect((await summary()).every((r) => r.district_code === 'X07000002')).toBe(true);
    await db().transaction().execute(async (trx) => {
      await upsertDistricts(trx, 27700, [{ code: 'X07000001', name: 'Westvale', kind: 'lad', population: 1000, populationYear: 2021, geometry: squareOf('X07000001') }]);
      expect(await reassignIncidentDistricts(trx)).toBeGreaterThan(0);
    });
    await expectInSync(5);
    expect((await summary()).some((r) => r.district_code === 'X07000001')).toBe(true);
  });

  it('counts rows loaded with COPY', async () => {
    await ctx.database.transactionWithCopy(async (_trx, copy) => {
      await copy('incidents', ['source', 'month', 'category', 'force', 'district_code'], 'police-csv\t2025-04-01\tshoplifting\ttest\tX07000002\npolice-csv\t2025-04-01\tshoplifting\ttest\tX07000002\n');
    });
    expect((await summary()).find((r) => r.month === '2025-04')?.n).toBe(2);
    await expectInSync(6);
  });

  it('leaves the counts as they were when the writing transaction rolls back', async () => {
    const before = await summary();
    await expect(db().transaction().execute(async (trx) => {
      await sql`delete from incidents`.execute(trx);
      throw new Error('rolled back on purpose');
    })).rejects.toThrow('rolled back on purpose');
    expect(await summary()).toEqual(before);
  });

  it('empties on delete of every row and on truncate', async () => {
    await sql`delete from incidents where force = 'other'`.execute(db());
    await expectInSync(4);
    await sql`truncate incidents`.execute(db());
    expect(await summary()).toEqual([]);
    expect(await fromIncidents()).toEqual([]);
  });
});
