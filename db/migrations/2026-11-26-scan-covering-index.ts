import { type Kysely, sql } from 'kysely';

// Frozen once released.
//
// Analyses bin every filtered incident of a county into grid cells: on 1M incidents a scan of
// the wide incident rows (273 MB) dominated a hotspot request. This index carries what that
// binning reads (filters and BNG coordinates, about 75 MB), so once VACUUM has set the
// visibility map the counts come from an index-only scan. It replaces the (category, month)
// index: same keys, so every query that used that one can use this one, and imports still
// maintain a single btree for them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index incidents_category_month_cover on incidents (category, month)
    include (easting, northing, district_code)`.execute(db);
  await sql`drop index if exists incidents_category_month`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('incidents_category_month').on('incidents').columns(['category', 'month']).execute();
  await sql`drop index if exists incidents_category_month_cover`.execute(db);
}
