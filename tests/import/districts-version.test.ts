import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { districtsVersion } from '../../db/incident-load';
import { upsertDistricts } from '../../db/district-writer';
import { describeBackends } from '../setup/backends';

const square = (x: number, y: number) => JSON.stringify({ type: 'Polygon', coordinates: [[[x, y], [x + 1000, y], [x + 1000, y + 1000], [x, y + 1000], [x, y]]] });
const district = (code: string, population: number | null = null) =>
  ({ code, name: code, kind: 'lad' as const, population, populationYear: null, geometry: square(350_000, 420_000) });

// The import reuses located points while this digest holds (server/import/located-points.ts):
// it must change with every change to the districts, and only then.
describeBackends('districtsVersion', (ctx) => {
  const version = () => ctx.database.db.transaction().execute((trx) => districtsVersion(trx));

  it('changes when a district is added, changed or removed, and not otherwise', async () => {
    const { db } = ctx.database;
    const empty = await version();
    await db.transaction().execute((trx) => upsertDistricts(trx, 27700, [district('E07000117')]));
    const one = await version();
    expect(one).not.toBe(empty);
    expect(await version()).toBe(one);
    await db.selectFrom('incidents').select('id').limit(1).execute(); // reading changes nothing
    expect(await version()).toBe(one);

    await db.transaction().execute((trx) => upsertDistricts(trx, 27700, [district('E07000117', 100_000)]));
    const changed = await version();
    expect(changed).not.toBe(one);

    await db.transaction().execute((trx) => upsertDistricts(trx, 27700, [district('E07000118')]));
    const two = await version();
    expect(two).not.toBe(changed);

    await sql`delete from districts where code = 'E07000118'`.execute(db);
    expect(await version()).not.toBe(two);
  });

  it('sees the districts as its own transaction does', async () => {
    const before = await version();
    await ctx.database.db.transaction().execute(async (trx) => {
      await sql`delete from districts`.execute(trx);
      expect(await districtsVersion(trx)).not.toBe(before);
      throw new Error('roll back');
    }).catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await version()).toBe(before);
  });
});
